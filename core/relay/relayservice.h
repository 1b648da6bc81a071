#pragma once

#include "config/config.h"
#include "store/requestlogrow.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <memory>

class Store;
class QThread;
class RelayServer;

// The relay as the rest of the app sees it: owns the relay QThread, on which the HTTP server,
// every session and the upstream connections live. All calls are made from the owning
// (GUI/main) thread; they cross to the relay thread by queued calls. start() waits only for
// the relay thread's answer to listen() (milliseconds); stopAsync() never waits (the GUI's
// way), stop() waits for the drain (shutdown and destructor).
class RelayService : public QObject
{
    Q_OBJECT
public:
    explicit RelayService(Store *store, QObject *parent = nullptr);
    ~RelayService() override; // stop(0) if running

    // Binds host:port (port 0: any free port, see port()). false + *error when it cannot.
    bool start(const QHostAddress &host, quint16 port, QString *error);
    // Stops accepting, lets in-flight requests finish for up to drainMs, then aborts the
    // rest (each still writes its log row) and ends the relay thread. Returns at once;
    // stopped() and runningChanged(false) follow. isRunning() stays true until then.
    void stopAsync(int drainMs = 5000);
    // stopAsync() and wait for it (also finishes a stop already under way).
    void stop(int drainMs = 5000);

    bool isRunning() const { return m_running; }
    bool isStopping() const { return m_stopping; }
    quint16 port() const { return m_port; }
    QHostAddress host() const { return m_host; }
    QString baseUrl() const; // "http://127.0.0.1:8645"

    // Replaces the configuration the relay uses; in-flight requests keep the old one.
    void setConfig(const Config &config);
    // Node name written into log rows (default: the host name).
    void setNodeName(const QString &node);
    // Asks the relay thread for the router's view of every channel (Router::healthSnapshot);
    // answered by healthSnapshotReady. Nothing happens while the relay is not running.
    void requestHealthSnapshot();

    // On PostgreSQL, several nodes share the config: a save by any of them reaches this relay
    // within about this long (Store::watchConfig), and configReloaded tells the owner.
    static constexpr int kConfigPollMs = 1000;

Q_SIGNALS:
    // The relay switched to a config another node saved (the GUI refreshes its copy).
    void configReloaded(const Config &config);
    void runningChanged(bool running);
    // One per finished request, after its row was queued to the store (queued connection).
    void requestFinished(const RequestLogRow &row);
    void stoppingChanged(bool stopping);
    void stopped();
    // {"<channel>": {"state", "unhealthy_until", "cooldown_until", ..., "keys": [...]}}
    void healthSnapshotReady(const QJsonObject &health);
    // Connections over max_connections were refused (answered 503, no request row): `total`
    // since this start of the relay; at most a few signals a second.
    void connectionsRefused(qint64 total, int max);

private:
    void finishStop();

    Store *m_store;
    QThread *m_thread = nullptr;
    RelayServer *m_server = nullptr; // lives on m_thread
    Config m_config;
    QString m_node;
    QHostAddress m_host;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_stopping = false;
    quint64 m_generation = 0; // which relay thread a late QThread::finished belongs to
};
