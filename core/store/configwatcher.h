#pragma once

#include "config/config.h"
#include "sqldialect.h"

#include <QAtomicInteger>
#include <QObject>

class ConnectionRegistry;
class QTimer;

// Notices config saves made by other nodes on a shared database: polls the config version row
// (bumped by every save, in its transaction) on a thread and connection of its own, and when it
// moved past what this store last loaded, reads the whole config there and hands it over.
// A poll is one primary-key SELECT; a database that is down is tried again on the next tick.
class ConfigWatcher : public QObject
{
    Q_OBJECT
public:
    // `seen`: the version of the config the store's owner has (Store::loadConfig records it
    // there, from any thread), so its own load is not reported back as a change.
    ConfigWatcher(ConnectionRegistry *registry, const SqlDialect &dialect, QAtomicInteger<qint64> *seen);

    // ---- watcher thread ----
    void start(int intervalMs); // polls now, then every intervalMs
    void stop();                // and closes this thread's connection

Q_SIGNALS:
    void changed(const Config &config);

private:
    void poll();

    ConnectionRegistry *m_registry;
    SqlDialect m_dialect;
    QTimer *m_timer;
    QAtomicInteger<qint64> *m_seen;
    bool m_failing = false;
};
