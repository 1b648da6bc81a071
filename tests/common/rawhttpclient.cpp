#include "rawhttpclient.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

#include <utility>

bool spinUntil(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() >= timeoutMs)
            return condition();
        QTest::qWait(5);
    }
    return true;
}

RawHttpClient::RawHttpClient(quint16 port, QObject *parent)
    : QObject(parent), m_port(port)
{
}

RawHttpClient::~RawHttpClient()
{
    if (m_socket)
        m_socket->disconnect(this);
}

QByteArray RawHttpClient::buildRequest(const QByteArray &method, const QByteArray &target,
                                       const HeaderList &headers, const QByteArray &body)
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool hasLength = false;
    for (const auto &h : headers) {
        out += h.first + ": " + h.second + "\r\n";
        hasLength = hasLength || h.first.compare("content-length", Qt::CaseInsensitive) == 0;
    }
    if (!hasLength && (!body.isEmpty() || method == "POST"))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

void RawHttpClient::send(const QByteArray &raw)
{
    m_pending.clear();
    m_state = State::Head;
    m_statusLine.clear();
    m_status = 0;
    m_headers.clear();
    m_chunked = false;
    m_contentLength = -1;
    m_body.clear();
    m_pieces.clear();
    m_clock.start();
    if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState) {
        if (m_socket)
            m_socket->deleteLater();
        m_socket = new QTcpSocket(this);
        m_disconnected = false;
        connect(m_socket, &QTcpSocket::readyRead, this, &RawHttpClient::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, [this] {
            m_disconnected = true;
            onReadyRead();
            if (m_state == State::Body && !m_chunked && m_contentLength < 0)
                markDone(); // a close-delimited body ends here
            Q_EMIT finished();
        });
        m_socket->connectToHost(QHostAddress::LocalHost, m_port);
    }
    m_socket->write(raw);
}

void RawHttpClient::sendMore(const QByteArray &bytes)
{
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->write(bytes);
}

qint64 RawHttpClient::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void RawHttpClient::post(const QByteArray &target, const QByteArray &body, const HeaderList &headers)
{
    HeaderList all = headers;
    bool hasType = false;
    for (const auto &h : headers)
        hasType = hasType || h.first.compare("content-type", Qt::CaseInsensitive) == 0;
    if (!hasType)
        all.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    send(buildRequest("POST", target, all, body));
}

void RawHttpClient::get(const QByteArray &target, const HeaderList &headers)
{
    send(buildRequest("GET", target, headers));
}

bool RawHttpClient::waitForHeaders(int timeoutMs)
{
    return spinUntil([this] { return headersReceived() || m_disconnected; }, timeoutMs) && headersReceived();
}

bool RawHttpClient::waitForFinished(int timeoutMs)
{
    return spinUntil([this] { return isFinished(); }, timeoutMs);
}

bool RawHttpClient::waitForBody(QByteArrayView needle, int timeoutMs)
{
    return spinUntil([this, needle] { return m_body.contains(needle) || isFinished(); }, timeoutMs)
        && m_body.contains(needle);
}

bool RawHttpClient::waitForBodySize(qsizetype size, int timeoutMs)
{
    return spinUntil([this, size] { return m_body.size() >= size || isFinished(); }, timeoutMs)
        && m_body.size() >= size;
}

bool RawHttpClient::waitForDisconnected(int timeoutMs)
{
    return spinUntil([this] { return m_disconnected; }, timeoutMs);
}

QByteArray RawHttpClient::header(QByteArrayView name) const
{
    for (const auto &h : m_headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

qint64 RawHttpClient::arrivalMs(qsizetype bodyOffset) const
{
    for (const Piece &p : m_pieces) {
        if (bodyOffset >= p.offset && bodyOffset < p.offset + p.size)
            return p.atMs;
    }
    return -1;
}

void RawHttpClient::disconnectNow()
{
    if (m_socket)
        m_socket->abort();
    m_disconnected = true;
}

void RawHttpClient::setReading(bool reading)
{
    m_reading = reading;
    if (!m_socket)
        return;
    // A one-byte read buffer makes Qt stop draining the kernel buffer; TCP flow control
    // then pushes back on the server.
    m_socket->setReadBufferSize(reading ? 0 : 1);
    if (reading)
        onReadyRead();
}

void RawHttpClient::onReadyRead()
{
    if (!m_reading || !m_socket || !m_socket->isOpen())
        return;
    const QByteArray bytes = m_socket->readAll();
    if (bytes.isEmpty())
        return;
    m_raw += bytes;
    m_pending += bytes;
    consume();
}

void RawHttpClient::consume()
{
    while (m_state == State::Head) {
        if (!parseHead())
            return;
    }
    if (m_state != State::Body)
        return;
    if (m_chunked) {
        parseChunks();
    } else if (m_contentLength >= 0) {
        const QByteArray take = m_pending.left(m_contentLength - m_body.size());
        m_pending.remove(0, take.size());
        appendBody(take);
        if (m_body.size() >= m_contentLength)
            markDone();
    } else {
        appendBody(std::exchange(m_pending, {})); // close-delimited
    }
}

bool RawHttpClient::parseHead()
{
    const qsizetype end = m_pending.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = m_pending.left(end).split('\n');
    m_pending.remove(0, end + 4);
    m_statusLine = lines.value(0).trimmed();
    m_status = m_statusLine.split(' ').value(1).toInt();
    if (m_status >= 100 && m_status < 200)
        return true; // an interim response: the real one follows (state stays Head)
    m_headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            m_headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    m_chunked = header("transfer-encoding").toLower().contains("chunked");
    const QByteArray length = header("content-length");
    m_contentLength = (!m_chunked && !length.isEmpty()) ? length.toLongLong() : -1;
    m_state = State::Body;
    if (m_status == 204 || m_status == 304 || m_contentLength == 0)
        markDone();
    return true;
}

bool RawHttpClient::parseChunks()
{
    for (;;) {
        const qsizetype lineEnd = m_pending.indexOf("\r\n");
        if (lineEnd < 0)
            return false;
        bool ok = false;
        const qint64 size = m_pending.left(lineEnd).split(';').value(0).trimmed().toLongLong(&ok, 16);
        if (!ok) {
            qWarning("RawHttpClient: bad chunk size line %s", m_pending.left(lineEnd).constData());
            return false;
        }
        if (size == 0) {
            const qsizetype trailerEnd = m_pending.indexOf("\r\n", lineEnd + 2);
            if (trailerEnd < 0)
                return false;
            m_pending.remove(0, trailerEnd + 2);
            markDone();
            return true;
        }
        if (m_pending.size() < lineEnd + 2 + size + 2)
            return false;
        appendBody(m_pending.mid(lineEnd + 2, size));
        m_pending.remove(0, lineEnd + 2 + size + 2);
    }
}

void RawHttpClient::appendBody(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_pieces.append({m_body.size(), bytes.size(), m_clock.elapsed()});
    m_body += bytes;
    Q_EMIT bodyGrew();
}

void RawHttpClient::markDone()
{
    if (m_state == State::Done)
        return;
    m_state = State::Done;
    Q_EMIT finished();
}
