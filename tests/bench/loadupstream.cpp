#include "loadupstream.h"

#include "benchwire.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace {
QByteArray chunk(const QByteArray &bytes)
{
    return QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n";
}

// One keep-alive connection: reads a request (Content-Length body), answers it, reads the next.
class UpstreamLink : public QObject
{
public:
    UpstreamLink(QTcpSocket *socket, int chunks, const QByteArray &text, int intervalMs)
        : QObject(socket), m_socket(socket), m_chunks(chunks), m_text(text)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
        connect(socket, &QTcpSocket::readyRead, this, [this] { readMore(); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void readMore()
    {
        m_buffer += m_socket->readAll();
        if (m_streaming)
            return;
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QByteArray head = m_buffer.left(headEnd);
        qsizetype length = 0;
        const qsizetype cl = head.toLower().indexOf("\ncontent-length:");
        if (cl >= 0)
            length = head.mid(cl + 16, head.indexOf('\r', cl + 1) - cl - 16).trimmed().toLongLong();
        if (m_buffer.size() < headEnd + 4 + length)
            return;
        const QByteArray body = m_buffer.mid(headEnd + 4, length);
        m_buffer.remove(0, headEnd + 4 + length);
        const QByteArray target = head.mid(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1) - head.indexOf(' ') - 1);
        answer(target, body);
    }

    void answer(const QByteArray &target, const QByteArray &body)
    {
        m_format = BenchWire::formatOfPath(target);
        if (!BenchWire::requestStreams(target, body)) {
            const QByteArray json = BenchWire::jsonReply(m_format, m_text);
            m_socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + QByteArray::number(json.size()) + "\r\n\r\n" + json);
            if (!m_buffer.isEmpty())
                readMore();
            return;
        }
        QByteArray out = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (const QByteArray &f : BenchWire::openFrames(m_format))
            out += chunk(f);
        m_socket->write(out);
        m_streaming = true;
        m_sent = 0;
        m_timer.start();
    }

    void tick()
    {
        QByteArray out = chunk(BenchWire::deltaFrame(m_format, m_sent, m_text));
        if (++m_sent >= m_chunks) {
            m_timer.stop();
            for (const QByteArray &f : BenchWire::closeFrames(m_format, m_chunks))
                out += chunk(f);
            out += "0\r\n\r\n";
            m_streaming = false;
        }
        m_socket->write(out);
        if (!m_streaming && !m_buffer.isEmpty())
            readMore();
    }

    QTcpSocket *m_socket;
    QTimer m_timer;
    QByteArray m_buffer;
    int m_chunks;
    QByteArray m_text;
    ApiFormat m_format = ApiFormat::Anthropic;
    int m_sent = 0;
    bool m_streaming = false;
};
} // namespace

LoadUpstream::LoadUpstream(int chunks, int chunkBytes, int intervalMs, QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this)), m_chunks(chunks), m_text(chunkBytes, 'x'), m_intervalMs(intervalMs)
{
    connect(m_server, &QTcpServer::newConnection, this, &LoadUpstream::acceptPending);
}

quint16 LoadUpstream::listen()
{
    m_server->setListenBacklogSize(4096);
    return m_server->listen(QHostAddress::LocalHost, 0) ? m_server->serverPort() : 0;
}

void LoadUpstream::acceptPending()
{
    while (QTcpSocket *s = m_server->nextPendingConnection()) {
        s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new UpstreamLink(s, m_chunks, m_text, m_intervalMs);
    }
}
