#include "retryafter.h"

#include <QLocale>
#include <QTimeZone>

namespace RetryAfter {

QDateTime parseHttpDate(const QByteArray &value)
{
    // The weekday is dropped first: it is redundant, and Qt refuses a date whose weekday does
    // not match (RFC 850's two-digit year makes Qt pick the wrong century, and so the wrong day).
    QString text = QString::fromLatin1(value.simplified());
    const qsizetype comma = text.indexOf(u',');
    text = comma >= 0 ? text.mid(comma + 1).trimmed() : text.section(u' ', 1);
    const QLocale c = QLocale::c(); // month names are English whatever the user's locale
    static const char *const kFormats[] = {
        "dd MMM yyyy HH:mm:ss 'GMT'", // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "dd-MMM-yy HH:mm:ss 'GMT'",   // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT
        "MMM d HH:mm:ss yyyy",        // asctime:     Sun Nov  6 08:49:37 1994
    };
    for (const char *format : kFormats) {
        QDateTime t = c.toDateTime(text, QLatin1String(format));
        if (!t.isValid())
            continue;
        if (t.date().year() < 1970) // "yy" reads as 19yy
            t = t.addYears(100);
        t.setTimeZone(QTimeZone::utc());
        return t;
    }
    return QDateTime();
}

qint64 parseMs(const QByteArray &retryAfter, const QByteArray &retryAfterMs, const QDateTime &now)
{
    bool ok = false;
    const double ms = retryAfterMs.trimmed().toDouble(&ok);
    if (ok && ms >= 0)
        return qint64(ms);
    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty())
        return -1;
    const double seconds = value.toDouble(&ok);
    if (ok)
        return seconds >= 0 ? qint64(seconds * 1000) : -1;
    const QDateTime at = parseHttpDate(value);
    if (!at.isValid())
        return -1;
    return qMax<qint64>(0, now.msecsTo(at));
}

} // namespace RetryAfter
