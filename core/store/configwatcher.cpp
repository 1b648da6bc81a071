#include "configwatcher.h"

#include "configtables.h"
#include "connectionregistry.h"
#include "obs/logger.h"

#include <QTimer>

ConfigWatcher::ConfigWatcher(ConnectionRegistry *registry, const SqlDialect &dialect, QAtomicInteger<qint64> *seen)
    : m_registry(registry), m_dialect(dialect), m_timer(new QTimer(this)), m_seen(seen)
{
    connect(m_timer, &QTimer::timeout, this, &ConfigWatcher::poll);
}

void ConfigWatcher::start(int intervalMs)
{
    m_timer->start(intervalMs);
    poll();
}

void ConfigWatcher::stop()
{
    m_timer->stop();
    m_registry->releaseCurrentThread();
}

void ConfigWatcher::poll()
{
    QString error;
    QSqlDatabase db = m_registry->connection(&error);
    const qint64 version = db.isValid() ? ConfigTables::version(db, &error) : -1;
    Config config;
    const bool moved = version >= 0 && version != m_seen->loadRelaxed();
    if (moved)
        config = ConfigTables::load(db, &error);
    if (!error.isEmpty()) {
        if (!m_failing) // once per outage: the writer already reports the database at length
            qCWarning(lcStore, "config watch: cannot read the config version, retrying: %s", qPrintable(error));
        m_failing = true;
        db = QSqlDatabase();
        m_registry->dropIfBroken();
        return;
    }
    m_failing = false;
    if (!moved)
        return;
    m_seen->storeRelaxed(version);
    qCInfo(lcStore, "config watch: the config changed on the database (version %lld): reloading", qlonglong(version));
    Q_EMIT changed(config);
}
