#include "sqliteside.h"

#include <QSqlQuery>

SqliteSide::SqliteSide(const QString &path)
    : m_name(QStringLiteral("side-%1").arg(quintptr(this)))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    db.setDatabaseName(path);
    if (db.open())
        QSqlQuery(db).exec(QStringLiteral("PRAGMA busy_timeout=10000"));
}

SqliteSide::~SqliteSide()
{
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase SqliteSide::db() const
{
    return QSqlDatabase::database(m_name);
}

QVariant SqliteSide::scalar(const QString &sql) const
{
    QSqlQuery q(db());
    if (!q.exec(sql) || !q.next())
        return QVariant();
    return q.value(0);
}

qint64 SqliteSide::number(const QString &sql) const
{
    const QVariant value = scalar(sql);
    return value.isValid() ? value.toLongLong() : -1;
}

bool SqliteSide::exec(const QString &sql) const
{
    QSqlQuery q(db());
    return q.exec(sql);
}
