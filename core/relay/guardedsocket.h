#pragma once

#include "requestguard.h"
#include "responsetracker.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <QTimer>

// One accepted client connection, as QHttpServer gets it from the GuardServer. Qt 6.4's
// server has no limits and a lax parser (QT64.md); this socket adds them without changing
// how Qt reads it:
//
// - every inbound byte goes through a RequestGuard *before* Qt's readyRead handler runs
//   (our handler is connected first; we peek, Qt reads). A violation answers 400/413/417/
//   431/501/505 and closes; Qt's handler is disconnected first, so nothing is routed.
// - timers: a request head must arrive within header_read_timeout_seconds of its first
//   byte and its body within body_read_timeout_seconds (else 408 and close); a keep-alive
//   connection with nothing in flight closes after idle_timeout_seconds.
// - outbound bytes go through a ResponseTracker: it knows when a response is in flight (no
//   idle timeout then; an error of ours waits for it), and puts per-response headers (CORS)
//   right after the status line.
// - a client that stops reading while output is pending (no byte taken by the kernel for
//   slow_client_timeout_seconds) is disconnected.
// - Expect: 100-continue is answered (Qt 6.4 never does; curl would wait a second).
class GuardedSocket : public QTcpSocket
{
    Q_OBJECT
public:
    using HeaderList = QList<QPair<QByteArray, QByteArray>>;

    // A request this socket refused itself (framing, limits, read deadlines): what its
    // request-log row is made of. Method and target are "" when the request line never
    // arrived whole (or was itself the problem).
    struct Refusal
    {
        int status = 400;
        QString message;
        QByteArray method;
        QByteArray target; // as sent, query included
        QDateTime startedAt; // the request's first byte (UTC)
        qint64 durationMs = 0;
    };

    struct Config
    {
        RequestGuard::Limits limits;
        int headerTimeoutMs = 10000;
        int bodyTimeoutMs = 60000;
        int idleTimeoutMs = 60000;
        int slowClientTimeoutMs = 30000;
    };

    explicit GuardedSocket(const Config &config, QObject *parent = nullptr);
    ~GuardedSocket() override;

    // Called once the HTTP server has connected its own readyRead handler: ours that runs
    // after it records what the server left unread (a pipelined request), so the guard sees
    // each byte once.
    void attachAfterServer();

    // From the request handler, once per routed request: headers to add to that request's
    // response (CORS), in the order the requests were routed.
    void setResponseHeaders(const HeaderList &headers);

    // Refuses the connection with `status` (the message goes into a JSON error body) and
    // closes it: at once, or after the response in flight. Nothing more is routed from it.
    void refuse(int status, const QString &message, const HeaderList &extraHeaders = {});

    // A complete error response with a JSON body and Connection: close.
    static QByteArray errorResponse(int status, const QString &message, const HeaderList &extraHeaders = {});

Q_SIGNALS:
    // Before the refusal is written; not for refuse() calls from outside (those callers know
    // their request), nor for a connection closed idle between requests.
    void requestRefused(const GuardedSocket::Refusal &refusal);

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    struct PendingResponse
    {
        bool closeAfter = false;
        bool routed = false;
        HeaderList headers;
    };
    enum class TimerMode { None, Idle, Head, Body };

    void beforeServerRead();
    void afterServerRead();
    void onProgress(const RequestGuard::Progress &progress);
    void afterResponses(bool closeAfter);
    bool responseInFlight() const;
    void updateTimers();
    void onDeadline();
    void refuseRequest(int status, const QString &message);
    void onBytesWritten();
    void writeRefusal();
    void startLinger();
    void writeBypassingTracker(const QByteArray &bytes);

    Config m_config;
    RequestGuard m_guard;
    ResponseTracker m_tracker;
    QList<PendingResponse> m_pending; // requests received, response not started yet
    PendingResponse m_current;        // the response being written
    int m_received = 0;               // complete request heads
    int m_answered = 0;               // complete responses
    qint64 m_unreadSeen = 0;          // bytes the server left unread that the guard already saw
    bool m_refused = false;
    bool m_refusalWritten = false;
    bool m_bypassTracker = false;
    bool m_attachedAfter = false;
    bool m_lingering = false;
    RequestGuard::Rejection m_refusal;
    HeaderList m_refusalHeaders;
    QTimer m_deadline;
    TimerMode m_timerMode = TimerMode::None;
    int m_timerMessage = -1;
    int m_clockMessage = 0;          // the message m_messageClock times
    QElapsedTimer m_messageClock;
    QTimer m_writeStall;
};
