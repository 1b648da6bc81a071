#pragma once

#include <QTcpServer>

// The QTcpServer QHttpServer accepts through (Qt 6.4 has no limits of its own, QT64.md):
// caps concurrent connections (an extra one is answered 503 with Retry-After and closed)
// and bounds each socket's read buffer.
class GuardServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardServer(int maxConnections, QObject *parent = nullptr);
    void setMaxConnections(int n) { m_max = n; }
    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    int m_max;
    int m_open = 0;
};
