#pragma once

#include "keybudget.h"
#include "sqldialect.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <optional>

// The statements of the quota ledger (table key_budget), on one connection. Every statement
// is written once for SQLite and PostgreSQL; where they differ, SqlDialect says how.
// The budget itself comes from the config: ensureKey() copies it in, keeping spent and
// reserved, so a config re-import never resets what a key has spent.
class BudgetTable
{
public:
    BudgetTable(QSqlDatabase db, const SqlDialect &dialect);

    // Creates the key's row, or updates its budget (spent and reserved kept).
    bool ensureKey(const QString &key, qint64 budgetNano, QString *error);
    // The atomic check-and-reserve: one UPDATE (... RETURNING) that adds `amountNano` to reserved only if
    // spent + reserved + amount stays within the budget. *granted tells which; false + *error
    // on a database error. Concurrent callers (threads or nodes) can never overspend: the row
    // is locked by the UPDATE and the condition is evaluated on its latest version.
    // A grant also records the reservation under `id` (made by the caller, unique), committed
    // with the UPDATE in the same statement (SQLite: an INSERT ... SELECT whose trigger updates).
    bool reserve(const QString &id, const QString &key, qint64 amountNano, qint64 nowMs, bool *granted,
                 QString *error);
    // Whether reservation `id` was recorded: a retry after a lost reply asks before reserving again.
    bool hasReservation(const QString &id, bool *found, QString *error);
    // Turns reservation `id` into a charge: reserved -= its amount, spent += chargedNano, and
    // forgets it. Nothing when it is already settled, so a retried settlement applies once.
    bool settle(const QString &id, qint64 chargedNano, QString *error);
    // Releases every reservation made before `staleBeforeMs` (a node crashed holding it): reserved
    // -= its amount, the record kept at amount 0 so a late settlement still charges; records at 0
    // made before `forgetBeforeMs` are deleted. *released: how many were released.
    bool releaseStale(qint64 staleBeforeMs, qint64 forgetBeforeMs, int *released, QString *error);
    // Forgets every reservation (a single node starting: nothing of its own can be in flight).
    bool clearReservations(QString *error);

    std::optional<KeyBudget> read(const QString &key, QString *error);
    QList<KeyBudget> readAll(QString *error);

private:
    bool prepare(QSqlQuery &query, const QString &sql, QString *error);
    bool reserveInOneInsert(const QString &id, const QString &key, qint64 amountNano, qint64 nowMs, bool *granted,
                            QString *error);
    bool releaseStaleRows(qint64 staleBeforeMs, int *released, QString *error);

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    // Prepared once: reserve is on every budgeted request.
    QSqlQuery m_ensure, m_reserve, m_settle;
};
