#pragma once

#include "scriptedupstream.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <functional>

class QTcpSocket;

// Spins the event loop until `condition` holds or `timeoutMs` passed (QTRY-like, never a
// bare sleep). Returns the condition's last value.
bool spinUntil(const std::function<bool()> &condition, int timeoutMs);

// An HTTP/1.1 client over a plain QTcpSocket, for tests that must see exactly what a client
// receives: the status, the headers, and the body (chunked decoded) with the time each piece
// arrived, so that a test can tell what arrived before what. It can leave mid-response and
// can stop reading (a slow reader).
class RawHttpClient : public QObject
{
    Q_OBJECT
public:
    struct Piece
    {
        qsizetype offset; // where in body() the piece starts
        qsizetype size;
        qint64 atMs;      // since send()
    };

    explicit RawHttpClient(quint16 port, QObject *parent = nullptr);
    ~RawHttpClient() override;

    // A request with Host and Content-Length (when there is a body) added.
    static QByteArray buildRequest(const QByteArray &method, const QByteArray &target,
                                   const HeaderList &headers, const QByteArray &body = {});

    // Connects (if not connected) and writes `raw`; resets the response state, so a second
    // request on a kept-alive connection is read afresh.
    void send(const QByteArray &raw);
    void post(const QByteArray &target, const QByteArray &body, const HeaderList &headers);
    // More bytes of the request in progress (a body sent in pieces); the response state stays.
    void sendMore(const QByteArray &bytes);
    qint64 bytesToWrite() const; // written by us, not yet taken by the kernel
    void get(const QByteArray &target, const HeaderList &headers);

    // ---- waiting (event loop spun, false on timeout) ----
    bool waitForHeaders(int timeoutMs = 5000);
    bool waitForFinished(int timeoutMs = 5000);    // body complete or connection closed
    bool waitForBody(QByteArrayView needle, int timeoutMs = 5000);
    bool waitForBodySize(qsizetype size, int timeoutMs = 5000);
    bool waitForDisconnected(int timeoutMs = 5000);

    // ---- what arrived ----
    bool headersReceived() const { return m_state > State::Head; }
    int status() const { return m_status; }
    QByteArray statusLine() const { return m_statusLine; }
    HeaderList headers() const { return m_headers; }
    QByteArray header(QByteArrayView name) const; // case-insensitive, "" when absent
    bool isChunked() const { return m_chunked; }
    QByteArray body() const { return m_body; }    // decoded
    QList<Piece> pieces() const { return m_pieces; }
    qint64 arrivalMs(qsizetype bodyOffset) const; // when the byte at bodyOffset arrived, -1 if not yet
    bool bodyComplete() const { return m_state == State::Done; } // terminator / length reached
    bool isFinished() const { return m_state == State::Done || m_disconnected; }
    bool isDisconnected() const { return m_disconnected; }
    QByteArray rawReceived() const { return m_raw; } // every byte off the wire

    // ---- behaving badly ----
    void disconnectNow();          // abort the connection mid-response
    void setReading(bool reading); // false: stop reading, the kernel buffers fill up (slow reader)

Q_SIGNALS:
    void bodyGrew();
    void finished();

private:
    enum class State { Head, Body, Done };
    void onReadyRead();
    void consume();
    bool parseHead();
    bool parseChunks();
    void appendBody(const QByteArray &bytes);
    void markDone();

    quint16 m_port;
    QTcpSocket *m_socket = nullptr;
    QElapsedTimer m_clock;
    QByteArray m_raw;
    QByteArray m_pending; // received, not yet parsed
    State m_state = State::Head;
    QByteArray m_statusLine;
    int m_status = 0;
    HeaderList m_headers;
    bool m_chunked = false;
    qint64 m_contentLength = -1;
    QByteArray m_body;
    QList<Piece> m_pieces;
    bool m_disconnected = false;
    bool m_reading = true;
};
