#include "budgettable.h"

#include "sqlutil.h"

namespace {
const QString kColumns = QStringLiteral("key_name, budget_nano, spent_nano, reserved_nano");

KeyBudget fromQuery(const QSqlQuery &q)
{
    return KeyBudget{q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toLongLong()};
}
} // namespace

BudgetTable::BudgetTable(QSqlDatabase db, const SqlDialect &dialect)
    : m_db(db), m_dialect(dialect), m_ensure(db), m_reserve(db), m_settle(db)
{
}

bool BudgetTable::prepare(QSqlQuery &query, const QString &sql, QString *error)
{
    if (!query.lastQuery().isEmpty())
        return true;
    if (query.prepare(sql))
        return true;
    *error = SqlUtil::errorText(query.lastError());
    query = QSqlQuery(m_db);
    return false;
}

bool BudgetTable::ensureKey(const QString &key, qint64 budgetNano, QString *error)
{
    const QString sql = m_dialect.upsert(QStringLiteral("key_budget"),
                                         {QStringLiteral("key_name"), QStringLiteral("budget_nano"),
                                          QStringLiteral("spent_nano"), QStringLiteral("reserved_nano")},
                                         QStringLiteral("key_name"), {QStringLiteral("budget_nano")});
    if (!prepare(m_ensure, sql, error))
        return false;
    m_ensure.bindValue(0, key);
    m_ensure.bindValue(1, budgetNano);
    m_ensure.bindValue(2, qint64(0));
    m_ensure.bindValue(3, qint64(0));
    const bool ok = SqlUtil::exec(m_ensure, error);
    m_ensure.finish();
    return ok;
}

bool BudgetTable::reserve(const QString &key, qint64 amountNano, bool *granted, QString *error)
{
    // RETURNING (SQLite >= 3.35, PostgreSQL): whether a row came back says whether it was granted.
    // Not numRowsAffected(): Qt 6.4's QPSQL answers 0 for a forward-only query (single-row mode).
    if (!prepare(m_reserve, QStringLiteral("UPDATE key_budget SET reserved_nano = reserved_nano + ? "
                                           "WHERE key_name = ? AND spent_nano + reserved_nano + ? <= budget_nano "
                                           "RETURNING reserved_nano"),
                 error))
        return false;
    m_reserve.bindValue(0, amountNano);
    m_reserve.bindValue(1, key);
    m_reserve.bindValue(2, amountNano);
    if (!SqlUtil::exec(m_reserve, error))
        return false;
    *granted = m_reserve.next();
    m_reserve.finish();
    return true;
}

bool BudgetTable::settle(const QString &key, qint64 reservedNano, qint64 chargedNano, QString *error)
{
    if (!prepare(m_settle, QStringLiteral("UPDATE key_budget SET reserved_nano = reserved_nano - ?, "
                                          "spent_nano = spent_nano + ? WHERE key_name = ?"),
                 error))
        return false;
    m_settle.bindValue(0, reservedNano);
    m_settle.bindValue(1, chargedNano);
    m_settle.bindValue(2, key);
    const bool ok = SqlUtil::exec(m_settle, error);
    m_settle.finish();
    return ok;
}

bool BudgetTable::clearReservations(QString *error)
{
    return SqlUtil::exec(m_db, QStringLiteral("UPDATE key_budget SET reserved_nano = 0 WHERE reserved_nano <> 0"),
                         error);
}

std::optional<KeyBudget> BudgetTable::read(const QString &key, QString *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!prepare(q, QLatin1String("SELECT ") + kColumns + QLatin1String(" FROM key_budget WHERE key_name = ?"), error))
        return std::nullopt;
    q.bindValue(0, key);
    if (!SqlUtil::exec(q, error) || !q.next())
        return std::nullopt;
    return fromQuery(q);
}

QList<KeyBudget> BudgetTable::readAll(QString *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QList<KeyBudget> rows;
    if (!q.exec(QLatin1String("SELECT ") + kColumns + QLatin1String(" FROM key_budget ORDER BY key_name"))) {
        *error = SqlUtil::errorText(q.lastError());
        return rows;
    }
    while (q.next())
        rows.append(fromQuery(q));
    return rows;
}
