#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

// A connection of the test's own to a store's SQLite file, as another process (a second node,
// a backup, an sqlite3 shell) would open it: to look at what the store wrote, or to hold a
// lock against it. It waits up to 10 s for a lock like the store does.
class SqliteSide
{
public:
    explicit SqliteSide(const QString &path);
    ~SqliteSide();
    SqliteSide(const SqliteSide &) = delete;
    SqliteSide &operator=(const SqliteSide &) = delete;

    QSqlDatabase db() const;
    QVariant scalar(const QString &sql) const; // the first value of the first row; invalid when none
    qint64 number(const QString &sql) const; // scalar() as a number; -1 when the query failed
    bool exec(const QString &sql) const;

private:
    QString m_name;
};
