#pragma once

#include <QByteArray>

// A client socket with a tiny receive window that sends one request and never reads a byte:
// the relay's writes back up (slow-client and backpressure tests).
class StuckClient
{
public:
    StuckClient(quint16 port, const QByteArray &request);
    ~StuckClient();
    StuckClient(const StuckClient &) = delete;
    StuckClient &operator=(const StuckClient &) = delete;

    bool ok() const { return m_ok; } // connected and the whole request sent

private:
    int m_fd = -1;
    bool m_ok = false;
};
