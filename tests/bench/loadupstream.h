#pragma once

#include <QByteArray>
#include <QObject>

class QTcpServer;

// An event-driven HTTP/1.1 upstream for load: every request is answered by its path's format,
// streamed (`chunks` SSE deltas of `chunkBytes` bytes, one every `intervalMs`, chunked framing)
// or as one JSON body. Keep-alive; one timer per live stream. Lives on its own thread.
class LoadUpstream : public QObject
{
    Q_OBJECT
public:
    LoadUpstream(int chunks, int chunkBytes, int intervalMs, QObject *parent = nullptr);
    quint16 listen(); // on 127.0.0.1:any, deep backlog; 0 on failure

private:
    void acceptPending();
    QTcpServer *m_server;
    int m_chunks;
    QByteArray m_text;
    int m_intervalMs;
};
