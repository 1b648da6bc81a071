#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Follows the framing of the responses the relay writes on one connection (status line,
// headers, then a Content-Length, chunked or close-delimited body) so that the connection's
// guard knows when a response starts and ends: a keep-alive connection is idle only when no
// response is in flight, an error of the guard's own may only be written between responses,
// and per-response headers (CORS) go right after the status line. Interim 1xx responses are
// skipped. The bytes are ours, so no validation: only counting.
class ResponseTracker
{
public:
    struct Event
    {
        enum class Kind { Started, Completed };
        Kind kind;
        qsizetype offset; // in the fed bytes: just after the final status line / the last byte
    };
    using Events = QList<Event>;

    // The starts and ends of final responses within `bytes`, in order.
    Events feed(QByteArrayView bytes);
    bool inResponse() const { return m_state != State::Idle; }

private:
    enum class State { Idle, StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, UntilClose };

    bool takeLine(QByteArrayView &bytes, qsizetype &offset);
    void onLine(qsizetype offset, Events &events);
    void onHeadersEnd(qsizetype offset, Events &events);
    void complete(qsizetype offset, Events &events);

    State m_state = State::Idle;
    QByteArray m_line;
    int m_status = 0;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    qint64 m_remaining = 0;
};
