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
    if (m_queue.size() >= kMaxQueuedRows) {
        if (m_dropped++ == 0 || m_dropped % 10000 == 0)
            qWarning("request log: %lld rows waiting for the database; dropped %lld new rows so far",
                     qlonglong(m_queue.size()), qlonglong(m_dropped));
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

bool StoreWriter::openConnection(QString *error)
{
    QSqlDatabase db = m_registry->connection(error);
    if (!db.isValid())
        return false;
    m_insert = QSqlQuery(db);
    if (!m_insert.prepare(RequestLogTable::insertSql())) {
        *error = SqlUtil::errorText(m_insert.lastError());
        return false;
    }
    return true;
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
        m_committedChanged.wakeAll();
        lock.unlock();
        if (m_backoffMs > 0)
            qInfo("request log: writes work again");
        m_backoffMs = 0;
        Q_EMIT batchCommitted(int(batch.size()));
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
        RequestLogTable::bind(m_insert, rows.constLast());
        if (!SqlUtil::exec(m_insert, error))
            return false;
    }
    m_insert.finish();
    return UsageTable::add(db, rows, entries, error) && ErrorLogTable::write(db, m_dialect, entries, error);
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
    if (m_backoffMs == 0)
        qWarning("request log: cannot write %lld rows, keeping them and retrying: %s",
                 qlonglong(pending), qPrintable(error));
    m_backoffMs = qBound(200, m_backoffMs * 2, kMaxBackoffMs);
    m_timer->start(m_backoffMs);
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
    m_insert = QSqlQuery();
    m_registry->releaseCurrentThread();
}
