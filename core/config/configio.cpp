#include "configio.h"

#include "configsections.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace {

const QString kRoot = QStringLiteral("$");

void failWith(JsonReader &r, const std::optional<ConfigError> &e)
{
    if (e)
        r.fail(e->path, e->message);
}

void importAdminToken(JsonReader &r, Config &next)
{
    QString token;
    if (!r.readString("admin_token", token))
        return;
    if (ConfigIO::isMaskedSecret(token)) {
        // An export masks the token: importing it back must keep the real one.
        if (ConfigIO::maskSecret(next.adminToken) != token)
            r.failField("admin_token", QStringLiteral("is a masked token from an export; give the real token"));
        return;
    }
    next.adminToken = token;
}

void importSettings(JsonReader &r, Config &next)
{
    QJsonObject o;
    if (r.readObject("settings", o))
        failWith(r, ConfigIO::parseSettings(o, r.pathOf("settings"), next.settings));
}

template<typename T>
qsizetype indexByName(const QList<T> &list, const QString &name)
{
    for (qsizetype i = 0; i < list.size(); ++i)
        if (list.at(i).name == name)
            return i;
    return -1;
}

// Each array element as an object, with its path; false (and an error) if one is not.
bool objectsOf(JsonReader &r, const char *field, QList<QPair<QString, QJsonObject>> &out)
{
    QJsonArray array;
    if (!r.readArray(field, array))
        return false;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = jsonIndexPath(r.pathOf(field), i);
        if (!array.at(i).isObject()) {
            r.fail(path, QStringLiteral("must be an object"));
            return false;
        }
        out.append({path, array.at(i).toObject()});
    }
    return true;
}

void importChannels(JsonReader &r, Config &next)
{
    QList<QPair<QString, QJsonObject>> items;
    if (!objectsOf(r, "channels", items))
        return;
    QSet<QString> seen;
    for (const auto &[path, o] : items) {
        const qsizetype existing = indexByName(next.channels, o.value(QLatin1String("name")).toString());
        const QStringList knownKeys = existing >= 0 ? next.channels.at(existing).keys : QStringList();
        Channel c;
        failWith(r, ConfigIO::parseChannelFrom(o, path, Channel{}, knownKeys, c));
        if (!r.ok())
            return;
        if (seen.contains(c.name))
            return r.fail(path + QLatin1String(".name"), QStringLiteral("duplicate channel name"));
        seen.insert(c.name);
        if (existing >= 0)
            next.channels[existing] = c; // wholesale: a channel present in the document replaces ours
        else
            next.channels.append(c);
    }
}

void checkUniqueKeyHashes(JsonReader &r, const Config &next, const QList<QPair<QString, QString>> &imported)
{
    for (const auto &[path, name] : imported) {
        const ClientKey &key = next.keys.at(indexByName(next.keys, name));
        for (const auto &other : next.keys)
            if (other.name != name && other.keyHash == key.keyHash)
                return r.fail(path, QStringLiteral("has the same secret as key '%1'").arg(other.name));
    }
}

void importKeys(JsonReader &r, Config &next)
{
    QList<QPair<QString, QJsonObject>> items;
    if (!objectsOf(r, "keys", items))
        return;
    QList<QPair<QString, QString>> imported; // path, name
    for (const auto &[path, o] : items) {
        const qsizetype existing = indexByName(next.keys, o.value(QLatin1String("name")).toString());
        ClientKey start; // wholesale replacement, except that an update may keep its secret
        if (existing >= 0) {
            start.keyHash = next.keys.at(existing).keyHash;
            start.keyPrefix = next.keys.at(existing).keyPrefix;
        }
        ClientKey k = start;
        failWith(r, ConfigIO::parseKey(o, path, k));
        if (!r.ok())
            return;
        if (std::any_of(imported.cbegin(), imported.cend(), [&](const auto &p) { return p.second == k.name; }))
            return r.fail(path + QLatin1String(".name"), QStringLiteral("duplicate key name"));
        imported.append({path, k.name});
        if (existing >= 0)
            next.keys[existing] = k;
        else
            next.keys.append(k);
    }
    checkUniqueKeyHashes(r, next, imported);
}

void importPrices(JsonReader &r, Config &next)
{
    QJsonObject prices;
    if (!r.readObject("prices", prices))
        return;
    for (auto it = prices.constBegin(); it != prices.constEnd() && r.ok(); ++it) {
        const QString path = jsonChildPath(r.pathOf("prices"), it.key());
        if (it.key().isEmpty())
            return r.fail(path, QStringLiteral("model name must not be empty"));
        if (!it.value().isObject())
            return r.fail(path, QStringLiteral("must be an object"));
        Price p;
        failWith(r, ConfigIO::parsePrice(it.value().toObject(), path, p));
        if (r.ok())
            next.prices.insert(it.key(), p);
    }
}

} // namespace

namespace ConfigIO {

std::optional<ConfigError> importInto(Config &config, const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return ConfigError{kRoot, QStringLiteral("invalid JSON at offset %1: %2")
                                      .arg(parseError.offset).arg(parseError.errorString())};
    if (!doc.isObject())
        return ConfigError{kRoot, QStringLiteral("must be a JSON object")};

    Config next = config; // work on a copy: on any error the caller's config stays untouched
    JsonReader r(doc.object(), kRoot);
    r.rejectUnknown({"admin_token", "settings", "channels", "keys", "prices"});
    importAdminToken(r, next);
    importSettings(r, next);
    importChannels(r, next);
    importKeys(r, next);
    importPrices(r, next);
    if (!r.ok())
        return r.error();
    next.reindex();
    config = std::move(next);
    return std::nullopt;
}

QJsonObject exportConfig(const Config &config, bool withSecrets)
{
    QJsonArray channels;
    for (const auto &c : config.channels)
        channels.append(channelToJson(c, withSecrets));
    QJsonArray keys;
    for (const auto &k : config.keys)
        keys.append(keyToJson(k));
    QJsonObject prices;
    for (auto it = config.prices.constBegin(); it != config.prices.constEnd(); ++it)
        prices.insert(it.key(), priceToJson(it.value()));
    return QJsonObject{
        {QStringLiteral("admin_token"), withSecrets ? config.adminToken : maskSecret(config.adminToken)},
        {QStringLiteral("settings"), config.settings.toJson()},
        {QStringLiteral("channels"), channels},
        {QStringLiteral("keys"), keys},
        {QStringLiteral("prices"), prices},
    };
}

QString maskSecret(const QString &secret)
{
    if (secret.isEmpty())
        return secret;
    if (secret.size() <= 12)
        return QStringLiteral("****");
    return secret.left(4) + QChar(0x2026) + secret.right(2);
}

} // namespace ConfigIO
