#pragma once

#include "config/config.h"
#include "errorlog.h"
#include "obs/errorentry.h"
#include "requestlogrow.h"
#include "retention.h"
#include "usagerollup.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QVariant>
#include <memory>
#include <optional>

class QuotaLedger;
class StoreWriter;

// The one persistence API: configuration (channels, keys, prices, settings) and logs, on
// SQLite (default) or PostgreSQL, behind the same code (dialect differences in sqldialect).
//
// Threads: the Store is created on the main thread. Writes of log rows go through a writer
// thread that batches them in transactions (appendRequestLog never blocks on disk). Every
// other call opens (once) a connection for the calling thread, so the GUI, the relay and
// /admin each read on their own connection.
class Store : public QObject
{
    Q_OBJECT
public:
    ~Store() override;

    // url: "sqlite:/path/relaydesk.db" or "postgres://user:pass@host:port/db".
    // Opens, enables WAL (SQLite), applies migrations. nullptr + *error on failure.
    static std::unique_ptr<Store> open(const QString &url, QString *error);

    QString backendName() const; // "sqlite" | "postgres"

    // ---- configuration (synchronous, small) ----
    Config loadConfig();
    // Replaces all config tables in one transaction, which also bumps configVersion().
    bool saveConfig(const Config &config, QString *error);
    // Counts every saveConfig() by any node on this database: a node that sees it change
    // reloads (RelayService polls it on PostgreSQL). -1 when it cannot be read.
    qint64 configVersion();
    // Polls configVersion() every intervalMs on a thread of its own and emits configChanged
    // when a save (by any node or store on this database) moved it past what this store last
    // loaded. For nodes sharing a PostgreSQL database; 0 stops.
    void watchConfig(int intervalMs);

    // ---- request log ----
    // Thread-safe, async (writer thread). The row's failures go to the error log in the same
    // transaction (FailureLog::entriesFor), its counts to the hourly usage rollups, and free-text
    // fields are stored with secrets masked.
    void appendRequestLog(const RequestLogRow &row);
    void flush();                                    // blocks until every queued row is committed
                                                     // (returns early if a write fails meanwhile:
                                                     // the rows stay queued and are retried)
    qint64 droppedRows() const;     // rows lost because the queue was full while writes kept failing
    qint64 pendingRows() const;     // rows (and error entries) waiting for the database
    QString lastWriteError() const; // "" while request-log writes succeed
    // All of the above at once, for /admin/health and the GUI's status line.
    struct LogWriteState
    {
        bool ok = true;         // the last write succeeded
        QString error;          // why not
        qint64 pendingRows = 0; // waiting in memory
        qint64 bufferRows = 0;  // the bound (log_buffer_rows)
        qint64 droppedRows = 0; // lost since start, because the bound was hit
    };
    LogWriteState logWriteState() const;
    // Rows kept in memory while the database refuses writes (the setting log_buffer_rows);
    // beyond it new rows are dropped and counted in droppedRows().
    void setLogBufferRows(qint64 rows);
    QList<RequestLogRow> requestLogs(const RequestLogQuery &query);
    qint64 requestLogCount();
    qint64 requestLogCount(const RequestLogQuery &filter); // rows matching (beforeId counts, limit not)
    // The id of the row `offset` rows down the filtered, newest-first log (0: past the end), so a
    // view can jump into the middle and page on by id from there.
    qint64 requestLogIdAt(const RequestLogQuery &filter, qint64 offset);

    // ---- error log (groups by signature, recent samples; see errorlog.h) ----
    void appendErrorEntry(const ErrorEntry &entry); // a failure outside a request; async
    QList<ErrorGroup> errorGroups(const ErrorGroupQuery &query);
    std::optional<ErrorGroup> errorGroup(const QString &signature); // nullopt: no such group
    QList<ErrorSample> errorSamples(const QString &signature, int limit = 20); // newest first
    qint64 errorGroupCount(); // -1 when it cannot be read
    bool acknowledgeErrorGroup(const QString &signature); // hidden until it happens again
    // Occurrences per signature per hour, `hours` slots from the hour of `from` (trend lines).
    QHash<QString, QList<qint64>> errorHourlyCounts(const QDateTime &from, int hours);

    // ---- usage rollups (hourly; day buckets are sums of hours) ----
    QList<UsagePoint> usage(const UsageQuery &query);

    // ---- retention ----
    void setRetention(const RetentionPolicy &policy); // the writer prunes in small steps
    int pruneNow(); // blocks until pruned (tests, tools); rows deleted, -1 on failure

    // ---- fault injection (tests) ----
    // Runs one statement on the log writer's own connection, from its thread; the first column
    // of the first row, or an invalid QVariant + *error. On SQLite, "PRAGMA query_only = 1" makes
    // the writer meet a read-only database and "PRAGMA max_page_count = <page_count>" a full disk
    // (SQLITE_FULL, as a full file system gives), where chmod cannot (tests run as root).
    QVariant queryOnWriterConnection(const QString &sql, QString *error);

    // ---- quota ledger (per-key spent and reserved; its own thread: see quotaledger.h) ----
    QuotaLedger *quotaLedger() const;

Q_SIGNALS:
    // Emitted (from the writer thread) after a batch is committed; connect queued.
    void requestLogsWritten(int count);
    // (From the writer thread) request-log writes started failing, work again, or began dropping
    // rows: read lastWriteError(), pendingRows(), droppedRows() (a GUI shows them in its status).
    void logWriteStateChanged();
    // (From the config watcher's thread) the config as saved by another node; connect queued.
    void configChanged(const Config &config);

private:
    Store();
    QVariant requestLogScalar(const QString &sql, const QVariantList &values); // first column of the first row
    struct Private;
    std::unique_ptr<Private> d;
};
