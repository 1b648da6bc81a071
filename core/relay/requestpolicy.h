#pragma once

#include "config/settings.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// Who may talk to the relay from a browser, decided per request before routing
// (docs/security.md):
// - DNS rebinding: the Host must be localhost, an IP literal (a rebinding attack always
//   carries the attacker's domain name) or a name in allowed_hosts.
// - Cross-origin requests: a request with an Origin header is refused unless the origin is
//   in allowed_origins; allowed origins get CORS headers, and their preflights an answer.
// - /admin and /metrics never answer a browser: not with an Origin, not when the browser
//   says the request is cross-site (Sec-Fetch-Site), even for an allowed origin.
namespace RequestPolicy {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct Decision
{
    int status = 0;       // 0: route the request; else answer with this status here
    QString message;      // why it was refused
    HeaderList headers;   // to add to the response (CORS), whoever writes it
};

Decision check(const Settings &settings, bool isOptions, const QString &path, const HeaderList &headers);

bool hostAllowed(const Settings &settings, const QByteArray &hostHeader);
// "https://App.Example:443" -> "https://app.example"; "" when it is not an origin.
QString normalizedOrigin(const QString &origin);
bool originAllowed(const Settings &settings, const QByteArray &origin);

} // namespace RequestPolicy
