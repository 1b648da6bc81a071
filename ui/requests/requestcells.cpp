#include "requestcells.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QLocale>

namespace RequestCells {

QString orNone(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("\u2014") : text;
}

QString tokensText(const Usage &usage)
{
    if (!usage.known)
        return orNone({});
    const QLocale locale;
    return locale.toString(usage.inputTokens) % QStringLiteral(" / ") % locale.toString(usage.outputTokens);
}

QString tokensToolTip(const Usage &usage)
{
    if (!usage.known)
        return QCoreApplication::translate("RequestCells", "The upstream did not report usage");
    const QLocale locale;
    return QCoreApplication::translate("RequestCells", "Input: %1 (cached: %2)\nOutput: %3 (reasoning: %4)")
        .arg(locale.toString(usage.inputTokens), locale.toString(usage.cachedInputTokens),
             locale.toString(usage.outputTokens), locale.toString(usage.reasoningTokens));
}

QString httpStatusText(int status)
{
    return status > 0 ? QString::number(status) : orNone({});
}

QString costText(double usd)
{
    return QStringLiteral("$") % QLocale().toString(usd, 'f', 4);
}

QString durationText(qint64 ms)
{
    return QCoreApplication::translate("RequestCells", "%1 ms").arg(QLocale().toString(ms));
}

QString timeText(const QDateTime &utc)
{
    return QLocale().toString(utc.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QVariant errorForeground(const RequestLogRow &row)
{
    return row.ok() ? QVariant() : QVariant(QBrush(QColor(0xb9, 0x1c, 0x1c)));
}

} // namespace RequestCells
