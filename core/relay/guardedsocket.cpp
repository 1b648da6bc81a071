#include "guardedsocket.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace {

// How long a refused client may keep sending (e.g. the rest of a body we refused) after our
// answer, before the socket is closed: closing with unread input would reset the connection
// and the client might never read the answer.
constexpr int kLingerMs = 2000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}

QString errorType(int status)
{
    switch (status) {
    case 408: return QStringLiteral("timeout_error");
    case 413: return QStringLiteral("request_too_large");
    case 500: return QStringLiteral("api_error");
    case 503: return QStringLiteral("overloaded_error");
    default: return QStringLiteral("invalid_request_error");
    }
}

QByteArray headerLines(const GuardedSocket::HeaderList &headers)
{
    QByteArray out;
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    return out;
}

} // namespace

QByteArray GuardedSocket::errorResponse(int status, const QString &message, const HeaderList &extraHeaders)
{
    // The caller's API format is not known before routing: this shape reads as an error in
    // the OpenAI ({"error":{"message"}}) and Anthropic ({"type":"error","error":{"type"}}) SDKs.
    const QJsonObject error{{QStringLiteral("type"), errorType(status)},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("code"), status}};
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                                                      {QStringLiteral("error"), error}})
                                .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n"
        + headerLines(extraHeaders) + "Content-Type: application/json\r\nConnection: close\r\n"
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

GuardedSocket::GuardedSocket(const Config &config, QObject *parent)
    : QTcpSocket(parent), m_config(config), m_guard(config.limits)
{
    m_deadline.setSingleShot(true);
    m_writeStall.setSingleShot(true);
    m_writeStall.setInterval(m_config.slowClientTimeoutMs);
    connect(&m_deadline, &QTimer::timeout, this, &GuardedSocket::onDeadline);
    connect(&m_writeStall, &QTimer::timeout, this, [this] {
        // Nothing taken by the kernel for the whole window: the client stopped reading.
        if (bytesToWrite() > 0)
            abort();
    });
    connect(this, &QTcpSocket::readyRead, this, &GuardedSocket::beforeServerRead);
    connect(this, &QTcpSocket::bytesWritten, this, &GuardedSocket::onBytesWritten);
    connect(this, &QTcpSocket::disconnected, this, [this] {
        m_deadline.stop();
        m_writeStall.stop();
    });
    updateTimers();
}

GuardedSocket::~GuardedSocket()
{
    // ~QAbstractSocket aborts a connected socket and so emits disconnected() after our members
    // (the timers our handlers stop) are gone: none of our own handlers may run from there.
    QObject::disconnect(this, nullptr, this, nullptr);
}

void GuardedSocket::attachAfterServer()
{
    if (!m_attachedAfter)
        connect(this, &QTcpSocket::readyRead, this, &GuardedSocket::afterServerRead);
    m_attachedAfter = true;
}

void GuardedSocket::beforeServerRead()
{
    const qint64 available = bytesAvailable();
    if (available <= m_unreadSeen)
        return;
    // peek: the server's handler, which runs next, reads the same bytes.
    const QByteArray fresh = peek(available).sliced(m_unreadSeen);
    m_unreadSeen = available;
    onProgress(m_guard.feed(fresh));
    if (m_guard.messageIndex() != m_clockMessage) {
        // The latest message began in these bytes (any earlier one in them was complete).
        m_clockMessage = m_guard.messageIndex();
        m_messageClock.start();
    }
    if (const auto &rejection = m_guard.rejection())
        return refuseRequest(rejection->status, rejection->message);
    updateTimers();
}

void GuardedSocket::afterServerRead()
{
    m_unreadSeen = bytesAvailable(); // a pipelined request the server leaves for later
}

void GuardedSocket::onProgress(const RequestGuard::Progress &progress)
{
    for (bool closeAfter : progress.headsCloseAfter)
        m_pending.append(PendingResponse{closeAfter, false, {}});
    // Only when nothing else is being answered: an interim response inside another
    // response's body would corrupt it (the client then sends the body after its wait).
    if (progress.expectContinue && m_pending.size() == 1 && !m_tracker.inResponse())
        writeBypassingTracker(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
}

void GuardedSocket::setResponseHeaders(const HeaderList &headers)
{
    for (PendingResponse &p : m_pending) {
        if (!p.routed) {
            p.routed = true;
            p.headers = headers;
            return;
        }
    }
}

qint64 GuardedSocket::writeData(const char *data, qint64 size)
{
    if (m_bypassTracker)
        return QTcpSocket::writeData(data, size);
    const QByteArrayView bytes(data, size);
    const ResponseTracker::Events events = m_tracker.feed(bytes);
    int completed = 0;
    bool closeAfter = false;
    QByteArray out;
    qsizetype copied = 0;
    for (const ResponseTracker::Event &e : events) {
        if (e.kind == ResponseTracker::Event::Kind::Completed) {
            ++completed;
            closeAfter = closeAfter || m_current.closeAfter;
            m_current = PendingResponse();
            continue;
        }
        m_current = m_pending.isEmpty() ? PendingResponse() : m_pending.takeFirst();
        if (m_current.headers.isEmpty())
            continue;
        out += bytes.sliced(copied, e.offset - copied);
        out += headerLines(m_current.headers);
        copied = e.offset;
    }
    qint64 written;
    if (copied == 0) {
        written = QTcpSocket::writeData(data, size);
    } else {
        out += bytes.sliced(copied);
        written = QTcpSocket::writeData(out.constData(), out.size()) < 0 ? -1 : size;
    }
    if (bytesToWrite() > 0 && !m_writeStall.isActive())
        m_writeStall.start();
    if (completed > 0) {
        m_answered += completed;
        // Not from inside a write: the writer may still be using the socket.
        QMetaObject::invokeMethod(this, [this, closeAfter] { afterResponses(closeAfter); }, Qt::QueuedConnection);
    }
    return written;
}

bool GuardedSocket::responseInFlight() const
{
    if (m_tracker.inResponse())
        return true;
    return std::any_of(m_pending.cbegin(), m_pending.cend(), [](const PendingResponse &p) { return p.routed; });
}

void GuardedSocket::afterResponses(bool closeAfter)
{
    if (state() != QAbstractSocket::ConnectedState)
        return;
    if (closeAfter)
        return disconnectFromHost(); // the client asked (Connection: close, or HTTP/1.0)
    if (m_refused) {
        if (!m_refusalWritten && !responseInFlight())
            writeRefusal();
        return;
    }
    // Qt 6.4 reads one request per readyRead: a pipelined request already buffered would
    // wait for the client's next bytes. Hand it over now that the previous one is answered.
    if (!responseInFlight() && bytesAvailable() > 0)
        Q_EMIT readyRead();
    updateTimers();
}

void GuardedSocket::updateTimers()
{
    TimerMode mode = TimerMode::None;
    int timeoutMs = 0;
    switch (m_guard.state()) {
    case RequestGuard::State::Head:
        mode = TimerMode::Head;
        timeoutMs = m_config.headerTimeoutMs;
        break;
    case RequestGuard::State::Body:
        mode = TimerMode::Body;
        timeoutMs = m_config.bodyTimeoutMs;
        break;
    case RequestGuard::State::Idle:
        if (m_pending.isEmpty() && !m_tracker.inResponse()) {
            mode = TimerMode::Idle;
            timeoutMs = m_config.idleTimeoutMs;
        }
        break;
    case RequestGuard::State::Failed:
        break;
    }
    if (m_refused || mode == TimerMode::None) {
        m_deadline.stop();
        m_timerMode = TimerMode::None;
        return;
    }
    // Per message: a head that keeps trickling in does not restart its own deadline.
    if (mode != m_timerMode || (mode != TimerMode::Idle && m_timerMessage != m_guard.messageIndex())) {
        m_timerMode = mode;
        m_timerMessage = m_guard.messageIndex();
        m_deadline.start(timeoutMs);
    }
}

void GuardedSocket::onDeadline()
{
    switch (m_timerMode) {
    case TimerMode::Idle:
        disconnectFromHost();
        break;
    case TimerMode::Head:
        refuseRequest(408, QStringLiteral("request head not complete within header_read_timeout_seconds (%1 s)").arg(m_config.headerTimeoutMs / 1000.0));
        break;
    case TimerMode::Body:
        refuseRequest(408, QStringLiteral("request body not complete within body_read_timeout_seconds (%1 s)").arg(m_config.bodyTimeoutMs / 1000.0));
        break;
    case TimerMode::None:
        break;
    }
}

void GuardedSocket::refuseRequest(int status, const QString &message)
{
    if (m_refused)
        return;
    // The message's start from its clock: no wall-clock read per socket read for the rare refusal.
    const qint64 elapsed = m_messageClock.isValid() ? m_messageClock.elapsed() : 0;
    Refusal r{status, message, m_guard.method().toByteArray(), m_guard.target().toByteArray(),
              QDateTime::currentDateTimeUtc().addMSecs(-elapsed), elapsed};
    Q_EMIT requestRefused(r);
    refuse(status, message);
}

void GuardedSocket::refuse(int status, const QString &message, const HeaderList &extraHeaders)
{
    if (m_refused)
        return;
    m_refused = true;
    m_refusal = RequestGuard::Rejection{status, message};
    m_refusalHeaders = extraHeaders;
    m_deadline.stop();
    // From now on the server must not route anything from this connection; the rest of the
    // input is read and dropped.
    QObject::disconnect(this, &QTcpSocket::readyRead, nullptr, nullptr);
    connect(this, &QTcpSocket::readyRead, this, [this] { readAll(); });
    readAll();
    if (!responseInFlight())
        writeRefusal();
}

void GuardedSocket::writeRefusal()
{
    m_refusalWritten = true;
    writeBypassingTracker(errorResponse(m_refusal.status, m_refusal.message, m_refusalHeaders));
    if (bytesToWrite() == 0)
        startLinger();
}

void GuardedSocket::onBytesWritten()
{
    if (bytesToWrite() > 0) {
        m_writeStall.start(); // progress: a new window
        return;
    }
    m_writeStall.stop();
    if (m_refusalWritten)
        startLinger();
}

void GuardedSocket::startLinger()
{
    if (m_lingering || state() != QAbstractSocket::ConnectedState)
        return;
    m_lingering = true;
#ifdef Q_OS_UNIX
    // Half-close: the client reads our answer to its end, then closes; we drop what it sends.
    ::shutdown(int(socketDescriptor()), SHUT_WR);
    QTimer::singleShot(kLingerMs, this, [this] { abort(); });
#else
    disconnectFromHost();
#endif
}

void GuardedSocket::writeBypassingTracker(const QByteArray &bytes)
{
    m_bypassTracker = true;
    write(bytes);
    m_bypassTracker = false;
}
