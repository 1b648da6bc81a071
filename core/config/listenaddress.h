#pragma once

#include <QHostAddress>
#include <QString>

// HOST:PORT as --listen and the GUI's listen setting take it: an IP literal ("[v6]" in
// brackets) or "localhost", and a port 0..65535. "" when valid, else why not (English, for
// the command line; the GUI shows its own text).
QString parseListenAddress(const QString &value, QHostAddress *host, quint16 *port);
// The inverse, "127.0.0.1:8645" / "[::1]:8645".
QString formatListenAddress(const QHostAddress &host, quint16 port);
