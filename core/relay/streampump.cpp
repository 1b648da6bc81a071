#include "streampump.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>

namespace {
// Data payloads that are not JSON by design.
bool isNonJsonSentinel(const QByteArray &data)
{
    return data == "[DONE]";
}

bool isRetryableStatus(int status)
{
    return status == 408 || status == 429 || status >= 500;
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
    connect(reply, &QNetworkReply::metaDataChanged, this, &StreamPump::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &StreamPump::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &StreamPump::onReplyFinished);
    m_firstByteTimer.start();
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
}

void StreamPump::onReadyRead()
{
    if (!m_reply)
        return;
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
    m_idleTimer.start();
    const QList<SseEvent> events = m_parser->feed(bytes);
    for (const SseEvent &e : events) {
        handleEvent(e);
        if (m_finished || !m_reply)
            return;
    }
    if (m_parser->hasError()) {
        m_status.addError(m_parser->errorString());
        if (m_forwarded == 0 && !m_draining)
            failAttempt(RelayError::make(ErrorCode::Upstream, m_parser->errorString()), false, m_upstreamStatus, {});
        else
            finish(EndReason::ScannerError, m_parser->errorString());
    }
}

void StreamPump::handleEvent(const SseEvent &event)
{
    if (!event.commentOnly) {
        ++m_status.events;
        const bool jsonExpected = !event.data.isEmpty() && !isNonJsonSentinel(event.data);
        if (jsonExpected) {
            QJsonParseError err;
            QJsonDocument::fromJson(event.data, &err);
            if (err.error != QJsonParseError::NoError) {
                // Soft error: skipped, never forwarded (it would break the client's parser).
                m_status.addError(QStringLiteral("skipped unparseable upstream event %1: %2")
                                      .arg(QString::fromUtf8(event.event), err.errorString()));
                return;
            }
        }
        const bool wasFailed = m_obs.upstreamFailed;
        m_upstreamFormat->observeEvent(event, m_obs);
        if (m_obs.upstreamFailed && !wasFailed && m_forwarded == 0 && !m_obs.sawContent && !m_draining) {
            // An error as the first event of a 200 stream: still safe to try elsewhere.
            failAttempt(RelayError::make(ErrorCode::Upstream, m_obs.errorMessage), true, m_upstreamStatus, event.data);
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
    if (!m_client->beginStream(200, headers + m_commonHeaders))
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
    return true;
}

void StreamPump::onReplyFinished()
{
    if (!m_reply || m_finished)
        return;
    m_firstByteTimer.stop();
    m_idleTimer.stop();
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished || !m_reply)
        return;
    const int status = m_upstreamStatus;
    if (m_collectingError) {
        const QString msg = extractErrorMessage(m_errorBody);
        RelayError err = RelayError::make(RelayError::codeForHttpStatus(status),
                                          QStringLiteral("upstream HTTP %1: %2").arg(status).arg(msg));
        err.httpStatus = status;
        failAttempt(err, isRetryableStatus(status), status, m_errorBody);
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
    const QString why = netError.isEmpty()
        ? QStringLiteral("upstream closed the stream before its terminal event")
        : QStringLiteral("upstream connection failed: ") + netError;
    if (m_forwarded == 0)
        failAttempt(RelayError::make(ErrorCode::Upstream, why), true, status, {});
    else
        finish(EndReason::Eof, why);
}

void StreamPump::failAttempt(const RelayError &error, bool retryable, int status, const QByteArray &body)
{
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
    if (m_options.drainOnClientGone && m_reply && m_reply->isRunning() && !m_collectingError) {
        m_draining = true; // keep reading for usage; finish() runs when the upstream ends
        return;
    }
    finish(EndReason::ClientGone, QStringLiteral("client disconnected"));
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
    }
}

void StreamPump::onIdleTimeout()
{
    const QString why = QStringLiteral("upstream sent nothing for %1 s").arg(m_options.idleTimeoutMs / 1000.0);
    if (m_forwarded == 0 && !m_draining)
        failAttempt(RelayError::make(ErrorCode::Timeout, why), true, m_upstreamStatus, {});
    else
        finish(m_draining ? EndReason::ClientGone : EndReason::Timeout, why);
}

void StreamPump::onFirstByteTimeout()
{
    const QString why = QStringLiteral("no upstream byte within %1 s").arg(m_options.firstByteTimeoutMs / 1000.0);
    failAttempt(RelayError::make(ErrorCode::Timeout, why), true, m_upstreamStatus, {});
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
    if (!error.isEmpty() && reason != EndReason::UpstreamError)
        m_status.addError(error);
    const bool clientUsable = m_client && !m_client->isGone() && !m_client->finished();
    if (clientUsable) {
        if (reason != EndReason::Done && !m_terminalSent && ensureHeaders()) {
            const ErrorCode code = reason == EndReason::Timeout ? ErrorCode::Timeout : ErrorCode::Upstream;
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
