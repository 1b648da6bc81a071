#pragma once

#include "store/requestlogrow.h"

#include <QString>
#include <QVariant>

// How a request-log row reads in a table cell, shared by the Requests tab's paged model and
// the Dashboard's recent-requests model so both show a row the same way.
namespace RequestCells {
QString orNone(const QString &text);            // "" shows as an em dash
QString tokensText(const Usage &usage);         // "1,000 / 20", em dash when not reported
QString tokensToolTip(const Usage &usage);      // the four counts, or why there are none
QString httpStatusText(int status);             // em dash for 0 (no response)
QString costText(double usd);                   // "$0.0012"
QString durationText(qint64 ms);                // "1,234 ms"
QString timeText(const QDateTime &utc);         // local "yyyy-MM-dd HH:mm:ss"
QVariant errorForeground(const RequestLogRow &row); // red brush for failed rows, else null
} // namespace RequestCells
