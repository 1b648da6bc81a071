#pragma once

#include "clientconnection.h"
#include "formats/formatadapter.h"
#include "obs/errorkind.h"
#include "obs/streamstatus.h"
#include "streamtransform.h"
#include "wire/sseparser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>
#include <optional>

class QNetworkReply;

// THE streaming loop, one per streamed request, for every format: keep-alive pings from the
// moment the stream is accepted, upstream bytes -> SSE frames -> transform -> client chunks,
// terminal-event and usage tracking, first-byte and idle timeouts, client-gone handling
// (abort or drain), and exactly one StreamStatus at the end.
//
// A request may need several upstream attempts: attach() runs one. An attempt that fails
// before any upstream event reached the client is reported through attemptFailed() and the
// owner either attaches the next attempt or calls fail(). After the first forwarded event
// there is no retry: failures end the stream with an in-stream error event.
class StreamPump : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int keepaliveMs = 15000;
        int idleTimeoutMs = 300000;
        int firstByteTimeoutMs = 120000;
        bool drainOnClientGone = true;
        qsizetype maxLineBytes = 16 * 1024 * 1024;
        qint64 maxErrorBodyBytes = 1024 * 1024;
        QByteArray contentType = "text/event-stream";
        bool pings = true; // false for a JSON-array stream (Gemini without alt=sse)
        // Bytes written to the client but not yet taken by its socket: a client this far behind
        // is dropped (client-write-failed) instead of growing the relay's memory without bound.
        qint64 maxClientBacklogBytes = 16 * 1024 * 1024;
        // passthrough_upstream_headers: end-to-end upstream response headers reach the client
        // (those known when the stream's headers are committed).
        bool passUpstreamHeaders = false;
    };

    StreamPump(ClientConnection *client, const FormatAdapter &clientFormat,
               ClientConnection::HeaderList commonHeaders,
               const Options &options, const QElapsedTimer &requestClock, QObject *parent = nullptr);
    ~StreamPump() override;

    void start();
    // One attempt; the transform depends on the channel's format, so it comes with it.
    void attach(QNetworkReply *reply, const FormatAdapter &upstreamFormat,
                std::unique_ptr<StreamTransform> transform);
    // No (more) attempts: report `error` to the client (a complete error response when
    // nothing was sent yet, else an in-stream error event) and end with `reason`.
    // `bodyOverride`: an error body already in the client's format (a same-format upstream's own).
    void fail(const RelayError &error, EndReason reason, const QByteArray &bodyOverride = QByteArray());
    // Ends the stream now (relay shutting down).
    void abort(const QString &why);

    const StreamStatus &status() const { return m_status; }
    const StreamObservation &observation() const { return m_obs; }
    bool forwardedAny() const { return m_forwarded > 0; }
    bool terminalSent() const { return m_terminalSent; }
    bool isFinished() const { return m_finished; }
    int httpStatusSent() const { return m_httpStatus; }
    QByteArray lastEventSent() const { return m_lastEventSent; }
    // The stream-close event kind of a finished stream (nullopt when it ended done, by a
    // timeout, a scanner error or an internal stop).
    std::optional<ErrorKind> closeKind() const { return m_closeKind; }
    int upstreamStatus() const { return m_upstreamStatus; } // of the last attempt, 0: none

Q_SIGNALS:
    // The current attempt failed before anything of it reached the client. `upstreamStatus`
    // is 0 for network-level failures; `body` is the upstream's error body (may be empty).
    void attemptFailed(const RelayError &error, bool retryable, int upstreamStatus, const QByteArray &body);
    void finished();

private:
    void onMetaData();
    void onReadyRead();
    void onReplyFinished();
    void onClientGone();
    void onPing();
    void onIdleTimeout();
    void touchIdleTimer(); // upstream bytes arrived: the idle deadline moves
    void onFirstByteTimeout();

    void guarded(void (StreamPump::*step)());
    void handleEvent(const SseEvent &event);
    bool ensureHeaders();
    bool send(const QByteArray &bytes);
    // `kind`: the close event this failure becomes if it ends the stream (nullopt: a timeout).
    void failAttempt(const RelayError &error, bool retryable, int status, const QByteArray &body,
                     std::optional<ErrorKind> kind);
    bool clientTooSlow();
    void resumeUpstream(); // the client caught up: read the upstream again
    void settleCloseKind(EndReason reason);
    void finish(EndReason reason, const QString &error = QString());
    void detachReply(bool abortIt);

    QPointer<ClientConnection> m_client;
    const FormatAdapter &m_clientFormat;
    const FormatAdapter *m_upstreamFormat = nullptr;
    std::unique_ptr<StreamTransform> m_transform;
    ClientConnection::HeaderList m_commonHeaders; // X-Request-Id, passed-through upstream headers
    Options m_options;
    QElapsedTimer m_requestClock;

    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<SseParser> m_parser;
    QTimer m_pingTimer;
    QTimer m_idleTimer;
    qint64 m_lastUpstreamMs = 0; // m_requestClock time of the last upstream read
    QTimer m_firstByteTimer;

    StreamStatus m_status;
    StreamObservation m_obs;
    int m_upstreamStatus = 0;
    QByteArray m_errorBody;
    ClientConnection::HeaderList m_upstreamHeaders; // filtered, when passUpstreamHeaders
    bool m_collectingError = false;
    bool m_draining = false;
    bool m_terminalSent = false;
    bool m_finished = false;
    int m_httpStatus = 0;
    qint64 m_forwarded = 0;
    QByteArray m_lastEventSent;
    bool m_clientWriteFailed = false;          // the relay dropped a client that stopped reading
    bool m_readPaused = false;                 // upstream held back: the client has too much unread
    std::optional<ErrorKind> m_attemptKind;    // what the last failed attempt would close as
    std::optional<ErrorKind> m_closeKind;
};
