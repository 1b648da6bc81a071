#include "listenaddress.h"

QString parseListenAddress(const QString &value, QHostAddress *host, quint16 *port)
{
    const qsizetype colon = value.lastIndexOf(u':');
    if (colon <= 0)
        return QStringLiteral("expects HOST:PORT, got '%1'").arg(value);
    QString h = value.left(colon);
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    if (h == QLatin1String("localhost"))
        h = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint p = value.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return QStringLiteral("invalid port in '%1'").arg(value);
    QHostAddress parsed;
    if (!parsed.setAddress(h))
        return QStringLiteral("'%1' is not an IP address").arg(h);
    *host = parsed;
    *port = quint16(p);
    return QString();
}

QString formatListenAddress(const QHostAddress &host, quint16 port)
{
    const QString h = host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host.toString() + u']' : host.toString();
    return h + u':' + QString::number(port);
}
