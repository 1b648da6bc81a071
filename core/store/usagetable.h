#pragma once

#include "requestlogrow.h"
#include "usagerollup.h"

#include <QList>
#include <QSqlDatabase>

// usage_hourly: requests, errors, tokens and cost per (hour, key, channel, model), added to by
// the writer in the same transaction as the request rows they sum.
namespace UsageTable {
// Must run inside a write transaction. Additive (several nodes may write the same hour).
bool add(QSqlDatabase &db, const QList<RequestLogRow> &rows, QString *error);
QList<UsagePoint> query(QSqlDatabase &db, const UsageQuery &query, QString *error);
QString hourBucket(const QDateTime &t); // "2025-06-01T12:00:00Z"
} // namespace UsageTable
