#include "quotaledgerworker.h"

#include "connectionregistry.h"

#include <QDebug>
#include <QTimer>

namespace {
constexpr int kMaxBackoffMs = 5000;
}

void LedgerMailbox::postSettlement(const QString &key, qint64 reservedNano, qint64 chargedNano)
{
    QMutexLocker lock(&mutex);
    if (!worker) {
        qWarning("quota ledger: stopped; settlement of key '%s' lost (reserved %lld, charged %lld nano-USD)",
                 qPrintable(key), qlonglong(reservedNano), qlonglong(chargedNano));
        return;
    }
    QuotaLedgerWorker *w = worker;
    QMetaObject::invokeMethod(w, [w, key, reservedNano, chargedNano] { w->settle(key, reservedNano, chargedNano); },
                              Qt::QueuedConnection);
}

QuotaLedgerWorker::QuotaLedgerWorker(ConnectionRegistry *registry, const SqlDialect &dialect,
                                     std::shared_ptr<LedgerMailbox> mailbox)
    : m_registry(registry), m_dialect(dialect), m_mailbox(std::move(mailbox)), m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &QuotaLedgerWorker::writePending);
}

bool QuotaLedgerWorker::openConnection(QString *error)
{
    QSqlDatabase db = m_registry->connection(error);
    if (!db.isValid())
        return false;
    m_table = std::make_unique<BudgetTable>(db, m_dialect);
    return m_dialect.backend() != SqlBackend::Sqlite || m_table->clearReservations(error);
}

bool QuotaLedgerWorker::ensureTable(QString *error)
{
    if (m_table)
        return true;
    QSqlDatabase db = m_registry->connection(error);
    if (!db.isValid())
        return false;
    m_table = std::make_unique<BudgetTable>(db, m_dialect);
    m_syncedBudgets.clear(); // a new connection may be to a server that lost what we wrote
    return true;
}

bool QuotaLedgerWorker::recover()
{
    m_table.reset(); // its prepared statements belong to the connection that may be dropped
    return m_registry->dropIfBroken();
}

QuotaLedger::Answer QuotaLedgerWorker::tryReserve(const QString &key, qint64 budgetNano, qint64 amountNano)
{
    QuotaLedger::Answer answer;
    const auto synced = m_syncedBudgets.constFind(key);
    if (synced == m_syncedBudgets.constEnd() || *synced != budgetNano) {
        if (!m_table->ensureKey(key, budgetNano, &answer.error))
            return answer;
        m_syncedBudgets.insert(key, budgetNano);
    }
    bool granted = false;
    if (!m_table->reserve(key, amountNano, &granted, &answer.error)) {
        m_syncedBudgets.remove(key); // write the row again next time, in case it is what failed
        return answer;
    }
    if (!granted) {
        answer.verdict = QuotaLedger::Verdict::Refused;
        QString readError;
        answer.state = m_table->read(key, &readError);
        return answer;
    }
    answer.verdict = QuotaLedger::Verdict::Granted;
    std::shared_ptr<LedgerMailbox> mailbox = m_mailbox;
    answer.grant = std::make_shared<QuotaGrant>(key, amountNano, [mailbox, key](qint64 reserved, qint64 charged) {
        mailbox->postSettlement(key, reserved, charged);
    });
    return answer;
}

void QuotaLedgerWorker::reserve(const QString &key, qint64 budgetNano, qint64 amountNano,
                                QPromise<QuotaLedger::Answer> &promise)
{
    promise.start();
    QuotaLedger::Answer answer;
    if (ensureTable(&answer.error))
        answer = tryReserve(key, budgetNano, amountNano);
    // A connection the server dropped (it restarted since the last request) fails once: try
    // again on a new one before failing a request over a database that is back.
    if (answer.verdict == QuotaLedger::Verdict::Failed && recover()) {
        answer = QuotaLedger::Answer();
        if (ensureTable(&answer.error))
            answer = tryReserve(key, budgetNano, amountNano);
    }
    if (answer.verdict == QuotaLedger::Verdict::Failed) {
        qWarning("quota ledger: cannot reserve for key '%s': %s", qPrintable(key), qPrintable(answer.error));
        setError(answer.error);
        recover();
    } else if (m_backoffMs == 0) {
        setError(QString());
    }
    promise.addResult(std::move(answer));
    promise.finish();
}

void QuotaLedgerWorker::settle(const QString &key, qint64 reservedNano, qint64 chargedNano)
{
    m_pending.append(Settlement{key, reservedNano, chargedNano});
    m_pendingCount.storeRelaxed(m_pending.size());
    if (!m_retryTimer->isActive())
        writePending();
}

void QuotaLedgerWorker::writePending()
{
    while (!m_pending.isEmpty()) {
        const Settlement &s = m_pending.constFirst();
        QString error;
        if (!ensureTable(&error) || !m_table->settle(s.key, s.reservedNano, s.chargedNano, &error)) {
            recover();
            // Kept (a lost settlement would hold the key's reservation forever): retried with backoff.
            m_backoffMs = qBound(100, m_backoffMs * 2, kMaxBackoffMs);
            qWarning("quota ledger: cannot settle key '%s' (%d waiting, retry in %d ms): %s", qPrintable(s.key),
                     int(m_pending.size()), m_backoffMs, qPrintable(error));
            setError(error);
            m_retryTimer->start(m_backoffMs);
            return;
        }
        m_pending.removeFirst();
        m_pendingCount.storeRelaxed(m_pending.size());
    }
    if (m_backoffMs) {
        m_backoffMs = 0;
        setError(QString());
    }
}

void QuotaLedgerWorker::shutdown()
{
    m_retryTimer->stop();
    writePending();
    m_retryTimer->stop();
    if (!m_pending.isEmpty())
        qWarning("quota ledger: %d settlements could not be written before shutdown", int(m_pending.size()));
    m_table.reset();
    m_registry->releaseCurrentThread();
}

QString QuotaLedgerWorker::lastError() const
{
    QMutexLocker lock(&m_errorMutex);
    return m_lastError;
}

void QuotaLedgerWorker::setError(const QString &error)
{
    QMutexLocker lock(&m_errorMutex);
    m_lastError = error;
}
