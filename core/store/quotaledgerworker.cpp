#include "quotaledgerworker.h"

#include "connectionregistry.h"

#include <QDateTime>
#include <QDebug>
#include <QTimer>
#include <QUuid>

namespace {
constexpr int kMaxBackoffMs = 5000;
}

void LedgerMailbox::postSettlement(const QString &id, const QString &key, qint64 reservedNano, qint64 chargedNano)
{
    QMutexLocker lock(&mutex);
    if (!worker) {
        qWarning("quota ledger: stopped; settlement of key '%s' lost (reserved %lld, charged %lld nano-USD)",
                 qPrintable(key), qlonglong(reservedNano), qlonglong(chargedNano));
        return;
    }
    QuotaLedgerWorker *w = worker;
    QMetaObject::invokeMethod(w, [w, id, key, chargedNano] { w->settle(id, key, chargedNano); }, Qt::QueuedConnection);
}

QuotaLedgerWorker::QuotaLedgerWorker(ConnectionRegistry *registry, const SqlDialect &dialect,
                                     std::shared_ptr<LedgerMailbox> mailbox)
    : m_registry(registry), m_dialect(dialect), m_mailbox(std::move(mailbox)), m_retryTimer(new QTimer(this)),
      m_sweepTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &QuotaLedgerWorker::writePending);
    connect(m_sweepTimer, &QTimer::timeout, this,
            [this] { sweepStale(QDateTime::currentMSecsSinceEpoch()); });
}

bool QuotaLedgerWorker::openConnection(QString *error)
{
    QSqlDatabase db = m_registry->connection(error);
    if (!db.isValid())
        return false;
    m_table = std::make_unique<BudgetTable>(db, m_dialect);
    if (m_dialect.backend() == SqlBackend::Sqlite && !m_table->clearReservations(error))
        return false;
    m_sweepTimer->start(QuotaLedger::kSweepIntervalMs); // started here: a timer belongs to its thread
    sweepStale(QDateTime::currentMSecsSinceEpoch());
    return true;
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

QuotaLedger::Answer QuotaLedgerWorker::tryReserve(const QString &id, const QString &key, qint64 budgetNano,
                                                  qint64 amountNano)
{
    QuotaLedger::Answer answer;
    const auto synced = m_syncedBudgets.constFind(key);
    if (synced == m_syncedBudgets.constEnd() || *synced != budgetNano) {
        if (!m_table->ensureKey(key, budgetNano, &answer.error))
            return answer;
        m_syncedBudgets.insert(key, budgetNano);
    }
    bool granted = false;
    if (!m_table->reserve(id, key, amountNano, QDateTime::currentMSecsSinceEpoch(), &granted, &answer.error)) {
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
    return answer;
}

QuotaLedger::Answer QuotaLedgerWorker::attempt(const QString &id, const QString &key, qint64 budgetNano,
                                               qint64 amountNano, bool isRetry)
{
    QuotaLedger::Answer answer;
    if (!ensureTable(&answer.error))
        return answer;
    if (isRetry) {
        // The first attempt may have committed before its reply was lost: then it holds already.
        bool found = false;
        if (!m_table->hasReservation(id, &found, &answer.error))
            return answer;
        if (found) {
            answer.verdict = QuotaLedger::Verdict::Granted;
            return answer;
        }
    }
    return tryReserve(id, key, budgetNano, amountNano);
}

void QuotaLedgerWorker::reserve(const QString &key, qint64 budgetNano, qint64 amountNano,
                                QPromise<QuotaLedger::Answer> &promise)
{
    promise.start();
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QuotaLedger::Answer answer = attempt(id, key, budgetNano, amountNano, false);
    const bool lostReply = answer.verdict == QuotaLedger::Verdict::Granted && m_loseNextReply.testAndSetRelaxed(1, 0);
    if (lostReply)
        answer = QuotaLedger::Answer{QuotaLedger::Verdict::Failed, {}, {}, QStringLiteral("reply lost (test hook)")};
    // A connection the server dropped (it restarted since the last request) fails once: try
    // again on a new one before failing a request over a database that is back.
    if (answer.verdict == QuotaLedger::Verdict::Failed && (recover() || lostReply))
        answer = attempt(id, key, budgetNano, amountNano, true);
    if (answer.verdict == QuotaLedger::Verdict::Failed) {
        qWarning("quota ledger: cannot reserve for key '%s': %s", qPrintable(key), qPrintable(answer.error));
        setError(answer.error);
        recover();
    } else if (m_backoffMs == 0) {
        setError(QString());
    }
    if (answer.verdict == QuotaLedger::Verdict::Granted) {
        std::shared_ptr<LedgerMailbox> mailbox = m_mailbox;
        answer.grant = std::make_shared<QuotaGrant>(key, amountNano, [mailbox, id, key](qint64 reserved, qint64 charged) {
            mailbox->postSettlement(id, key, reserved, charged);
        });
    }
    promise.addResult(std::move(answer));
    promise.finish();
}

void QuotaLedgerWorker::settle(const QString &id, const QString &key, qint64 chargedNano)
{
    m_pending.append(Settlement{id, key, chargedNano});
    m_pendingCount.storeRelaxed(m_pending.size());
    if (!m_retryTimer->isActive())
        writePending();
}

void QuotaLedgerWorker::sweepStale(qint64 nowMs)
{
    QString error;
    int released = 0;
    if (!ensureTable(&error)
        || !m_table->releaseStale(nowMs - QuotaLedger::kStaleReservationMs, nowMs - QuotaLedger::kForgetReleasedMs,
                                  &released, &error)) {
        qWarning("quota ledger: cannot sweep stale reservations (next try in %d s): %s",
                 QuotaLedger::kSweepIntervalMs / 1000, qPrintable(error));
        recover();
        return;
    }
    if (released > 0)
        qWarning("quota ledger: released %d reservations older than %lld min (a node stopped holding them)", released,
                 qlonglong(QuotaLedger::kStaleReservationMs / 60000));
}

void QuotaLedgerWorker::writePending()
{
    while (!m_pending.isEmpty()) {
        const Settlement &s = m_pending.constFirst();
        QString error;
        if (!ensureTable(&error) || !m_table->settle(s.id, s.chargedNano, &error)) {
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
    m_sweepTimer->stop();
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
