#include "requestpolicy.h"

#include <QHostAddress>
#include <QUrl>

#include <algorithm>

namespace RequestPolicy {

namespace {

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    return {};
}

bool hasHeader(const HeaderList &headers, QByteArrayView name)
{
    return std::any_of(headers.cbegin(), headers.cend(), [name](const auto &h) {
        return QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}

struct HostPort
{
    QString host; // lower case, no brackets, no trailing dot
    QString port; // "" when none was given
    bool ok = false;
};

HostPort splitHostPort(const QString &text)
{
    HostPort out;
    QString rest;
    if (text.startsWith(u'[')) {
        const qsizetype end = text.indexOf(u']');
        if (end < 0)
            return out;
        out.host = text.mid(1, end - 1);
        rest = text.mid(end + 1);
    } else {
        const qsizetype colon = text.indexOf(u':');
        out.host = colon < 0 ? text : text.left(colon);
        rest = colon < 0 ? QString() : text.mid(colon);
    }
    if (!rest.isEmpty()) {
        bool numeric = false;
        rest.mid(1).toUShort(&numeric);
        if (!rest.startsWith(u':') || !numeric)
            return out;
        out.port = rest.mid(1);
    }
    out.host = out.host.toLower();
    if (out.host.endsWith(u'.'))
        out.host.chop(1);
    out.ok = !out.host.isEmpty();
    return out;
}

bool isTokenList(const QByteArray &value)
{
    static const QByteArray extra("!#$%&'*+-.^_`|~");
    for (const QByteArray &part : value.split(',')) {
        const QByteArray token = part.trimmed();
        if (token.isEmpty())
            return false;
        for (char c : token)
            if (!std::isalnum(static_cast<unsigned char>(c)) && !extra.contains(c))
                return false;
    }
    return true;
}

Decision refuse(const QString &message)
{
    return Decision{403, message, {}};
}

} // namespace

bool hostAllowed(const Settings &settings, const QByteArray &hostHeader)
{
    if (hostHeader.isEmpty())
        return true; // HTTP/1.0 without Host: not a browser (browsers always send one)
    const HostPort hp = splitHostPort(QString::fromLatin1(hostHeader));
    if (!hp.ok)
        return false;
    // A rebinding attack needs the attacker's own domain name in the Host: an IP literal
    // cannot be one, and "localhost" never resolves through DNS.
    if (hp.host == QLatin1String("localhost") || !QHostAddress(hp.host).isNull())
        return true;
    return std::any_of(settings.allowedHosts.cbegin(), settings.allowedHosts.cend(), [&hp](const QString &entry) {
        const HostPort allowed = splitHostPort(entry);
        return allowed.ok && allowed.host == hp.host && (allowed.port.isEmpty() || allowed.port == hp.port);
    });
}

QString normalizedOrigin(const QString &origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty() || !url.path().isEmpty())
        return {};
    const QString scheme = url.scheme().toLower();
    const int defaultPort = scheme == QLatin1String("https") ? 443 : scheme == QLatin1String("http") ? 80 : -1;
    QString host = url.host().toLower();
    if (host.contains(u':'))
        host = u'[' + host + u']';
    const int port = url.port(defaultPort);
    return scheme + QLatin1String("://") + host + (port == defaultPort ? QString() : u':' + QString::number(port));
}

bool originAllowed(const Settings &settings, const QByteArray &origin)
{
    const QString normalized = normalizedOrigin(QString::fromUtf8(origin));
    if (normalized.isEmpty())
        return false; // "null" (sandboxed frames, file://) included
    return std::any_of(settings.allowedOrigins.cbegin(), settings.allowedOrigins.cend(),
                       [&normalized](const QString &entry) { return normalizedOrigin(entry) == normalized; });
}

Decision check(const Settings &settings, bool isOptions, const QString &path, const HeaderList &headers)
{
    const QByteArray host = headerValue(headers, "host");
    if (!hostAllowed(settings, host))
        return refuse(QStringLiteral("Host '%1' is not allowed (DNS rebinding protection): use localhost or an IP "
                                     "address, or add the name to allowed_hosts")
                          .arg(QString::fromLatin1(host)));
    const bool admin = path == QLatin1String("/admin") || path.startsWith(QLatin1String("/admin/"))
        || path == QLatin1String("/metrics");
    const bool hasOrigin = hasHeader(headers, "origin");
    const QByteArray site = headerValue(headers, "sec-fetch-site").toLower();
    const bool crossSite = site == "cross-site" || site == "same-site";
    if (admin && (hasOrigin || crossSite))
        return refuse(QStringLiteral("the admin API does not answer requests from web pages"));
    if (!hasOrigin)
        return {};
    const QByteArray origin = headerValue(headers, "origin");
    if (!originAllowed(settings, origin))
        return refuse(QStringLiteral("cross-origin request from '%1' refused: add the origin to allowed_origins "
                                     "to allow it")
                          .arg(QString::fromUtf8(origin)));
    Decision d;
    d.headers = {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"},
                 {"Access-Control-Expose-Headers", "X-Request-Id"}};
    if (!isOptions || !hasHeader(headers, "access-control-request-method"))
        return d;
    // Preflight of an allowed origin: answered here, never routed.
    const QByteArray requested = headerValue(headers, "access-control-request-headers");
    if (!requested.isEmpty() && !isTokenList(requested))
        return refuse(QStringLiteral("malformed Access-Control-Request-Headers"));
    d.status = 204;
    d.headers += HeaderList{{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"}, {"Access-Control-Max-Age", "600"}};
    if (!requested.isEmpty())
        d.headers.append({"Access-Control-Allow-Headers", requested});
    return d;
}

} // namespace RequestPolicy
