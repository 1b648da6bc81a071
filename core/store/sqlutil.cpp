#include "sqlutil.h"

namespace SqlUtil {

QString errorText(const QSqlError &error)
{
    QString text = error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    if (text.isEmpty())
        text = error.text();
    return text.simplified();
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = errorText(query.lastError()) + QLatin1String(" (in: ") + sql.left(60).simplified()
             + QLatin1String(")");
    return false;
}

bool exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = errorText(query.lastError());
    return false;
}

} // namespace SqlUtil

SqlTransaction::~SqlTransaction()
{
    if (!m_open)
        return;
    QSqlQuery rollback(m_db);
    rollback.exec(QStringLiteral("ROLLBACK"));
}

bool SqlTransaction::begin(QString *error)
{
    m_open = SqlUtil::exec(m_db, m_dialect.beginWrite(), error);
    return m_open;
}

bool SqlTransaction::commit(QString *error)
{
    if (!SqlUtil::exec(m_db, QStringLiteral("COMMIT"), error))
        return false; // still open: the destructor rolls back
    m_open = false;
    return true;
}
