#pragma once

#include "keybudget.h"
#include "quotagrant.h"
#include "sqldialect.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>
#include <QThread>
#include <memory>
#include <optional>

class ConnectionRegistry;
class QuotaLedgerWorker;
struct LedgerMailbox;

// The per-key quota ledger: reservations, settlements and reads of key_budget. The relay
// thread never waits on SQL: reserve() and settlements run on the ledger's own thread with
// its own connection, in the order they were made; reserve() answers through a QFuture
// (watch it with a QFutureWatcher on the caller's thread).
//
// Only keys with a budget go through the ledger. Owned by the Store; it outlives the relay.
class QuotaLedger
{
public:
    enum class Verdict { Granted, Refused, Failed };
    // A reservation this old is taken as left by a node that crashed, and released by whichever
    // node sweeps next: longer than any request lives (a channel's default deadline is 10 min per
    // attempt). A request that outlives it is still charged when it settles.
    static constexpr qint64 kStaleReservationMs = 2 * 3600 * 1000;
    // A released record is kept this long for such a late settlement, then deleted.
    static constexpr qint64 kForgetReleasedMs = 7 * 24 * 3600 * 1000LL;
    static constexpr int kSweepIntervalMs = 5 * 60 * 1000;
    struct Answer
    {
        Verdict verdict = Verdict::Failed;
        // Granted: the reservation. Dropping the last copy without settling releases it, so an
        // answer nobody reads (the request ended meanwhile) gives its reservation back.
        std::shared_ptr<QuotaGrant> grant;
        std::optional<KeyBudget> state; // Refused: the key's row at that moment
        QString error;                  // Failed: the database error
    };

    // Starts the ledger thread and opens its connection. nullptr + *error when it cannot.
    // SQLite: forgets every reservation left over (a previous run that crashed), since no
    // other node can share the file.
    static std::unique_ptr<QuotaLedger> start(ConnectionRegistry *registry, const SqlDialect &dialect,
                                              QString *error);
    ~QuotaLedger(); // runs what is queued (settlements included), then stops the thread

    // ---- any thread ----
    // Reserves `amountNano` against `key`'s budget (its row is created or its budget updated
    // first when `budgetNano` differs from what the ledger last wrote).
    QFuture<Answer> reserve(const QString &key, qint64 budgetNano, qint64 amountNano);
    // Blocks until every call made before it has run (tests, benchmarks; never on the relay thread).
    void sync();
    // Releases reservations older than kStaleReservationMs at `now` (the ledger also does it every
    // kSweepIntervalMs on its own); tests pass a `now` in the future.
    void sweepStaleReservations(const QDateTime &now);
    // Test hook: the next granted reservation's reply is "lost" and the reservation retried.
    void loseNextReplyForTests();
    qint64 pendingSettlements() const; // failed settlements waiting for a retry
    QString lastError() const;         // "" while the ledger's writes succeed

    // Reads on the calling thread's own connection (for /admin: call from a worker thread).
    std::optional<KeyBudget> keyBudget(const QString &key);
    QList<KeyBudget> keyBudgets();

private:
    QuotaLedger() = default;

    ConnectionRegistry *m_registry = nullptr;
    std::optional<SqlDialect> m_dialect;
    QThread m_thread;
    QuotaLedgerWorker *m_worker = nullptr;
    std::shared_ptr<LedgerMailbox> m_mailbox;
};
