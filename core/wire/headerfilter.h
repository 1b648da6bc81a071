#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringView>

// Which HTTP headers cross the relay, and how secrets look in logs. Header names are compared
// case-insensitively everywhere; values and the order of the kept headers are left as they are.
namespace HeaderFilter {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Client request headers that may go to the upstream in pass-through: no hop-by-hop headers
// (nor those the client's Connection header names), nothing the relay sets itself (Host,
// Content-Length, Content-Type, Accept-Encoding, auth), nothing identifying the client
// (Cookie, Forwarded, X-Forwarded-*, X-Real-IP, Origin, Referer), no X-RelayDesk-* controls.
HeaderList forwardableRequestHeaders(const HeaderList &clientHeaders);

// Upstream response headers that may reach the client (passthrough_upstream_headers): no
// hop-by-hop headers, nothing describing a body the relay re-frames (Content-Length,
// Content-Encoding, Content-Type), no cookies, no auth, nothing about the upstream server
// itself (Date, Server, Alt-Svc, Strict-Transport-Security), no X-RelayDesk-* of a chained relay.
HeaderList forwardableResponseHeaders(const HeaderList &upstreamHeaders);

// Connection, Keep-Alive, Proxy-Connection, Proxy-Authenticate, Proxy-Authorization, TE,
// Trailer, Transfer-Encoding, Upgrade.
bool isHopByHop(QByteArrayView name);

// Authorization, x-api-key, x-goog-api-key, api-key.
bool isAuthHeader(QByteArrayView name);

// "sk-a…yz" for a secret longer than 12 characters (first 4 + last 2), "****" otherwise.
QString maskSecret(QStringView secret);

// A header value fit for a log: credentials masked (Authorization and Proxy-Authorization keep
// their scheme, Cookie keeps the cookie names), anything else unchanged.
QByteArray maskedHeaderValue(QByteArrayView name, QByteArrayView value);

// The URL with the values of its key=, api_key= and access_token= query parameters masked.
QString maskUrlQuerySecrets(const QString &url);

} // namespace HeaderFilter
