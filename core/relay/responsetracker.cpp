#include "responsetracker.h"

namespace {
bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}
} // namespace

// Moves bytes up to the next LF into m_line; true when the line is complete. `offset`
// advances by what was taken.
bool ResponseTracker::takeLine(QByteArrayView &bytes, qsizetype &offset)
{
    const qsizetype lf = bytes.indexOf('\n');
    const qsizetype take = lf < 0 ? bytes.size() : lf + 1;
    m_line.append(bytes.first(take));
    bytes = bytes.sliced(take);
    offset += take;
    if (lf < 0)
        return false;
    m_line.chop(m_line.endsWith("\r\n") ? 2 : 1);
    return true;
}

ResponseTracker::Events ResponseTracker::feed(QByteArrayView bytes)
{
    Events events;
    qsizetype offset = 0;
    while (!bytes.isEmpty()) {
        if (m_state == State::UntilClose)
            break;
        if (m_state == State::Body || m_state == State::ChunkData) {
            const qsizetype take = qMin<qint64>(bytes.size(), m_remaining);
            bytes = bytes.sliced(take);
            offset += take;
            m_remaining -= take;
            if (m_remaining == 0) {
                if (m_state == State::Body)
                    complete(offset, events);
                else
                    m_state = State::ChunkDataEnd;
            }
            continue;
        }
        if (m_state == State::Idle) {
            m_state = State::StatusLine;
            m_line.clear();
        }
        if (takeLine(bytes, offset)) {
            onLine(offset, events);
            m_line.clear();
        }
    }
    return events;
}

void ResponseTracker::onLine(qsizetype offset, Events &events)
{
    switch (m_state) {
    case State::StatusLine:
        m_status = m_line.mid(9, 3).toInt();
        m_contentLength = -1;
        m_chunked = false;
        m_state = State::Headers;
        if (m_status >= 200)
            events.append({Event::Kind::Started, offset});
        break;
    case State::Headers: {
        if (m_line.isEmpty())
            return onHeadersEnd(offset, events);
        const qsizetype colon = m_line.indexOf(':');
        const QByteArrayView name = QByteArrayView(m_line).first(qMax<qsizetype>(colon, 0));
        const QByteArray value = m_line.mid(colon + 1).trimmed();
        if (equalsIgnoreCase(name, "content-length"))
            m_contentLength = value.toLongLong();
        else if (equalsIgnoreCase(name, "transfer-encoding"))
            m_chunked = value.toLower().contains("chunked");
        break;
    }
    case State::ChunkSize: {
        bool ok = false;
        m_remaining = m_line.split(';').value(0).trimmed().toLongLong(&ok, 16);
        m_state = !ok ? State::UntilClose : m_remaining == 0 ? State::Trailer : State::ChunkData;
        break;
    }
    case State::ChunkDataEnd:
        m_state = State::ChunkSize;
        break;
    case State::Trailer:
        if (m_line.isEmpty())
            complete(offset, events);
        break;
    default:
        break;
    }
}

void ResponseTracker::onHeadersEnd(qsizetype offset, Events &events)
{
    if (m_status < 200) {
        m_state = State::Idle; // interim: the final response follows
    } else if (m_status == 204 || m_status == 304) {
        complete(offset, events);
    } else if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (m_contentLength >= 0) {
        m_remaining = m_contentLength;
        if (m_remaining == 0)
            complete(offset, events);
        else
            m_state = State::Body;
    } else {
        m_state = State::UntilClose; // ends with the connection
    }
}

void ResponseTracker::complete(qsizetype offset, Events &events)
{
    events.append({Event::Kind::Completed, offset});
    m_state = State::Idle;
}
