#pragma once

#include "clientconnection.h"
#include "formats/formatadapter.h"
#include "formats/formatcodec.h"
#include "quota/costestimate.h"
#include "relaycontext.h"
#include "routing/router.h"
#include "store/quotaledger.h"
#include "store/requestlogrow.h"
#include "wire/jsonpatch.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;
class StreamPump;

// One request's life on the relay thread: validate and authenticate, choose (channel, key),
// build the upstream request (pass-through: only model and auth rewritten), run the exchange
// (StreamPump for streams, a single collected reply otherwise), retry on another candidate
// while nothing reached the client, then write exactly one request-log row.
class RelaySession : public QObject
{
    Q_OBJECT
public:
    RelaySession(const RelayContext &context, ApiFormat clientFormat, IncomingRequest request,
                 QHttpServerResponder &&responder, QObject *parent = nullptr);
    ~RelaySession() override;

    void start();
    void shutdown(); // relay stopping: end now, still logging the row
    bool isDone() const { return m_done; }

Q_SIGNALS:
    void done(const RequestLogRow &row);

private:
    // The exception boundary: every step of the request runs through it, so an exception ends
    // the request as `internal` (error in the client's format, row, log) instead of unwinding
    // through Qt's event loop.
    template<typename Step> void guarded(Step &&step);
    void failInternal(const QString &what);
    void begin();
    std::optional<RelayError> authenticate();
    std::optional<RelayError> parseRequest();
    std::optional<RelayError> decodeForTranslation();
    QByteArray upstreamBody(const Channel &channel, const QString &upstreamModel) const;
    std::optional<JsonPatch::MemberRename> answerModelRename(const Channel &channel, const QString &upstreamModel) const;
    EncoderOptions encoderOptions() const;
    void reject(const RelayError &error, const ClientConnection::HeaderList &extraHeaders = {});
    void sendJson(int status, const QByteArray &body, const ClientConnection::HeaderList &extraHeaders = {});
    void answerError(const RelayError &error, EndReason reason, const ClientConnection::HeaderList &extraHeaders = {});
    void abandonUnaryReply();

    // Routing and quota (docs/routing-and-budgets.md).
    QString sessionPinKey() const;
    bool planRoute();    // false: rejected (no channel, or every key cooling down)
    bool reserveQuota(); // true: go on now; false: the ledger answers later, or rejected
    void onQuotaAnswer(const QuotaLedger::Answer &answer);
    CostEstimate estimateCost() const;
    void launch();
    void watchAttempt(QNetworkReply *reply);
    AttemptOutcome failedOutcome(int status, const QString &error) const;
    void reportOutcome(const AttemptOutcome &outcome);
    void reportFinalOutcome(EndReason reason);
    void settleQuota();

    void startAttempt();
    QNetworkReply *sendUpstream(const RouteCandidate &candidate);
    void recordAttempt(int status, const QString &error);
    void onStreamAttemptFailed(const RelayError &error, bool retryable, int status, const QByteArray &body);
    void onStreamFinished();
    void onUnaryFinished();
    void onUnaryClientGone();
    void onUnaryDeadline();
    void onUnaryTooLarge();
    void answerUnaryError(const RelayError &error, int upstreamStatus, const QByteArray &body);
    void answerFromStream(ApiFormat upstreamFormat, const QByteArray &sse);
    bool moreCandidates() const { return m_attempt + 1 < m_candidates.size(); }
    const Channel &currentChannel() const;
    ClientConnection::HeaderList commonHeaders() const;

    void finalize(EndReason reason, int httpStatus, const QString &error);

    RelayContext m_ctx;
    std::shared_ptr<const Config> m_config;
    const FormatAdapter &m_client;
    IncomingRequest m_req;
    ClientConnection *m_conn;
    StreamPump *m_pump = nullptr;

    QJsonObject m_body;
    std::optional<Request> m_canonical; // decoded only when a candidate needs translation
    QString m_model;
    bool m_stream = false;
    const ClientKey *m_key = nullptr;
    QList<RouteCandidate> m_candidates;
    int m_attempt = -1;
    std::optional<JsonPatch::MemberRename> m_modelRename; // the current attempt's (answerModelRename)
    QString m_pinKey;              // "" = no session pinning
    bool m_attemptConnected = false; // the current attempt's content started reaching the client
    bool m_outcomeReported = false;  // the router heard how the current attempt ended
    QByteArray m_retryAfter;       // Retry-After / retry-after-ms of the current attempt's reply
    QByteArray m_retryAfterMs;
    std::optional<CostEstimate> m_estimate;
    std::shared_ptr<QuotaGrant> m_quota; // released by its destructor if finalize never settled it
    QElapsedTimer m_attemptClock;
    QJsonArray m_attempts;
    QPointer<QNetworkReply> m_unaryReply;
    QTimer m_deadline;
    StreamObservation m_unaryObs;
    qint64 m_firstByteMs = -1;
    RequestLogRow m_row;
    QString m_internalError; // what an exception caught at the boundary said
    bool m_done = false;
};
