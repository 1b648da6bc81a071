#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

// Strict HTTP/1.1 request framing, checked on the raw bytes of one connection before Qt's
// parser sees them. Qt 6.4 accepts almost anything (bare LF, obs-fold, both Content-Length
// and Transfer-Encoding, duplicate lengths, any Transfer-Encoding value, more than 100
// fields: QT64.md). Two parsers that disagree about where a request ends are a smuggling
// vector, so everything ambiguous is refused here and only unambiguous requests reach Qt.
//
// Feed it every byte of the connection, in order, exactly once. It checks each line as soon
// as its line break arrives (Qt acts on line breaks too, so a bad line is refused before Qt
// could act on it), tracks where each head and body end (pipelined requests are checked the
// same way) and stops at the first violation.
class RequestGuard
{
public:
    struct Limits
    {
        qint64 maxHeaderBytes = 32 * 1024; // request line + fields + the empty line
        int maxHeaderFields = 100;         // Qt 6.4 drops every header beyond 100
        qint64 maxBodyBytes = 32 * 1024 * 1024;
    };

    enum class State { Idle, Head, Body, Failed };

    struct Rejection
    {
        int status = 400;
        QString message;
    };

    // What one feed() saw, for the owner's timers and interim answers.
    struct Progress
    {
        // One entry per head completed, in order: whether that request asked for the
        // connection to close after its response (Connection: close, or HTTP/1.0 without
        // keep-alive).
        QList<bool> headsCloseAfter;
        int messagesCompleted = 0;
        bool expectContinue = false; // a head asked for 100-continue and its body is still due
    };

    RequestGuard() = default;
    explicit RequestGuard(const Limits &limits);
    void setLimits(const Limits &limits) { m_limits = limits; }

    Progress feed(QByteArrayView bytes);

    State state() const { return m_state; }
    // Numbers the messages begun on this connection, so the owner can tell "a new head
    // began" from "the same head is still arriving" when it runs per-message timers.
    int messageIndex() const { return m_messageIndex; }
    const std::optional<Rejection> &rejection() const { return m_rejection; }
    // The current message's method and request-target, once its request line passed the
    // checks ("" before that): what a refusal's request-log row names.
    QByteArrayView method() const { return m_method; }
    QByteArrayView target() const { return m_target; }

private:
    void feedIdle(QByteArrayView &bytes);
    void feedHead(QByteArrayView &bytes, Progress &progress);
    void feedBody(QByteArrayView &bytes, Progress &progress);
    void feedChunked(QByteArrayView &bytes, Progress &progress);
    bool takeLine(QByteArrayView &bytes, qsizetype maxLine, QByteArrayView *content);

    void startMessage();
    bool checkRequestLine(QByteArrayView line);
    bool checkField(QByteArrayView line);
    bool checkFramingField(QByteArrayView name, QByteArrayView value);
    void endHead(Progress &progress);
    bool checkChunkSize(QByteArrayView line);
    void finishMessage(Progress &progress);
    void fail(int status, const QString &message);
    bool refuse(int status, const QString &message); // fail(), then false

    Limits m_limits;
    State m_state = State::Idle;
    std::optional<Rejection> m_rejection;
    int m_messageIndex = 0;
    int m_idleBytes = 0;  // empty lines between messages (tolerated, RFC 9112 2.2, but bounded)
    bool m_idleCr = false;

    QByteArray m_line;    // the line being received (head or chunk-size line)
    QByteArray m_method;
    QByteArray m_target;
    qint64 m_headBytes = 0;
    bool m_haveRequestLine = false;
    bool m_http10 = false;
    int m_fieldCount = 0;
    int m_contentLengthCount = 0;
    qint64 m_contentLength = -1;
    int m_transferEncodingCount = 0;
    int m_hostCount = 0;
    bool m_expectContinue = false;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;

    enum class Chunk { Size, Data, DataEnd, LastEnd };
    bool m_chunked = false;
    Chunk m_chunk = Chunk::Size;
    qint64 m_bodyRemaining = 0; // Content-Length body, or what is left of the current chunk
    qint64 m_bodyTotal = 0;     // decoded chunked body so far
};
