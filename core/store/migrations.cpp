#include "migrations.h"

#include "sqlutil.h"

namespace {

// Prefix of a statement that runs on SQLite only.
constexpr QLatin1StringView kSqliteOnly("{SQLITE_ONLY}");

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

// The quota ledger: spent and reserved per client key, in nano-USD (integers, exact sums).
// The budget is copied from the config; spent survives config re-imports.
Migration quotaLedgerStep(int version)
{
    return Migration{version, {
        QStringLiteral("CREATE TABLE key_budget (key_name TEXT PRIMARY KEY, budget_nano {BIGINT} NOT NULL, "
                       "spent_nano {BIGINT} NOT NULL DEFAULT 0, reserved_nano {BIGINT} NOT NULL DEFAULT 0)"),
    }};
}

// The error log (groups by signature, the channels each was seen on, recent samples), the
// hourly usage rollups, and an index for /admin/logs?end_reason=.
Migration errorLogStep(int version)
{
    return Migration{version, {
        QStringLiteral("CREATE TABLE error_groups (signature TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                       "channel_type TEXT NOT NULL, occurrences {BIGINT} NOT NULL, first_seen TEXT NOT NULL, "
                       "last_seen TEXT NOT NULL, last_message TEXT NOT NULL, last_channel TEXT NOT NULL, "
                       "last_request_id TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX error_groups_last_seen ON error_groups (last_seen)"),
        QStringLiteral("CREATE TABLE error_group_channels (signature TEXT NOT NULL, channel TEXT NOT NULL, "
                       "PRIMARY KEY (signature, channel))"),
        QStringLiteral("CREATE TABLE error_samples (id {ID_PK}, signature TEXT NOT NULL, at TEXT NOT NULL, "
                       "request_id TEXT, key_name TEXT, channel TEXT, model TEXT, message TEXT, detail TEXT)"),
        QStringLiteral("CREATE INDEX error_samples_signature ON error_samples (signature, id)"),
        QStringLiteral("CREATE INDEX error_samples_at ON error_samples (at)"),
        QStringLiteral("CREATE TABLE usage_hourly (bucket TEXT NOT NULL, key_name TEXT NOT NULL, "
                       "channel TEXT NOT NULL, model TEXT NOT NULL, requests {BIGINT} NOT NULL, "
                       "errors {BIGINT} NOT NULL, input_tokens {BIGINT} NOT NULL, output_tokens {BIGINT} NOT NULL, "
                       "cached_input_tokens {BIGINT} NOT NULL, reasoning_tokens {BIGINT} NOT NULL, "
                       "cost_usd {REAL} NOT NULL, PRIMARY KEY (bucket, key_name, channel, model))"),
        QStringLiteral("CREATE INDEX request_log_end_reason ON request_log (end_reason, id)"),
    }};
}

// A counter every config save bumps in its transaction: nodes sharing a database poll it and
// reload the config when it moves (docs/multi-node.md).
Migration configVersionStep(int version)
{
    return Migration{version, {
        QStringLiteral("CREATE TABLE config_version (id INTEGER PRIMARY KEY, version {BIGINT} NOT NULL)"),
        QStringLiteral("INSERT INTO config_version (id, version) VALUES (1, 0)"),
    }};
}

// Outcomes per hour for the dashboard: the end reasons of the request rows (dimension
// "end_reason") and the kinds of the error-log entries ("error_kind"); names as stored elsewhere.
Migration outcomeRollupStep(int version)
{
    return Migration{version, {
        QStringLiteral("CREATE TABLE usage_hourly_outcomes (bucket TEXT NOT NULL, dimension TEXT NOT NULL, "
                       "name TEXT NOT NULL, occurrences {BIGINT} NOT NULL, PRIMARY KEY (bucket, dimension, name))"),
    }};
}

// What the GUI reads: a request looked up by id (Errors -> Requests), error groups
// acknowledged until they happen again, and hourly counts per error signature (trends).
Migration guiReadStep(int version)
{
    return Migration{version, {
        QStringLiteral("CREATE INDEX request_log_request_id ON request_log (request_id)"),
        QStringLiteral("ALTER TABLE error_groups ADD COLUMN acknowledged_at TEXT"),
        QStringLiteral("CREATE TABLE error_hourly (signature TEXT NOT NULL, bucket TEXT NOT NULL, "
                       "occurrences {BIGINT} NOT NULL, PRIMARY KEY (signature, bucket))"),
    }};
}

// One row per reservation of the quota ledger, written with it: a retry after a lost reply
// finds its reservation by the client-made id instead of reserving twice, a settlement is
// applied once (it deletes the row), and a sweep releases what a crashed node left
// (created_ms: the reserving node's clock, epoch ms). docs/routing-and-budgets.md.
// SQLite has no UPDATE or DELETE inside WITH, so its triggers keep each step one statement: the
// record's INSERT ... SELECT is the check-and-reserve (the first trigger adds to reserved), and
// setting charged_nano settles (the second charges, releases and deletes the record).
// PostgreSQL does both with WITH statements instead. The table holds only what is in flight
// (plus what the sweep released): no index on created_ms, and on SQLite no rowid, so each
// reservation and settlement writes as few pages as possible.
Migration quotaReservationStep(int version)
{
    return Migration{version, {
        QStringLiteral("CREATE TABLE quota_reservation (id TEXT PRIMARY KEY, key_name TEXT NOT NULL, "
                       "amount_nano {BIGINT} NOT NULL, created_ms {BIGINT} NOT NULL, charged_nano {BIGINT})"
                       "{WITHOUT_ROWID}"),
        QString(kSqliteOnly) + QStringLiteral("CREATE TRIGGER quota_reservation_reserve AFTER INSERT ON quota_reservation "
                                              "BEGIN UPDATE key_budget SET reserved_nano = reserved_nano + NEW.amount_nano "
                                              "WHERE key_name = NEW.key_name; END"),
        QString(kSqliteOnly) + QStringLiteral("CREATE TRIGGER quota_reservation_settle AFTER UPDATE OF charged_nano "
                                              "ON quota_reservation BEGIN UPDATE key_budget SET "
                                              "reserved_nano = reserved_nano - NEW.amount_nano, "
                                              "spent_nano = spent_nano + NEW.charged_nano WHERE key_name = NEW.key_name; "
                                              "DELETE FROM quota_reservation WHERE id = NEW.id; END"),
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
    for (const auto &sql : step.statements) {
        const bool sqliteOnly = sql.startsWith(kSqliteOnly);
        if (sqliteOnly && dialect.backend() != SqlBackend::Sqlite)
            continue;
        if (!SqlUtil::exec(db, dialect.expand(sqliteOnly ? sql.mid(kSqliteOnly.size()) : sql), error))
            return false;
    }
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
    static const QList<Migration> steps{version1(), quotaLedgerStep(2), errorLogStep(3), configVersionStep(4),
                                        outcomeRollupStep(5), guiReadStep(6),
                                        quotaReservationStep(7)};
    return steps;
}

int latestVersion()
{
    return all().constLast().version;
}

bool apply(QSqlDatabase &db, const SqlDialect &dialect, QString *error)
{
    // Two PostgreSQL nodes starting together may both create it: the loser gets a duplicate
    // key error, and the table exists by the time it tries again.
    const QString createVersionTable = QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version "
                                                      "(id INTEGER PRIMARY KEY, version INTEGER NOT NULL)");
    if (!SqlUtil::exec(db, createVersionTable, error) && !SqlUtil::exec(db, createVersionTable, error))
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

