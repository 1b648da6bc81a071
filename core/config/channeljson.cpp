#include "configio.h"
#include "configsections.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QUrl>
#include <algorithm>

namespace {

bool isTokenChar(QChar c)
{
    static const QString extra = QStringLiteral("!#$%&'*+-.^_`|~");
    return c.unicode() < 128 && (c.isLetterOrNumber() || extra.contains(c));
}

bool isHeaderName(QStringView name)
{
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), isTokenChar);
}

// Headers the relay sets itself (framing, hop-by-hop, authentication): a channel may not
// override them.
bool isReservedHeader(QStringView name)
{
    static const char *const reserved[] = {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
        "authorization", "x-api-key", "x-goog-api-key"};
    return std::any_of(std::begin(reserved), std::end(reserved), [&](const char *r) {
        return name.compare(QLatin1String(r), Qt::CaseInsensitive) == 0;
    });
}

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
           && !url.host().isEmpty() && !url.hasFragment();
}

bool isProxyUrl(const QString &text)
{
    if (text.isEmpty())
        return true;
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    const bool knownScheme = scheme == QLatin1String("http") || scheme == QLatin1String("https")
                             || scheme == QLatin1String("socks5");
    const bool noPath = url.path().isEmpty() || url.path() == QLatin1String("/");
    return url.isValid() && knownScheme && !url.host().isEmpty() && url.port() > 0 && noPath
           && !url.hasQuery() && !url.hasFragment();
}

int literalLength(const QString &glob)
{
    return int(glob.size() - glob.count(u'*'));
}

// JSON objects carry no order, so the map is put in one: exact names first, then globs from
// the most specific (most literal characters) down; ties alphabetically.
void readModelMap(JsonReader &r, QList<QPair<QString, QString>> &out)
{
    QJsonObject o;
    if (!r.readObject("model_map", o))
        return;
    QList<QPair<QString, QString>> map;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.key().isEmpty() || !it.value().isString() || it.value().toString().isEmpty()) {
            r.fail(jsonChildPath(r.pathOf("model_map"), it.key()),
                   QStringLiteral("must map a non-empty model name to a non-empty string"));
            return;
        }
        map.append({it.key(), it.value().toString()});
    }
    std::stable_sort(map.begin(), map.end(), [](const auto &a, const auto &b) {
        const bool aGlob = a.first.contains(u'*'), bGlob = b.first.contains(u'*');
        if (aGlob != bGlob)
            return !aGlob;
        return aGlob && literalLength(a.first) > literalLength(b.first);
    });
    out = map;
}

void readHeaders(JsonReader &r, QList<QPair<QByteArray, QByteArray>> &out)
{
    QJsonObject o;
    if (!r.readObject("headers", o))
        return;
    QList<QPair<QByteArray, QByteArray>> headers;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QString path = jsonChildPath(r.pathOf("headers"), it.key());
        const QString value = it.value().toString();
        if (!isHeaderName(it.key()))
            return r.fail(path, QStringLiteral("is not a valid HTTP header name"));
        if (isReservedHeader(it.key()))
            return r.fail(path, QStringLiteral("is set by the relay and cannot be overridden"));
        if (!it.value().isString() || value.contains(u'\r') || value.contains(u'\n')
            || value.contains(QChar(0)))
            return r.fail(path, QStringLiteral("must be a string without line breaks"));
        headers.append({it.key().toLatin1(), value.toUtf8()});
    }
    out = headers;
}

// Replaces masked keys (from an export) by the real key they stand for.
void restoreMaskedKeys(JsonReader &r, const QStringList &knownKeys, QStringList &keys)
{
    QList<bool> used(knownKeys.size(), false);
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (!ConfigIO::isMaskedSecret(keys.at(i)))
            continue;
        qsizetype match = -1;
        if (i < knownKeys.size() && ConfigIO::maskSecret(knownKeys.at(i)) == keys.at(i) && !used.at(i))
            match = i;
        for (qsizetype j = 0; match < 0 && j < knownKeys.size(); ++j)
            if (!used.at(j) && ConfigIO::maskSecret(knownKeys.at(j)) == keys.at(i))
                match = j;
        if (match < 0)
            return r.fail(jsonIndexPath(r.pathOf("keys"), i),
                          QStringLiteral("is a masked key from an export; give the real key"));
        used[match] = true;
        keys[i] = knownKeys.at(match);
    }
}

void readChannelFields(JsonReader &r, Channel &c)
{
    QString text;
    ConfigIO::readEntityName(r, c.name);
    if (r.readString("type", text)) {
        if (const auto format = apiFormatFromName(text))
            c.type = *format;
        else
            r.failField("type", QStringLiteral("must be one of openai-chat, openai-responses, anthropic, gemini"));
    }
    QString url;
    if (r.readString("base_url", url)) {
        if (isHttpUrl(url))
            c.baseUrl = url;
        else
            r.failField("base_url", QStringLiteral("must be an absolute http:// or https:// URL"));
    }
    r.readStringList("keys", c.keys);
    r.readStringList("models", c.models);
    readModelMap(r, c.modelMap);
    r.readInt("priority", -1000000, 1000000, c.priority);
    r.readInt("weight", 0, 1000000, c.weight);
    r.readBool("enabled", c.enabled);
    readHeaders(r, c.headers);
    if (r.readString("proxy", c.proxy) && !isProxyUrl(c.proxy))
        r.failField("proxy", QStringLiteral("must be empty or an http://, https:// or socks5:// URL with host and port"));
    r.readInt("timeout_seconds", 1, 86400, c.timeoutSeconds);
}

} // namespace

namespace ConfigIO {

bool readEntityName(JsonReader &r, QString &out)
{
    QString name;
    if (!r.readNonEmptyString("name", name))
        return false;
    const bool controls = std::any_of(name.begin(), name.end(), [](QChar c) { return c.category() == QChar::Other_Control; });
    if (controls || name.contains(u'/') || name.trimmed() != name) {
        r.failField("name", QStringLiteral("must not contain '/', control characters or surrounding spaces"));
        return false;
    }
    out = name;
    return true;
}

std::optional<ConfigError> parseChannelFrom(const QJsonObject &o, const QString &basePath,
                                            const Channel &start, const QStringList &knownKeys,
                                            Channel &out)
{
    JsonReader r(o, basePath);
    r.rejectUnknown({"name", "type", "base_url", "keys", "models", "model_map", "priority",
                     "weight", "enabled", "headers", "proxy", "timeout_seconds"});
    if (start.name.isEmpty()) {
        r.require("name");
        r.require("type");
        r.require("base_url");
    }
    Channel c = start;
    readChannelFields(r, c);
    restoreMaskedKeys(r, knownKeys, c.keys);
    if (!r.ok())
        return r.error();
    out = c;
    return std::nullopt;
}

std::optional<ConfigError> parseChannel(const QJsonObject &o, const QString &basePath, Channel &out)
{
    return parseChannelFrom(o, basePath, out, out.keys, out);
}

QJsonObject channelToJson(const Channel &c, bool withSecrets)
{
    QJsonArray keys;
    for (const auto &k : c.keys)
        keys.append(withSecrets ? k : maskSecret(k));
    QJsonObject modelMap;
    for (const auto &[from, to] : c.modelMap)
        modelMap.insert(from, to);
    QJsonObject headers;
    for (const auto &[name, value] : c.headers)
        headers.insert(QString::fromLatin1(name), QString::fromUtf8(value));
    return QJsonObject{
        {QStringLiteral("name"), c.name},
        {QStringLiteral("type"), apiFormatName(c.type)},
        {QStringLiteral("base_url"), c.baseUrl},
        {QStringLiteral("keys"), keys},
        {QStringLiteral("models"), QJsonArray::fromStringList(c.models)},
        {QStringLiteral("model_map"), modelMap},
        {QStringLiteral("priority"), c.priority},
        {QStringLiteral("weight"), c.weight},
        {QStringLiteral("enabled"), c.enabled},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("proxy"), c.proxy},
        {QStringLiteral("timeout_seconds"), c.timeoutSeconds},
    };
}

} // namespace ConfigIO
