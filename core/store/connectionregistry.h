#pragma once

#include "databaseurl.h"
#include "sqldialect.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QStringList>

// One QtSql connection per thread and store (a connection is usable only from the thread
// that opened it). Connections are named after a per-thread serial number, never reused, so
// a new thread can never pick up a dead thread's connection. A thread's connections are
// closed by that thread when it exits; whatever is left is removed with the registry.
class ConnectionRegistry
{
public:
    ConnectionRegistry(const DatabaseUrl &url, const SqlDialect &dialect);
    ~ConnectionRegistry();
    ConnectionRegistry(const ConnectionRegistry &) = delete;
    ConnectionRegistry &operator=(const ConnectionRegistry &) = delete;

    // The calling thread's connection, opened (and set up) on first use. An invalid
    // QSqlDatabase + *error when it cannot be opened.
    QSqlDatabase connection(QString *error);
    // Closes the calling thread's connection now (e.g. before its thread ends).
    void releaseCurrentThread();
    // After a statement failed: whether the calling thread's connection still answers. A
    // PostgreSQL connection the server dropped (restart, failover, idle kill) never recovers in
    // QPSQL, so it is closed and the next connection() opens a new one. Callers must have let go
    // of their QSqlQuery objects on it first. True when the connection was dropped.
    bool dropIfBroken();

private:
    QString currentName() const;
    bool setUp(QSqlDatabase &db, bool first, QString *error);

    DatabaseUrl m_url;
    SqlDialect m_dialect;
    QString m_prefix;
    QMutex m_mutex;
    QStringList m_names; // every connection made, for the destructor
};
