#pragma once

#include "adminreply.h"
#include "config/config.h"
#include "obs/metrics.h"
#include "relaycontext.h"
#include "store/requestlogrow.h"

#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QMutex>
#include <QObject>
#include <functional>
#include <memory>

class ClientConnection;
class Store;
class GuardServer;
class Router;
class UpstreamPool;

// /admin/* and /metrics on the relay's listener (SPEC.md "Admin API"). Authorisation:
// `Authorization: Bearer <admin_token>`; with no token configured only loopback callers are
// answered. Store reads and config saves run on the thread pool, never on the relay thread;
// /metrics counts what this node served since it started (fed by recordFinished) plus the
// store's error groups and the quota ledger.
class AdminApi : public QObject
{
    Q_OBJECT
public:
    AdminApi(Store *store, QObject *parent = nullptr);
    ~AdminApi() override;

    void setConfig(std::shared_ptr<const Config> config);
    void setRouter(const Router *router) { m_router = router; }
    void setGuard(const GuardServer *guard) { m_guard = guard; } // connection counts (same thread)
    void handle(const IncomingRequest &req, QHttpServerResponder &&responder);
    // One finished request (RelayServer::requestFinished): counted for /metrics.
    void recordFinished(const RequestLogRow &row);

    static bool isAuthorised(const IncomingRequest &req, const QString &adminToken);

Q_SIGNALS:
    // A config route changed the configuration (already validated; being saved to the store).
    // The relay applies it: RelayServer connects this to its setConfig.
    void configEdited(const Config &config);

private:
    void route(const IncomingRequest &req, ClientConnection *conn);
    void respond(ClientConnection *conn, const AdminReply &reply);
    // Runs `work` on the thread pool and answers with its result on this thread.
    void respondLater(ClientConnection *conn, std::function<AdminReply()> work);

    AdminReply health() const;
    void answerLogs(const IncomingRequest &req, ClientConnection *conn);
    void answerErrors(const IncomingRequest &req, ClientConnection *conn);
    void answerErrorGroup(const IncomingRequest &req, const QString &signature, ClientConnection *conn);
    void answerUsage(const IncomingRequest &req, ClientConnection *conn);
    void answerMetrics(ClientConnection *conn);
    void answerKeys(const IncomingRequest &req, const QString &name, ClientConnection *conn);
    void answerChannels(const IncomingRequest &req, const QString &name, ClientConnection *conn);
    void answerChannelTest(const IncomingRequest &req, const QString &name, ClientConnection *conn);
    void commitConfig(const Config &next, const AdminReply &reply, ClientConnection *conn);

    Store *m_store;
    std::shared_ptr<const Config> m_config;
    QElapsedTimer m_uptime;
    Metrics m_metrics;
    // Saves of edited configs run on the pool; each saves a whole snapshot, so an older one
    // that comes late is skipped.
    struct SaveOrder
    {
        QMutex mutex;
        qint64 saved = 0;
    };
    std::shared_ptr<SaveOrder> m_saveOrder;
    qint64 m_saveSeq = 0;
    const Router *m_router = nullptr; // the relay's, for channel health (same thread)
    const GuardServer *m_guard = nullptr;
    UpstreamPool *m_probes = nullptr; // channel tests' own upstream clients, made on first use
};
