#include "storewriter.h"

#include "connectionregistry.h"
#include "errorlogtable.h"
#include "failurelog.h"
#include "obs/logger.h"
#include "requestlogtable.h"
#include "sqlutil.h"
#include "usagetable.h"

#include <QDebug>
#include <QThread>
#include <QTimer>

StoreWriter::StoreWriter(ConnectionRegistry *registry, const SqlDialect &dialect)
    : m_registry(registry), m_dialect(dialect), m_timer(new QTimer(this)), m_pruneTimer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &StoreWriter::writePending);
    m_pruneTimer->setInterval(kPruneIntervalMs);
    connect(m_pruneTimer, &QTimer::timeout, this, &StoreWriter::pruneStep);
}

StoreWriter::~StoreWriter() = default;

void StoreWriter::enqueue(const RequestLogRow &row)
{
    enqueueItem(Item{row, true, {}});
}

void StoreWriter::enqueueError(const ErrorEntry &entry)
{
    enqueueItem(Item{RequestLogRow(), false, {entry}});
}

void StoreWriter::setRetention(const RetentionPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    if (m_retention == policy)
        return;
    m_retention = policy;
    QMetaObject::invokeMethod(this, &StoreWriter::pruneStep, Qt::QueuedConnection);
}

void StoreWriter::enqueueItem(Item item)
{
    QMutexLocker lock(&m_mutex);
    if (m_queue.size() >= m_maxQueued) {
        if (m_dropped++ == 0 || m_dropped % 10000 == 0)
            qWarning("request log: %lld rows waiting for the database (log_buffer_rows); dropped %lld new rows "
                     "so far: %s", qlonglong(m_queue.size()), qlonglong(m_dropped), qPrintable(m_lastError));
        const bool first = !m_droppedSinceFailure;
        m_droppedSinceFailure = true;
        lock.unlock();
        if (first)
            Q_EMIT writeStateChanged();
        return;
    }
    m_queue.append(std::move(item));
    ++m_enqueued;
    // One pending kick at a time: the first row starts the flush timer, a full batch writes
    // at once (unless we are waiting to retry a failed write).
    if (m_queue.size() == 1 || (m_queue.size() >= kImmediateRows && !m_retrying))
        postKickLocked();
}

void StoreWriter::postKickLocked()
{
    if (m_kickPosted)
        return;
    m_kickPosted = true;
    QMetaObject::invokeMethod(this, &StoreWriter::onKick, Qt::QueuedConnection);
}

bool StoreWriter::flush()
{
    if (QThread::currentThread() == thread()) { // e.g. a direct slot of batchCommitted
        writePending();
        return pendingRows() == 0;
    }
    QMutexLocker lock(&m_mutex);
    const qint64 target = m_enqueued;
    const qint64 failuresBefore = m_failures;
    if (m_committed >= target)
        return true;
    m_flushRequested = true;
    postKickLocked();
    while (m_committed < target && m_failures == failuresBefore && m_running)
        m_committedChanged.wait(&m_mutex);
    return m_committed >= target;
}

qint64 StoreWriter::droppedRows() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

qint64 StoreWriter::pendingRows() const
{
    QMutexLocker lock(&m_mutex);
    return m_queue.size();
}

QString StoreWriter::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

void StoreWriter::setMaxQueuedRows(qint64 rows)
{
    QMutexLocker lock(&m_mutex);
    m_maxQueued = qMax<qint64>(1, rows);
}

qint64 StoreWriter::maxQueuedRows() const
{
    QMutexLocker lock(&m_mutex);
    return m_maxQueued;
}

bool StoreWriter::openConnection(QString *error)
{
    QSqlDatabase db = m_registry->connection(error);
    return db.isValid() && insertFor(db, kInsertChunk, error);
}

QSqlQuery *StoreWriter::insertFor(QSqlDatabase &db, int rows, QString *error)
{
    auto it = m_inserts.find(rows);
    if (it != m_inserts.end())
        return &*it;
    QSqlQuery q(db);
    if (!q.prepare(RequestLogTable::insertSql(rows))) {
        *error = SqlUtil::errorText(q.lastError());
        return nullptr;
    }
    return &*m_inserts.insert(rows, q);
}

void StoreWriter::onKick()
{
    QMutexLocker lock(&m_mutex);
    m_kickPosted = false;
    const bool now = m_flushRequested || (m_queue.size() >= kImmediateRows && !m_retrying);
    const bool pending = !m_queue.isEmpty();
    lock.unlock();
    if (now)
        writePending();
    else if (pending && !m_timer->isActive())
        m_timer->start(kFlushIntervalMs);
}

void StoreWriter::writePending()
{
    m_timer->stop();
    for (;;) {
        QMutexLocker lock(&m_mutex);
        m_flushRequested = false;
        const QList<Item> batch = m_queue.mid(0, kBatchRows); // shallow copies
        lock.unlock();
        if (batch.isEmpty())
            return;
        QString error;
        if (!writeBatch(batch, &error))
            return onWriteFailed(error);
        lock.relock();
        // Rows are removed only once committed: a failed batch is still at the front.
        m_queue.remove(0, batch.size());
        m_committed += batch.size();
        m_retrying = false;
        m_lastError.clear();
        m_droppedSinceFailure = false;
        m_committedChanged.wakeAll();
        lock.unlock();
        const bool recovered = m_backoffMs > 0;
        if (recovered)
            qInfo("request log: writes work again (%lld rows dropped in all)", qlonglong(droppedRows()));
        m_backoffMs = 0;
        Q_EMIT batchCommitted(int(batch.size()));
        if (recovered)
            Q_EMIT writeStateChanged();
    }
}

bool StoreWriter::writeBatch(const QList<Item> &items, QString *error)
{
    QSqlDatabase db = m_registry->connection(error);
    if (!db.isValid())
        return false;
    SqlTransaction txn(db, m_dialect);
    if (!txn.begin(error))
        return false;
    if (!writeRows(db, items, error))
        return false;
    return txn.commit(error);
}

// Inside the batch's transaction: rows (masked), their usage rollups, then every error entry.
bool StoreWriter::writeRows(QSqlDatabase &db, const QList<Item> &items, QString *error)
{
    QList<RequestLogRow> rows;
    QList<ErrorEntry> entries;
    rows.reserve(items.size());
    for (const Item &item : items) {
        entries += item.errors;
        if (!item.hasRow)
            continue;
        entries += FailureLog::entriesFor(item.row);
        rows.append(FailureLog::masked(item.row));
    }
    return insertRows(db, rows, error) && UsageTable::add(db, rows, entries, error)
           && ErrorLogTable::write(db, m_dialect, entries, error);
}

bool StoreWriter::insertRows(QSqlDatabase &db, const QList<RequestLogRow> &rows, QString *error)
{
    for (qsizetype start = 0; start < rows.size(); start += kInsertChunk) {
        const int n = int(qMin<qsizetype>(kInsertChunk, rows.size() - start));
        QSqlQuery *insert = insertFor(db, n, error);
        if (!insert)
            return false;
        for (int i = 0; i < n; ++i)
            RequestLogTable::bind(*insert, rows.at(start + i), i);
        if (!SqlUtil::exec(*insert, error))
            return false;
        insert->finish();
    }
    return true;
}

void StoreWriter::pruneStep()
{
    QMutexLocker lock(&m_mutex);
    const RetentionPolicy policy = m_retention;
    lock.unlock();
    if (policy.isNone()) {
        m_pruneTimer->stop();
        return;
    }
    if (!m_pruneTimer->isActive())
        m_pruneTimer->start();
    QString error;
    QSqlDatabase db = m_registry->connection(&error);
    const int n = db.isValid() ? Retention::pruneStep(db, m_dialect, policy, QDateTime::currentDateTimeUtc(), &error) : -1;
    if (n < 0) {
        if (!m_pruneFailed)
            qCWarning(lcStore, "request log: pruning old rows failed, trying again later: %s", qPrintable(error));
        m_pruneFailed = true;
        return;
    }
    m_pruneFailed = false;
    if (n > 0) // more may be left: continue after whatever else is queued for this thread
        QMetaObject::invokeMethod(this, &StoreWriter::pruneStep, Qt::QueuedConnection);
}

int StoreWriter::pruneAll()
{
    QMutexLocker lock(&m_mutex);
    const RetentionPolicy policy = m_retention;
    lock.unlock();
    QString error;
    QSqlDatabase db = m_registry->connection(&error);
    if (!db.isValid())
        return -1;
    int total = 0;
    for (;;) {
        const int n = Retention::pruneStep(db, m_dialect, policy, QDateTime::currentDateTimeUtc(), &error);
        if (n < 0) {
            qCWarning(lcStore, "request log: pruning failed: %s", qPrintable(error));
            return -1;
        }
        if (n == 0)
            return total;
        total += n;
    }
}

void StoreWriter::onWriteFailed(const QString &error)
{
    QMutexLocker lock(&m_mutex);
    ++m_failures;
    m_retrying = true;
    m_lastError = error;
    const qsizetype pending = m_queue.size();
    m_committedChanged.wakeAll(); // flush() callers give up instead of hanging on a dead disk
    lock.unlock();
    // A server that went away leaves this connection dead for good: reopen it on the next try.
    m_inserts.clear();
    m_registry->dropIfBroken();
    const bool first = m_backoffMs == 0;
    if (first)
        qWarning("request log: cannot write %lld rows, keeping them (up to log_buffer_rows) and retrying: %s",
                 qlonglong(pending), qPrintable(error));
    m_backoffMs = qBound(200, m_backoffMs * 2, kMaxBackoffMs);
    m_timer->start(m_backoffMs);
    if (first)
        Q_EMIT writeStateChanged();
}

void StoreWriter::shutdown()
{
    m_timer->stop();
    m_pruneTimer->stop();
    for (int attempt = 0; attempt < 2 && pendingRows() > 0; ++attempt) {
        if (attempt > 0)
            QThread::msleep(200);
        writePending();
    }
    m_timer->stop();
    QMutexLocker lock(&m_mutex);
    if (!m_queue.isEmpty())
        qWarning("request log: %lld rows could not be written before closing: %s",
                 qlonglong(m_queue.size()), qPrintable(m_lastError));
    m_running = false;
    m_committedChanged.wakeAll();
    lock.unlock();
    m_inserts.clear();
    m_registry->releaseCurrentThread();
}
