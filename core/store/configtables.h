#pragma once

#include "config/config.h"
#include "sqldialect.h"

#include <QSqlDatabase>

// The configuration tables (settings, channels, client_keys, prices). Channels and keys are
// stored as their config JSON, so a new field needs no schema change.
namespace ConfigTables {
// Reads what is there; a row that no longer validates is skipped with a warning.
Config load(QSqlDatabase &db, QString *error);
// Replaces every configuration row in one transaction, and bumps the config version in it.
bool save(QSqlDatabase &db, const SqlDialect &dialect, const Config &config, QString *error);
// How many saves this database has seen (any node); -1 + *error on failure.
qint64 version(QSqlDatabase &db, QString *error);
} // namespace ConfigTables
