#pragma once

#include "budgettable.h"
#include "quotaledger.h"

#include <QAtomicInteger>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPromise>

class QTimer;

// The ledger thread's side of QuotaLedger: owns the connection and runs every statement.
class QuotaLedgerWorker : public QObject
{
    Q_OBJECT
public:
    QuotaLedgerWorker(ConnectionRegistry *registry, const SqlDialect &dialect,
                      std::shared_ptr<LedgerMailbox> mailbox);

    // ---- ledger thread ----
    bool openConnection(QString *error);
    void reserve(const QString &key, qint64 budgetNano, qint64 amountNano, QPromise<QuotaLedger::Answer> &promise);
    void settle(const QString &id, const QString &key, qint64 chargedNano);
    // Releases reservations older than QuotaLedger::kStaleReservationMs at `nowMs` (a crashed node's).
    void sweepStale(qint64 nowMs);
    void shutdown(); // last attempt at pending settlements, then closes the connection

    // ---- any thread ----
    qint64 pendingSettlements() const { return m_pendingCount.loadRelaxed(); }
    QString lastError() const;
    // Test hook: the next granted reservation is taken as failed with its reply lost (as when the
    // connection drops after the COMMIT), so the ledger retries it.
    void loseNextReply() { m_loseNextReply.storeRelaxed(1); }

private:
    struct Settlement
    {
        QString id;
        QString key;
        qint64 chargedNano;
    };

    QuotaLedger::Answer attempt(const QString &id, const QString &key, qint64 budgetNano, qint64 amountNano,
                                bool isRetry);
    QuotaLedger::Answer tryReserve(const QString &id, const QString &key, qint64 budgetNano, qint64 amountNano);
    void writePending();
    // The table on this thread's connection, reopened after recover(); false + *error when the
    // database cannot be reached.
    bool ensureTable(QString *error);
    bool recover(); // after a failed statement: drops the connection if the server lost it (true)
    void setError(const QString &error);

    ConnectionRegistry *m_registry;
    SqlDialect m_dialect;
    std::shared_ptr<LedgerMailbox> m_mailbox;
    std::unique_ptr<BudgetTable> m_table;
    QHash<QString, qint64> m_syncedBudgets; // key -> budget its row has (as far as this node wrote it)
    QList<Settlement> m_pending;            // in order; a failed one blocks the rest (retried)
    QTimer *m_retryTimer;
    QTimer *m_sweepTimer;
    int m_backoffMs = 0;
    QAtomicInteger<qint64> m_pendingCount;
    QAtomicInt m_loseNextReply;
    mutable QMutex m_errorMutex;
    QString m_lastError;
};

// How grants reach the worker: a settlement posted after the ledger stopped is dropped (with
// a warning) instead of touching a deleted object.
struct LedgerMailbox
{
    QMutex mutex;
    QuotaLedgerWorker *worker = nullptr; // null once the ledger stopped

    void postSettlement(const QString &id, const QString &key, qint64 reservedNano, qint64 chargedNano);
};
