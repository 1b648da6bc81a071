#pragma once

#include "formats/relayerror.h"
#include "guardedsocket.h"
#include "refusallog.h"
#include "relaycontext.h"
#include "store/requestlogrow.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QSet>
#include <memory>

class GuardServer;
class RelaySession;
class AdminApi;

// The HTTP front of the relay. Lives on the relay thread (created there: QT64.md). Routes
// client requests to RelaySessions and /admin, /metrics to AdminApi; every other path gets
// a JSON 404 in the format its prefix suggests.
class RelayServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    RelayServer(Store *store, const QString &node, QObject *parent = nullptr);
    ~RelayServer() override;

    bool listen(const QHostAddress &host, quint16 port, QString *error);
    quint16 port() const;
    void setConfig(const Config &config);
    int activeSessions() const { return int(m_sessions.size()); }
    // Stop accepting; end every session now (each writes its row).
    void closeAndAbortAll();
    void stopListening();
    // Pushes what was written to the clients out of the sockets' buffers (up to timeoutMs), so
    // that the close which follows does not cut off the end of a drained stream.
    void flushClients(int timeoutMs);
    // The router's view of every configured channel (Router::healthSnapshot).
    QJsonObject healthSnapshot() const;

Q_SIGNALS:
    void requestFinished(const RequestLogRow &row);
    void idle(); // the last active session ended
    void configEdited(const Config &config); // through the admin API: owners keep their copy in step
    void connectionsRefused(qint64 total, int max); // GuardServer::connectionsRefused

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void route(const QHttpServerRequest &request, IncomingRequest req, QTcpSocket *socket);
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    const ClientKey *validKey(const IncomingRequest &req) const;
    IncomingRequest copyRequest(const QHttpServerRequest &request) const;
    void startSession(ApiFormat format, IncomingRequest req, QHttpServerResponder &&responder);
    void answerModels(ApiFormat format, const IncomingRequest &req, QHttpServerResponder &&responder);
    void answerCountTokens(const IncomingRequest &req, QHttpServerResponder &&responder);
    void answerNotFound(const IncomingRequest &req, QHttpServerResponder &&responder, bool wrongMethod);
    // An error answered outside any session: the body in `format`, and a request-log row.
    void answerRefusal(const IncomingRequest &req, ApiFormat format, const RelayError &error,
                       QHttpServerResponder &&responder);
    void onGuardRefusal(const GuardedSocket::Refusal &refusal);
    void recordRefusal(const IncomingRequest &req, int status, const QString &message, EndReason reason);
    void recordRefusal(const RefusalLog::Refusal &refusal);

    RelayContext m_ctx;
    std::unique_ptr<UpstreamPool> m_upstreams;
    std::unique_ptr<Router> m_router;
    GuardServer *m_guard = nullptr;
    AdminApi *m_admin = nullptr;
    QSet<RelaySession *> m_sessions;
    RefusalLog m_refusals;
};
