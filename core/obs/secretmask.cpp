#include "secretmask.h"

#include "wire/headerfilter.h"

#include <QRegularExpression>

namespace {

// Replaces capture group `group` of every match with its masked form.
QString maskGroup(const QString &text, const QRegularExpression &pattern, int group)
{
    QString out;
    qsizetype last = 0;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart(group) - last);
        out += HeaderFilter::maskSecret(m.capturedView(group));
        last = m.capturedEnd(group);
    }
    if (last == 0)
        return text;
    out += QStringView(text).mid(last);
    return out;
}

} // namespace

namespace SecretMask {

QString apply(const QString &text)
{
    if (text.isEmpty())
        return text;
    // thread_local: QRegularExpression compiles lazily, so one instance is not shared by threads.
    static thread_local const QRegularExpression scheme(
        QStringLiteral(R"re((?i)\b(?:bearer|basic)\s+([A-Za-z0-9._~+/=\-]{6,}))re"));
    static thread_local const QRegularExpression header(QStringLiteral(
        R"re((?i)\b(?:x-api-key|x-goog-api-key|api-key|proxy-authorization|authorization|admin_token|api_key))re"
        R"re("?\s*[:=]\s*"?(?!(?:bearer|basic)\s)([^\s",;&}]{6,}))re"));
    static thread_local const QRegularExpression keyShape(
        QStringLiteral(R"re(\b((?:sk|rk|adm|pk)-[A-Za-z0-9_\-]{8,}|AIza[0-9A-Za-z_\-]{20,}))re"));
    static thread_local const QRegularExpression query(
        QStringLiteral(R"re((?i)[?&](?:key|api_key|access_token|token)=([^&\s#"']{4,}))re"));
    QString out = maskGroup(text, scheme, 1);
    out = maskGroup(out, header, 1);
    out = maskGroup(out, keyShape, 1);
    return maskGroup(out, query, 1);
}

} // namespace SecretMask
