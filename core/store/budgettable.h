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
    bool reserve(const QString &key, qint64 amountNano, bool *granted, QString *error);
    // Turns a reservation into a charge: reserved -= reservedNano, spent += chargedNano.
    bool settle(const QString &key, qint64 reservedNano, qint64 chargedNano, QString *error);
    // Forgets every reservation (a single node starting: nothing of its own can be in flight).
    bool clearReservations(QString *error);

    std::optional<KeyBudget> read(const QString &key, QString *error);
    QList<KeyBudget> readAll(QString *error);

private:
    bool prepare(QSqlQuery &query, const QString &sql, QString *error);

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    QSqlQuery m_ensure, m_reserve, m_settle; // prepared once: reserve is on every budgeted request
};
