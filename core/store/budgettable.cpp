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

bool BudgetTable::reserve(const QString &id, const QString &key, qint64 amountNano, qint64 nowMs, bool *granted,
                          QString *error)
{
    if (m_dialect.backend() == SqlBackend::Sqlite)
        return reserveInOneInsert(id, key, amountNano, nowMs, granted, error);
    // One statement, one round trip: the key's row stays locked no longer than without the record.
    // The casts: QPSQL prepares untyped parameters, and a SELECT list does not infer them.
    if (!prepare(m_reserve, QStringLiteral("WITH granted AS (UPDATE key_budget SET reserved_nano = reserved_nano + ? "
                                           "WHERE key_name = ? AND spent_nano + reserved_nano + ? <= budget_nano "
                                           "RETURNING key_name) "
                                           "INSERT INTO quota_reservation (id, key_name, amount_nano, created_ms) "
                                           "SELECT ?, key_name, CAST(? AS BIGINT), CAST(? AS BIGINT) FROM granted "
                                           "RETURNING id"),
                 error))
        return false;
    m_reserve.bindValue(0, amountNano);
    m_reserve.bindValue(1, key);
    m_reserve.bindValue(2, amountNano);
    m_reserve.bindValue(3, id);
    m_reserve.bindValue(4, amountNano);
    m_reserve.bindValue(5, nowMs);
    if (!SqlUtil::exec(m_reserve, error))
        return false;
    // RETURNING: whether a row came back says whether it was granted. Not numRowsAffected():
    // Qt 6.4's QPSQL answers 0 for a forward-only query (single-row mode).
    *granted = m_reserve.next();
    m_reserve.finish();
    return true;
}

// SQLite has no UPDATE inside WITH: the record is inserted only if the key's row has room, and
// the trigger quota_reservation_reserve adds it to reserved, all in one statement. A writing
// statement takes SQLite's write lock before it reads, so nothing runs between check and write.
bool BudgetTable::reserveInOneInsert(const QString &id, const QString &key, qint64 amountNano, qint64 nowMs,
                                     bool *granted, QString *error)
{
    if (!prepare(m_reserve, QStringLiteral("INSERT INTO quota_reservation (id, key_name, amount_nano, created_ms) "
                                           "SELECT ?, key_name, ?, ? FROM key_budget "
                                           "WHERE key_name = ? AND spent_nano + reserved_nano + ? <= budget_nano "
                                           "RETURNING id"),
                 error))
        return false;
    m_reserve.bindValue(0, id);
    m_reserve.bindValue(1, amountNano);
    m_reserve.bindValue(2, nowMs);
    m_reserve.bindValue(3, key);
    m_reserve.bindValue(4, amountNano);
    if (!SqlUtil::exec(m_reserve, error))
        return false;
    *granted = m_reserve.next();
    m_reserve.finish();
    return true;
}

bool BudgetTable::hasReservation(const QString &id, bool *found, QString *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!prepare(q, QStringLiteral("SELECT 1 FROM quota_reservation WHERE id = ?"), error))
        return false;
    q.bindValue(0, id);
    if (!SqlUtil::exec(q, error))
        return false;
    *found = q.next();
    return true;
}

bool BudgetTable::settle(const QString &id, qint64 chargedNano, QString *error)
{
    // One statement; when the record is gone (settled already: a retry whose first attempt
    // committed) it changes nothing. SQLite: the trigger quota_reservation_settle does the work.
    const QString sql = m_dialect.backend() == SqlBackend::Sqlite
                            ? QStringLiteral("UPDATE quota_reservation SET charged_nano = ? WHERE id = ?")
                            : QStringLiteral("WITH settled AS (DELETE FROM quota_reservation WHERE id = ? "
                                             "RETURNING key_name, amount_nano) "
                                             "UPDATE key_budget SET reserved_nano = reserved_nano - settled.amount_nano, "
                                             "spent_nano = spent_nano + CAST(? AS BIGINT) FROM settled "
                                             "WHERE key_budget.key_name = settled.key_name");
    if (!prepare(m_settle, sql, error))
        return false;
    const bool sqlite = m_dialect.backend() == SqlBackend::Sqlite;
    m_settle.bindValue(sqlite ? 1 : 0, id);
    m_settle.bindValue(sqlite ? 0 : 1, chargedNano);
    const bool ok = SqlUtil::exec(m_settle, error);
    m_settle.finish();
    return ok;
}

bool BudgetTable::releaseStale(qint64 staleBeforeMs, qint64 forgetBeforeMs, int *released, QString *error)
{
    SqlTransaction txn(m_db, m_dialect);
    if (!txn.begin(error) || !releaseStaleRows(staleBeforeMs, released, error))
        return false;
    QSqlQuery forget(m_db);
    forget.prepare(QStringLiteral("DELETE FROM quota_reservation WHERE amount_nano = 0 AND created_ms < ?"));
    forget.bindValue(0, forgetBeforeMs);
    return SqlUtil::exec(forget, error) && txn.commit(error);
}

bool BudgetTable::releaseStaleRows(qint64 staleBeforeMs, int *released, QString *error)
{
    *released = 0;
    const QString stale = QStringLiteral(" FROM quota_reservation WHERE created_ms < ? AND amount_nano <> 0");
    QSqlQuery q(m_db);
    if (m_dialect.backend() == SqlBackend::Postgres) {
        // Locked first: a node settling one of them meanwhile waits, then finds it at amount 0
        // (charges only); another node sweeping meanwhile finds nothing left to release.
        q.prepare(QLatin1String("SELECT id") + stale + QLatin1String(" FOR UPDATE"));
        q.bindValue(0, staleBeforeMs);
        if (!SqlUtil::exec(q, error))
            return false;
    }
    q.prepare(QLatin1String("UPDATE key_budget SET reserved_nano = reserved_nano - (SELECT SUM(amount_nano)") + stale
              + QLatin1String(" AND key_name = key_budget.key_name) WHERE key_name IN (SELECT key_name") + stale
              + QLatin1String(")"));
    q.bindValue(0, staleBeforeMs);
    q.bindValue(1, staleBeforeMs);
    if (!SqlUtil::exec(q, error))
        return false;
    q.prepare(QLatin1String("UPDATE quota_reservation SET amount_nano = 0 WHERE created_ms < ? AND amount_nano <> 0"));
    q.bindValue(0, staleBeforeMs);
    if (!SqlUtil::exec(q, error))
        return false;
    *released = qMax(0, q.numRowsAffected());
    return true;
}

bool BudgetTable::clearReservations(QString *error)
{
    SqlTransaction txn(m_db, m_dialect);
    return txn.begin(error)
           && SqlUtil::exec(m_db, QStringLiteral("UPDATE key_budget SET reserved_nano = 0 WHERE reserved_nano <> 0"),
                            error)
           && SqlUtil::exec(m_db, QStringLiteral("DELETE FROM quota_reservation"), error) && txn.commit(error);
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
