#include "streampump.h"

#include "faultpoint.h"
#include "obs/logger.h"
#include "wire/headerfilter.h"
#include "wire/jsonpatch.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>

namespace {
// Data payloads that are not JSON by design.
bool isNonJsonSentinel(const QByteArray &data)
{
    return data == "[DONE]";
}

// Whether an event's data is JSON a client's parser accepts (it is forwarded unchanged). The
// scanner answers for well-formed UTF-8 without building a document, as for nearly every
// event; anything it refuses gets QJsonDocument's verdict and error text, as before.
bool isParseableJson(const QByteArray &data, QString *error)
{
    if (QByteArrayView(data).isValidUtf8() && JsonPatch::isDocument(data))
        return true;
    QJsonParseError err;
    QJsonDocument::fromJson(data, &err);
    if (err.error == QJsonParseError::NoError)
        return true;
    *error = err.errorString();
    return false;
}

bool isRetryableStatus(int status)
{
    return status == 408 || status == 429 || status >= 500;
}

// Backpressure for slow readers (docs/security.md): QNAM stops reading the upstream once this
// much is waiting in the reply, and the pump stops reading the reply while the client has
// more than pauseBacklog() unread.
constexpr qint64 kUpstreamReadBufferBytes = 256 * 1024;
qint64 pauseBacklog(const StreamPump::Options &o)
{
    return qMin<qint64>(1024 * 1024, o.maxClientBacklogBytes / 2);
}
} // namespace

StreamPump::StreamPump(ClientConnection *client, const FormatAdapter &clientFormat,
                       ClientConnection::HeaderList commonHeaders, const Options &options,
                       const QElapsedTimer &requestClock, QObject *parent)
    : QObject(parent), m_client(client), m_clientFormat(clientFormat),
      m_commonHeaders(std::move(commonHeaders)),
      m_options(options), m_requestClock(requestClock)
{
    m_pingTimer.setInterval(m_options.keepaliveMs);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_options.idleTimeoutMs);
    m_firstByteTimer.setSingleShot(true);
    m_firstByteTimer.setInterval(m_options.firstByteTimeoutMs);
    connect(&m_pingTimer, &QTimer::timeout, this, &StreamPump::onPing);
    connect(&m_idleTimer, &QTimer::timeout, this, &StreamPump::onIdleTimeout);
    connect(&m_firstByteTimer, &QTimer::timeout, this, &StreamPump::onFirstByteTimeout);
    connect(m_client, &ClientConnection::gone, this, &StreamPump::onClientGone);
    connect(m_client, &ClientConnection::bytesDrained, this, [this] { guarded(&StreamPump::resumeUpstream); });
}

StreamPump::~StreamPump()
{
    detachReply(true);
}

void StreamPump::start()
{
    if (m_options.pings)
        m_pingTimer.start();
}

void StreamPump::attach(QNetworkReply *reply, const FormatAdapter &upstreamFormat,
                        std::unique_ptr<StreamTransform> transform)
{
    detachReply(true);
    m_transform = std::move(transform);
    m_reply = reply;
    m_upstreamFormat = &upstreamFormat;
    m_parser = std::make_unique<SseParser>(m_options.maxLineBytes);
    m_upstreamStatus = 0;
    m_errorBody.clear();
    m_collectingError = false;
    m_obs = StreamObservation();
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] { guarded(&StreamPump::onMetaData); });
    connect(reply, &QNetworkReply::readyRead, this, [this] { guarded(&StreamPump::onReadyRead); });
    connect(reply, &QNetworkReply::finished, this, [this] { guarded(&StreamPump::onReplyFinished); });
    // Queued: QNAM starts the request from the event loop, and a size set before that never
    // reaches its HTTP thread (Qt 6.4): the download would not be throttled at all.
    QMetaObject::invokeMethod(reply, [reply] { reply->setReadBufferSize(kUpstreamReadBufferBytes); }, Qt::QueuedConnection);
    m_readPaused = false;
    m_firstByteTimer.start();
}

// The exception boundary of the upstream side: an exception must not unwind through Qt's
// event loop (undefined, and the request would never end); it ends this stream as internal.
void StreamPump::guarded(void (StreamPump::*step)())
{
    try {
        (this->*step)();
    } catch (...) {
        const QString what = FaultPoint::describe(std::current_exception());
        qCCritical(lcRelay).noquote() << "stream ended by an internal error:" << what;
        m_status.addError(QStringLiteral("internal error: ") + what);
        fail(RelayError::make(ErrorCode::Internal, QStringLiteral("internal relay error")), EndReason::Internal);
    }
}

void StreamPump::detachReply(bool abortIt)
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (abortIt && reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void StreamPump::onMetaData()
{
    if (!m_reply)
        return;
    const QVariant code = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!code.isValid())
        return;
    m_upstreamStatus = code.toInt();
    m_collectingError = m_upstreamStatus < 200 || m_upstreamStatus >= 300;
    if (m_options.passUpstreamHeaders && !m_collectingError)
        m_upstreamHeaders = HeaderFilter::forwardableResponseHeaders(m_reply->rawHeaderPairs());
}

void StreamPump::onReadyRead()
{
    if (!m_reply)
        return;
    if (!m_draining && m_client && m_client->pendingBytes() > pauseBacklog(m_options)) {
        m_readPaused = true; // resumeUpstream() when the client has taken it all
        m_idleTimer.stop();  // the upstream is not idle: we are not reading it
        return;
    }
    const QByteArray bytes = m_reply->readAll();
    if (bytes.isEmpty())
        return;
    if (m_collectingError) {
        if (m_errorBody.size() < m_options.maxErrorBodyBytes)
            m_errorBody += bytes.left(m_options.maxErrorBodyBytes - m_errorBody.size());
        return;
    }
    if (m_status.firstByteMs < 0)
        m_status.firstByteMs = m_requestClock.elapsed();
    m_firstByteTimer.stop();
    touchIdleTimer();
    const QList<SseEvent> events = m_parser->feed(bytes);
    for (const SseEvent &e : events) {
        handleEvent(e);
        if (m_finished || !m_reply)
            return;
    }
    if (m_parser->hasError()) {
        m_status.addError(m_parser->errorString());
        if (m_forwarded == 0 && !m_draining)
            failAttempt(RelayError::make(ErrorCode::Upstream, m_parser->errorString()), false, m_upstreamStatus, {},
                        ErrorKind::UpstreamError);
        else
            finish(EndReason::ScannerError, m_parser->errorString());
    }
}

void StreamPump::handleEvent(const SseEvent &event)
{
    FaultPoint::hit("pump.event");
    if (!event.commentOnly) {
        ++m_status.events;
        const bool jsonExpected = !event.data.isEmpty() && !isNonJsonSentinel(event.data);
        QString parseError;
        if (jsonExpected && !isParseableJson(event.data, &parseError)) {
            // Soft error: skipped, never forwarded (it would break the client's parser).
            m_status.addError(QStringLiteral("skipped unparseable upstream event %1: %2")
                                  .arg(QString::fromUtf8(event.event), parseError));
            return;
        }
        const bool wasFailed = m_obs.upstreamFailed;
        m_upstreamFormat->observeEvent(event, m_obs);
        if (m_obs.upstreamFailed && !wasFailed && m_forwarded == 0 && !m_obs.sawContent && !m_draining) {
            // An error as the first event of a 200 stream: still safe to try elsewhere.
            failAttempt(RelayError::make(ErrorCode::Upstream, m_obs.errorMessage), true, m_upstreamStatus, event.data,
                        ErrorKind::UpstreamError);
            return;
        }
        if (m_obs.upstreamFailed && !wasFailed)
            m_status.addError(QStringLiteral("upstream error event: ") + m_obs.errorMessage);
    }
    if (m_draining)
        return;
    const QByteArray out = m_transform->onEvent(event);
    if (out.isEmpty())
        return;
    if (!send(out))
        return;
    if (!event.commentOnly) {
        ++m_forwarded;
        m_lastEventSent = event.event.isEmpty() ? m_obs.lastEventType.toUtf8() : event.event;
        if (m_obs.terminal)
            m_terminalSent = true;
    }
}

bool StreamPump::ensureHeaders()
{
    if (!m_client)
        return false;
    if (m_client->headersSent())
        return true;
    m_httpStatus = 200;
    ClientConnection::HeaderList headers{{"Content-Type", m_options.contentType},
                                         {"Cache-Control", "no-cache"},
                                         {"X-Accel-Buffering", "no"}};
    if (!m_client->beginStream(200, headers + m_commonHeaders + m_upstreamHeaders))
        return false;
    const QByteArray prologue = m_transform ? m_transform->prologue() : QByteArray();
    return prologue.isEmpty() || m_client->writeChunk(prologue);
}

bool StreamPump::send(const QByteArray &bytes)
{
    if (m_draining || m_finished)
        return false;
    if (!ensureHeaders() || !m_client->writeChunk(bytes)) {
        onClientGone();
        return false;
    }
    return !clientTooSlow();
}

void StreamPump::onReplyFinished()
{
    if (!m_reply || m_finished)
        return;
    m_firstByteTimer.stop();
    m_idleTimer.stop();
    if (m_upstreamStatus == 0) // the whole answer may come before metaDataChanged was seen
        onMetaData();
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished || !m_reply || m_readPaused) // paused: resumeUpstream() comes back here
        return;
    const int status = m_upstreamStatus;
    if (m_collectingError) {
        const QString msg = extractErrorMessage(m_errorBody);
        RelayError err = RelayError::make(RelayError::codeForHttpStatus(status),
                                          QStringLiteral("upstream HTTP %1: %2").arg(status).arg(msg));
        err.httpStatus = status;
        failAttempt(err, isRetryableStatus(status), status, m_errorBody, ErrorKind::UpstreamError);
        return;
    }
    for (const SseEvent &e : m_parser->finish()) {
        handleEvent(e);
        if (m_finished || !m_reply)
            return;
    }
    const QString netError = m_reply->error() == QNetworkReply::NoError ? QString() : m_reply->errorString();
    if (m_draining) {
        finish(m_terminalSent ? EndReason::Done : EndReason::ClientGone);
        return;
    }
    if (m_obs.terminal) {
        finish(m_obs.upstreamFailed ? EndReason::UpstreamError : EndReason::Done,
               m_obs.upstreamFailed ? m_obs.errorMessage : QString());
        return;
    }
    if (m_obs.upstreamFailed) {
        finish(EndReason::UpstreamError, m_obs.errorMessage);
        return;
    }
    // An upstream that answered and then closed ended early, whether or not the transport calls
    // the close an error: one message keeps those occurrences one error-log group.
    const bool closedEarly = status > 0 && (netError.isEmpty() || m_reply->error() == QNetworkReply::RemoteHostClosedError);
    const QString why = closedEarly || netError.isEmpty()
        ? QStringLiteral("upstream closed the stream before its terminal event")
        : QStringLiteral("upstream connection failed: ") + netError;
    // With a status line the upstream answered and then closed early; without, it never answered.
    if (m_forwarded == 0)
        failAttempt(RelayError::make(ErrorCode::Upstream, why), true, status, {},
                    status > 0 ? ErrorKind::UpstreamPremature : ErrorKind::UpstreamError);
    else
        finish(EndReason::Eof, why);
}

void StreamPump::failAttempt(const RelayError &error, bool retryable, int status, const QByteArray &body,
                             std::optional<ErrorKind> kind)
{
    m_attemptKind = kind;
    m_firstByteTimer.stop();
    m_idleTimer.stop();
    detachReply(true);
    m_status.addError(error.message);
    Q_EMIT attemptFailed(error, retryable, status, body);
}

void StreamPump::fail(const RelayError &error, EndReason reason, const QByteArray &bodyOverride)
{
    if (m_finished)
        return;
    detachReply(true);
    if (m_client && !m_client->headersSent() && !m_client->isGone()) {
        m_httpStatus = error.httpStatus;
        m_client->sendComplete(error.httpStatus,
                               ClientConnection::HeaderList{{"Content-Type", "application/json"}} + m_commonHeaders,
                               bodyOverride.isEmpty() ? m_clientFormat.errorBody(error) : bodyOverride);
        m_status.bytes = m_client->bodyBytesWritten();
        m_finished = true;
        m_pingTimer.stop();
        m_status.endReason = reason;
        settleCloseKind(reason);
        Q_EMIT finished();
        return;
    }
    finish(reason, error.message);
}

void StreamPump::abort(const QString &why)
{
    if (!m_finished)
        finish(m_terminalSent ? EndReason::Done : EndReason::Internal, why);
}

void StreamPump::onClientGone()
{
    if (m_finished || m_draining)
        return;
    m_pingTimer.stop();
    if (m_terminalSent) {
        finish(EndReason::Done);
        return;
    }
    if (m_readPaused) {
        // It left while the upstream was held back for it: it had stopped reading.
        m_clientWriteFailed = true;
        m_status.addError(QStringLiteral("client stopped reading: output held back for it was never taken"));
        QMetaObject::invokeMethod(this, &StreamPump::resumeUpstream, Qt::QueuedConnection);
    }
    if (m_options.drainOnClientGone && m_reply && m_reply->isRunning() && !m_collectingError) {
        m_draining = true; // keep reading for usage; finish() runs when the upstream ends
        return;
    }
    finish(EndReason::ClientGone, m_clientWriteFailed ? QString() : QStringLiteral("client disconnected"));
}

// A client that stopped reading while the upstream keeps sending would pile the stream up in
// the relay's memory: past the backlog limit it is dropped (client-write-failed).
bool StreamPump::clientTooSlow()
{
    const qint64 backlog = m_client ? m_client->pendingBytes() : 0;
    if (backlog <= m_options.maxClientBacklogBytes)
        return false;
    m_clientWriteFailed = true;
    m_status.addError(QStringLiteral("client stopped reading: %1 bytes not taken by its socket (limit %2)")
                          .arg(backlog).arg(m_options.maxClientBacklogBytes));
    m_client->abort(); // emits gone(): onClientGone() runs, now or below
    onClientGone();
    return true;
}

void StreamPump::settleCloseKind(EndReason reason)
{
    switch (reason) {
    case EndReason::ClientGone:
        m_closeKind = m_clientWriteFailed ? ErrorKind::ClientWriteFailed : ErrorKind::ClientAbort;
        break;
    case EndReason::PingFail: m_closeKind = ErrorKind::ClientWriteFailed; break;
    case EndReason::Eof: m_closeKind = ErrorKind::UpstreamPremature; break;
    case EndReason::UpstreamError: m_closeKind = m_attemptKind.value_or(ErrorKind::UpstreamError); break;
    default: m_closeKind.reset(); break;
    }
}

void StreamPump::resumeUpstream()
{
    if (!std::exchange(m_readPaused, false) || m_finished || !m_reply)
        return;
    if (!m_draining)
        touchIdleTimer();
    onReadyRead();
    if (!m_readPaused && !m_finished && m_reply && m_reply->isFinished())
        onReplyFinished();
}

void StreamPump::onPing()
{
    if (m_finished || m_draining)
        return;
    if (!ensureHeaders() || !m_client->writeChunk(m_clientFormat.pingFrame())) {
        if (m_client && m_client->isGone())
            onClientGone();
        else
            finish(EndReason::PingFail, QStringLiteral("keep-alive write failed"));
        return;
    }
    clientTooSlow();
}

// Restarting a QTimer on every upstream read re-sorts the thread's timer list each time; a
// timestamp per read and one timer that re-arms for the remaining time when it fires early
// costs a clock read per chunk instead.
void StreamPump::touchIdleTimer()
{
    m_lastUpstreamMs = m_requestClock.elapsed();
    if (!m_idleTimer.isActive())
        m_idleTimer.start(m_options.idleTimeoutMs);
}

void StreamPump::onIdleTimeout()
{
    const qint64 quietMs = m_requestClock.elapsed() - m_lastUpstreamMs;
    if (quietMs < m_options.idleTimeoutMs) {
        m_idleTimer.start(int(m_options.idleTimeoutMs - quietMs));
        return;
    }
    const QString why = QStringLiteral("upstream sent nothing for %1 s").arg(m_options.idleTimeoutMs / 1000.0);
    if (m_forwarded == 0 && !m_draining)
        failAttempt(RelayError::make(ErrorCode::Timeout, why), true, m_upstreamStatus, {}, std::nullopt);
    else
        finish(m_draining ? EndReason::ClientGone : EndReason::Timeout, why);
}

void StreamPump::onFirstByteTimeout()
{
    const QString why = QStringLiteral("no upstream byte within %1 s").arg(m_options.firstByteTimeoutMs / 1000.0);
    failAttempt(RelayError::make(ErrorCode::Timeout, why), true, m_upstreamStatus, {}, std::nullopt);
}

void StreamPump::finish(EndReason reason, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_pingTimer.stop();
    m_idleTimer.stop();
    m_firstByteTimer.stop();
    detachReply(true);
    m_status.endReason = reason;
    settleCloseKind(reason);
    if (!error.isEmpty() && reason != EndReason::UpstreamError)
        m_status.addError(error);
    const bool clientUsable = m_client && !m_client->isGone() && !m_client->finished();
    if (clientUsable) {
        if (reason != EndReason::Done && !m_terminalSent && ensureHeaders()) {
            const ErrorCode code = reason == EndReason::Timeout ? ErrorCode::Timeout
                : reason == EndReason::Internal               ? ErrorCode::Internal
                                                              : ErrorCode::Upstream;
            // An upstream error event was already forwarded as-is: don't report it twice.
            if (!(reason == EndReason::UpstreamError && m_forwarded > 0)) {
                const RelayError err = RelayError::make(code, error);
                m_client->writeChunk(m_transform ? m_transform->errorBytes(err, m_status.events)
                                                 : m_clientFormat.streamErrorFrame(err, m_status.events));
            }
        }
        if (m_client->headersSent()) {
            if (m_transform)
                m_client->writeChunk(m_transform->epilogue());
            m_client->endStream(reason != EndReason::Done);
        }
    }
    if (m_client)
        m_status.bytes = m_client->bodyBytesWritten();
    Q_EMIT finished();
}
