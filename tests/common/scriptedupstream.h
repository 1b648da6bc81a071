#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <functional>

class QTcpServer;
class UpstreamConnection;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One HTTP request as the scripted upstream received it, and what became of its answer.
struct ReceivedRequest
{
    int index = -1;        // order of arrival over all connections
    int connectionId = -1; // which TCP connection carried it (keep-alive shows as reuse)
    QByteArray method;
    QByteArray target;     // path + query, exactly as sent
    HeaderList headers;    // in order, names as sent
    QByteArray body;       // decoded (Content-Length or chunked)
    bool completed = false; // the script ran to its end
    bool aborted = false;   // the peer closed the connection before the script ended

    QByteArray path() const;  // target without the query
    QByteArray query() const; // after '?', "" when none
    QByteArray header(QByteArrayView name) const; // case-insensitive, first match, "" when absent
    bool hasHeader(QByteArrayView name) const;
};

// How the body of a scripted response is delimited.
enum class Framing { Chunked, ContentLength, CloseDelimited };

struct ScriptStep
{
    enum class Kind { Head, Send, RawSend, Delay, Stall, Close, WaitClientClose, Barrier };
    Kind kind = Kind::Send;
    int status = 200;
    HeaderList headers;
    Framing framing = Framing::Chunked;
    qint64 contentLength = -1;
    QByteArray bytes;
    int value = 0; // Delay: milliseconds; Barrier: how many requests must be parked at once
};

// What the upstream does with one request, step by step. Steps run back to back until one
// waits (delay, stall, barrier, wait for client close). At the end of the script a chunked
// body gets its terminating chunk, a close-delimited one (or `Connection: close`) closes the
// socket, and the connection then reads the next request (keep-alive).
class UpstreamScript
{
public:
    UpstreamScript &head(int status, const HeaderList &headers, Framing framing = Framing::Chunked,
                         qint64 contentLength = -1);
    UpstreamScript &send(const QByteArray &bytes);     // one chunk when the body is chunked
    UpstreamScript &rawSend(const QByteArray &bytes);  // on the wire as is, no chunk framing
    UpstreamScript &sendFrames(const QList<QByteArray> &frames, int delayMs = 0);
    UpstreamScript &delay(int ms);
    UpstreamScript &stall();             // send nothing more, never end (until the peer closes)
    UpstreamScript &close();             // close the connection here (a premature close mid-body)
    UpstreamScript &waitForClientClose(); // end the script when the peer closes
    UpstreamScript &barrier(int concurrent); // wait until `concurrent` requests are parked here

    const QList<ScriptStep> &steps() const { return m_steps; }

private:
    QList<ScriptStep> m_steps;
};

// An HTTP/1.1 server on 127.0.0.1:<any port> that answers each request from a script chosen
// by a handler, records every request, and counts connections and aborted exchanges. Every
// connection is independent; many run at once.
class ScriptedUpstream : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<UpstreamScript(const ReceivedRequest &)>;

    explicit ScriptedUpstream(QObject *parent = nullptr);
    ~ScriptedUpstream() override;

    bool listen();
    quint16 port() const;
    QString baseUrl() const; // "http://127.0.0.1:<port>"

    void setHandler(Handler handler);
    void setScript(const UpstreamScript &script); // the same script for every request

    QList<ReceivedRequest> requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    ReceivedRequest lastRequest() const { return m_requests.isEmpty() ? ReceivedRequest() : m_requests.last(); }

    int totalConnections() const { return m_totalConnections; }
    int openConnections() const { return int(m_connections.size()); }
    int abortedExchanges() const { return m_aborted; }
    int completedExchanges() const { return m_completed; }
    int parkedAtBarrier() const { return int(m_parked.size()); }

Q_SIGNALS:
    void requestReceived(int index);
    void exchangeAborted(int index);
    void exchangeCompleted(int index);

private:
    friend class UpstreamConnection;
    void acceptPending();
    int recordRequest(ReceivedRequest request);
    UpstreamScript scriptFor(int index) const;
    void markEnded(int index, bool aborted);
    void park(UpstreamConnection *connection, int concurrent);
    void unpark(UpstreamConnection *connection);
    void connectionGone(UpstreamConnection *connection);

    QTcpServer *m_server;
    Handler m_handler;
    QList<ReceivedRequest> m_requests;
    QList<UpstreamConnection *> m_connections;
    QList<QPointer<UpstreamConnection>> m_parked;
    int m_totalConnections = 0;
    int m_aborted = 0;
    int m_completed = 0;
};

// ---- response builders ----
namespace Upstream {
// 200 text/event-stream, chunked, the frames one chunk each with `delayMs` between them.
UpstreamScript sseResponse(const QList<QByteArray> &frames, int delayMs = 0);
// `status` application/json with Content-Length.
UpstreamScript jsonResponse(int status, const QByteArray &body);
// Gemini's streamGenerateContent without alt=sse: one JSON array, chunked.
UpstreamScript jsonArrayResponse(const QList<QByteArray> &objects);
} // namespace Upstream
