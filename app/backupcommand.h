#pragma once

#include <QString>

// `relaydesk backup --to FILE`: an online copy of the SQLite database, consistent even while a
// relay keeps writing to it (VACUUM INTO reads one snapshot; WAL lets writers go on meanwhile).
// The copy is written next to FILE and renamed over it only once complete and checked, so an
// interrupted backup never leaves a half file under FILE's name. PostgreSQL: pg_dump is the
// tool (docs/backup.md). Returns the exit code: 0, or 2 with a one-line reason on stderr.
int runBackupCommand(const QString &databaseUrl, const QString &dataDir, const QString &target);
