#include "guardserver.h"

#include "obs/logger.h"

namespace {
// Bytes a socket reads ahead of the HTTP server. Qt 6.4 reads one request per readyRead and
// leaves a pipelined one in the buffer: this bounds what a client can queue up that way.
constexpr qint64 kReadBufferBytes = 1024 * 1024;
} // namespace

GuardServer::GuardServer(const Settings &settings, QObject *parent)
    : QTcpServer(parent), m_socketConfig(socketConfig(settings)), m_max(settings.maxConnections)
{
    m_refusalNotice.setSingleShot(true);
    m_refusalNotice.setInterval(kRefusalNoticeMs);
    connect(&m_refusalNotice, &QTimer::timeout, this, [this] { Q_EMIT connectionsRefused(m_refusedOverLimit, m_max); });
}

GuardServer::GuardServer(int maxConnections, QObject *parent) : GuardServer(Settings(), parent)
{
    m_max = maxConnections;
}

void GuardServer::setSettings(const Settings &settings)
{
    m_socketConfig = socketConfig(settings);
    m_max = settings.maxConnections;
}

GuardedSocket::Config GuardServer::socketConfig(const Settings &s)
{
    GuardedSocket::Config c;
    c.limits.maxHeaderBytes = s.maxHeaderBytes;
    c.limits.maxBodyBytes = s.maxRequestBytes;
    c.headerTimeoutMs = s.headerReadTimeoutSeconds * 1000;
    c.bodyTimeoutMs = s.bodyReadTimeoutSeconds * 1000;
    c.idleTimeoutMs = s.idleTimeoutSeconds * 1000;
    c.slowClientTimeoutMs = s.slowClientTimeoutSeconds * 1000;
    return c;
}

void GuardServer::incomingConnection(qintptr handle)
{
    if (!m_hooked) {
        // Connected after QAbstractHttpServer's own newConnection slot (bind() came first), so
        // it runs once the server has connected its readyRead handler to the new socket.
        connect(this, &QTcpServer::newConnection, this, &GuardServer::attachAccepted);
        m_hooked = true;
    }
    auto *socket = new GuardedSocket(m_socketConfig, this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (m_open >= m_max) {
        // Never handed to the HTTP server: answered, drained and closed by the socket itself.
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->refuse(503, QStringLiteral("too many connections (max_connections %1)").arg(m_max), {{"Retry-After", "1"}});
        noteOverLimit();
        return;
    }
    ++m_open;
    connect(socket, &GuardedSocket::requestRefused, this, &GuardServer::requestRefused);
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    socket->setReadBufferSize(kReadBufferBytes);
    m_accepted.append(socket);
    addPendingConnection(socket);
}

void GuardServer::noteOverLimit()
{
    ++m_refusedOverLimit;
    if (!m_refusalNotice.isActive())
        m_refusalNotice.start();
    qint64 leftOut = 0;
    if (!m_overLimitLines.admit(&leftOut))
        return;
    qCWarning(lcRelay).noquote()
        << QStringLiteral("refused a connection with 503: %1 open connections reach max_connections %2 "
                          "(%3 refused so far, %4 not logged since the last line)")
               .arg(m_open).arg(m_max).arg(m_refusedOverLimit).arg(leftOut);
}

void GuardServer::attachAccepted()
{
    for (const QPointer<GuardedSocket> &socket : std::as_const(m_accepted))
        if (socket)
            socket->attachAfterServer();
    m_accepted.clear();
}
