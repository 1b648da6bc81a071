#pragma once

#include "databaseurl.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Everything that differs between SQLite and PostgreSQL, in one place. Schema SQL is written
// once with {PLACEHOLDERS} that expand() fills for the backend.
class SqlDialect
{
public:
    explicit SqlDialect(SqlBackend backend) : m_backend(backend) {}

    SqlBackend backend() const { return m_backend; }
    QString name() const;        // "sqlite" | "postgres" (as /admin/health reports it)
    QString driverName() const;  // the QtSql driver

    // {ID_PK}: auto-increment 64-bit primary key; {BIGINT}; {REAL}: double precision;
    // {WITHOUT_ROWID}: after a CREATE TABLE, SQLite stores the rows in the primary key itself.
    QString expand(QString sql) const;

    // Applies the URL to a fresh QSqlDatabase (file name, or host/port/user/...).
    void configure(QSqlDatabase &db, const DatabaseUrl &url) const;
    // Run once on the very first connection, before any other opens (SQLite: WAL).
    QStringList firstConnectionStatements() const;
    // Run on every new connection.
    QStringList connectionStatements() const;

    // Starts a write transaction that takes the write lock at once, so two writers never
    // deadlock upgrading a read lock (SQLite's "database is locked" on COMMIT).
    QString beginWrite() const;
    // Inside a migration's transaction: keeps a second node from migrating at the same time
    // ("" when beginWrite() already does, as SQLite's IMMEDIATE lock).
    QString migrationLock() const;
    // INSERT ... ON CONFLICT (key) DO UPDATE SET col = excluded.col, with `?` placeholders.
    // `updateColumns`: the columns a conflict overwrites (empty: every column but the key).
    QString upsert(const QString &table, const QStringList &columns, const QString &key,
                   const QStringList &updateColumns = {}) const;

private:
    SqlBackend m_backend;
};
