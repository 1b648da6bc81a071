#pragma once

#include "sqldialect.h"

#include <QList>
#include <QSqlDatabase>
#include <QStringList>

// The schema, as an ordered list of steps. A database records the last step applied in
// schema_version; opening applies the missing ones, each in its own transaction.
// Never edit a released step: append a new one.
struct Migration
{
    int version;
    QStringList statements; // with SqlDialect placeholders
};

namespace Migrations {
const QList<Migration> &all();
int latestVersion();
// Applies every step newer than the database's version. False + *error on failure (the
// failed step is rolled back; earlier steps stay).
bool apply(QSqlDatabase &db, const SqlDialect &dialect, QString *error);
} // namespace Migrations
