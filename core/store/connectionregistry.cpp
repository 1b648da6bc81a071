#include "connectionregistry.h"

#include "obs/logger.h"
#include "sqlutil.h"

#include <QAtomicInteger>

namespace {

QAtomicInteger<quint64> g_nextThreadSerial{1};
QAtomicInteger<quint64> g_nextRegistrySerial{1};
// Registries alive now. With none, every connection was already removed by a registry's
// destructor, and a thread ending after that (thread pool threads at process exit, after
// QtSql's globals may be gone) must not call into QtSql at all.
QAtomicInteger<int> g_liveRegistries{0};

// Lives as long as its thread: on thread exit, closes (in that thread) every connection the
// thread opened that a registry has not removed yet.
struct ThreadConnections
{
    quint64 serial = g_nextThreadSerial.fetchAndAddRelaxed(1);
    QStringList names;

    ~ThreadConnections()
    {
        if (g_liveRegistries.loadAcquire() == 0)
            return;
        for (const auto &name : std::as_const(names))
            if (QSqlDatabase::contains(name))
                QSqlDatabase::removeDatabase(name);
    }
};

ThreadConnections &threadConnections()
{
    static thread_local ThreadConnections connections;
    return connections;
}

} // namespace

ConnectionRegistry::ConnectionRegistry(const DatabaseUrl &url, const SqlDialect &dialect)
    : m_url(url),
      m_dialect(dialect),
      m_prefix(QStringLiteral("relaydesk-store%1").arg(g_nextRegistrySerial.fetchAndAddRelaxed(1)))
{
    g_liveRegistries.fetchAndAddRelease(1);
}

ConnectionRegistry::~ConnectionRegistry()
{
    // Connections of threads still running are closed from here: their store is gone, so
    // nothing can use them any more.
    QMutexLocker lock(&m_mutex);
    for (const auto &name : std::as_const(m_names))
        QSqlDatabase::removeDatabase(name);
    g_liveRegistries.fetchAndSubRelease(1);
}

QString ConnectionRegistry::currentName() const
{
    return m_prefix + QLatin1String("-thread") + QString::number(threadConnections().serial);
}

QSqlDatabase ConnectionRegistry::connection(QString *error)
{
    const QString name = currentName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);

    QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), name);
    m_dialect.configure(db, m_url);
    QMutexLocker lock(&m_mutex);
    const bool first = m_names.isEmpty();
    m_names.append(name);
    threadConnections().names.append(name);
    // The first connection is set up under the lock so no second one opens before WAL is on.
    if (!db.open() || !setUp(db, first, error)) {
        if (db.isOpenError())
            *error = SqlUtil::errorText(db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        m_names.removeLast(); // so the next attempt is "first" again and sets WAL up
        return QSqlDatabase();
    }
    return db;
}

bool ConnectionRegistry::setUp(QSqlDatabase &db, bool first, QString *error)
{
    if (first) {
        for (const auto &sql : m_dialect.firstConnectionStatements()) {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                *error = SqlUtil::errorText(q.lastError());
                return false;
            }
            // PRAGMA journal_mode answers with the mode in force: it may refuse WAL.
            if (sql.contains(QLatin1String("journal_mode")) && q.next()
                && q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
                *error = QStringLiteral("cannot enable WAL journal mode (got %1)").arg(q.value(0).toString());
                return false;
            }
        }
    }
    for (const auto &sql : m_dialect.connectionStatements())
        if (!SqlUtil::exec(db, sql, error))
            return false;
    return true;
}

void ConnectionRegistry::releaseCurrentThread()
{
    const QString name = currentName();
    if (QSqlDatabase::contains(name))
        QSqlDatabase::removeDatabase(name);
    // Forgotten by the thread too: its thread_local cleanup runs after QThread::wait() returns,
    // possibly while the process exits and QtSql's globals are gone, so it must find nothing to do.
    threadConnections().names.removeAll(name);
}

bool ConnectionRegistry::dropIfBroken()
{
    const QString name = currentName();
    if (!QSqlDatabase::contains(name))
        return false;
    if (m_dialect.backend() == SqlBackend::Sqlite)
        return false; // a file does not go away: its errors are the statement's own
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        QSqlQuery probe(db);
        if (db.isOpen() && probe.exec(QStringLiteral("SELECT 1")))
            return false;
    }
    qCWarning(lcStore, "store: the connection to %s was lost; reconnecting", qPrintable(m_url.displayName()));
    releaseCurrentThread();
    return true;
}
