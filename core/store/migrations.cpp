#include "migrations.h"

#include "sqlutil.h"

namespace {

Migration version1()
{
    return Migration{1, {
        QStringLiteral("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE channels (name TEXT PRIMARY KEY, position INTEGER NOT NULL, json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE client_keys (name TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                       "key_hash TEXT NOT NULL UNIQUE, key_prefix TEXT NOT NULL, json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE prices (model TEXT PRIMARY KEY, input {REAL} NOT NULL, "
                       "output {REAL} NOT NULL, cached_input {REAL})"),
        QStringLiteral("CREATE TABLE request_log ("
                       "id {ID_PK}, request_id TEXT, started_at TEXT, duration_ms {BIGINT}, node TEXT, "
                       "client_format TEXT, path TEXT, key_name TEXT, channel TEXT, key_index INTEGER, "
                       "model TEXT, upstream_model TEXT, stream INTEGER, http_status INTEGER, status TEXT, "
                       "end_reason TEXT, stream_status TEXT, input_tokens {BIGINT}, output_tokens {BIGINT}, "
                       "cached_input_tokens {BIGINT}, reasoning_tokens {BIGINT}, cost_usd {REAL}, "
                       "error_message TEXT, upstream_response_id TEXT, detail TEXT)"),
        QStringLiteral("CREATE INDEX request_log_key ON request_log (key_name, id)"),
        QStringLiteral("CREATE INDEX request_log_channel ON request_log (channel, id)"),
        QStringLiteral("CREATE INDEX request_log_model ON request_log (model, id)"),
        QStringLiteral("CREATE INDEX request_log_status ON request_log (status, id)"),
        QStringLiteral("CREATE INDEX request_log_started ON request_log (started_at)"),
    }};
}

// -1 + *error on failure; 0 for a new database.
int currentVersion(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version WHERE id = 1"))) {
        *error = SqlUtil::errorText(q.lastError());
        return -1;
    }
    return q.next() ? q.value(0).toInt() : 0;
}

bool applyStep(QSqlDatabase &db, const SqlDialect &dialect, const Migration &step, QString *error)
{
    SqlTransaction txn(db, dialect);
    if (!txn.begin(error))
        return false;
    if (!dialect.migrationLock().isEmpty() && !SqlUtil::exec(db, dialect.migrationLock(), error))
        return false;
    // Read inside the write transaction: another process may have migrated meanwhile.
    const int version = currentVersion(db, error);
    if (version < 0)
        return false;
    if (version >= step.version)
        return txn.commit(error);
    for (const auto &sql : step.statements)
        if (!SqlUtil::exec(db, dialect.expand(sql), error))
            return false;
    QSqlQuery q(db);
    q.prepare(dialect.upsert(QStringLiteral("schema_version"), {QStringLiteral("id"), QStringLiteral("version")},
                             QStringLiteral("id")));
    q.addBindValue(1);
    q.addBindValue(step.version);
    if (!SqlUtil::exec(q, error))
        return false;
    q.finish();
    return txn.commit(error);
}

} // namespace

namespace Migrations {

const QList<Migration> &all()
{
    static const QList<Migration> steps{version1()};
    return steps;
}

int latestVersion()
{
    return all().constLast().version;
}

bool apply(QSqlDatabase &db, const SqlDialect &dialect, QString *error)
{
    if (!SqlUtil::exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version "
                                          "(id INTEGER PRIMARY KEY, version INTEGER NOT NULL)"), error))
        return false;
    const int version = currentVersion(db, error);
    if (version < 0)
        return false;
    if (version > latestVersion()) {
        *error = QStringLiteral("schema version %1 is newer than this build of RelayDesk knows (%2)")
                     .arg(version).arg(latestVersion());
        return false;
    }
    for (const auto &step : all())
        if (step.version > version && !applyStep(db, dialect, step, error))
            return false;
    return true;
}

} // namespace Migrations

