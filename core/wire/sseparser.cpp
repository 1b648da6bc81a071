#include "sseparser.h"

#include <cstring>

namespace {

constexpr QByteArrayView lineEndBytes[] = {"\n", "\r\n", "\r"};

// Finds CR or LF. memchr is vectorised, but searching for both from every line start would be
// quadratic when one of them never comes (a CR-only stream rescans to the end for an LF): the
// next LF is remembered, and the CR search stops there.
class LineEndFinder
{
public:
    LineEndFinder(const char *data, qsizetype size) : m_data(data), m_size(size) {}

    // Index of the first CR or LF in [from, size), or -1.
    qsizetype next(qsizetype from)
    {
        if (from >= m_size)
            return -1; // also keeps a null data pointer away from memchr
        if (m_nextLf < from) {
            const void *lf = std::memchr(m_data + from, '\n', size_t(m_size - from));
            m_nextLf = lf ? static_cast<const char *>(lf) - m_data : m_size;
        }
        const void *cr = std::memchr(m_data + from, '\r', size_t(m_nextLf - from));
        if (cr)
            return static_cast<const char *>(cr) - m_data;
        return m_nextLf < m_size ? m_nextLf : -1;
    }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_nextLf = -1;
};

} // namespace

SseParser::SseParser(qsizetype maxLineBytes)
    : m_maxLine(maxLineBytes)
{
}

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> events;
    if (hasError() || bytes.isEmpty())
        return events;
    if (m_lastWasCR) {
        m_lastWasCR = false;
        // The LF of a CRLF split across two reads. If its CR ended a blank line the frame is
        // already dispatched (waiting for the next read would stall CR-only streams), so the
        // LF is an empty line with nothing before it and is dropped.
        if (bytes.front() == '\n') {
            if (m_hasContent) {
                m_current.raw.append('\n');
                m_lastEnd = LineEnd::CrLf;
            }
            bytes = bytes.sliced(1);
        }
    }
    m_buffer.append(bytes.data(), bytes.size());
    scanLines(events);
    return events;
}

// Takes every complete line out of m_buffer, leaving only the incomplete tail; a line over the
// limit, complete or not, puts the parser in error.
void SseParser::scanLines(QList<SseEvent> &events)
{
    const char *data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    qsizetype lineStart = 0;
    qsizetype pos = m_scanPos;
    LineEndFinder finder(data, size);
    while (pos < size) {
        const qsizetype eol = finder.next(pos);
        if (eol < 0)
            break;
        if (eol - lineStart > m_maxLine) {
            fail();
            return;
        }
        LineEnd end = data[eol] == '\n' ? LineEnd::Lf : LineEnd::Cr;
        if (end == LineEnd::Cr) {
            if (eol + 1 < size && data[eol + 1] == '\n')
                end = LineEnd::CrLf;
            else if (eol + 1 == size)
                m_lastWasCR = true;
        }
        const qsizetype next = eol + lineEndBytes[int(end)].size();
        takeLine(QByteArrayView(data + lineStart, next - lineStart), eol - lineStart, end, events);
        lineStart = pos = next;
    }
    if (size - lineStart > m_maxLine) {
        fail();
        return;
    }
    if (lineStart > 0)
        m_buffer.remove(0, lineStart);
    // After one huge line, don't keep its capacity for the rest of a long stream.
    if (m_buffer.isEmpty() && m_buffer.capacity() > 256 * 1024)
        m_buffer = QByteArray();
    m_scanPos = m_buffer.size();
}

void SseParser::takeLine(QByteArrayView lineWithEnd, qsizetype contentLength, LineEnd end,
                         QList<SseEvent> &events)
{
    if (contentLength == 0) {
        // A blank line: dispatch, or nothing at all when no frame has started.
        if (m_hasContent) {
            m_current.raw.append(lineWithEnd);
            events.append(takeFrame());
        }
        return;
    }
    m_current.raw.append(lineWithEnd);
    m_hasContent = true;
    m_lastEnd = end;
    takeField(lineWithEnd.first(contentLength));
}

void SseParser::takeField(QByteArrayView line)
{
    if (line.front() == ':')
        return; // comment
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView name = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (name == "data") {
        if (m_hasData)
            m_current.data.append('\n');
        m_current.data.append(value);
        m_hasData = m_hasField = true;
    } else if (name == "event") {
        m_current.event = value.toByteArray();
        m_hasField = true;
    } else if (name == "id") {
        // WHATWG: an id containing NUL is ignored.
        if (!value.contains('\0'))
            m_current.id = value.toByteArray();
        m_hasField = true;
    }
    // `retry:` and unknown fields carry nothing a relay uses.
}

SseEvent SseParser::takeFrame()
{
    SseEvent frame = std::move(m_current);
    // Comments, `retry:` and unknown fields alone dispatch nothing (WHATWG): a keep-alive.
    frame.commentOnly = !m_hasField;
    m_current = SseEvent();
    m_hasContent = m_hasData = m_hasField = false;
    m_lastEnd = LineEnd::Lf;
    return frame;
}

void SseParser::fail()
{
    m_error = QStringLiteral("SSE line exceeds %1 bytes").arg(m_maxLine);
    m_buffer = QByteArray();
    m_scanPos = 0;
    m_current = SseEvent();
    m_hasContent = m_hasData = m_hasField = m_lastWasCR = false;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> events;
    if (hasError())
        return events;
    if (!m_buffer.isEmpty()) {
        // The last line lacks its terminator: take it as a line (e.g. a final `data: [DONE]`).
        m_current.raw.append(m_buffer);
        m_hasContent = true;
        takeField(m_buffer);
        m_current.raw.append(lineEndBytes[int(m_lastEnd)]);
    }
    // Only a frame holding data is worth completing; anything else is a cut-off remnant.
    if (m_hasData) {
        m_current.raw.append(lineEndBytes[int(m_lastEnd)]);
        events.append(takeFrame());
    }
    m_buffer = QByteArray();
    m_scanPos = 0;
    m_current = SseEvent();
    m_hasContent = m_hasData = m_hasField = m_lastWasCR = false;
    return events;
}

namespace Sse {

namespace {

// Calls f for each line of text, splitting at LF, CRLF and lone CR (a raw CR inside a data
// line would otherwise end the line for the reader).
template<typename F>
void forEachLine(QByteArrayView text, F f)
{
    qsizetype start = 0;
    LineEndFinder finder(text.data(), text.size());
    for (;;) {
        const qsizetype eol = finder.next(start);
        if (eol < 0) {
            f(text.sliced(start));
            return;
        }
        f(text.sliced(start, eol - start));
        start = eol + ((text[eol] == '\r' && eol + 1 < text.size() && text[eol + 1] == '\n') ? 2 : 1);
    }
}

} // namespace

QByteArray frame(QByteArrayView event, QByteArrayView data)
{
    QByteArray out;
    out.reserve(event.size() + data.size() + 16);
    if (!event.isEmpty())
        out.append("event: ").append(event).append('\n');
    forEachLine(data, [&out](QByteArrayView line) { out.append("data: ").append(line).append('\n'); });
    out.append('\n');
    return out;
}

QByteArray dataFrame(QByteArrayView data)
{
    return frame({}, data);
}

QByteArray comment(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size() + 4);
    forEachLine(text, [&out](QByteArrayView line) { out.append(": ").append(line).append('\n'); });
    out.append('\n');
    return out;
}

} // namespace Sse

QList<SseEvent> SseParser::parseAll(QByteArrayView bytes, qsizetype maxLineBytes)
{
    SseParser parser(maxLineBytes);
    QList<SseEvent> events = parser.feed(bytes);
    events += parser.finish();
    return events;
}
