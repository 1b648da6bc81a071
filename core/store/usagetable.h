#pragma once

#include "obs/errorentry.h"
#include "requestlogrow.h"
#include "usagerollup.h"

#include <QList>
#include <QSqlDatabase>

// usage_hourly: requests, errors, tokens and cost per (hour, key, channel, model), and
// usage_hourly_outcomes: end reasons of the rows and kinds of the error entries per hour, added
// to by the writer in the same transaction as the rows and entries they count.
namespace UsageTable {
// Must run inside a write transaction. Additive (several nodes may write the same hour).
bool add(QSqlDatabase &db, const QList<RequestLogRow> &rows, const QList<ErrorEntry> &entries, QString *error);
QList<UsagePoint> query(QSqlDatabase &db, const UsageQuery &query, QString *error);
QString hourBucket(const QDateTime &t); // "2025-06-01T12:00:00Z"
} // namespace UsageTable
