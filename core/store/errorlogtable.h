#pragma once

#include "errorlog.h"
#include "obs/errorentry.h"
#include "sqldialect.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <optional>

// The error log's tables: error_groups (one row per signature), error_group_channels (which
// channels a group was seen on) and error_samples (the most recent entries of each group).
// Writes happen inside the writer's batch transaction; reads on the caller's connection.
namespace ErrorLogTable {
inline constexpr int kSamplesPerGroup = 20;

// Groups `entries` by signature and applies them: counts added, first/last seen widened,
// channels merged, the newest kSamplesPerGroup samples of each group kept (older pruned).
// Must run inside a write transaction. Safe with several nodes on one database: counts are
// added in the statement, never read and rewritten.
bool write(QSqlDatabase &db, const SqlDialect &dialect, const QList<ErrorEntry> &entries, QString *error);

QList<ErrorGroup> groups(QSqlDatabase &db, const ErrorGroupQuery &query, QString *error);
// nullopt (and *error "") when there is no such group.
std::optional<ErrorGroup> group(QSqlDatabase &db, const QString &signature, QString *error);
QList<ErrorSample> samples(QSqlDatabase &db, const QString &signature, int limit, QString *error);
qint64 groupCount(QSqlDatabase &db, QString *error);
// Hides the group from unacknowledged listings until it is seen again.
bool acknowledge(QSqlDatabase &db, const QString &signature, QString *error);
// Occurrences per signature in `hours` hourly slots starting at the hour of `from` (slot 0);
// signatures with no occurrence in the range are absent.
QHash<QString, QList<qint64>> hourlyCounts(QSqlDatabase &db, const QDateTime &from, int hours, QString *error);
} // namespace ErrorLogTable
