#pragma once

#include "sqldialect.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace SqlUtil {
// One line: the database's message, else the driver's.
QString errorText(const QSqlError &error);
// Runs `sql` on `db`; false + *error (the statement's start and the message) on failure.
bool exec(QSqlDatabase &db, const QString &sql, QString *error);
// Executes a prepared query; false + *error on failure.
bool exec(QSqlQuery &query, QString *error);
} // namespace SqlUtil

// A write transaction that rolls back unless committed.
class SqlTransaction
{
public:
    SqlTransaction(QSqlDatabase db, const SqlDialect &dialect) : m_db(db), m_dialect(dialect) {}
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    bool begin(QString *error);
    bool commit(QString *error);

private:
    QSqlDatabase m_db;
    const SqlDialect &m_dialect;
    bool m_open = false;
};
