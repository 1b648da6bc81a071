#include "requestguard.h"

#include <algorithm>

namespace {

constexpr int kMaxIdleBytes = 64;         // empty lines tolerated between two requests
constexpr qsizetype kMaxChunkLine = 1024; // a chunk-size line with its extensions

// RFC 9110 5.6.2 tchar.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// RFC 9110 5.5 field-vchar / obs-text, SP and HTAB: no NUL, no other control, no DEL.
bool isFieldValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

QByteArrayView trimmedOws(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

bool isDigits(QByteArrayView v)
{
    return !v.isEmpty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isHexDigits(QByteArrayView v)
{
    return !v.isEmpty() && std::all_of(v.begin(), v.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

// uri-host [ ":" port ]: reg-name characters, or an IPv6 literal in brackets.
bool isHostValue(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    return std::all_of(v.begin(), v.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || std::string_view("-._~!$&'()*+,;=%:[]").find(c) != std::string_view::npos;
    });
}

// RFC 9110 9.1: the methods the relay knows; anything else is "not implemented".
bool isKnownMethod(QByteArrayView m)
{
    for (const char *known : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
        if (m == QByteArrayView(known))
            return true;
    return false;
}

bool hasConnectionOption(QByteArrayView value, QByteArrayView option)
{
    for (const QByteArray &part : value.toByteArray().split(','))
        if (equalsIgnoreCase(trimmedOws(part), option))
            return true;
    return false;
}

} // namespace

RequestGuard::RequestGuard(const Limits &limits) : m_limits(limits) {}

RequestGuard::Progress RequestGuard::feed(QByteArrayView bytes)
{
    Progress progress;
    while (!bytes.isEmpty() && m_state != State::Failed) {
        switch (m_state) {
        case State::Idle:
            feedIdle(bytes);
            break;
        case State::Head:
            feedHead(bytes, progress);
            break;
        case State::Body:
            if (m_chunked)
                feedChunked(bytes, progress);
            else
                feedBody(bytes, progress);
            break;
        case State::Failed:
            break;
        }
    }
    return progress;
}

void RequestGuard::feedIdle(QByteArrayView &bytes)
{
    // Empty lines (CRLF) before a request line are tolerated, as Qt skips them too.
    while (!bytes.isEmpty()) {
        const char c = bytes.front();
        if (m_idleCr) {
            if (c != '\n')
                return fail(400, QStringLiteral("bare CR between requests"));
            m_idleCr = false;
        } else if (c == '\r') {
            m_idleCr = true;
        } else if (c == '\n') {
            return fail(400, QStringLiteral("bare LF between requests"));
        } else {
            startMessage();
            return;
        }
        bytes = bytes.sliced(1);
        if (++m_idleBytes > kMaxIdleBytes)
            return fail(400, QStringLiteral("too many empty lines before the request line"));
    }
}

void RequestGuard::startMessage()
{
    ++m_messageIndex;
    m_state = State::Head;
    m_idleBytes = 0;
    m_line.clear();
    m_method.clear();
    m_target.clear();
    m_headBytes = 0;
    m_haveRequestLine = false;
    m_http10 = false;
    m_fieldCount = 0;
    m_contentLengthCount = 0;
    m_contentLength = -1;
    m_transferEncodingCount = 0;
    m_hostCount = 0;
    m_expectContinue = false;
    m_connectionClose = false;
    m_connectionKeepAlive = false;
    m_chunked = false;
    m_chunk = Chunk::Size;
    m_bodyRemaining = 0;
    m_bodyTotal = 0;
}

// Moves bytes up to and including the next LF into m_line. True when a whole line is there
// (`content` without its CRLF); false when more bytes are needed or the guard failed.
bool RequestGuard::takeLine(QByteArrayView &bytes, qsizetype maxLine, QByteArrayView *content)
{
    const qsizetype lf = bytes.indexOf('\n');
    const qsizetype take = lf < 0 ? bytes.size() : lf + 1;
    if (m_line.size() + take > maxLine) {
        if (m_state == State::Head)
            fail(431, QStringLiteral("request head over max_header_bytes (%1 bytes)").arg(m_limits.maxHeaderBytes));
        else
            fail(400, QStringLiteral("chunk size line too long"));
        return false;
    }
    m_line.append(bytes.first(take));
    bytes = bytes.sliced(take);
    const qsizetype cr = m_line.indexOf('\r');
    if (lf < 0) {
        if (cr >= 0 && cr != m_line.size() - 1)
            fail(400, QStringLiteral("bare CR in the request head"));
        return false;
    }
    if (m_line.size() < 2 || m_line.at(m_line.size() - 2) != '\r')
        return refuse(400, QStringLiteral("bare LF in the request head (lines must end with CRLF)"));
    if (cr != m_line.size() - 2)
        return refuse(400, QStringLiteral("bare CR in the request head"));
    *content = QByteArrayView(m_line).chopped(2);
    return true;
}

void RequestGuard::feedHead(QByteArrayView &bytes, Progress &progress)
{
    while (!bytes.isEmpty() && m_state == State::Head) {
        QByteArrayView line;
        const bool complete = takeLine(bytes, m_limits.maxHeaderBytes - m_headBytes, &line);
        if (!complete)
            continue; // all of `bytes` taken, or failed
        m_headBytes += m_line.size();
        bool ok = true;
        if (!m_haveRequestLine)
            ok = checkRequestLine(line);
        else if (line.isEmpty())
            endHead(progress);
        else
            ok = checkField(line);
        if (!ok)
            return;
        m_line.clear();
    }
}

bool RequestGuard::checkRequestLine(QByteArrayView line)
{
    // method SP request-target SP HTTP-version, single spaces (RFC 9112 3).
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0)
        return refuse(400, QStringLiteral("malformed request line"));
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isToken(method))
        return refuse(400, QStringLiteral("malformed request method"));
    m_method = method.toByteArray();
    if (!isKnownMethod(method))
        return refuse(501, QStringLiteral("method %1 is not implemented").arg(QString::fromLatin1(method)));
    const bool targetOk = !target.isEmpty() && target.front() == '/'
        && std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f && c != '#'; });
    if (!targetOk)
        return refuse(400, QStringLiteral("request target must be an absolute path (origin-form)"));
    m_target = target.toByteArray();
    if (version == "HTTP/1.0") {
        m_http10 = true;
    } else if (version != "HTTP/1.1") {
        const bool looksHttp = version.size() == 8 && version.startsWith("HTTP/");
        return refuse(looksHttp ? 505 : 400, QStringLiteral("unsupported protocol version"));
    }
    m_haveRequestLine = true;
    return true;
}

bool RequestGuard::checkField(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return refuse(400, QStringLiteral("obsolete line folding in the request head"));
    if (++m_fieldCount > m_limits.maxHeaderFields)
        return refuse(431, QStringLiteral("more than %1 header fields").arg(m_limits.maxHeaderFields));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return refuse(400, QStringLiteral("malformed header field name"));
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    if (!std::all_of(value.begin(), value.end(), isFieldValueChar))
        return refuse(400, QStringLiteral("control character in header %1").arg(QString::fromLatin1(name)));
    return checkFramingField(name, value);
}

bool RequestGuard::checkFramingField(QByteArrayView name, QByteArrayView value)
{
    if (equalsIgnoreCase(name, "content-length")) {
        if (++m_contentLengthCount > 1)
            return refuse(400, QStringLiteral("more than one Content-Length"));
        if (!isDigits(value))
            return refuse(400, QStringLiteral("Content-Length must be a decimal number"));
        if (value.size() > 18)
            return refuse(413, QStringLiteral("request body over max_request_bytes (%1 bytes)").arg(m_limits.maxBodyBytes));
        m_contentLength = value.toLongLong();
    } else if (equalsIgnoreCase(name, "transfer-encoding")) {
        if (++m_transferEncodingCount > 1 || !equalsIgnoreCase(value, "chunked"))
            return refuse(400, QStringLiteral("Transfer-Encoding must be exactly \"chunked\""));
    } else if (equalsIgnoreCase(name, "host")) {
        if (++m_hostCount > 1)
            return refuse(400, QStringLiteral("more than one Host"));
        if (!isHostValue(value))
            return refuse(400, QStringLiteral("malformed Host"));
    } else if (equalsIgnoreCase(name, "expect")) {
        if (!equalsIgnoreCase(value, "100-continue"))
            return refuse(417, QStringLiteral("only Expect: 100-continue is supported"));
        m_expectContinue = true;
    } else if (equalsIgnoreCase(name, "connection")) {
        m_connectionClose = m_connectionClose || hasConnectionOption(value, "close");
        m_connectionKeepAlive = m_connectionKeepAlive || hasConnectionOption(value, "keep-alive");
    }
    return true;
}

void RequestGuard::endHead(Progress &progress)
{
    if (!m_http10 && m_hostCount == 0)
        return fail(400, QStringLiteral("missing Host"));
    if (m_transferEncodingCount > 0 && m_contentLengthCount > 0)
        return fail(400, QStringLiteral("both Content-Length and Transfer-Encoding"));
    if (m_transferEncodingCount > 0 && m_http10)
        return fail(400, QStringLiteral("Transfer-Encoding in an HTTP/1.0 request"));
    if (m_contentLength > m_limits.maxBodyBytes)
        return fail(413, QStringLiteral("request body of %1 bytes over max_request_bytes (%2 bytes)")
                             .arg(m_contentLength).arg(m_limits.maxBodyBytes));
    progress.headsCloseAfter.append(m_connectionClose || (m_http10 && !m_connectionKeepAlive));
    m_line.clear();
    m_chunked = m_transferEncodingCount > 0;
    if (m_chunked || m_contentLength > 0) {
        m_state = State::Body;
        m_bodyRemaining = m_chunked ? 0 : m_contentLength;
        progress.expectContinue = m_expectContinue;
        return;
    }
    finishMessage(progress);
}

void RequestGuard::feedBody(QByteArrayView &bytes, Progress &progress)
{
    const qsizetype take = qMin<qint64>(bytes.size(), m_bodyRemaining);
    bytes = bytes.sliced(take);
    m_bodyRemaining -= take;
    if (m_bodyRemaining == 0)
        finishMessage(progress);
}

void RequestGuard::feedChunked(QByteArrayView &bytes, Progress &progress)
{
    while (!bytes.isEmpty() && m_state == State::Body) {
        QByteArrayView line;
        switch (m_chunk) {
        case Chunk::Size:
            if (takeLine(bytes, kMaxChunkLine, &line)) {
                if (!checkChunkSize(line))
                    return;
                m_line.clear();
            }
            break;
        case Chunk::Data: {
            const qsizetype take = qMin<qint64>(bytes.size(), m_bodyRemaining);
            bytes = bytes.sliced(take);
            m_bodyRemaining -= take;
            if (m_bodyRemaining == 0)
                m_chunk = Chunk::DataEnd;
            break;
        }
        case Chunk::DataEnd:
        case Chunk::LastEnd:
            // Exactly CRLF after chunk data; after the last chunk no trailer fields (Qt 6.4
            // would read a trailer as the start of the next request).
            if (takeLine(bytes, kMaxChunkLine, &line)) {
                if (!line.isEmpty())
                    return fail(400, m_chunk == Chunk::LastEnd ? QStringLiteral("chunked trailer fields are not supported")
                                                               : QStringLiteral("chunk data not followed by CRLF"));
                m_line.clear();
                if (m_chunk == Chunk::LastEnd)
                    return finishMessage(progress);
                m_chunk = Chunk::Size;
            }
            break;
        }
    }
}

bool RequestGuard::checkChunkSize(QByteArrayView line)
{
    // chunk-size [ ";" chunk-ext ]: no whitespace, which parsers disagree about.
    const qsizetype semi = line.indexOf(';');
    const QByteArrayView size = semi < 0 ? line : line.first(semi);
    if (!isHexDigits(size) || !std::all_of(line.begin(), line.end(), isFieldValueChar) || line.contains(' ')
        || line.contains('\t'))
        return refuse(400, QStringLiteral("malformed chunk size"));
    if (size.size() > 15)
        return refuse(413, QStringLiteral("request body over max_request_bytes (%1 bytes)").arg(m_limits.maxBodyBytes));
    bool ok = false;
    const qint64 n = size.toLongLong(&ok, 16);
    m_bodyTotal += n;
    if (!ok || m_bodyTotal > m_limits.maxBodyBytes)
        return refuse(413, QStringLiteral("request body over max_request_bytes (%1 bytes)").arg(m_limits.maxBodyBytes));
    m_bodyRemaining = n;
    m_chunk = n == 0 ? Chunk::LastEnd : Chunk::Data;
    return true;
}

void RequestGuard::finishMessage(Progress &progress)
{
    ++progress.messagesCompleted;
    m_state = State::Idle;
    m_method.clear(); // a refusal between messages is not the last one's
    m_target.clear();
    m_idleBytes = 0;
    m_idleCr = false;
    m_line.clear();
}

void RequestGuard::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_rejection = Rejection{status, message};
}

bool RequestGuard::refuse(int status, const QString &message)
{
    fail(status, message);
    return false;
}
