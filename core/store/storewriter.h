#pragma once

#include "obs/errorentry.h"
#include "requestlogrow.h"
#include "retention.h"
#include "sqldialect.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSqlQuery>
#include <QWaitCondition>

class ConnectionRegistry;
class QTimer;

// The log writer. Lives on its own thread with its own connection; any thread hands it request
// rows (enqueue) and error-log entries (enqueueError). It writes them in transactions of up to
// kBatchRows items, at the latest kFlushIntervalMs after the first pending item, at once when
// kImmediateRows are pending. One transaction holds a batch's request rows, the error-log
// entries they make (FailureLog::entriesFor, secrets masked) and their additions to the
// hourly usage rollups, so a crash loses whole batches and never half of one.
// When the database refuses writes (locked, read-only, disk full, server gone) the items stay
// queued (up to maxQueuedRows(), the setting log_buffer_rows; beyond that new ones are dropped
// and counted) and the write is retried with backoff, on a new connection when the old one was
// lost. Rows go in as multi-row INSERTs of up to kInsertChunk rows (one round trip each).
// Retention pruning runs here too, in small steps between batches.
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBatchRows = 1000;
    static constexpr int kImmediateRows = 500;
    static constexpr int kFlushIntervalMs = 100;
    static constexpr int kDefaultMaxQueuedRows = 100000;
    static constexpr int kInsertChunk = 100; // 24 columns: 2,400 parameters, far below both backends' limits
    static constexpr int kMaxBackoffMs = 5000;
    static constexpr int kPruneIntervalMs = 60 * 1000;

    StoreWriter(ConnectionRegistry *registry, const SqlDialect &dialect);
    ~StoreWriter() override;

    // ---- any thread ----
    void enqueue(const RequestLogRow &row);
    void enqueueError(const ErrorEntry &entry); // a failure outside any request row
    void setRetention(const RetentionPolicy &policy); // prunes soon after a change
    // Blocks until every row enqueued before the call is committed; returns false early
    // when a write fails meanwhile (the rows stay queued and are retried).
    bool flush();
    qint64 droppedRows() const;
    qint64 pendingRows() const;
    QString lastError() const; // "" after a successful write
    void setMaxQueuedRows(qint64 rows);
    qint64 maxQueuedRows() const;

    // ---- writer thread (call through QMetaObject::invokeMethod) ----
    bool openConnection(QString *error);
    void shutdown(); // last write attempts, then closes the connection
    int pruneAll();  // prunes until nothing is left to prune; rows deleted, -1 on failure

Q_SIGNALS:
    void batchCommitted(int rows);
    // Writes started failing, work again, or the first row of a failure period was dropped.
    void writeStateChanged();

private:
    // One queued write: a request row (with the error entries it makes), or entries alone.
    struct Item
    {
        RequestLogRow row;
        bool hasRow = true;
        QList<ErrorEntry> errors;
    };

    void enqueueItem(Item item);
    void onKick();
    void writePending();
    bool writeBatch(const QList<Item> &items, QString *error);
    bool writeRows(QSqlDatabase &db, const QList<Item> &items, QString *error);
    bool insertRows(QSqlDatabase &db, const QList<RequestLogRow> &rows, QString *error);
    QSqlQuery *insertFor(QSqlDatabase &db, int rows, QString *error);
    void pruneStep();
    void onWriteFailed(const QString &error);
    void postKickLocked();

    ConnectionRegistry *m_registry;
    SqlDialect m_dialect;
    QHash<int, QSqlQuery> m_inserts; // prepared INSERT by row count, on the current connection
    QTimer *m_timer;
    QTimer *m_pruneTimer;
    int m_backoffMs = 0;   // 0: not retrying
    bool m_pruneFailed = false;

    mutable QMutex m_mutex; // guards everything below
    QWaitCondition m_committedChanged;
    QList<Item> m_queue;
    RetentionPolicy m_retention;
    qint64 m_enqueued = 0;  // rows ever accepted
    qint64 m_committed = 0; // rows ever committed (always a prefix of the accepted ones)
    qint64 m_dropped = 0;
    qint64 m_maxQueued = kDefaultMaxQueuedRows;
    bool m_droppedSinceFailure = false;
    qint64 m_failures = 0;
    QString m_lastError;
    bool m_kickPosted = false;
    bool m_flushRequested = false;
    bool m_retrying = false;
    bool m_running = true;
};
