#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTcpSocket>

// The client's side of one request: the responder plus a guarded pointer to its socket.
// Qt 6.4 segfaults on writes through a responder whose client left (QT64.md), so every
// write checks the socket first. Streams are framed here with chunked transfer encoding.
class ClientConnection : public QObject
{
    Q_OBJECT
public:
    using HeaderList = QList<QPair<QByteArray, QByteArray>>;

    ClientConnection(QHttpServerResponder &&responder, QObject *parent = nullptr);

    bool isGone() const;
    bool headersSent() const { return m_headersSent; }
    bool finished() const { return m_finished; }
    qint64 bodyBytesWritten() const { return m_bodyBytes; }
    qint64 chunksWritten() const { return m_chunks; }
    qint64 pendingBytes() const; // written but not yet taken by the kernel

    // Whole response with Content-Length. Returns false when the client is gone.
    bool sendComplete(int status, const HeaderList &headers, const QByteArray &body);
    // Stream: status line and headers (adds Transfer-Encoding: chunked, or Connection: close
    // when a pipelined request is waiting behind this one: see QT64.md).
    bool beginStream(int status, const HeaderList &headers);
    bool writeChunk(const QByteArray &bytes);
    // Ends a stream (terminating chunk). With closeAfter, the connection is closed once flushed.
    void endStream(bool closeAfter = false);
    // Drops the connection (e.g. after a stream that could not be finished cleanly).
    void abort();

Q_SIGNALS:
    void gone();          // the client disconnected
    void bytesDrained();  // the socket's write buffer emptied (for slow-reader accounting)

private:
    bool writeRaw(const QByteArray &bytes);

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_headersSent = false;
    bool m_chunked = false;
    bool m_closeAfter = false;
    bool m_finished = false;
    bool m_goneSignalled = false;
    qint64 m_bodyBytes = 0;
    qint64 m_chunks = 0;
};
