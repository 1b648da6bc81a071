#pragma once

#include "requestlogrow.h"
#include "sqldialect.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QSqlQuery>
#include <QWaitCondition>

class ConnectionRegistry;
class QTimer;

// The request-log writer. Lives on its own thread with its own connection; any thread hands
// it rows through enqueue(). It writes them in transactions of up to kBatchRows, at the
// latest kFlushIntervalMs after the first pending row, at once when kImmediateRows are
// pending. When the database refuses writes (locked, read-only, disk full) the rows stay
// queued (up to kMaxQueuedRows; beyond that new rows are dropped and counted) and the write
// is retried with backoff.
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBatchRows = 1000;
    static constexpr int kImmediateRows = 500;
    static constexpr int kFlushIntervalMs = 100;
    static constexpr int kMaxQueuedRows = 100000;
    static constexpr int kMaxBackoffMs = 5000;

    StoreWriter(ConnectionRegistry *registry, const SqlDialect &dialect);
    ~StoreWriter() override;

    // ---- any thread ----
    void enqueue(const RequestLogRow &row);
    // Blocks until every row enqueued before the call is committed; returns false early
    // when a write fails meanwhile (the rows stay queued and are retried).
    bool flush();
    qint64 droppedRows() const;
    qint64 pendingRows() const;
    QString lastError() const; // "" after a successful write

    // ---- writer thread (call through QMetaObject::invokeMethod) ----
    bool openConnection(QString *error);
    void shutdown(); // last write attempts, then closes the connection

Q_SIGNALS:
    void batchCommitted(int rows);

private:
    void onKick();
    void writePending();
    bool writeBatch(const QList<RequestLogRow> &rows, QString *error);
    void onWriteFailed(const QString &error);
    void postKickLocked();

    ConnectionRegistry *m_registry;
    SqlDialect m_dialect;
    QSqlQuery m_insert;
    QTimer *m_timer;
    int m_backoffMs = 0;   // 0: not retrying

    mutable QMutex m_mutex; // guards everything below
    QWaitCondition m_committedChanged;
    QList<RequestLogRow> m_queue;
    qint64 m_enqueued = 0;  // rows ever accepted
    qint64 m_committed = 0; // rows ever committed (always a prefix of the accepted ones)
    qint64 m_dropped = 0;
    qint64 m_failures = 0;
    QString m_lastError;
    bool m_kickPosted = false;
    bool m_flushRequested = false;
    bool m_retrying = false;
    bool m_running = true;
};
