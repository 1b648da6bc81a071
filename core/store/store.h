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
    bool saveConfig(const Config &config, QString *error); // replaces all config tables in one transaction

    // ---- request log ----
    // Thread-safe, async (writer thread). The row's failures go to the error log in the same
    // transaction (FailureLog::entriesFor), its counts to the hourly usage rollups, and free-text
    // fields are stored with secrets masked.
    void appendRequestLog(const RequestLogRow &row);
    void flush();                                    // blocks until every queued row is committed
                                                     // (returns early if a write fails meanwhile:
                                                     // the rows stay queued and are retried)
    qint64 droppedRows() const;     // rows lost because the queue was full while writes kept failing
    QString lastWriteError() const; // "" while request-log writes succeed
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

    // ---- quota ledger (per-key spent and reserved; its own thread: see quotaledger.h) ----
    QuotaLedger *quotaLedger() const;

Q_SIGNALS:
    // Emitted (from the writer thread) after a batch is committed; connect queued.
    void requestLogsWritten(int count);

private:
    Store();
    QVariant requestLogScalar(const QString &sql, const QVariantList &values); // first column of the first row
    struct Private;
    std::unique_ptr<Private> d;
};
