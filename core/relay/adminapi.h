#pragma once

#include "config/config.h"
#include "relaycontext.h"

#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QObject>
#include <memory>

class ClientConnection;
class Store;

// /admin/* and /metrics on the relay's listener. Authorisation: `Authorization: Bearer
// <admin_token>`; with no token configured only loopback callers are answered. Store reads
// run on the thread pool, never on the relay thread.
class AdminApi : public QObject
{
    Q_OBJECT
public:
    AdminApi(Store *store, QObject *parent = nullptr);
    void setConfig(std::shared_ptr<const Config> config) { m_config = std::move(config); }
    void handle(const IncomingRequest &req, QHttpServerResponder &&responder);

private:
    bool authorised(const IncomingRequest &req) const;
    void answerLogs(const IncomingRequest &req, ClientConnection *conn);

    Store *m_store;
    std::shared_ptr<const Config> m_config;
    QElapsedTimer m_uptime;
};
