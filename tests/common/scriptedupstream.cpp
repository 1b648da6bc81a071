#include "scriptedupstream.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <utility>

// ---------------------------------------------------------------- ReceivedRequest

QByteArray ReceivedRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray ReceivedRequest::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

QByteArray ReceivedRequest::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool ReceivedRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// ---------------------------------------------------------------- UpstreamScript

UpstreamScript &UpstreamScript::head(int status, const HeaderList &headers, Framing framing, qint64 contentLength)
{
    ScriptStep s;
    s.kind = ScriptStep::Kind::Head;
    s.status = status;
    s.headers = headers;
    s.framing = framing;
    s.contentLength = contentLength;
    m_steps.append(s);
    return *this;
}

UpstreamScript &UpstreamScript::send(const QByteArray &bytes)
{
    ScriptStep s;
    s.kind = ScriptStep::Kind::Send;
    s.bytes = bytes;
    m_steps.append(s);
    return *this;
}

UpstreamScript &UpstreamScript::rawSend(const QByteArray &bytes)
{
    ScriptStep s;
    s.kind = ScriptStep::Kind::RawSend;
    s.bytes = bytes;
    m_steps.append(s);
    return *this;
}

UpstreamScript &UpstreamScript::sendFrames(const QList<QByteArray> &frames, int delayMs)
{
    for (qsizetype i = 0; i < frames.size(); ++i) {
        if (i > 0 && delayMs > 0)
            delay(delayMs);
        send(frames[i]);
    }
    return *this;
}

static ScriptStep stepOf(ScriptStep::Kind kind, int value = 0)
{
    ScriptStep s;
    s.kind = kind;
    s.value = value;
    return s;
}

UpstreamScript &UpstreamScript::delay(int ms)
{
    m_steps.append(stepOf(ScriptStep::Kind::Delay, ms));
    return *this;
}

UpstreamScript &UpstreamScript::stall()
{
    m_steps.append(stepOf(ScriptStep::Kind::Stall));
    return *this;
}

UpstreamScript &UpstreamScript::close()
{
    m_steps.append(stepOf(ScriptStep::Kind::Close));
    return *this;
}

UpstreamScript &UpstreamScript::waitForClientClose()
{
    m_steps.append(stepOf(ScriptStep::Kind::WaitClientClose));
    return *this;
}

UpstreamScript &UpstreamScript::barrier(int concurrent)
{
    m_steps.append(stepOf(ScriptStep::Kind::Barrier, concurrent));
    return *this;
}

// ---------------------------------------------------------------- UpstreamConnection

// One accepted TCP connection: parses requests one after the other and plays the script
// of each. Lives on the ScriptedUpstream's thread; every wait is a timer or a signal.
class UpstreamConnection : public QObject
{
public:
    UpstreamConnection(ScriptedUpstream *owner, QTcpSocket *socket, int id);

    void resumeFromBarrier();
    // Stops reacting to the socket: the owner is being destroyed.
    void detach();

private:
    void onReadyRead();
    void onDisconnected();
    bool parseRequest(ReceivedRequest &out);
    bool parseChunkedBody(qsizetype from, QByteArray &body, qsizetype &consumed) const;
    void startScript(int requestIndex);
    void runSteps();
    void finishScript();
    void writeHead(const ScriptStep &step);
    void writeBody(const QByteArray &bytes);

    ScriptedUpstream *m_owner;
    QTcpSocket *m_socket;
    int m_id;
    QByteArray m_buffer;
    QList<ScriptStep> m_steps;
    qsizetype m_next = 0;
    int m_requestIndex = -1; // the exchange in progress, -1 when idle
    Framing m_framing = Framing::ContentLength;
    bool m_closeAtEnd = false;
    bool m_waitingForClose = false;
    bool m_gone = false;
};

UpstreamConnection::UpstreamConnection(ScriptedUpstream *owner, QTcpSocket *socket, int id)
    : QObject(owner), m_owner(owner), m_socket(socket), m_id(id)
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
    connect(socket, &QTcpSocket::disconnected, this, [this] { onDisconnected(); });
    if (socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, [this] { onReadyRead(); });
}

void UpstreamConnection::onReadyRead()
{
    m_buffer += m_socket->readAll();
    // Requests pipelined behind a running exchange wait until it ends.
    while (m_requestIndex < 0 && !m_gone) {
        ReceivedRequest request;
        if (!parseRequest(request))
            return;
        request.connectionId = m_id;
        startScript(m_owner->recordRequest(request));
    }
}

void UpstreamConnection::onDisconnected()
{
    if (m_gone)
        return;
    m_gone = true;
    if (m_requestIndex >= 0) {
        // The peer closing is the expected end of a waitForClientClose script, an abort otherwise.
        m_owner->markEnded(m_requestIndex, !m_waitingForClose);
        m_requestIndex = -1;
    }
    m_owner->connectionGone(this);
    deleteLater();
}

bool UpstreamConnection::parseRequest(ReceivedRequest &out)
{
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    out.method = requestLine.value(0);
    out.target = requestLine.value(1);
    qint64 contentLength = 0;
    bool chunked = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        out.headers.append({name, value});
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            contentLength = value.toLongLong();
        else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            chunked = value.toLower().contains("chunked");
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (chunked) {
        qsizetype consumed = 0;
        if (!parseChunkedBody(bodyStart, out.body, consumed))
            return false;
        m_buffer.remove(0, bodyStart + consumed);
        return true;
    }
    if (m_buffer.size() - bodyStart < contentLength)
        return false;
    out.body = m_buffer.mid(bodyStart, contentLength);
    m_buffer.remove(0, bodyStart + contentLength);
    return true;
}

bool UpstreamConnection::parseChunkedBody(qsizetype from, QByteArray &body, qsizetype &consumed) const
{
    qsizetype pos = from;
    for (;;) {
        const qsizetype lineEnd = m_buffer.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return false;
        bool ok = false;
        const qint64 size = m_buffer.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
        if (!ok)
            return false;
        if (size == 0) {
            const qsizetype trailerEnd = m_buffer.indexOf("\r\n", lineEnd + 2);
            if (trailerEnd < 0)
                return false;
            consumed = trailerEnd + 2 - from;
            return true;
        }
        if (m_buffer.size() < lineEnd + 2 + size + 2)
            return false;
        body += m_buffer.mid(lineEnd + 2, size);
        pos = lineEnd + 2 + size + 2;
    }
}

void UpstreamConnection::startScript(int requestIndex)
{
    m_requestIndex = requestIndex;
    m_steps = m_owner->scriptFor(requestIndex).steps();
    m_next = 0;
    m_framing = Framing::ContentLength;
    m_closeAtEnd = false;
    m_waitingForClose = false;
    runSteps();
}

void UpstreamConnection::runSteps()
{
    while (!m_gone && m_requestIndex >= 0 && m_next < m_steps.size()) {
        const ScriptStep step = m_steps[m_next++];
        switch (step.kind) {
        case ScriptStep::Kind::Head:
            writeHead(step);
            break;
        case ScriptStep::Kind::Send:
            writeBody(step.bytes);
            break;
        case ScriptStep::Kind::RawSend:
            m_socket->write(step.bytes);
            break;
        case ScriptStep::Kind::Delay: {
            const int index = m_requestIndex;
            QTimer::singleShot(step.value, this, [this, index] {
                if (m_requestIndex == index)
                    runSteps();
            });
            return;
        }
        case ScriptStep::Kind::Stall:
            return;
        case ScriptStep::Kind::WaitClientClose:
            m_waitingForClose = true;
            return;
        case ScriptStep::Kind::Barrier:
            m_owner->park(this, step.value);
            return;
        case ScriptStep::Kind::Close:
            m_owner->markEnded(m_requestIndex, false);
            m_requestIndex = -1;
            m_socket->disconnectFromHost();
            return;
        }
    }
    if (!m_gone && m_requestIndex >= 0 && m_next >= m_steps.size())
        finishScript();
}

void UpstreamConnection::resumeFromBarrier()
{
    runSteps();
}

void UpstreamConnection::detach()
{
    m_gone = true;
    m_socket->disconnect(this);
}

void UpstreamConnection::finishScript()
{
    if (m_framing == Framing::Chunked)
        m_socket->write("0\r\n\r\n");
    m_owner->markEnded(m_requestIndex, false);
    m_requestIndex = -1;
    if (m_closeAtEnd || m_framing == Framing::CloseDelimited) {
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_buffer.isEmpty())
        QTimer::singleShot(0, this, [this] { onReadyRead(); });
}

static QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

void UpstreamConnection::writeHead(const ScriptStep &step)
{
    m_framing = step.framing;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(step.status) + ' ' + reasonPhrase(step.status) + "\r\n";
    for (const auto &h : step.headers) {
        out += h.first + ": " + h.second + "\r\n";
        if (h.first.compare("connection", Qt::CaseInsensitive) == 0 && h.second.toLower().contains("close"))
            m_closeAtEnd = true;
    }
    if (step.framing == Framing::Chunked)
        out += "Transfer-Encoding: chunked\r\n";
    else if (step.framing == Framing::ContentLength)
        out += "Content-Length: " + QByteArray::number(qMax<qint64>(0, step.contentLength)) + "\r\n";
    else if (!m_closeAtEnd)
        out += "Connection: close\r\n";
    out += "\r\n";
    m_socket->write(out);
}

void UpstreamConnection::writeBody(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return; // an empty chunk would end a chunked body
    if (m_framing == Framing::Chunked)
        m_socket->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
    else
        m_socket->write(bytes);
}

// ---------------------------------------------------------------- ScriptedUpstream

ScriptedUpstream::ScriptedUpstream(QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this))
{
    m_server->setMaxPendingConnections(1000);
    connect(m_server, &QTcpServer::newConnection, this, &ScriptedUpstream::acceptPending);
    setScript(Upstream::jsonResponse(500, R"({"error":{"message":"no script","type":"server_error"}})"));
}

ScriptedUpstream::~ScriptedUpstream()
{
    m_server->close();
    // Deleted here, not by ~QObject, so that no socket signal reaches a half-destroyed owner.
    const QList<UpstreamConnection *> connections = std::exchange(m_connections, {});
    for (UpstreamConnection *c : connections)
        c->detach();
    qDeleteAll(connections);
}

bool ScriptedUpstream::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 ScriptedUpstream::port() const
{
    return m_server->serverPort();
}

QString ScriptedUpstream::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void ScriptedUpstream::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void ScriptedUpstream::setScript(const UpstreamScript &script)
{
    m_handler = [script](const ReceivedRequest &) { return script; };
}

void ScriptedUpstream::acceptPending()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection())
        m_connections.append(new UpstreamConnection(this, socket, m_totalConnections++));
}

int ScriptedUpstream::recordRequest(ReceivedRequest request)
{
    request.index = int(m_requests.size());
    m_requests.append(request);
    Q_EMIT requestReceived(request.index);
    return request.index;
}

UpstreamScript ScriptedUpstream::scriptFor(int index) const
{
    return m_handler ? m_handler(m_requests.at(index)) : UpstreamScript();
}

void ScriptedUpstream::markEnded(int index, bool aborted)
{
    ReceivedRequest &r = m_requests[index];
    if (r.completed || r.aborted)
        return;
    if (aborted) {
        r.aborted = true;
        ++m_aborted;
        Q_EMIT exchangeAborted(index);
    } else {
        r.completed = true;
        ++m_completed;
        Q_EMIT exchangeCompleted(index);
    }
}

void ScriptedUpstream::park(UpstreamConnection *connection, int concurrent)
{
    m_parked.append(connection);
    m_parked.removeAll(nullptr);
    if (m_parked.size() < concurrent)
        return;
    const QList<QPointer<UpstreamConnection>> released = std::exchange(m_parked, {});
    for (const auto &c : released) {
        if (c)
            QTimer::singleShot(0, c, [c] { c->resumeFromBarrier(); });
    }
}

void ScriptedUpstream::unpark(UpstreamConnection *connection)
{
    m_parked.removeAll(connection);
}

void ScriptedUpstream::connectionGone(UpstreamConnection *connection)
{
    unpark(connection);
    m_connections.removeAll(connection);
}

// ---------------------------------------------------------------- builders

namespace Upstream {

UpstreamScript sseResponse(const QList<QByteArray> &frames, int delayMs)
{
    UpstreamScript s;
    s.head(200, {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}}, Framing::Chunked);
    s.sendFrames(frames, delayMs);
    return s;
}

UpstreamScript jsonResponse(int status, const QByteArray &body)
{
    UpstreamScript s;
    s.head(status, {{"Content-Type", "application/json"}}, Framing::ContentLength, body.size());
    s.send(body);
    return s;
}

UpstreamScript jsonArrayResponse(const QList<QByteArray> &objects)
{
    UpstreamScript s;
    s.head(200, {{"Content-Type", "application/json; charset=UTF-8"}}, Framing::Chunked);
    for (qsizetype i = 0; i < objects.size(); ++i)
        s.send((i == 0 ? QByteArray("[") : QByteArray("\r\n,\r\n")) + objects[i]);
    s.send("]");
    return s;
}

} // namespace Upstream
