#include "errorsignature.h"

#include "secretmask.h"

#include <QRegularExpression>

namespace {

// Upstream messages can be whole bodies: normalising more than this buys nothing.
constexpr int kMaxInputChars = 4000;

struct Rule
{
    QRegularExpression pattern;
    QString replacement;
};

// Applied in order, before the token pass. Each runs on the text left by the previous ones,
// so the broad shapes (URLs, e-mails, times) go first and cannot be split by later rules.
const QList<Rule> &textRules()
{
    // thread_local: QRegularExpression compiles lazily, so one instance is not shared by threads.
    static thread_local const QList<Rule> rules{
        {QRegularExpression(QStringLiteral(R"re(\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s'"`<>()\[\]{}]+)re")),
         QStringLiteral("<url>")},
        {QRegularExpression(QStringLiteral(R"re(\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b)re")),
         QStringLiteral("<email>")},
        {QRegularExpression(QStringLiteral(
             R"re(\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?)?(?![\w:]))re")),
         QStringLiteral("<time>")},
        {QRegularExpression(QStringLiteral(
             R"re(\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}(?: (?:GMT|UTC))?)re")),
         QStringLiteral("<time>")},
        {QRegularExpression(QStringLiteral(R"re(\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b)re")), QStringLiteral("<time>")},
        {QRegularExpression(QStringLiteral(
             R"re(\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b)re")),
         QStringLiteral("<uuid>")},
        // Quoted values: the quote must not be an apostrophe inside a word ("can't").
        {QRegularExpression(QStringLiteral(R"re((?<![\w\\])"(?:[^"\\\n]|\\.){0,400}")re")), QStringLiteral("\"<v>\"")},
        {QRegularExpression(QStringLiteral(R"re((?<!\w)'[^'\n]{0,400}'(?!\w))re")), QStringLiteral("'<v>'")},
        {QRegularExpression(QStringLiteral(R"re(`[^`\n]{0,400}`)re")), QStringLiteral("`<v>`")},
        {QRegularExpression(QStringLiteral(R"re(\b0[xX][0-9A-Fa-f]+\b)re")), QStringLiteral("<hex>")},
        {QRegularExpression(QStringLiteral(
             R"re((?<![\w.])\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds?|min|mins|minutes?|h|hours?)\b)re")),
         QStringLiteral("<duration>")},
        {QRegularExpression(QStringLiteral(R"re((?<![\w.])\d+\.\d+(?![\d.]))re")), QStringLiteral("<n>")},
    };
    return rules;
}

bool isHexDigit(QChar c)
{
    return c.isDigit() || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// A number right after "HTTP", "status" or "code" is the HTTP status: a 404 and a 500 are
// different failures, so those stay.
bool isStatusContext(const QString &out, const QString &token)
{
    if (token.size() != 3 || token[0] < u'1' || token[0] > u'5')
        return false;
    static thread_local const QRegularExpression before(
        QStringLiteral(R"re((?:HTTP|[Ss]tatus|[Cc]ode|STATUS|CODE)(?:/[\d.]+)?[\s:=]*$)re"));
    return before.match(QStringView(out).right(24)).hasMatch();
}

// Short unit suffixes: "30s", "120ms", "8KB" are durations and sizes, not names.
bool isNumberWithUnit(const QString &token, qsizetype digits)
{
    static const QStringList units{QStringLiteral("ms"), QStringLiteral("s"), QStringLiteral("m"),
                                   QStringLiteral("h"), QStringLiteral("k"), QStringLiteral("b"),
                                   QStringLiteral("kb"), QStringLiteral("mb"), QStringLiteral("gb"),
                                   QStringLiteral("kib"), QStringLiteral("mib"), QStringLiteral("gib")};
    return digits > 0 && units.contains(token.mid(digits).toLower());
}

// What one run of letters and digits becomes (`out`: the text before it, already normalised).
QString normalizeToken(const QString &token, const QString &out)
{
    qsizetype digits = 0, letters = 0, leadingDigits = 0, upper = 0;
    bool allHex = true;
    for (qsizetype i = 0; i < token.size(); ++i) {
        const QChar c = token[i];
        if (c.isDigit()) {
            ++digits;
            if (leadingDigits == i)
                ++leadingDigits;
        } else {
            ++letters;
            upper += c.isUpper() ? 1 : 0;
        }
        allHex = allHex && isHexDigit(c);
    }
    if (letters == 0)
        return isStatusContext(out, token) ? token : QStringLiteral("<n>");
    if (digits > 0 && leadingDigits == digits && isNumberWithUnit(token, leadingDigits))
        return QStringLiteral("<n>") + token.mid(leadingDigits);
    if (digits > 0 && allHex && token.size() >= 6)
        return QStringLiteral("<hex>");
    // "resp_1ef7", "call_a1": what follows a prefix and an underscore is an id however short.
    if (digits > 0 && (token.size() >= 8 || out.endsWith(u'_')))
        return QStringLiteral("<id>");
    // Random-looking letters only (a base64 id or a key without digits).
    if (digits == 0 && (token.size() >= 24 || (token.size() >= 16 && upper > 0 && upper < letters)))
        return QStringLiteral("<id>");
    return token;
}

// Length of the placeholder an earlier rule put at `pos`, 0 when there is none.
qsizetype placeholderAt(const QString &text, qsizetype pos)
{
    static const QStringList placeholders{QStringLiteral("<url>"), QStringLiteral("<email>"),
                                          QStringLiteral("<time>"), QStringLiteral("<uuid>"),
                                          QStringLiteral("<v>"), QStringLiteral("<hex>"), QStringLiteral("<n>"),
                                          QStringLiteral("<duration>"),
                                          QStringLiteral("<secret>")};
    for (const QString &p : placeholders)
        if (QStringView(text).mid(pos).startsWith(p))
            return p.size();
    return 0;
}

// Tokens are runs of ASCII letters and digits; placeholders ("<n>") pass through untouched.
QString normalizeTokens(const QString &text)
{
    QString out;
    out.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        if (c == u'<') {
            if (const qsizetype length = placeholderAt(text, i); length > 0) {
                out += QStringView(text).mid(i, length);
                i += length;
                continue;
            }
        }
        if (c.isLetterOrNumber() && c.unicode() < 128) {
            qsizetype j = i;
            while (j < text.size() && text[j].isLetterOrNumber() && text[j].unicode() < 128)
                ++j;
            out += normalizeToken(text.mid(i, j - i), out);
            i = j;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

// "<n>, <n>, <n>" and "<id> <id>": lists whose length varies become one placeholder.
QString collapseRepeats(QString text)
{
    static thread_local const QRegularExpression repeats(
        QStringLiteral(R"re((<(?:n|id|hex|uuid|v)>)(?:[,;\s]+\1)+)re"));
    return text.replace(repeats, QStringLiteral("\\1"));
}

} // namespace

QString normalizeErrorMessage(const QString &message)
{
    // Secrets never reach a signature; their masked forms ("sk-a…yz", "****") differ per key.
    static thread_local const QRegularExpression masked(QStringLiteral(R"re([^\s"'`]{0,6}…[^\s"'`]{0,2}|\*{4})re"));
    QString text = SecretMask::apply(message.left(kMaxInputChars)).replace(masked, QStringLiteral("<secret>"));
    for (const Rule &rule : textRules()) {
        Q_ASSERT_X(rule.pattern.isValid(), "normalizeErrorMessage", qPrintable(rule.pattern.errorString()));
        text.replace(rule.pattern, rule.replacement);
    }
    text = collapseRepeats(normalizeTokens(text)).simplified();
    return text;
}

QString errorSignature(const QString &kind, const QString &channelType, const QString &message)
{
    QString head = kind.isEmpty() ? QStringLiteral("error") : kind;
    if (!channelType.isEmpty())
        head += u' ' + channelType;
    const QString normalized = normalizeErrorMessage(message);
    const QString signature = normalized.isEmpty() ? head : head + QStringLiteral(": ") + normalized;
    return signature.left(kMaxSignatureLength);
}
