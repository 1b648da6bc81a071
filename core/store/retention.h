#pragma once

#include "sqldialect.h"

#include <QDateTime>
#include <QSqlDatabase>

// How long the logs are kept (Settings::retentionDays / retentionRows; 0 = no limit).
struct RetentionPolicy
{
    int days = 0;      // request rows, error samples and error groups last seen earlier go
    qint64 rows = 0;   // request rows beyond the newest `rows` go
    bool isNone() const { return days <= 0 && rows <= 0; }
    bool operator==(const RetentionPolicy &o) const { return days == o.days && rows == o.rows; }
};

// Pruning in small steps, so the writer thread interleaves them with its batches and never
// holds the write lock for long. Usage rollups are kept (they are small and feed the charts).
namespace Retention {
inline constexpr int kStepRows = 2000;

// Deletes at most kStepRows rows of one table in its own transaction. Returns how many rows
// went (0: nothing left to prune), -1 + *error on failure.
int pruneStep(QSqlDatabase &db, const SqlDialect &dialect, const RetentionPolicy &policy,
              const QDateTime &now, QString *error);
} // namespace Retention
