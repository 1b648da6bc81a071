#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// One Server-Sent Events frame, as received.
struct SseEvent
{
    QByteArray event;          // value of the last `event:` line ("" when none)
    QByteArray data;           // `data:` lines joined with '\n' (one leading space stripped)
    QByteArray id;             // value of the last `id:` line
    QByteArray raw;            // the frame's exact bytes including its terminating blank line
    bool commentOnly = false;  // the frame held only `:` comment lines (an upstream keep-alive)
};

// Incremental SSE framer (WHATWG event-stream rules): LF, CRLF and lone CR line ends, frames
// split anywhere across feed() calls, multi-line data, comments, `retry:` ignored, unknown
// fields ignored. A line longer than maxLineBytes is a hard error (the stream cannot be framed
// any more): feed() returns what it completed before it and hasError() turns true.
class SseParser
{
public:
    explicit SseParser(qsizetype maxLineBytes = 16 * 1024 * 1024);

    QList<SseEvent> feed(QByteArrayView bytes);
    // At end of input: a frame missing only its final blank line is completed and returned
    // (its raw gets the missing terminator); a partial line with no data is dropped.
    QList<SseEvent> finish();

    // Every frame of a complete byte string (feed + finish): transcripts, collected bodies.
    static QList<SseEvent> parseAll(QByteArrayView bytes, qsizetype maxLineBytes = 16 * 1024 * 1024);

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype bufferedBytes() const { return m_buffer.size(); }

private:
    enum class LineEnd : quint8 { Lf, CrLf, Cr };

    void scanLines(QList<SseEvent> &events);
    void takeLine(QByteArrayView lineWithEnd, qsizetype contentLength, LineEnd end,
                  QList<SseEvent> &events);
    void takeField(QByteArrayView line);
    SseEvent takeFrame();
    void fail();

    QByteArray m_buffer;       // the current incomplete line (complete lines leave it at once)
    QString m_error;
    qsizetype m_maxLine;
    qsizetype m_scanPos = 0;   // bytes of m_buffer already searched for a line end
    SseEvent m_current;        // the frame being assembled (raw holds its complete lines)
    bool m_hasContent = false; // m_current has at least one non-blank line
    bool m_hasData = false;
    bool m_hasField = false;   // m_current has an event:, data: or id: line
    bool m_lastWasCR = false;  // the previous feed ended with a CR line end (an LF may follow)
    LineEnd m_lastEnd = LineEnd::Lf;
};

// Helpers to write SSE frames.
namespace Sse {
QByteArray frame(QByteArrayView event, QByteArrayView data); // "event: X\ndata: Y\n\n" (event omitted when empty; multi-line data split)
QByteArray dataFrame(QByteArrayView data);                   // "data: Y\n\n"
QByteArray comment(QByteArrayView text);                     // ": text\n\n"
} // namespace Sse
