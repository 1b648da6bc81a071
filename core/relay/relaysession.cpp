#include "relaysession.h"

#include "model/responseassembler.h"
#include "wire/sseparser.h"

#include "quota/quotacharge.h"
#include "routing/retryafter.h"
#include "obs/streamcloseevent.h"
#include "faultpoint.h"
#include "obs/logger.h"
#include "relay/upstreampool.h"
#include "store/store.h"
#include "streampump.h"
#include "wire/headerfilter.h"
#include "wire/jsonpatch.h"

#include <algorithm>

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {
bool isRetryableStatus(int status)
{
    return status == 408 || status == 429 || status >= 500;
}

// A stream-close event (SPEC.md) with what the row knows; the caller adds the exchange's counters.
StreamCloseEvent closeEventOf(const RequestLogRow &row, ErrorKind kind, const QString &message)
{
    StreamCloseEvent e;
    e.kind = kind;
    e.message = message;
    e.requestId = row.requestId;
    e.keyName = row.keyName;
    e.channel = row.channel;
    e.channelType = row.channelType;
    e.keyIndex = row.keyIndex;
    e.clientModel = row.model;
    e.upstreamModel = row.upstreamModel;
    e.upstreamResponseId = row.upstreamResponseId;
    e.stream = row.stream;
    return e;
}

// Non-stream exchanges that fail the way streams do: the client left while waiting for the
// answer, or the upstream answered with an error.
std::optional<StreamCloseEvent> unaryCloseEvent(const RequestLogRow &row, EndReason reason, const QJsonArray &attempts,
                                                qint64 bytesWritten)
{
    if (attempts.isEmpty() || row.detail.contains(QLatin1String("error_kind"))
        || (reason != EndReason::ClientGone && reason != EndReason::UpstreamError))
        return std::nullopt;
    StreamCloseEvent e = closeEventOf(row, reason == EndReason::ClientGone ? ErrorKind::ClientAbort : ErrorKind::UpstreamError,
                                      row.errorMessage);
    e.upstreamStatus = attempts.last().toObject().value(QLatin1String("status")).toInt();
    e.bytesWritten = bytesWritten;
    return e;
}

} // namespace

RelaySession::RelaySession(const RelayContext &context, ApiFormat clientFormat, IncomingRequest request,
                           QHttpServerResponder &&responder, QObject *parent)
    : QObject(parent), m_ctx(context), m_config(context.config), m_client(formatAdapter(clientFormat)),
      m_req(std::move(request)), m_conn(new ClientConnection(std::move(responder), this))
{
    m_row.requestId = m_req.requestId;
    m_row.startedAt = m_req.startedAt;
    m_row.node = m_ctx.node;
    m_row.clientFormat = apiFormatName(clientFormat);
    m_row.path = m_req.path;
    m_deadline.setSingleShot(true);
}

RelaySession::~RelaySession() = default;

template<typename Step> void RelaySession::guarded(Step &&step)
{
    try {
        step();
    } catch (...) {
        failInternal(FaultPoint::describe(std::current_exception()));
    }
}

// Ends the request after an exception, as cleanly as its state allows: a stream the pump
// ends (error event or error response), else an error response if none started. The
// exception's text goes to the log and the row, not to the client.
void RelaySession::failInternal(const QString &what)
{
    if (m_done)
        return;
    qCCritical(lcRelay).noquote() << "request" << m_req.requestId << "ended by an internal error:" << what;
    m_row.detail.insert(QStringLiteral("error_kind"), errorKindName(ErrorKind::Internal));
    m_internalError = QStringLiteral("internal error: ") + what;
    m_row.streamStatus.addError(m_internalError);
    const RelayError error = RelayError::make(ErrorCode::Internal, QStringLiteral("internal relay error (request %1)")
                                                                       .arg(m_req.requestId));
    try {
        if (m_pump && !m_pump->isFinished()) {
            m_pump->fail(error, EndReason::Internal); // its finished() finalizes the row
            if (m_done)
                return;
        }
        m_deadline.stop();
        abandonUnaryReply();
        if (!m_conn->headersSent() && !m_conn->isGone())
            sendJson(error.httpStatus, m_client.errorBody(error));
    } catch (...) {
        qCCritical(lcRelay).noquote() << "request" << m_req.requestId << "could not answer its internal error";
    }
    finalize(EndReason::Internal, error.httpStatus, error.message);
}

void RelaySession::start()
{
    guarded([this] { begin(); });
}

void RelaySession::sendJson(int status, const QByteArray &body, const ClientConnection::HeaderList &extraHeaders)
{
    m_conn->sendComplete(status, ClientConnection::HeaderList{{"Content-Type", "application/json"}} + commonHeaders() + extraHeaders,
                         body);
}

// A relay-made error in the client's format ends the request (nothing was sent yet).
void RelaySession::answerError(const RelayError &error, EndReason reason, const ClientConnection::HeaderList &extraHeaders)
{
    sendJson(error.httpStatus, m_client.errorBody(error), extraHeaders);
    m_row.streamStatus.addError(error.message);
    finalize(reason, error.httpStatus, error.message);
}

// The unary attempt in flight is dropped: none of its signals reach this session any more.
void RelaySession::abandonUnaryReply()
{
    QNetworkReply *reply = m_unaryReply;
    if (!reply)
        return;
    m_unaryReply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void RelaySession::begin()
{
    if (auto err = authenticate())
        return reject(*err);
    if (auto err = parseRequest())
        return reject(*err);
    if (!planRoute())
        return;
    if (auto err = decodeForTranslation())
        return reject(*err);
    if (reserveQuota())
        launch();
}

// Everything that needs an upstream: the pump (streams) or the unary deadline, then the first attempt.
void RelaySession::launch()
{
    const Settings &s = m_config->settings;
    if (m_stream) {
        StreamPump::Options o;
        o.keepaliveMs = s.keepaliveSeconds * 1000;
        o.idleTimeoutMs = s.streamIdleTimeoutSeconds * 1000;
        o.firstByteTimeoutMs = s.firstByteTimeoutSeconds * 1000;
        o.drainOnClientGone = s.drainUpstreamOnClientGone;
        o.maxLineBytes = s.maxSseLineBytes;
        o.contentType = m_client.streamContentType(m_req.query);
        o.pings = m_client.streamIsSse(m_req.query);
        o.maxClientBacklogBytes = s.maxClientBacklogBytes;
        o.passUpstreamHeaders = s.passthroughUpstreamHeaders;
        m_pump = new StreamPump(m_conn, m_client, commonHeaders(), o, m_req.clock, this);
        connect(m_pump, &StreamPump::attemptFailed, this,
                [this](const RelayError &error, bool retryable, int status, const QByteArray &body) {
                    guarded([&] { onStreamAttemptFailed(error, retryable, status, body); });
                });
        connect(m_pump, &StreamPump::finished, this, [this] { guarded([this] { onStreamFinished(); }); });
        m_pump->start();
    } else {
        connect(m_conn, &ClientConnection::gone, this, [this] { guarded([this] { onUnaryClientGone(); }); });
        connect(&m_deadline, &QTimer::timeout, this, [this] { guarded([this] { onUnaryDeadline(); }); });
    }
    FaultPoint::hit("session.launch");
    startAttempt();
}

std::optional<RelayError> RelaySession::authenticate()
{
    const QString plain = m_req.clientKey();
    if (plain.isEmpty())
        return RelayError::make(ErrorCode::Authentication, QStringLiteral("missing API key"));
    m_key = m_config->keyByHash(ClientKey::hashKey(plain.toUtf8()));
    if (!m_key)
        return RelayError::make(ErrorCode::Authentication, QStringLiteral("invalid API key"));
    m_row.keyName = m_key->name;
    if (!m_key->enabled)
        return RelayError::make(ErrorCode::Authentication, QStringLiteral("API key '%1' is disabled").arg(m_key->name));
    if (m_key->expired(QDateTime::currentDateTimeUtc()))
        return RelayError::make(ErrorCode::Authentication, QStringLiteral("API key '%1' has expired").arg(m_key->name));
    return std::nullopt;
}

std::optional<RelayError> RelaySession::parseRequest()
{
    if (m_req.body.size() > m_config->settings.maxRequestBytes)
        return RelayError::make(ErrorCode::RequestTooLarge,
                                QStringLiteral("request body of %1 bytes exceeds the limit of %2 bytes")
                                    .arg(m_req.body.size()).arg(m_config->settings.maxRequestBytes));
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(m_req.body, &perr);
    if (perr.error != QJsonParseError::NoError)
        return RelayError::make(ErrorCode::InvalidRequest,
                                QStringLiteral("request body is not valid JSON: %1 at offset %2")
                                    .arg(perr.errorString()).arg(perr.offset));
    if (!doc.isObject())
        return RelayError::make(ErrorCode::InvalidRequest, QStringLiteral("request body must be a JSON object"));
    m_body = doc.object();
    m_model = m_client.requestModel(m_body, m_req.pathModel);
    m_row.model = m_model;
    m_stream = m_client.requestIsStream(m_body, m_req.streamRoute);
    m_row.stream = m_stream;
    if (m_model.isEmpty()) {
        RelayError e = RelayError::make(ErrorCode::InvalidRequest, QStringLiteral("missing 'model'"));
        e.param = QStringLiteral("model");
        return e;
    }
    if (!m_key->allowsModel(m_model))
        return RelayError::make(ErrorCode::Permission,
                                QStringLiteral("API key '%1' may not use model '%2'").arg(m_key->name, m_model));
    return std::nullopt;
}

std::optional<RelayError> RelaySession::decodeForTranslation()
{
    const bool needed = std::any_of(m_candidates.cbegin(), m_candidates.cend(), [this](const RouteCandidate &c) {
        return m_config->channels[c.channelIndex].type != m_client.format();
    });
    if (!needed)
        return std::nullopt;
    QString error;
    m_canonical = formatCodec(m_client.format()).decodeRequest(m_body, m_req.pathModel, m_req.streamRoute, &error);
    if (!m_canonical) {
        m_row.detail.insert(QStringLiteral("error_kind"), errorKindName(ErrorKind::Translation));
        return RelayError::make(ErrorCode::InvalidRequest, QStringLiteral("cannot translate request: ") + error);
    }
    // Anthropic fast mode maps to OpenAI's priority tier (as sub2api does).
    if (m_req.header("anthropic-beta").contains("fast"))
        m_canonical->serviceTier = QStringLiteral("priority");
    // A stable cache key per user/session keeps OpenAI-side prompt caching hitting turn after turn.
    if (m_canonical->promptCacheKey.isEmpty()) {
        const QString session = QString::fromUtf8(m_req.header("x-relaydesk-session"));
        const QString seed = session.isEmpty() ? m_canonical->userId : session;
        if (!seed.isEmpty())
            m_canonical->promptCacheKey = QStringLiteral("rd-")
                + QString::fromLatin1(QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
    }
    return std::nullopt;
}

QByteArray RelaySession::upstreamBody(const Channel &channel, const QString &upstreamModel) const
{
    if (channel.type != m_client.format()) {
        Request r = *m_canonical;
        r.model = upstreamModel;
        r.stream = m_stream;
        return QJsonDocument(formatCodec(channel.type).encodeRequest(r)).toJson(QJsonDocument::Compact);
    }
    if (upstreamModel == m_model || channel.type == ApiFormat::Gemini)
        return m_req.body; // Gemini carries the model in the URL
    if (auto patched = JsonPatch::replaceTopLevelString(m_req.body, "model", upstreamModel))
        return *patched;
    QJsonObject o = m_body; // not reachable for a body we parsed, but never send the wrong model
    o.insert(QStringLiteral("model"), upstreamModel);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// What a pass-through answer needs so the client reads back the model name it asked for when
// the channel's model_map sent another one upstream (clients check it: Amp refused a Responses
// stream naming a model it did not know). Nothing when no rename happened, so the usual request
// does no extra work per event; nothing for translation either, whose encoder writes the
// client's name itself (EncoderOptions::clientModel). Byte-level, JsonPatch::renameMembers:
// every member named as the format names its model, at any depth, whose value is exactly the
// upstream name; the rest of the bytes stay as the upstream sent them.
std::optional<JsonPatch::MemberRename> RelaySession::answerModelRename(const Channel &channel,
                                                                        const QString &upstreamModel) const
{
    if (channel.type != m_client.format() || upstreamModel == m_model)
        return std::nullopt;
    return JsonPatch::memberRename(m_client.responseModelKey(), upstreamModel, m_model);
}

EncoderOptions RelaySession::encoderOptions() const
{
    EncoderOptions o;
    o.clientModel = m_model;
    o.requestId = m_req.requestId;
    o.includeUsage = m_body.value(QLatin1String("stream_options")).toObject()
                         .value(QLatin1String("include_usage")).toBool(false);
    if (m_canonical)
        o.request = *m_canonical;
    return o;
}

ClientConnection::HeaderList RelaySession::commonHeaders() const
{
    return {{"X-Request-Id", m_req.requestId.toUtf8()}};
}

void RelaySession::reject(const RelayError &error, const ClientConnection::HeaderList &extraHeaders)
{
    answerError(error, EndReason::Rejected, extraHeaders);
}

QString RelaySession::sessionPinKey() const
{
    QString session = QString::fromUtf8(m_req.header("x-relaydesk-session")).trimmed();
    if (session.isEmpty() && m_client.format() == ApiFormat::Anthropic) // Claude Code puts its session there
        session = m_body.value(QLatin1String("metadata")).toObject().value(QLatin1String("user_id")).toString();
    if (session.isEmpty())
        return QString();
    // Per client key and model: another key's session id must not steer this key's traffic.
    return m_key->name + u'\n' + m_model + u'\n' + session;
}

bool RelaySession::planRoute()
{
    const QString pinned = QString::fromUtf8(m_req.header("x-relaydesk-channel"));
    m_pinKey = sessionPinKey();
    const RouteQuery query{m_model, m_config->settings.bootstrapRetries + 1, pinned, m_pinKey};
    const RoutePlan plan = m_ctx.router->plan(*m_config, query);
    const qint64 now = m_ctx.router->nowMs();
    m_candidates = plan.candidates;
    if (!plan.skipped.isEmpty())
        m_row.detail.insert(QStringLiteral("routing_skipped"), plan.describeSkipped(*m_config, now));
    if (!m_candidates.isEmpty())
        return true;
    if (!plan.anyChannel) {
        const QString why = pinned.isEmpty()
            ? QStringLiteral("model '%1' is not served by any enabled channel").arg(m_model)
            : QStringLiteral("model '%1' is not served by channel '%2'").arg(m_model, pinned);
        reject(RelayError::make(ErrorCode::NotFound, why));
        return false;
    }
    // Every key that serves the model is cooling down after a 429: nothing can even be tried.
    const qint64 waitMs = plan.retryAfterMs(now);
    ClientConnection::HeaderList headers;
    if (waitMs >= 0)
        headers.append({"Retry-After", QByteArray::number((waitMs + 999) / 1000)});
    reject(RelayError::make(ErrorCode::Unavailable,
                            QStringLiteral("no upstream can take model '%1' now: %2")
                                .arg(m_model, plan.describeSkipped(*m_config, now))),
           headers);
    return false;
}

CostEstimate RelaySession::estimateCost() const
{
    QStringList upstreamModels;
    for (const RouteCandidate &c : m_candidates)
        upstreamModels.append(m_config->channels[c.channelIndex].upstreamModel(m_model));
    return CostEstimate::forRequest(*m_config, QuotaPolicy::fromSettings(m_config->settings), m_client.format(),
                                    m_req.body, m_body, m_model, upstreamModels);
}

bool RelaySession::reserveQuota()
{
    QuotaLedger *ledger = m_ctx.store ? m_ctx.store->quotaLedger() : nullptr;
    if (!m_key->budgetUsd || !ledger)
        return true; // unlimited key: no database round trip at all
    m_estimate = estimateCost();
    // The SQL runs on the ledger's thread; the answer comes back to this one. Should this session
    // end first, the watcher goes with it and the unread grant releases itself.
    auto *watcher = new QFutureWatcher<QuotaLedger::Answer>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QFuture<QuotaLedger::Answer> f = watcher->future();
        QuotaLedger::Answer answer;
        answer.error = QStringLiteral("the quota ledger stopped");
        guarded([&] { onQuotaAnswer(f.resultCount() > 0 ? f.result() : answer); });
    });
    watcher->setFuture(ledger->reserve(m_key->name, usdToNano(*m_key->budgetUsd), m_estimate->nanoUsd));
    return false;
}

void RelaySession::onQuotaAnswer(const QuotaLedger::Answer &answer)
{
    if (m_done)
        return; // ended meanwhile (relay stopping): the grant is released when the answer goes
    m_row.detail.insert(QStringLiteral("quota"),
                        QJsonObject{{QStringLiteral("reserved_usd"), nanoToUsd(m_estimate->nanoUsd)},
                                    {QStringLiteral("estimated_input_tokens"), m_estimate->inputTokens},
                                    {QStringLiteral("max_output_tokens"), m_estimate->outputTokens}});
    if (answer.verdict == QuotaLedger::Verdict::Failed && m_config->settings.failClosedBudgetedKeys)
        return reject(RelayError::make(ErrorCode::Unavailable,
                                       QStringLiteral("the quota ledger is unavailable: ") + answer.error));
    if (answer.verdict == QuotaLedger::Verdict::Failed) // fail open, as configured: served unmetered
        m_row.detail.insert(QStringLiteral("quota_unmetered"), answer.error);
    if (answer.verdict == QuotaLedger::Verdict::Refused) {
        const KeyBudget b = answer.state.value_or(KeyBudget());
        const auto usd = [](qint64 nano) { return QString::number(nanoToUsd(nano), 'f', 6); };
        return reject(RelayError::make(ErrorCode::InsufficientQuota,
                                       QStringLiteral("API key '%1' has not enough budget left: this request may cost "
                                                      "up to $%2; budget $%3, spent $%4, in flight $%5")
                                           .arg(m_key->name, usd(m_estimate->nanoUsd), usd(b.budgetNano),
                                                usd(b.spentNano), usd(b.reservedNano))));
    }
    m_quota = answer.grant;
    if (m_conn->isGone())
        return finalize(EndReason::ClientGone, 0, QStringLiteral("client disconnected before the request went upstream"));
    launch();
}

AttemptOutcome RelaySession::failedOutcome(int status, const QString &error) const
{
    const qint64 retryAfterMs = RetryAfter::parseMs(m_retryAfter, m_retryAfterMs, QDateTime::currentDateTimeUtc());
    return AttemptOutcome::failed(status, retryAfterMs, error);
}

void RelaySession::reportOutcome(const AttemptOutcome &outcome)
{
    if (m_attempt < 0 || m_outcomeReported)
        return;
    if (outcome.kind == AttemptOutcome::Kind::Connected) {
        if (m_attemptConnected)
            return;
        m_attemptConnected = true;
    } else {
        m_outcomeReported = true;
    }
    m_ctx.router->reportOutcome(*m_config, m_candidates[m_attempt], outcome, m_pinKey);
}

// The last attempt's outcome when nothing reported it yet (a stream that ran to its end), and
// the candidates never tried give back their half-open trials.
void RelaySession::reportFinalOutcome(EndReason reason)
{
    switch (reason) {
    case EndReason::Done:
        reportOutcome(AttemptOutcome::success());
        break;
    case EndReason::Eof:
    case EndReason::Timeout:
    case EndReason::ScannerError:
    case EndReason::UpstreamError:
        reportOutcome(failedOutcome(0, m_row.errorMessage));
        break;
    case EndReason::ClientGone:
    case EndReason::PingFail:
    case EndReason::Internal:
    case EndReason::Rejected:
        reportOutcome(AttemptOutcome::neutral());
        break;
    }
    m_ctx.router->releaseUntried(*m_config, m_candidates.mid(m_attempt + 1));
}

// The request's cost (row) and, for a budgeted key, the settlement of its reservation: the real
// cost when usage is known, an estimate of what was streamed, or nothing (released).
void RelaySession::settleQuota()
{
    ChargeInput in;
    in.clientModel = m_row.model;
    in.upstreamModel = m_row.upstreamModel;
    in.usage = m_row.usage;
    in.contentDelivered = m_pump ? m_pump->forwardedAny() : m_row.httpStatus >= 200 && m_row.httpStatus < 300;
    in.bytesDelivered = m_pump ? m_pump->status().bytes : m_row.streamStatus.bytes;
    in.eventsDelivered = m_pump ? m_pump->status().events : 0;
    if (!in.usage.known && in.contentDelivered && !m_estimate && !m_candidates.isEmpty())
        m_estimate = estimateCost();
    in.estimate = m_estimate.value_or(CostEstimate());
    const QuotaCharge charge = QuotaCharge::compute(*m_config, QuotaPolicy::fromSettings(m_config->settings), in);
    m_row.costUsd = nanoToUsd(charge.nanoUsd);
    if (charge.priceDefaulted && (m_row.usage.known || charge.estimated))
        m_row.detail.insert(QStringLiteral("price_defaulted"), true);
    if (charge.estimated)
        m_row.detail.insert(QStringLiteral("cost_estimated"), true);
    if (!m_quota)
        return;
    QJsonObject q = m_row.detail.value(QStringLiteral("quota")).toObject();
    q.insert(QStringLiteral("charged_usd"), nanoToUsd(charge.nanoUsd));
    m_row.detail.insert(QStringLiteral("quota"), q);
    m_quota->settle(charge.nanoUsd);
}

const Channel &RelaySession::currentChannel() const
{
    return m_config->channels[m_candidates[m_attempt].channelIndex];
}

QNetworkReply *RelaySession::sendUpstream(const RouteCandidate &candidate)
{
    const Channel &ch = m_config->channels[candidate.channelIndex];
    const FormatAdapter &up = formatAdapter(ch.type);
    const QString upstreamModel = ch.upstreamModel(m_model);
    const QByteArray body = upstreamBody(ch, upstreamModel);
    const bool translated = ch.type != m_client.format();
    QNetworkRequest nr(up.upstreamUrl(ch.baseUrl, upstreamModel, m_stream, m_req.query));
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    nr.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    nr.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    nr.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    for (const auto &h : HeaderFilter::forwardableRequestHeaders(m_req.headers)) {
        // A provider's own headers mean nothing (or something wrong) to another provider.
        if (translated && (h.first.toLower().startsWith("anthropic-") || h.first.toLower().startsWith("openai-")
                           || h.first.toLower().startsWith("x-goog-")))
            continue;
        nr.setRawHeader(h.first, h.second);
    }
    for (const auto &h : up.upstreamAuthHeaders(ch.keys[candidate.keyIndex])) {
        if (h.first.compare("anthropic-version", Qt::CaseInsensitive) == 0 && nr.hasRawHeader(h.first))
            continue; // keep the client's API version
        nr.setRawHeader(h.first, h.second);
    }
    for (const auto &h : ch.headers)
        nr.setRawHeader(h.first, h.second);
    nr.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    m_row.channel = ch.name;
    m_row.channelType = apiFormatName(ch.type);
    m_row.keyIndex = candidate.keyIndex;
    m_row.upstreamModel = upstreamModel;
    m_modelRename = answerModelRename(ch, upstreamModel);
    return m_ctx.upstreams->post(nr, body, ch.proxy);
}

void RelaySession::startAttempt()
{
    ++m_attempt;
    m_attemptClock.start();
    QNetworkReply *reply = sendUpstream(m_candidates[m_attempt]);
    const Channel &ch = currentChannel();
    if (m_pump) {
        const FormatAdapter &up = formatAdapter(ch.type);
        m_pump->attach(reply, up,
                       makeStreamTransform(m_client, up, m_client.streamIsSse(m_req.query), encoderOptions(), m_modelRename));
        watchAttempt(reply);
        return;
    }
    watchAttempt(reply);
    m_unaryReply = reply;
    m_unaryObs = StreamObservation();
    connect(reply, &QNetworkReply::finished, this, [this] { guarded([this] { onUnaryFinished(); }); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (m_firstByteMs < 0)
            m_firstByteMs = m_req.clock.elapsed();
        // A non-stream answer is held whole before it is passed on: bounded like one SSE line.
        if (reply == m_unaryReply && reply->bytesAvailable() > m_config->settings.maxSseLineBytes)
            guarded([this] { onUnaryTooLarge(); });
    });
    m_deadline.start(ch.timeoutSeconds * 1000);
}

void RelaySession::onUnaryTooLarge()
{
    m_deadline.stop();
    const int status = m_unaryReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    abandonUnaryReply();
    const QString why = QStringLiteral("upstream answer exceeds max_sse_line_bytes (%1 bytes)")
                            .arg(m_config->settings.maxSseLineBytes);
    recordAttempt(status, why);
    reportOutcome(failedOutcome(0, why));
    answerError(RelayError::make(ErrorCode::Upstream, why), EndReason::ScannerError);
}

// What the router needs from the reply besides the pump's verdict: Retry-After, and (streams)
// the moment content starts reaching the client. Connected after the pump, so its slots run first.
void RelaySession::watchAttempt(QNetworkReply *reply)
{
    m_attemptConnected = false;
    m_outcomeReported = false;
    m_retryAfter.clear();
    m_retryAfterMs.clear();
    const int attempt = m_attempt;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, attempt] {
        if (attempt != m_attempt)
            return;
        m_retryAfter = reply->rawHeader("Retry-After");
        m_retryAfterMs = reply->rawHeader("retry-after-ms");
    });
    if (m_pump)
        connect(reply, &QNetworkReply::readyRead, this, [this, attempt] {
            if (attempt == m_attempt && !m_done && m_pump->forwardedAny())
                reportOutcome(AttemptOutcome::connected());
        });
}

void RelaySession::recordAttempt(int status, const QString &error)
{
    const Channel &ch = currentChannel();
    QJsonObject a{{QStringLiteral("channel"), ch.name},
                  {QStringLiteral("key_index"), m_candidates[m_attempt].keyIndex},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("ms"), m_attemptClock.elapsed()}};
    if (!error.isEmpty())
        a.insert(QStringLiteral("error"), error);
    if (m_candidates[m_attempt].pinned)
        a.insert(QStringLiteral("pinned"), true);
    if (m_candidates[m_attempt].forced)
        a.insert(QStringLiteral("forced"), true); // unhealthy, tried as a last resort
    m_attempts.append(a);
}

void RelaySession::onStreamAttemptFailed(const RelayError &error, bool retryable, int status, const QByteArray &body)
{
    recordAttempt(status, error.message);
    reportOutcome(failedOutcome(status, error.message));
    if (retryable && moreCandidates() && !m_conn->isGone()) {
        startAttempt();
        return;
    }
    // Same format on both sides: the upstream's own error body is already in the client's format.
    QByteArray own;
    const QJsonObject parsed = QJsonDocument::fromJson(body).object();
    if (currentChannel().type == m_client.format() && !parsed.isEmpty() && m_client.isOwnErrorBody(parsed))
        own = body;
    const EndReason reason = error.code == ErrorCode::Timeout ? EndReason::Timeout : EndReason::UpstreamError;
    m_pump->fail(error, reason, own);
}

void RelaySession::onStreamFinished()
{
    const StreamStatus &st = m_pump->status();
    const StreamObservation &obs = m_pump->observation();
    if (m_attempts.size() <= m_attempt)
        recordAttempt(200, st.ok() ? QString() : endReasonName(st.endReason));
    m_row.streamStatus = st;
    if (!m_internalError.isEmpty())
        m_row.streamStatus.addError(m_internalError); // the pump does not know what we caught
    if (st.endReason == EndReason::Internal)
        m_row.detail.insert(QStringLiteral("error_kind"), errorKindName(ErrorKind::Internal));
    m_row.usage = obs.usage;
    m_row.upstreamResponseId = obs.responseId;
    QJsonObject diag{{QStringLiteral("events_forwarded"), m_pump->forwardedAny()},
                     {QStringLiteral("terminal_sent"), m_pump->terminalSent()},
                     {QStringLiteral("last_event_sent"), QString::fromUtf8(m_pump->lastEventSent())},
                     {QStringLiteral("reasoning_seen"), obs.sawReasoning},
                     {QStringLiteral("chunks_written"), m_conn->chunksWritten()}};
    m_row.detail.insert(QStringLiteral("stream"), diag);
    const QString err = st.ok() ? QString() : (st.errors.isEmpty() ? endReasonName(st.endReason) : st.errors.last());
    if (const auto kind = m_pump->closeKind()) {
        StreamCloseEvent e = closeEventOf(m_row, *kind, err);
        e.upstreamStatus = m_pump->upstreamStatus();
        e.eventsSeen = st.events;
        e.chunksWritten = m_conn->chunksWritten();
        e.bytesWritten = st.bytes;
        e.lastEventSent = QString::fromUtf8(m_pump->lastEventSent());
        e.terminalSent = m_pump->terminalSent();
        e.reasoningSeen = obs.sawReasoning;
        m_row.detail.insert(QStringLiteral("close_event"), e.toJson());
    }
    finalize(st.endReason, m_pump->httpStatusSent(), err);
}

void RelaySession::onUnaryFinished()
{
    QNetworkReply *reply = m_unaryReply;
    if (!reply || m_done)
        return;
    m_deadline.stop();
    m_unaryReply = nullptr;
    reply->deleteLater();
    const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = code.isValid() ? code.toInt() : 0;
    const QByteArray body = reply->readAll();
    FaultPoint::hit("session.unary_reply");
    if (m_conn->isGone()) {
        recordAttempt(status, QStringLiteral("client gone"));
        if (status >= 200 && status < 300) { // drained: the answer still says what it cost
            formatAdapter(currentChannel().type).observeResponse(QJsonDocument::fromJson(body).object(), m_unaryObs);
            m_row.usage = m_unaryObs.usage;
            reportOutcome(AttemptOutcome::success());
        }
        finalize(EndReason::ClientGone, 0, QStringLiteral("client disconnected before the answer"));
        return;
    }
    // A 2xx whose connection broke before the body was complete (fewer bytes than its
    // Content-Length, a chunked body without its end): never a success to pass on.
    if (status >= 200 && status < 300 && reply->error() != QNetworkReply::NoError) {
        const QString why = QStringLiteral("upstream answer cut short: ") + reply->errorString();
        recordAttempt(status, why);
        reportOutcome(failedOutcome(0, why));
        if (moreCandidates())
            return startAttempt();
        return answerError(RelayError::make(ErrorCode::Upstream, why), EndReason::Eof);
    }
    if (status == 0) {
        const QString why = QStringLiteral("upstream connection failed: ") + reply->errorString();
        recordAttempt(0, why);
        reportOutcome(failedOutcome(0, why));
        if (moreCandidates())
            return startAttempt();
        return answerUnaryError(RelayError::make(ErrorCode::Upstream, why), 0, {});
    }
    if (status < 200 || status >= 300) {
        RelayError err = RelayError::make(RelayError::codeForHttpStatus(status),
                                          QStringLiteral("upstream HTTP %1: %2").arg(status).arg(extractErrorMessage(body)));
        err.httpStatus = status;
        recordAttempt(status, err.message);
        reportOutcome(failedOutcome(status, err.message));
        if (isRetryableStatus(status) && moreCandidates())
            return startAttempt();
        return answerUnaryError(err, status, body);
    }
    recordAttempt(status, QString());
    reportOutcome(AttemptOutcome::success());
    const ApiFormat upFormat = currentChannel().type;
    if (reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().startsWith("text/event-stream"))
        return answerFromStream(upFormat, body); // an always-streaming upstream
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    formatAdapter(upFormat).observeResponse(json, m_unaryObs);
    m_row.usage = m_unaryObs.usage;
    m_row.upstreamResponseId = m_unaryObs.responseId;
    QByteArray out = body;
    QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (upFormat != m_client.format()) {
        const Response canonical = formatCodec(upFormat).decodeResponse(json);
        out = QJsonDocument(formatCodec(m_client.format()).encodeResponse(canonical, encoderOptions()))
                  .toJson(QJsonDocument::Compact);
        contentType.clear();
    } else if (m_modelRename) {
        JsonPatch::renameMembers(out, *m_modelRename); // sendComplete's Content-Length is out's size
    }
    if (contentType.isEmpty())
        contentType = "application/json";
    ClientConnection::HeaderList headers{{"Content-Type", contentType}};
    if (m_config->settings.passthroughUpstreamHeaders)
        headers += HeaderFilter::forwardableResponseHeaders(reply->rawHeaderPairs());
    m_conn->sendComplete(200, headers + commonHeaders(), out);
    m_row.streamStatus.bytes = out.size();
    finalize(EndReason::Done, 200, QString());
}

// A non-stream client of an upstream that answered with a stream anyway: the stream is
// assembled into the client's JSON; one that never reached its terminal event is a 502 (eof).
void RelaySession::answerFromStream(ApiFormat upstreamFormat, const QByteArray &sse)
{
    SseParser parser(m_config->settings.maxSseLineBytes);
    QList<SseEvent> events = parser.feed(sse);
    events += parser.finish();
    auto decoder = formatCodec(upstreamFormat).newStreamDecoder();
    ResponseAssembler assembler;
    for (const SseEvent &e : events) {
        if (e.commentOnly)
            continue;
        ++m_row.streamStatus.events;
        formatAdapter(upstreamFormat).observeEvent(e, m_unaryObs);
        assembler.add(decoder->decode(e));
    }
    m_row.usage = m_unaryObs.usage;
    m_row.upstreamResponseId = m_unaryObs.responseId;
    if (!assembler.ended() || assembler.hasError() || parser.hasError()) {
        const QString why = assembler.hasError() ? assembler.error().message
            : parser.hasError()                  ? parser.errorString()
                                                 : QStringLiteral("upstream stream ended before its terminal event");
        answerError(RelayError::make(ErrorCode::Upstream, why), assembler.hasError() ? EndReason::UpstreamError : EndReason::Eof);
        return;
    }
    const QByteArray out = QJsonDocument(formatCodec(m_client.format()).encodeResponse(assembler.response(), encoderOptions()))
                               .toJson(QJsonDocument::Compact);
    sendJson(200, out);
    m_row.streamStatus.bytes = out.size();
    finalize(EndReason::Done, 200, QString());
}

void RelaySession::answerUnaryError(const RelayError &error, int upstreamStatus, const QByteArray &body)
{
    const QJsonObject parsed = QJsonDocument::fromJson(body).object();
    const bool sameFormat = m_attempt >= 0 && currentChannel().type == m_client.format();
    const bool own = sameFormat && !parsed.isEmpty() && m_client.isOwnErrorBody(parsed);
    const int status = upstreamStatus > 0 ? upstreamStatus : error.httpStatus;
    sendJson(status, own ? body : m_client.errorBody(error));
    m_row.streamStatus.addError(error.message);
    finalize(error.code == ErrorCode::Timeout ? EndReason::Timeout : EndReason::UpstreamError, status, error.message);
}

void RelaySession::onUnaryClientGone()
{
    if (m_done || !m_unaryReply)
        return;
    if (m_config->settings.drainUpstreamOnClientGone)
        return; // onUnaryFinished sees the client gone and records usage from the full answer
    abandonUnaryReply();
    recordAttempt(0, QStringLiteral("client gone"));
    finalize(EndReason::ClientGone, 0, QStringLiteral("client disconnected before the answer"));
}

void RelaySession::onUnaryDeadline()
{
    if (!m_unaryReply)
        return;
    abandonUnaryReply();
    const QString why = QStringLiteral("upstream did not answer within %1 s").arg(currentChannel().timeoutSeconds);
    recordAttempt(0, why);
    reportOutcome(failedOutcome(0, why));
    if (moreCandidates())
        return startAttempt();
    answerUnaryError(RelayError::make(ErrorCode::Timeout, why), 0, {});
}

void RelaySession::shutdown()
{
    if (m_done)
        return;
    if (m_pump) {
        m_pump->abort(QStringLiteral("relay shutting down"));
        return;
    }
    abandonUnaryReply();
    m_row.detail.insert(QStringLiteral("error_kind"), errorKindName(ErrorKind::Internal));
    answerUnaryError(RelayError::make(ErrorCode::Unavailable, QStringLiteral("relay shutting down")), 0, {});
}

void RelaySession::finalize(EndReason reason, int httpStatus, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_row.durationMs = m_req.clock.elapsed();
    m_row.httpStatus = httpStatus;
    m_row.streamStatus.endReason = reason;
    if (m_row.streamStatus.firstByteMs < 0)
        m_row.streamStatus.firstByteMs = m_firstByteMs;
    m_row.errorMessage = error;
    if (!m_pump)
        if (const auto e = unaryCloseEvent(m_row, reason, m_attempts, m_conn->bodyBytesWritten()))
            m_row.detail.insert(QStringLiteral("close_event"), e->toJson());
    if (!m_attempts.isEmpty())
        m_row.detail.insert(QStringLiteral("attempts"), m_attempts);
    reportFinalOutcome(reason);
    settleQuota(); // the single exit: every reservation is settled or released here
    if (m_ctx.store)
        m_ctx.store->appendRequestLog(m_row);
    Q_EMIT done(m_row);
}
