#include "relayserver.h"

#include "adminapi.h"
#include "faultpoint.h"
#include "obs/logger.h"
#include "clientconnection.h"
#include "formats/formatadapter.h"
#include "guardserver.h"
#include "guardedsocket.h"
#include "relaysession.h"
#include "requestpolicy.h"
#include "routing/router.h"
#include "upstreampool.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QTcpSocket>

namespace {
QString newRequestId()
{
    quint64 a = QRandomGenerator::global()->generate64();
    quint32 b = QRandomGenerator::global()->generate();
    return QStringLiteral("req_") + QString::number(a, 16).rightJustified(16, u'0')
        + QString::number(b, 16).rightJustified(8, u'0');
}

// The client format a request belongs to, for routes and for errors on unknown paths: the
// path's, else Anthropic's when its header says so, else OpenAI's.
ApiFormat formatForPath(const QString &path, const IncomingRequest &req)
{
    const std::optional<ApiFormat> byPath = RefusalLog::formatOfPath(path);
    if (byPath == ApiFormat::Gemini || byPath == ApiFormat::Anthropic)
        return *byPath;
    if (!req.header("anthropic-version").isEmpty())
        return ApiFormat::Anthropic;
    return byPath.value_or(ApiFormat::OpenAIChat);
}

void sendJson(QHttpServerResponder &&responder, int status, const QByteArray &body,
              const ClientConnection::HeaderList &extraHeaders = {})
{
    ClientConnection conn(std::move(responder));
    conn.sendComplete(status, ClientConnection::HeaderList{{"Content-Type", "application/json"}} + extraHeaders, body);
}

qint64 estimateTokens(const QByteArray &body)
{
    // Local estimate (about 4 bytes a token for English and code); exact counts need the upstream.
    return qMax<qint64>(1, body.size() / 4);
}
} // namespace

QByteArray IncomingRequest::header(QByteArrayView name) const
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return QByteArray();
}

QString IncomingRequest::clientKey() const
{
    const QByteArray auth = header("authorization");
    if (auth.size() > 7 && auth.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return QString::fromUtf8(auth.mid(7).trimmed());
    for (const char *name : {"x-api-key", "x-goog-api-key"}) {
        const QByteArray v = header(name);
        if (!v.isEmpty())
            return QString::fromUtf8(v.trimmed());
    }
    return query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
}

RelayServer::RelayServer(Store *store, const QString &node, QObject *parent)
    : QAbstractHttpServer(parent), m_upstreams(std::make_unique<UpstreamPool>()),
      m_router(std::make_unique<Router>())
{
    m_ctx.config = std::make_shared<const Config>();
    m_ctx.store = store;
    m_ctx.upstreams = m_upstreams.get();
    m_ctx.router = m_router.get();
    m_ctx.node = node;
    m_admin = new AdminApi(store, this);
    m_admin->setRouter(m_router.get()); // GET /admin/channels shows each channel's health
    connect(this, &RelayServer::requestFinished, m_admin, &AdminApi::recordFinished); // /metrics
    connect(m_admin, &AdminApi::configEdited, this, &RelayServer::setConfig);
    connect(m_admin, &AdminApi::configEdited, this, &RelayServer::configEdited);          // admin config CRUD
}

RelayServer::~RelayServer()
{
    closeAndAbortAll();
}

bool RelayServer::listen(const QHostAddress &host, quint16 port, QString *error)
{
    m_guard = new GuardServer(m_ctx.config->settings, this);
    if (!m_guard->listen(host, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3").arg(host.toString()).arg(port).arg(m_guard->errorString());
        delete m_guard;
        m_guard = nullptr;
        return false;
    }
    bind(m_guard);
    m_admin->setGuard(m_guard);
    connect(m_guard, &GuardServer::requestRefused, this, &RelayServer::onGuardRefusal);
    connect(m_guard, &GuardServer::connectionsRefused, this, &RelayServer::connectionsRefused);
    return true;
}

quint16 RelayServer::port() const
{
    return m_guard ? m_guard->serverPort() : 0;
}

void RelayServer::setConfig(const Config &config)
{
    auto c = std::make_shared<Config>(config);
    c->reindex();
    m_ctx.config = c;
    if (m_guard)
        m_guard->setSettings(c->settings);
    m_admin->setConfig(m_ctx.config);
}

void RelayServer::stopListening()
{
    if (m_guard)
        m_guard->close();
}

QJsonObject RelayServer::healthSnapshot() const
{
    return m_ctx.config ? m_router->healthSnapshot(*m_ctx.config) : QJsonObject();
}

void RelayServer::flushClients(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (QTcpSocket *socket : findChildren<QTcpSocket *>()) {
        // Blocking on the relay thread is fine here: it only runs while the relay stops.
        while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() > 0
               && !deadline.hasExpired())
            socket->waitForBytesWritten(int(qMin<qint64>(deadline.remainingTime(), 100)));
    }
}

void RelayServer::closeAndAbortAll()
{
    stopListening();
    const auto sessions = m_sessions;
    for (RelaySession *s : sessions)
        s->shutdown();
}

IncomingRequest RelayServer::copyRequest(const QHttpServerRequest &request) const
{
    IncomingRequest req;
    req.clock.start();
    req.requestId = newRequestId();
    req.startedAt = QDateTime::currentDateTimeUtc();
    req.path = request.url().path();
    req.query = request.query();
    req.headers = request.headers();
    req.body = request.body();
    req.remote = request.remoteAddress();
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: req.method = "GET"; break;
    case QHttpServerRequest::Method::Post: req.method = "POST"; break;
    case QHttpServerRequest::Method::Put: req.method = "PUT"; break;
    case QHttpServerRequest::Method::Delete: req.method = "DELETE"; break;
    default: req.method = "OTHER"; break;
    }
    return req;
}

// The exception boundary of everything answered outside a session (admin API, models, count
// tokens, routing itself): an exception must not unwind into Qt's HTTP server. The client
// gets a 500 and the connection closes (after whatever response was already in flight).
bool RelayServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    IncomingRequest req = copyRequest(request);
    // What an exception's row needs, kept apart because route() hands `req` on: the row names
    // the request the client was answered for (its id, start and duration).
    IncomingRequest head;
    head.requestId = req.requestId;
    head.startedAt = req.startedAt;
    head.clock = req.clock;
    head.method = req.method;
    head.path = req.path;
    try {
        route(request, std::move(req), socket);
    } catch (...) {
        const QString what = FaultPoint::describe(std::current_exception());
        qCCritical(lcRelay).noquote() << "request to" << head.path << "ended by an internal error:" << what;
        recordRefusal(head, 500, QStringLiteral("internal error: ") + what, EndReason::Internal);
        if (auto *guarded = qobject_cast<GuardedSocket *>(socket))
            guarded->refuse(500, QStringLiteral("internal relay error"));
        else
            socket->abort();
    }
    return true;
}

void RelayServer::route(const QHttpServerRequest &request, IncomingRequest req, QTcpSocket *socket)
{
    FaultPoint::hit("server.route");
    QHttpServerResponder responder = makeResponder(request, socket);
    const QString &path = req.path;
    const bool post = req.method == "POST";
    const bool get = req.method == "GET";
    // Browser defences before any route (DNS rebinding, Origin, CORS): docs/security.md.
    const RequestPolicy::Decision policy = RequestPolicy::check(
        m_ctx.config->settings, request.method() == QHttpServerRequest::Method::Options, path, req.headers);
    if (auto *guarded = qobject_cast<GuardedSocket *>(socket))
        guarded->setResponseHeaders(policy.headers); // CORS headers go into whichever response follows
    if (policy.status == 204) { // an allowed origin's preflight
        ClientConnection(std::move(responder)).sendComplete(204, {}, {});
        return;
    }
    // The admin API's refusals (origin, auth) leave no row: the request log is the clients'.
    const bool admin = path.startsWith(QLatin1String("/admin/")) || path == QLatin1String("/metrics");
    if (policy.status != 0) {
        const RelayError refused{policy.status, ErrorCode::Permission, policy.message, {}};
        if (admin)
            return sendJson(std::move(responder), policy.status, formatAdapter(formatForPath(path, req)).errorBody(refused));
        return answerRefusal(req, formatForPath(path, req), refused, std::move(responder));
    }

    if (admin) {
        m_admin->handle(req, std::move(responder));
        return;
    }
    static const QList<QPair<QString, ApiFormat>> kPostRoutes{
        {QStringLiteral("/v1/chat/completions"), ApiFormat::OpenAIChat},
        {QStringLiteral("/chat/completions"), ApiFormat::OpenAIChat},
        {QStringLiteral("/v1/responses"), ApiFormat::OpenAIResponses},
        {QStringLiteral("/responses"), ApiFormat::OpenAIResponses},
        {QStringLiteral("/v1/messages"), ApiFormat::Anthropic},
        {QStringLiteral("/messages"), ApiFormat::Anthropic},
    };
    for (const auto &r : kPostRoutes) {
        if (path == r.first) {
            if (!post)
                return answerNotFound(req, std::move(responder), true);
            startSession(r.second, std::move(req), std::move(responder));
            return;
        }
    }
    if (path == QLatin1String("/v1/messages/count_tokens") && post)
        return answerCountTokens(req, std::move(responder));
    if ((path == QLatin1String("/v1/models") || path == QLatin1String("/models")) && get)
        return answerModels(formatForPath(path, req), req, std::move(responder));
    if (path == QLatin1String("/v1beta/models") && get)
        return answerModels(ApiFormat::Gemini, req, std::move(responder));
    static const QString kGeminiPrefix = QStringLiteral("/v1beta/models/");
    if (path.startsWith(kGeminiPrefix) && post) {
        const QString rest = path.mid(kGeminiPrefix.size());
        const qsizetype colon = rest.lastIndexOf(u':');
        const QString action = colon < 0 ? QString() : rest.mid(colon + 1);
        if (action == QLatin1String("generateContent") || action == QLatin1String("streamGenerateContent")) {
            req.pathModel = rest.left(colon);
            req.streamRoute = action == QLatin1String("streamGenerateContent");
            startSession(ApiFormat::Gemini, std::move(req), std::move(responder));
            return;
        }
    }
    answerNotFound(req, std::move(responder), false);
}

void RelayServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    answerNotFound(copyRequest(request), makeResponder(request, socket), false);
}

void RelayServer::startSession(ApiFormat format, IncomingRequest req, QHttpServerResponder &&responder)
{
    auto *session = new RelaySession(m_ctx, format, std::move(req), std::move(responder), this);
    m_sessions.insert(session);
    connect(session, &RelaySession::done, this, [this, session](const RequestLogRow &row) {
        m_sessions.remove(session);
        session->deleteLater();
        Q_EMIT requestFinished(row);
        if (m_sessions.isEmpty())
            Q_EMIT idle();
    });
    session->start();
}

void RelayServer::answerModels(ApiFormat format, const IncomingRequest &req, QHttpServerResponder &&responder)
{
    const FormatAdapter &fmt = formatAdapter(format);
    const ClientKey *key = validKey(req);
    if (!key)
        return answerRefusal(req, format, RelayError::make(ErrorCode::Authentication, QStringLiteral("invalid API key")),
                             std::move(responder));
    QStringList models;
    for (const Channel &c : m_ctx.config->channels) {
        if (!c.enabled)
            continue;
        for (const QString &m : c.models)
            if (!m.contains(u'*') && key->allowsModel(m) && !models.contains(m))
                models.append(m);
    }
    models.sort();
    sendJson(std::move(responder), 200, fmt.modelsListBody(models));
}

const ClientKey *RelayServer::validKey(const IncomingRequest &req) const
{
    const QString plain = req.clientKey();
    if (plain.isEmpty())
        return nullptr;
    const ClientKey *key = m_ctx.config->keyByHash(ClientKey::hashKey(plain.toUtf8()));
    if (!key || !key->enabled || key->expired(QDateTime::currentDateTimeUtc()))
        return nullptr;
    return key;
}

void RelayServer::answerCountTokens(const IncomingRequest &req, QHttpServerResponder &&responder)
{
    if (!validKey(req))
        return answerRefusal(req, ApiFormat::Anthropic,
                             RelayError::make(ErrorCode::Authentication, QStringLiteral("invalid API key")),
                             std::move(responder));
    const QJsonObject out{{QStringLiteral("input_tokens"), estimateTokens(req.body)}};
    sendJson(std::move(responder), 200, QJsonDocument(out).toJson(QJsonDocument::Compact));
}

void RelayServer::answerNotFound(const IncomingRequest &req, QHttpServerResponder &&responder, bool wrongMethod)
{
    const QString method = QString::fromUtf8(req.method);
    const QString path = RefusalLog::boundedPath(req.path);
    const RelayError err = wrongMethod
        ? RelayError{405, ErrorCode::InvalidRequest, QStringLiteral("method %1 not allowed on %2").arg(method, path), {}}
        : RelayError::make(ErrorCode::UnknownRoute, QStringLiteral("no route for %1 %2").arg(method, path));
    answerRefusal(req, formatForPath(req.path, req), err, std::move(responder));
}

void RelayServer::answerRefusal(const IncomingRequest &req, ApiFormat format, const RelayError &error,
                                QHttpServerResponder &&responder)
{
    sendJson(std::move(responder), error.httpStatus, formatAdapter(format).errorBody(error),
             {{"X-Request-Id", req.requestId.toUtf8()}});
    recordRefusal(req, error.httpStatus, error.message, EndReason::Rejected);
}

void RelayServer::recordRefusal(const IncomingRequest &req, int status, const QString &message, EndReason reason)
{
    RefusalLog::Refusal r;
    r.requestId = req.requestId;
    r.startedAt = req.startedAt;
    r.durationMs = req.clock.elapsed();
    r.method = req.method;
    r.path = req.path;
    r.httpStatus = status;
    r.message = message;
    r.endReason = reason;
    recordRefusal(r);
}

void RelayServer::onGuardRefusal(const GuardedSocket::Refusal &refusal)
{
    RefusalLog::Refusal r;
    r.requestId = newRequestId();
    r.startedAt = refusal.startedAt;
    r.durationMs = refusal.durationMs;
    r.method = refusal.method;
    const qsizetype query = refusal.target.indexOf('?');
    r.path = QString::fromLatin1(query < 0 ? refusal.target : refusal.target.left(query));
    r.httpStatus = refusal.status;
    r.message = refusal.message;
    recordRefusal(r);
}

void RelayServer::recordRefusal(const RefusalLog::Refusal &refusal)
{
    Q_EMIT requestFinished(m_refusals.record(m_ctx.store, m_ctx.node, refusal));
}
