#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>

#include <unistd.h>

namespace {
constexpr int kConnectMs = 1000;
constexpr int kAnswerMs = 3000;
const QByteArray kRaise = QByteArrayLiteral("raise\n");
const QByteArray kRaised = QByteArrayLiteral("raised\n");
const QByteArray kHeadless = QByteArrayLiteral("headless\n");
} // namespace

SingleInstance::SingleInstance(const QString &dataDir, bool headless, QObject *parent)
    : QObject(parent)
    , m_name(serverName(dataDir))
    , m_headless(headless)
{
}

// Per user (the socket lives in the shared temp dir) and per data dir (hashed: paths may be
// longer than a socket name may be).
QString SingleInstance::serverName(const QString &dataDir)
{
    const QByteArray path = QDir::cleanPath(QDir(dataDir).absolutePath()).toUtf8();
    const QByteArray hash = QCryptographicHash::hash(path, QCryptographicHash::Sha256).toHex().left(16);
    return QStringLiteral("relaydesk-%1-%2").arg(::getuid()).arg(QString::fromLatin1(hash));
}

SingleInstance::Role SingleInstance::claim(Answer *answer, QString *error)
{
    *answer = Answer::None;
    QLocalSocket peer;
    peer.connectToServer(m_name);
    if (peer.waitForConnected(kConnectMs)) {
        // Blocking waits are fine here: this process has no window yet and is about to exit.
        peer.write(kRaise);
        peer.waitForBytesWritten(kConnectMs);
        if (peer.waitForReadyRead(kAnswerMs)) {
            const QByteArray line = peer.readLine();
            *answer = line == kRaised ? Answer::Raised : line == kHeadless ? Answer::Headless : Answer::None;
        }
        return Role::Secondary;
    }
    QLocalServer::removeServer(m_name); // nobody answered: a crashed run's socket file
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        *error = m_server->errorString();
        return Role::Failed;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
    return Role::Primary;
}

void SingleInstance::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { answer(socket); });
    }
}

void SingleInstance::answer(QLocalSocket *socket)
{
    if (!socket->canReadLine())
        return;
    if (socket->readLine() != kRaise) {
        socket->disconnectFromServer();
        return;
    }
    socket->write(m_headless ? kHeadless : kRaised);
    socket->flush();
    if (!m_headless)
        Q_EMIT raiseRequested();
    socket->disconnectFromServer();
}
