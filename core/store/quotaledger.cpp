#include "quotaledger.h"

#include "budgettable.h"
#include "connectionregistry.h"
#include "quotaledgerworker.h"

std::unique_ptr<QuotaLedger> QuotaLedger::start(ConnectionRegistry *registry, const SqlDialect &dialect,
                                                QString *error)
{
    std::unique_ptr<QuotaLedger> ledger(new QuotaLedger);
    ledger->m_registry = registry;
    ledger->m_dialect = dialect;
    ledger->m_mailbox = std::make_shared<LedgerMailbox>();
    auto *worker = new QuotaLedgerWorker(registry, dialect, ledger->m_mailbox);
    worker->moveToThread(&ledger->m_thread);
    ledger->m_worker = worker;
    ledger->m_thread.setObjectName(QStringLiteral("relaydesk-quota-ledger"));
    ledger->m_thread.start();
    bool ok = false;
    QMetaObject::invokeMethod(worker, [&] { ok = worker->openConnection(error); }, Qt::BlockingQueuedConnection);
    if (!ok)
        return nullptr; // the destructor stops the thread
    QMutexLocker lock(&ledger->m_mailbox->mutex);
    ledger->m_mailbox->worker = worker;
    return ledger;
}

QuotaLedger::~QuotaLedger()
{
    if (!m_worker)
        return;
    {
        QMutexLocker lock(&m_mailbox->mutex);
        m_mailbox->worker = nullptr;
    }
    QuotaLedgerWorker *worker = m_worker;
    // Queued after every reservation and settlement posted so far: they all run first.
    QMetaObject::invokeMethod(worker, [worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete worker;
}

QFuture<QuotaLedger::Answer> QuotaLedger::reserve(const QString &key, qint64 budgetNano, qint64 amountNano)
{
    auto promise = std::make_shared<QPromise<Answer>>();
    QFuture<Answer> future = promise->future();
    QuotaLedgerWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, promise, key, budgetNano, amountNano] { worker->reserve(key, budgetNano, amountNano, *promise); },
        Qt::QueuedConnection);
    return future;
}

void QuotaLedger::sync()
{
    QMetaObject::invokeMethod(m_worker, [] {}, Qt::BlockingQueuedConnection);
}

void QuotaLedger::sweepStaleReservations(const QDateTime &now)
{
    QuotaLedgerWorker *worker = m_worker;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    QMetaObject::invokeMethod(worker, [worker, nowMs] { worker->sweepStale(nowMs); }, Qt::QueuedConnection);
}

void QuotaLedger::loseNextReplyForTests()
{
    m_worker->loseNextReply();
}

qint64 QuotaLedger::pendingSettlements() const
{
    return m_worker->pendingSettlements();
}

QString QuotaLedger::lastError() const
{
    return m_worker->lastError();
}

std::optional<KeyBudget> QuotaLedger::keyBudget(const QString &key)
{
    QString error;
    QSqlDatabase db = m_registry->connection(&error);
    if (!db.isValid())
        return std::nullopt;
    std::optional<KeyBudget> budget = BudgetTable(db, *m_dialect).read(key, &error);
    if (!error.isEmpty()) {
        db = QSqlDatabase();
        m_registry->dropIfBroken(); // the server went away: the next read reconnects
    }
    return budget;
}

QList<KeyBudget> QuotaLedger::keyBudgets()
{
    QString error;
    QSqlDatabase db = m_registry->connection(&error);
    if (!db.isValid())
        return {};
    QList<KeyBudget> budgets = BudgetTable(db, *m_dialect).readAll(&error);
    if (!error.isEmpty()) {
        db = QSqlDatabase();
        m_registry->dropIfBroken();
    }
    return budgets;
}
