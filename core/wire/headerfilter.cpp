#include "headerfilter.h"

#include <QByteArrayList>

namespace HeaderFilter {

namespace {

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

bool startsWithIgnoreCase(QByteArrayView name, QByteArrayView prefix)
{
    return name.size() >= prefix.size() && equalsIgnoreCase(name.first(prefix.size()), prefix);
}

bool isOneOf(QByteArrayView name, std::initializer_list<QByteArrayView> names)
{
    for (QByteArrayView candidate : names) {
        if (equalsIgnoreCase(name, candidate))
            return true;
    }
    return false;
}

// Header names listed in the Connection header(s): hop-by-hop for this message only (RFC 9110 7.6.1).
QByteArrayList connectionOptions(const HeaderList &headers)
{
    QByteArrayList options;
    for (const auto &[name, value] : headers) {
        if (!equalsIgnoreCase(name, "connection"))
            continue;
        for (const QByteArray &token : value.split(',')) {
            const QByteArray trimmed = token.trimmed();
            if (!trimmed.isEmpty())
                options.append(trimmed);
        }
    }
    return options;
}

// The headers minus the hop-by-hop ones, those named in Connection, and those `drop` rejects.
template<typename Drop>
HeaderList filtered(const HeaderList &headers, Drop drop)
{
    const QByteArrayList options = connectionOptions(headers);
    HeaderList kept;
    kept.reserve(headers.size());
    for (const auto &header : headers) {
        const QByteArrayView name = header.first;
        if (isHopByHop(name) || drop(name))
            continue;
        const bool named = std::any_of(options.cbegin(), options.cend(), [name](const QByteArray &option) {
            return equalsIgnoreCase(name, option);
        });
        if (!named)
            kept.append(header);
    }
    return kept;
}

bool isRelayControl(QByteArrayView name)
{
    return startsWithIgnoreCase(name, "x-relaydesk-");
}

QByteArray maskedSecretBytes(QByteArrayView secret)
{
    return maskSecret(QString::fromUtf8(secret)).toUtf8();
}

// "Bearer sk-a…yz": the scheme says what kind of credential it was; only the token is secret.
QByteArray maskedCredentials(QByteArrayView value)
{
    const QByteArrayView trimmed = QByteArrayView(value).trimmed();
    const qsizetype space = trimmed.indexOf(' ');
    if (space < 0)
        return maskedSecretBytes(trimmed);
    return trimmed.first(space + 1).toByteArray() + maskedSecretBytes(trimmed.sliced(space + 1).trimmed());
}

QByteArray maskedCookies(QByteArrayView value)
{
    QByteArrayList parts;
    for (const QByteArray &cookie : value.toByteArray().split(';')) {
        const QByteArray trimmed = cookie.trimmed();
        if (trimmed.isEmpty())
            continue;
        const qsizetype eq = trimmed.indexOf('=');
        parts.append(eq < 0 ? maskedSecretBytes(trimmed)
                            : trimmed.first(eq + 1) + maskedSecretBytes(QByteArrayView(trimmed).sliced(eq + 1)));
    }
    return parts.join("; ");
}

bool isSecretQueryName(QStringView name)
{
    for (const char *secret : {"key", "api_key", "access_token"}) {
        if (name.compare(QLatin1StringView(secret), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

bool isHopByHop(QByteArrayView name)
{
    return isOneOf(name, {"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
                          "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"});
}

bool isAuthHeader(QByteArrayView name)
{
    return isOneOf(name, {"authorization", "x-api-key", "x-goog-api-key", "api-key"});
}

HeaderList forwardableRequestHeaders(const HeaderList &clientHeaders)
{
    return filtered(clientHeaders, [](QByteArrayView name) {
        return isAuthHeader(name) || isRelayControl(name) || startsWithIgnoreCase(name, "x-forwarded-")
            || isOneOf(name, {"host", "content-length", "content-type", "expect", "cookie", "forwarded",
                              "x-real-ip", "origin", "referer", "accept-encoding"});
    });
}

HeaderList forwardableResponseHeaders(const HeaderList &upstreamHeaders)
{
    return filtered(upstreamHeaders, [](QByteArrayView name) {
        return isAuthHeader(name) || isRelayControl(name)
            || isOneOf(name, {"content-length", "content-encoding", "content-type", "set-cookie",
                              "set-cookie2", "date", "server", "alt-svc", "strict-transport-security"});
    });
}

QString maskSecret(QStringView secret)
{
    if (secret.size() <= 12)
        return QStringLiteral("****");
    return secret.first(4) % QChar(0x2026) % secret.last(2);
}

QByteArray maskedHeaderValue(QByteArrayView name, QByteArrayView value)
{
    if (isOneOf(name, {"authorization", "proxy-authorization"}))
        return maskedCredentials(value);
    if (isOneOf(name, {"x-api-key", "x-goog-api-key", "api-key"}))
        return maskedSecretBytes(QByteArrayView(value).trimmed());
    if (equalsIgnoreCase(name, "cookie"))
        return maskedCookies(value);
    return value.toByteArray();
}

QString maskUrlQuerySecrets(const QString &url)
{
    const qsizetype query = url.indexOf(u'?');
    if (query < 0)
        return url;
    qsizetype fragment = url.indexOf(u'#', query);
    if (fragment < 0)
        fragment = url.size();
    QString out = url.left(query + 1);
    const QStringView params = QStringView(url).sliced(query + 1, fragment - query - 1);
    bool first = true;
    for (QStringView param : params.split(u'&')) {
        if (!first)
            out += u'&';
        first = false;
        const qsizetype eq = param.indexOf(u'=');
        if (eq >= 0 && isSecretQueryName(param.first(eq)))
            out += param.first(eq + 1) % maskSecret(param.sliced(eq + 1));
        else
            out += param;
    }
    return out + QStringView(url).sliced(fragment);
}

} // namespace HeaderFilter
