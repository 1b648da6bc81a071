#include "clientconnection.h"

namespace {
void writeHeaderList(QHttpServerResponder &r, const ClientConnection::HeaderList &headers)
{
    for (const auto &h : headers)
        r.writeHeader(h.first, h.second);
}
} // namespace

ClientConnection::ClientConnection(QHttpServerResponder &&responder, QObject *parent)
    : QObject(parent), m_responder(std::move(responder)), m_socket(m_responder.socket())
{
    if (m_socket) {
        connect(m_socket, &QTcpSocket::disconnected, this, [this] {
            if (!m_goneSignalled) {
                m_goneSignalled = true;
                Q_EMIT gone();
            }
        });
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_socket && m_socket->bytesToWrite() == 0)
                Q_EMIT bytesDrained();
        });
    }
}

bool ClientConnection::isGone() const
{
    return !m_socket || m_socket->state() != QAbstractSocket::ConnectedState;
}

qint64 ClientConnection::pendingBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

bool ClientConnection::writeRaw(const QByteArray &bytes)
{
    if (isGone())
        return false;
    m_responder.writeBody(bytes);
    return true;
}

bool ClientConnection::sendComplete(int status, const HeaderList &headers, const QByteArray &body)
{
    if (m_headersSent || isGone())
        return false;
    m_headersSent = true;
    m_finished = true;
    m_responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    writeHeaderList(m_responder, headers);
    m_responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    m_bodyBytes += body.size();
    // The first writeBody ends the header block, so it must run even for an empty body.
    return writeRaw(body);
}

bool ClientConnection::beginStream(int status, const HeaderList &headers)
{
    if (m_headersSent || isGone())
        return false;
    m_headersSent = true;
    m_responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    writeHeaderList(m_responder, headers);
    if (m_socket->bytesAvailable() > 0) {
        // A request pipelined behind a stream would be answered inside it: close instead.
        m_closeAfter = true;
        m_responder.writeHeader("Connection", "close");
    } else {
        m_chunked = true;
        m_responder.writeHeader("Transfer-Encoding", "chunked");
    }
    return writeRaw(QByteArray());
}

bool ClientConnection::writeChunk(const QByteArray &bytes)
{
    if (!m_headersSent || m_finished || bytes.isEmpty())
        return !isGone();
    if (isGone())
        return false;
    m_bodyBytes += bytes.size();
    ++m_chunks;
    if (!m_chunked)
        return writeRaw(bytes);
    QByteArray framed;
    framed.reserve(bytes.size() + 16);
    framed += QByteArray::number(bytes.size(), 16);
    framed += "\r\n";
    framed += bytes;
    framed += "\r\n";
    return writeRaw(framed);
}

void ClientConnection::endStream(bool closeAfter)
{
    if (m_finished)
        return;
    m_finished = true;
    if (isGone())
        return;
    if (m_chunked)
        writeRaw(QByteArrayLiteral("0\r\n\r\n"));
    if (closeAfter || m_closeAfter)
        m_socket->disconnectFromHost(); // flushes what is buffered first
}

void ClientConnection::abort()
{
    m_finished = true;
    if (m_socket)
        m_socket->abort();
}
