#pragma once

#include "config/settings.h"
#include "guardedsocket.h"
#include "obs/linethrottle.h"

#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

// The QTcpServer QHttpServer accepts through (Qt 6.4 has no limits of its own, QT64.md):
// caps concurrent connections (an extra one is answered 503 with Retry-After and closed)
// and hands out GuardedSockets, which check every request's framing before Qt parses it and
// bound each connection in time (head, body, idle, slow reader) and in buffered bytes.
// Settings changes apply to connections accepted afterwards.
//
// A connection over the cap leaves no request row (no request was read from it, and a row per
// connection would add database writes exactly when the node is overloaded): it is counted
// (refusedOverLimit(), in /admin/health and /metrics) and logged, at most a few lines a minute.
class GuardServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardServer(const Settings &settings, QObject *parent = nullptr);
    explicit GuardServer(int maxConnections, QObject *parent = nullptr);
    void setSettings(const Settings &settings);
    void setMaxConnections(int n) { m_max = n; }
    int openConnections() const { return m_open; }
    int maxConnections() const { return m_max; }
    qint64 refusedOverLimit() const { return m_refusedOverLimit; } // since the server started

    static GuardedSocket::Config socketConfig(const Settings &settings);
    static constexpr int kRefusalNoticeMs = 250;

Q_SIGNALS:
    // A request one of the accepted connections refused (GuardedSocket::requestRefused). A
    // connection over max_connections is not one: no request was read from it.
    void requestRefused(const GuardedSocket::Refusal &refusal);
    // Connections over max_connections were refused: `total` since the server started. At most
    // one signal per kRefusalNoticeMs however many arrive (it crosses to the GUI thread).
    void connectionsRefused(qint64 total, int max);

protected:
    void incomingConnection(qintptr handle) override;

private:
    void attachAccepted();
    void noteOverLimit();

    GuardedSocket::Config m_socketConfig;
    int m_max;
    int m_open = 0;
    qint64 m_refusedOverLimit = 0;
    LineThrottle m_overLimitLines{5, 60 * 1000};
    QTimer m_refusalNotice; // coalesces connectionsRefused
    bool m_hooked = false;
    QList<QPointer<GuardedSocket>> m_accepted; // handed to the server, not yet attached
};
