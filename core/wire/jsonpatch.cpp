#include "jsonpatch.h"

#include <QList>

namespace JsonPatch {

namespace {

// Same nesting limit as QJsonDocument: deeper input is refused instead of exhausting the stack.
constexpr int maxDepth = 1024;

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A validating JSON scanner over raw bytes. Positions are byte offsets; every function returns
// the offset just past what it scanned, or -1 for malformed input. at() yields '\0' past the
// end, which no rule accepts, so running off the end is just another malformation.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text) : m_text(text) {}

    char at(qsizetype pos) const { return pos < m_text.size() ? m_text[pos] : '\0'; }
    qsizetype size() const { return m_text.size(); }

    qsizetype skipWhitespace(qsizetype pos) const
    {
        while (pos < m_text.size() && (at(pos) == ' ' || at(pos) == '\t' || at(pos) == '\n' || at(pos) == '\r'))
            ++pos;
        return pos;
    }

    qsizetype stringEnd(qsizetype pos) const;
    qsizetype valueEnd(qsizetype pos, int depth) const;

    // Walks the object at pos, calling visit(keyStart, keyEnd, valueStart, valueEnd) for each
    // member (key offsets include the quotes). Returns the offset past the closing brace.
    template<typename Visit>
    qsizetype objectEnd(qsizetype pos, int depth, Visit visit) const;

private:
    qsizetype arrayEnd(qsizetype pos, int depth) const;
    qsizetype numberEnd(qsizetype pos) const;
    qsizetype literalEnd(qsizetype pos) const;
    qsizetype digitsEnd(qsizetype pos) const;

    QByteArrayView m_text;
};

qsizetype Scanner::stringEnd(qsizetype pos) const
{
    if (at(pos) != '"')
        return -1;
    for (++pos; pos < m_text.size(); ++pos) {
        const char c = at(pos);
        if (c == '"')
            return pos + 1;
        if (static_cast<unsigned char>(c) < 0x20)
            return -1;
        if (c != '\\')
            continue;
        const char escaped = at(++pos);
        if (escaped == 'u') {
            for (int i = 1; i <= 4; ++i) {
                if (!isHexDigit(at(pos + i)))
                    return -1;
            }
            pos += 4;
        } else if (!QByteArrayView("\"\\/bfnrt").contains(escaped)) {
            return -1;
        }
    }
    return -1;
}

qsizetype Scanner::valueEnd(qsizetype pos, int depth) const
{
    if (depth > maxDepth)
        return -1;
    switch (at(pos)) {
    case '{':
        return objectEnd(pos, depth + 1, [](qsizetype, qsizetype, qsizetype, qsizetype) {});
    case '[':
        return arrayEnd(pos, depth + 1);
    case '"':
        return stringEnd(pos);
    case 't':
    case 'f':
    case 'n':
        return literalEnd(pos);
    default:
        return numberEnd(pos);
    }
}

template<typename Visit>
qsizetype Scanner::objectEnd(qsizetype pos, int depth, Visit visit) const
{
    if (at(pos) != '{')
        return -1;
    pos = skipWhitespace(pos + 1);
    if (at(pos) == '}')
        return pos + 1;
    for (;;) {
        const qsizetype keyStart = pos;
        const qsizetype keyEnd = stringEnd(keyStart);
        if (keyEnd < 0)
            return -1;
        pos = skipWhitespace(keyEnd);
        if (at(pos) != ':')
            return -1;
        const qsizetype valueStart = skipWhitespace(pos + 1);
        const qsizetype end = valueEnd(valueStart, depth);
        if (end < 0)
            return -1;
        visit(keyStart, keyEnd, valueStart, end);
        pos = skipWhitespace(end);
        if (at(pos) == '}')
            return pos + 1;
        if (at(pos) != ',')
            return -1;
        pos = skipWhitespace(pos + 1);
    }
}

qsizetype Scanner::arrayEnd(qsizetype pos, int depth) const
{
    pos = skipWhitespace(pos + 1);
    if (at(pos) == ']')
        return pos + 1;
    for (;;) {
        const qsizetype end = valueEnd(pos, depth);
        if (end < 0)
            return -1;
        pos = skipWhitespace(end);
        if (at(pos) == ']')
            return pos + 1;
        if (at(pos) != ',')
            return -1;
        pos = skipWhitespace(pos + 1);
    }
}

qsizetype Scanner::digitsEnd(qsizetype pos) const
{
    const qsizetype start = pos;
    while (isDigit(at(pos)))
        ++pos;
    return pos > start ? pos : -1;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, within a double's range as QJsonDocument
// requires (it refuses 1e999 and 1e-400): long or exponent numbers, rare, are converted to check.
qsizetype Scanner::numberEnd(qsizetype pos) const
{
    const qsizetype start = pos;
    if (at(pos) == '-')
        ++pos;
    if (at(pos) == '0')
        ++pos;
    else if ((pos = digitsEnd(pos)) < 0)
        return -1;
    if (at(pos) == '.' && (pos = digitsEnd(pos + 1)) < 0)
        return -1;
    bool exponent = false;
    if (at(pos) == 'e' || at(pos) == 'E') {
        exponent = true;
        ++pos;
        if (at(pos) == '+' || at(pos) == '-')
            ++pos;
        if ((pos = digitsEnd(pos)) < 0)
            return -1;
    }
    if (exponent || pos - start > 15) {
        bool ok = false;
        (void)m_text.sliced(start, pos - start).toDouble(&ok);
        if (!ok)
            return -1;
    }
    return pos;
}

qsizetype Scanner::literalEnd(qsizetype pos) const
{
    for (QByteArrayView literal : {QByteArrayView("true"), QByteArrayView("false"), QByteArrayView("null")}) {
        if (m_text.sliced(pos).startsWith(literal))
            return pos + literal.size();
    }
    return -1;
}

// The text of a JSON string literal's content (between the quotes), escapes resolved.
QString unescaped(QByteArrayView content)
{
    QString out;
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < content.size(); ++i) {
        if (content[i] != '\\')
            continue;
        out += QString::fromUtf8(content.sliced(runStart, i - runStart));
        const char escaped = content[++i];
        switch (escaped) {
        case 'b': out += u'\b'; break;
        case 'f': out += u'\f'; break;
        case 'n': out += u'\n'; break;
        case 'r': out += u'\r'; break;
        case 't': out += u'\t'; break;
        case 'u':
            // Surrogate halves arrive as two escapes and pair up inside the QString.
            out += QChar(char16_t(content.sliced(i + 1, 4).toByteArray().toUShort(nullptr, 16)));
            i += 4;
            break;
        default: out += QLatin1Char(escaped); break;
        }
        runStart = i + 1;
    }
    return out + QString::fromUtf8(content.sliced(runStart));
}

// A key literal (quotes included, already validated) compared with the plain UTF-8 key.
bool keyMatches(QByteArrayView literal, QByteArrayView key)
{
    const QByteArrayView content = literal.sliced(1, literal.size() - 2);
    if (!content.contains('\\'))
        return content == key;
    return unescaped(content) == QString::fromUtf8(key);
}

struct Range
{
    qsizetype start;
    qsizetype end;
};

struct TopLevel
{
    QList<Range> matches;         // values of the members named key, in order
    qsizetype lastValueEnd = -1;  // end of the last member's value; -1 for an empty object
    qsizetype closingBrace = -1;
};

// The top-level object of json (nothing but whitespace around it), or nullopt.
std::optional<TopLevel> scanTopLevel(QByteArrayView json, QByteArrayView key)
{
    const Scanner scanner(json);
    TopLevel top;
    const qsizetype start = scanner.skipWhitespace(0);
    const qsizetype end = scanner.objectEnd(start, 1, [&](qsizetype keyStart, qsizetype keyEnd, qsizetype valueStart,
                                                          qsizetype valueEnd) {
        if (keyMatches(json.sliced(keyStart, keyEnd - keyStart), key))
            top.matches.append({valueStart, valueEnd});
        top.lastValueEnd = valueEnd;
    });
    if (end < 0 || scanner.skipWhitespace(end) != json.size())
        return std::nullopt;
    top.closingBrace = end - 1;
    return top;
}

bool isSingleValue(QByteArrayView text)
{
    const Scanner scanner(text);
    const qsizetype end = scanner.valueEnd(scanner.skipWhitespace(0), 1);
    return end >= 0 && scanner.skipWhitespace(end) == text.size();
}

// json with every range replaced by replacement.
QByteArray spliced(QByteArrayView json, const QList<Range> &ranges, QByteArrayView replacement)
{
    QByteArray out;
    out.reserve(json.size() + ranges.size() * replacement.size());
    qsizetype copied = 0;
    for (const Range &range : ranges) {
        out.append(json.sliced(copied, range.start - copied)).append(replacement);
        copied = range.end;
    }
    return out.append(json.sliced(copied));
}

} // namespace

bool isDocument(QByteArrayView json)
{
    const Scanner scanner(json);
    const char first = scanner.at(scanner.skipWhitespace(0));
    return (first == '{' || first == '[') && isSingleValue(json);
}

std::optional<QByteArray> replaceTopLevelString(QByteArrayView json, QByteArrayView key, const QString &newValue)
{
    const std::optional<TopLevel> top = scanTopLevel(json, key);
    if (!top || top->matches.isEmpty())
        return std::nullopt;
    for (const Range &range : top->matches) {
        if (json[range.start] != '"')
            return std::nullopt;
    }
    return spliced(json, top->matches, escapeString(newValue));
}

QByteArray setTopLevelMember(QByteArrayView json, QByteArrayView key, QByteArrayView rawJsonValue)
{
    const std::optional<TopLevel> top = scanTopLevel(json, key);
    if (!top || !isSingleValue(rawJsonValue))
        return {};
    if (!top->matches.isEmpty())
        return spliced(json, top->matches, rawJsonValue);
    // Appended after the last value, so whitespace before the closing brace stays where it was.
    const bool empty = top->lastValueEnd < 0;
    const QByteArray member = (empty ? QByteArray() : QByteArrayLiteral(",")) + escapeString(QString::fromUtf8(key))
        + ':' + rawJsonValue.toByteArray();
    const qsizetype at = empty ? top->closingBrace : top->lastValueEnd;
    return spliced(json, {Range{at, at}}, member);
}

MemberRename memberRename(QByteArrayView key, const QString &from, const QString &to)
{
    const QByteArray fromOpen = escapeString(from).chopped(1);
    return MemberRename{escapeString(QString::fromUtf8(key)), fromOpen, escapeString(to), QByteArrayMatcher(fromOpen)};
}

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Whether the string literal starting at valueStart (a match of rename.fromOpen) is the value of a
// member named rename.key. Why bytes suffice, for valid JSON: outside strings JSON has no
// backslash, and inside a string a `"` must be escaped, so a `"` preceded by an even number of
// backslashes (zero included) is always structural: it opens or closes a string.
// - The key's closing quote follows its last letter: structural. It cannot open a string (no
//   JSON token ends in a letter right before a string), so it closes one.
// - The key's opening quote is checked to follow an even run of backslashes: structural too,
//   and with no structural quote between the two, that string is exactly the key (this is what
//   keeps `"say \"model": "x"`, a key `say "model`, out).
// - A string followed by optional whitespace and `:` is a member name; the value's opening
//   quote follows `:` or whitespace, so it opens the value string; valueEnd (below) finds
//   where it closes, so that string is exactly the old value, or it and a snapshot suffix.
// The same text inside a string value (tool-call arguments, message content) is escaped JSON,
// `\"model\":\"x\"`: its quotes follow a backslash and a letter, so `"model"` never matches.
bool isMemberValue(QByteArrayView text, qsizetype valueStart, QByteArrayView key)
{
    qsizetype pos = valueStart;
    while (pos > 0 && isJsonSpace(text[pos - 1]))
        --pos;
    if (pos == 0 || text[pos - 1] != ':')
        return false;
    --pos;
    while (pos > 0 && isJsonSpace(text[pos - 1]))
        --pos;
    const qsizetype keyStart = pos - key.size();
    if (keyStart < 0 || text.sliced(keyStart, key.size()) != key)
        return false;
    qsizetype backslashes = 0;
    while (keyStart - backslashes > 0 && text[keyStart - backslashes - 1] == '\\')
        ++backslashes;
    return backslashes % 2 == 0;
}

// Where the string literal found at `open` (its quote and the old value, escaped as fromOpen)
// ends, one past its closing quote, when it holds the old value or the old value and a
// snapshot suffix; -1 otherwise. A snapshot suffix has no quote or backslash, so the first
// quote after the name closes the string.
qsizetype valueEnd(QByteArrayView text, qsizetype open, qsizetype fromOpenSize)
{
    const qsizetype afterName = open + fromOpenSize;
    if (afterName < text.size() && text[afterName] == '"')
        return afterName + 1;
    const qsizetype quote = text.indexOf('"', afterName);
    if (quote < 0 || !isSnapshotSuffix(text.sliced(afterName, quote - afterName)))
        return -1;
    return quote + 1;
}

} // namespace

bool isSnapshotSuffix(QByteArrayView suffix)
{
    if (suffix.size() < 4 || suffix[0] != '-' || suffix[1] < '0' || suffix[1] > '9')
        return false;
    for (const char c : suffix.sliced(2))
        if ((c < '0' || c > '9') && c != '-')
            return false;
    return true;
}

int renameMembers(QByteArray &text, const MemberRename &rename)
{
    qsizetype pos = rename.fromFinder.indexIn(text);
    if (pos < 0)
        return 0; // the usual case for a stream event: one search, no copy
    QByteArray out;
    qsizetype copied = 0;
    int count = 0;
    for (; pos >= 0; pos = rename.fromFinder.indexIn(text, pos + 1)) {
        if (!isMemberValue(text, pos, rename.key))
            continue;
        const qsizetype end = valueEnd(text, pos, rename.fromOpen.size());
        if (end < 0)
            continue;
        if (count++ == 0)
            out.reserve(text.size() + 4 * qMax<qsizetype>(0, rename.to.size() - rename.fromOpen.size()));
        out.append(QByteArrayView(text).sliced(copied, pos - copied)).append(rename.to);
        copied = end;
        pos = copied - 1;
    }
    if (count > 0)
        text = out.append(QByteArrayView(text).sliced(copied));
    return count;
}

QByteArray escapeString(const QString &s)
{
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out.append('"');
    for (const char c : utf8) {
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out.append("\\u00").append(hex[(c >> 4) & 0xf]).append(hex[c & 0xf]);
            else
                out.append(c);
        }
    }
    out.append('"');
    return out;
}

} // namespace JsonPatch
