#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>

class QTcpSocket;

// Latency samples in milliseconds, summarised as percentiles.
struct Histogram
{
    QList<double> samples;
    void add(double ms) { samples.append(ms); }
    double percentile(double p) const; // p in [0,100]; 0 when empty
    double max() const { return percentile(100); }
};

// An incremental HTTP/1.1 response reader: head, then a chunked or Content-Length body.
// Counts SSE frames (blank-line separators) in the decoded body.
class ResponseReader
{
public:
    void feed(QByteArrayView bytes);
    bool headDone() const { return m_headDone; }
    bool done() const { return m_done; }
    int status() const { return m_status; }
    int frames() const { return m_frames; }
    void reset() { *this = ResponseReader(); }

private:
    void body(QByteArrayView bytes);
    QByteArray m_buf;
    bool m_headDone = false, m_done = false, m_chunked = false;
    int m_status = 0, m_frames = 0;
    qint64 m_remaining = 0; // Content-Length left, or the current chunk's bytes left
    enum class Chunk { Size, Data, DataEnd, Trailer } m_chunk = Chunk::Size;
    char m_last = 0;
};

struct StreamResults
{
    Histogram ttfb, gap, total;
    int ok = 0, failed = 0;
};

// C concurrent streams, each on its own connection, started evenly over `rampMs`.
// Emits finished() when every stream ended or `timeoutMs` passed.
class StreamLoad : public QObject
{
    Q_OBJECT
public:
    StreamLoad(quint16 port, const QByteArray &request, int concurrency, int rampMs, int timeoutMs,
               QObject *parent = nullptr);
    void start();
    const StreamResults &results() const { return m_results; }

Q_SIGNALS:
    void finished();

private:
    void launch(int index);
    void streamEnded(QTcpSocket *socket, bool ok);
    quint16 m_port;
    QByteArray m_request;
    int m_concurrency, m_rampMs, m_timeoutMs, m_open = 0, m_launched = 0;
    StreamResults m_results;
    bool m_done = false;
};

// Non-stream requests on `connections` keep-alive connections for `durationMs`.
class RpsLoad : public QObject
{
    Q_OBJECT
public:
    RpsLoad(quint16 port, const QByteArray &request, int connections, int durationMs, QObject *parent = nullptr);
    void start();
    double rps() const { return m_elapsedMs > 0 ? m_completed * 1000.0 / m_elapsedMs : 0; }
    int completed() const { return m_completed; }
    int failed() const { return m_failed; }
    const Histogram &latency() const { return m_latency; }

Q_SIGNALS:
    void finished();

private:
    void openConnection();
    quint16 m_port;
    QByteArray m_request;
    int m_connections, m_durationMs, m_completed = 0, m_failed = 0, m_open = 0;
    qint64 m_elapsedMs = 0;
    QElapsedTimer m_clock;
    Histogram m_latency;
    bool m_stopping = false;
};
