#include "adminapi.h"

#include "adminconfig.h"
#include "channelprobe.h"
#include "routing/router.h"
#include "clientconnection.h"
#include "guardserver.h"
#include "obs/logger.h"
#include "obs/prometheuswriter.h"
#include "store/failurelog.h"
#include "store/quotaledger.h"
#include "store/store.h"
#include "upstreampool.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QThreadPool>

#include <limits>

namespace {

// Constant-time comparison of secrets (by their digests, so lengths don't leak either).
bool secretEquals(const QByteArray &a, const QByteArray &b)
{
    const QByteArray da = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray db = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (int i = 0; i < da.size(); ++i)
        diff |= static_cast<unsigned char>(da[i] ^ db[i]);
    return diff == 0;
}

// Query parameters, validated; the first bad one is remembered for the 400.
class Params
{
public:
    explicit Params(const QUrlQuery &query) : m_query(query) {}

    QString text(const char *name) const
    {
        return m_query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    }
    qint64 integer(const char *name, qint64 fallback, qint64 min, qint64 max)
    {
        const QString v = text(name);
        if (v.isEmpty())
            return fallback;
        bool ok = false;
        const qint64 n = v.toLongLong(&ok);
        if (!ok || n < min)
            fail(name, QStringLiteral("must be an integer of at least %1").arg(min));
        return qBound(min, n, max);
    }
    // ISO 8601 date or date-time (UTC unless it says otherwise), or seconds since the epoch.
    QDateTime time(const char *name, const QDateTime &fallback)
    {
        const QString v = text(name);
        if (v.isEmpty())
            return fallback;
        bool numeric = false;
        const qint64 seconds = v.toLongLong(&numeric);
        QDateTime t = numeric ? QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC) : QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!numeric && !t.isValid())
            t = QDateTime(QDate::fromString(v, Qt::ISODate), QTime(0, 0), Qt::UTC);
        if (!t.isValid())
            fail(name, QStringLiteral("must be an ISO 8601 date or time, or seconds since the epoch"));
        if (t.isValid() && t.timeSpec() == Qt::LocalTime && !v.contains(u'Z') && !v.contains(u'+'))
            t.setTimeSpec(Qt::UTC);
        return t.isValid() ? t.toUTC() : fallback;
    }
    QString oneOf(const char *name, const QStringList &allowed)
    {
        const QString v = text(name);
        if (!v.isEmpty() && !allowed.contains(v))
            fail(name, QStringLiteral("must be one of: ") + allowed.join(QLatin1String(", ")));
        return v;
    }
    void fail(const char *name, const QString &why)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("query parameter '%1' %2").arg(QLatin1String(name), why);
        if (m_param.isEmpty())
            m_param = QLatin1String(name);
    }
    std::optional<AdminReply> error() const
    {
        return m_error.isEmpty() ? std::nullopt : std::optional(AdminReply::badRequest(m_error, m_param));
    }

private:
    QUrlQuery m_query;
    QString m_error;
    QString m_param;
};

QStringList endReasonNames()
{
    QStringList names;
    for (EndReason r : {EndReason::Done, EndReason::Eof, EndReason::Timeout, EndReason::ClientGone,
                        EndReason::ScannerError, EndReason::PingFail, EndReason::UpstreamError,
                        EndReason::Internal, EndReason::Rejected})
        names.append(endReasonName(r));
    return names;
}

RequestOutcome outcomeOf(const RequestLogRow &row)
{
    RequestOutcome o;
    o.clientFormat = row.clientFormat;
    o.channel = row.channel;
    o.keyName = row.keyName;
    o.httpStatus = row.httpStatus;
    o.stream = row.stream;
    o.endReason = row.streamStatus.endReason;
    const QJsonObject close = row.detail.value(QLatin1String("close_event")).toObject();
    o.closeKind = errorKindFromName(close.value(QLatin1String("kind")).toString());
    o.errorKinds = FailureLog::kindsFor(row);
    o.firstByteMs = row.streamStatus.firstByteMs;
    o.durationMs = row.durationMs;
    o.costUsd = row.costUsd;
    if (row.usage.known) {
        o.inputTokens = row.usage.inputTokens;
        o.outputTokens = row.usage.outputTokens;
        o.cachedInputTokens = row.usage.cachedInputTokens;
    }
    return o;
}

// What /metrics reads from the store besides the in-memory counters.
void writeStoreMetrics(PrometheusWriter &w, Store *store)
{
    const qint64 groups = store->errorGroupCount();
    if (groups >= 0) {
        w.family(QStringLiteral("relaydesk_error_groups"), "gauge",
                 QStringLiteral("Distinct error signatures in the error log."));
        w.sample(QStringLiteral("relaydesk_error_groups"), {}, groups);
    }
    w.family(QStringLiteral("relaydesk_log_rows_dropped_total"), "counter",
             QStringLiteral("Log rows lost because the database refused writes for too long."));
    w.sample(QStringLiteral("relaydesk_log_rows_dropped_total"), {}, store->droppedRows());
    w.family(QStringLiteral("relaydesk_log_rows_pending"), "gauge",
             QStringLiteral("Log rows kept in memory, waiting for the database."));
    w.sample(QStringLiteral("relaydesk_log_rows_pending"), {}, store->pendingRows());
    QuotaLedger *ledger = store->quotaLedger();
    if (!ledger)
        return;
    const QList<KeyBudget> budgets = ledger->keyBudgets();
    const auto family = [&](const char *name, const char *help, qint64 KeyBudget::*member) {
        w.family(QLatin1String(name), "gauge", QLatin1String(help));
        for (const KeyBudget &b : budgets)
            w.sample(QLatin1String(name), {{QStringLiteral("key"), b.keyName}}, nanoToUsd(b.*member));
    };
    family("relaydesk_quota_budget_usd", "Budget of each client key with one (USD).", &KeyBudget::budgetNano);
    family("relaydesk_quota_spent_usd", "Settled cost of each budgeted client key, all nodes (USD).", &KeyBudget::spentNano);
    family("relaydesk_quota_reserved_usd", "Worst-case cost reserved by requests in flight, all nodes (USD).",
           &KeyBudget::reservedNano);
}

// /admin/health's view of the log writer and the quota ledger: a database refusing writes, rows
// waiting in memory and rows lost are visible without reading the log file.
QJsonObject logWritesJson(const Store &store)
{
    const Store::LogWriteState s = store.logWriteState();
    const QString ledgerError = store.quotaLedger() ? store.quotaLedger()->lastError() : QString();
    return QJsonObject{{QStringLiteral("ok"), s.ok},
                       {QStringLiteral("error"), s.error},
                       {QStringLiteral("pending_rows"), s.pendingRows},
                       {QStringLiteral("buffer_rows"), s.bufferRows},
                       {QStringLiteral("dropped_rows"), s.droppedRows},
                       {QStringLiteral("quota_ledger_error"), ledgerError}};
}

QString tailAfter(const QString &path, QLatin1String prefix)
{
    return path.size() > prefix.size() ? path.mid(prefix.size() + 1) : QString();
}

} // namespace

AdminApi::AdminApi(Store *store, QObject *parent)
    : QObject(parent), m_store(store), m_saveOrder(std::make_shared<SaveOrder>())
{
    m_uptime.start();
}

AdminApi::~AdminApi() = default;

void AdminApi::setConfig(std::shared_ptr<const Config> config)
{
    m_config = std::move(config);
    if (m_store && m_config) {
        m_store->setRetention(RetentionPolicy{m_config->settings.retentionDays, m_config->settings.retentionRows});
        m_store->setLogBufferRows(m_config->settings.logBufferRows);
    }
}

void AdminApi::recordFinished(const RequestLogRow &row)
{
    m_metrics.record(outcomeOf(row));
}

bool AdminApi::isAuthorised(const IncomingRequest &req, const QString &adminToken)
{
    if (adminToken.isEmpty())
        return req.remote.isLoopback();
    const QByteArray auth = req.header("authorization");
    if (auth.size() <= 7 || auth.left(7).compare("bearer ", Qt::CaseInsensitive) != 0)
        return false;
    return secretEquals(auth.mid(7).trimmed(), adminToken.toUtf8());
}

void AdminApi::handle(const IncomingRequest &req, QHttpServerResponder &&responder)
{
    auto *conn = new ClientConnection(std::move(responder), this);
    const QString token = m_config ? m_config->adminToken : QString();
    if (!isAuthorised(req, token)) {
        const QString why = token.isEmpty() ? QStringLiteral("no admin token is configured: the admin API answers loopback callers only")
                                            : QStringLiteral("admin token required: Authorization: Bearer <admin_token>");
        qCInfo(lcAdmin, "refused %s %s from %s", req.method.constData(), qPrintable(req.path),
               qPrintable(req.remote.toString()));
        return respond(conn, AdminReply::error(token.isEmpty() ? 403 : 401, why, token.isEmpty()
                                                   ? QStringLiteral("permission_error")
                                                   : QStringLiteral("authentication_error")));
    }
    route(req, conn);
}

void AdminApi::route(const IncomingRequest &req, ClientConnection *conn)
{
    const QString &p = req.path;
    const bool get = req.method == "GET";
    if (p == QLatin1String("/admin/health") && get)
        return respond(conn, health());
    if (p == QLatin1String("/metrics") && get)
        return answerMetrics(conn);
    if (p == QLatin1String("/admin/logs") && get)
        return answerLogs(req, conn);
    if (p == QLatin1String("/admin/errors") && get)
        return answerErrors(req, conn);
    if (p.startsWith(QLatin1String("/admin/errors/")) && get)
        return answerErrorGroup(req, tailAfter(p, QLatin1String("/admin/errors")), conn);
    if (p == QLatin1String("/admin/usage") && get)
        return answerUsage(req, conn);
    if (p == QLatin1String("/admin/channels") || p.startsWith(QLatin1String("/admin/channels/"))) {
        const QString name = tailAfter(p, QLatin1String("/admin/channels"));
        if (name.endsWith(QLatin1String("/test")) && req.method == "POST")
            return answerChannelTest(req, name.chopped(5), conn);
        return answerChannels(req, name, conn);
    }
    if (p == QLatin1String("/admin/keys") || p.startsWith(QLatin1String("/admin/keys/")))
        return answerKeys(req, tailAfter(p, QLatin1String("/admin/keys")), conn);
    respond(conn, AdminReply::notFound(QStringLiteral("no admin route %1 %2").arg(QString::fromUtf8(req.method), p)));
}

void AdminApi::respond(ClientConnection *conn, const AdminReply &reply)
{
    conn->sendComplete(reply.status, {{"Content-Type", reply.contentType}}, reply.body);
    conn->deleteLater();
}

void AdminApi::respondLater(ClientConnection *conn, std::function<AdminReply()> work)
{
    QPointer<ClientConnection> guard(conn);
    // RelayService::stop() waits for the pool before deleting the server, so `this` outlives the job.
    QThreadPool::globalInstance()->start([this, guard, work = std::move(work)] {
        const AdminReply reply = work();
        QMetaObject::invokeMethod(this, [this, guard, reply] {
            if (guard)
                respond(guard, reply);
        });
    });
}

AdminReply AdminApi::health() const
{
    QJsonObject o{{QStringLiteral("status"), QStringLiteral("ok")},
                  {QStringLiteral("version"), QStringLiteral(RELAYDESK_VERSION)},
                  {QStringLiteral("uptime_s"), m_uptime.elapsed() / 1000},
                  {QStringLiteral("database"), m_store ? m_store->backendName() : QString()}};
    if (m_store) // beyond SPEC.md: a database refusing writes is visible here, not only in the log file
        o.insert(QStringLiteral("log_writes"), logWritesJson(*m_store));
    if (m_guard) // beyond SPEC.md: connections refused over max_connections leave no request row
        o.insert(QStringLiteral("connections"),
                 QJsonObject{{QStringLiteral("open"), m_guard->openConnections()},
                             {QStringLiteral("max"), m_guard->maxConnections()},
                             {QStringLiteral("refused_over_limit"), m_guard->refusedOverLimit()}});
    return AdminReply::json(200, o);
}

void AdminApi::answerLogs(const IncomingRequest &req, ClientConnection *conn)
{
    Params params(req.query);
    RequestLogQuery q;
    q.limit = int(params.integer("limit", 50, 1, 1000));
    q.beforeId = params.integer("before_id", 0, 1, std::numeric_limits<qint64>::max());
    q.key = params.text("key");
    q.channel = params.text("channel");
    q.model = params.text("model");
    q.status = params.oneOf("status", {QStringLiteral("ok"), QStringLiteral("error")});
    q.endReason = params.oneOf("end_reason", endReasonNames());
    if (auto bad = params.error())
        return respond(conn, *bad);
    Store *store = m_store;
    respondLater(conn, [store, q] {
        const QList<RequestLogRow> rows = store->requestLogs(q);
        QJsonArray data;
        for (const RequestLogRow &r : rows)
            data.append(r.toJson());
        // A full page may have more behind it: page on with before_id = next_before_id.
        const QJsonValue next = rows.size() == q.limit ? QJsonValue(rows.last().id) : QJsonValue(QJsonValue::Null);
        return AdminReply::json(200, QJsonObject{{QStringLiteral("data"), data}, {QStringLiteral("next_before_id"), next}});
    });
}

void AdminApi::answerErrors(const IncomingRequest &req, ClientConnection *conn)
{
    Params params(req.query);
    ErrorGroupQuery q;
    q.limit = int(params.integer("limit", 100, 1, 1000));
    q.kind = params.text("kind");
    if (!q.kind.isEmpty() && !errorKindFromName(q.kind))
        params.fail("kind", QStringLiteral("is not an error kind"));
    q.channel = params.text("channel");
    q.since = params.time("since", QDateTime());
    if (auto bad = params.error())
        return respond(conn, *bad);
    Store *store = m_store;
    respondLater(conn, [store, q] {
        QJsonArray data;
        for (const ErrorGroup &g : store->errorGroups(q))
            data.append(g.toJson());
        return AdminReply::json(200, QJsonObject{{QStringLiteral("data"), data}});
    });
}

void AdminApi::answerErrorGroup(const IncomingRequest &req, const QString &signature, ClientConnection *conn)
{
    Params params(req.query);
    const int limit = int(params.integer("limit", 20, 1, 20));
    if (auto bad = params.error())
        return respond(conn, *bad);
    Store *store = m_store;
    respondLater(conn, [store, signature, limit] {
        const auto group = store->errorGroup(signature);
        if (!group)
            return AdminReply::notFound(QStringLiteral("no error group with signature '%1'").arg(signature));
        QJsonArray samples;
        for (const ErrorSample &s : store->errorSamples(signature, limit))
            samples.append(s.toJson());
        QJsonObject o = group->toJson();
        o.insert(QStringLiteral("samples"), samples);
        return AdminReply::json(200, o);
    });
}

void AdminApi::answerUsage(const IncomingRequest &req, ClientConnection *conn)
{
    Params params(req.query);
    UsageQuery q;
    q.bucket = usageBucketFromName(params.oneOf("bucket", {QStringLiteral("hour"), QStringLiteral("day")}))
                   .value_or(UsageBucket::Hour);
    q.by = usageGroupByFromName(params.oneOf("by", {QStringLiteral("key"), QStringLiteral("channel"),
                                                    QStringLiteral("model")}))
               .value_or(UsageGroupBy::None);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    q.to = params.time("to", now);
    q.from = params.time("from", q.bucket == UsageBucket::Day ? q.to.addDays(-30) : q.to.addSecs(-24 * 3600));
    if (q.bucket == UsageBucket::Day)
        q.from = QDateTime(q.from.date(), QTime(0, 0), Qt::UTC); // whole days
    if (q.from.isValid() && q.to.isValid() && q.from > q.to)
        params.fail("from", QStringLiteral("must not be after 'to'"));
    if (auto bad = params.error())
        return respond(conn, *bad);
    Store *store = m_store;
    respondLater(conn, [store, q] {
        QJsonArray data;
        for (const UsagePoint &p : store->usage(q))
            data.append(p.toJson(q.by));
        return AdminReply::json(200, QJsonObject{
            {QStringLiteral("bucket"), q.bucket == UsageBucket::Day ? QStringLiteral("day") : QStringLiteral("hour")},
            {QStringLiteral("by"), usageGroupByName(q.by)},
            {QStringLiteral("from"), q.from.toString(Qt::ISODate)},
            {QStringLiteral("to"), q.to.toString(Qt::ISODate)},
            {QStringLiteral("data"), data}});
    });
}

void AdminApi::answerMetrics(ClientConnection *conn)
{
    PrometheusWriter w;
    m_metrics.writeTo(w);
    w.family(QStringLiteral("relaydesk_uptime_seconds"), "gauge", QStringLiteral("Seconds since the relay started."));
    w.sample(QStringLiteral("relaydesk_uptime_seconds"), {}, m_uptime.elapsed() / 1000);
    w.family(QStringLiteral("relaydesk_info"), "gauge", QStringLiteral("Version and database of this node."));
    w.sample(QStringLiteral("relaydesk_info"),
             {{QStringLiteral("version"), QStringLiteral(RELAYDESK_VERSION)},
              {QStringLiteral("database"), m_store ? m_store->backendName() : QString()}},
             qint64(1));
    if (m_guard) {
        w.family(QStringLiteral("relaydesk_open_connections"), "gauge", QStringLiteral("Client connections open now."));
        w.sample(QStringLiteral("relaydesk_open_connections"), {}, qint64(m_guard->openConnections()));
        w.family(QStringLiteral("relaydesk_connections_refused_total"), "counter",
                 QStringLiteral("Connections answered 503 because max_connections were open (no request row)."));
        w.sample(QStringLiteral("relaydesk_connections_refused_total"), {}, m_guard->refusedOverLimit());
    }
    Store *store = m_store;
    respondLater(conn, [store, w]() mutable {
        if (store)
            writeStoreMetrics(w, store);
        return AdminReply{200, w.text(), "text/plain; version=0.0.4; charset=utf-8"};
    });
}

void AdminApi::answerKeys(const IncomingRequest &req, const QString &name, ClientConnection *conn)
{
    const Config config = m_config ? *m_config : Config();
    if (req.method != "GET") {
        const AdminConfig::Edit edit = AdminConfig::keys(config, req.method, name, req.body);
        return edit.changed ? commitConfig(*edit.changed, edit.reply, conn) : respond(conn, edit.reply);
    }
    Store *store = m_store;
    respondLater(conn, [store, config, name] {
        QuotaLedger *ledger = store ? store->quotaLedger() : nullptr;
        return AdminConfig::keysReply(config, name, ledger ? ledger->keyBudgets() : QList<KeyBudget>());
    });
}

void AdminApi::answerChannels(const IncomingRequest &req, const QString &name, ClientConnection *conn)
{
    const Config config = m_config ? *m_config : Config();
    const QJsonObject health = m_router && req.method == "GET" ? m_router->healthSnapshot(config) : QJsonObject();
    const AdminConfig::Edit edit = AdminConfig::channels(config, req.method, name, req.body, health);
    if (edit.changed)
        return commitConfig(*edit.changed, edit.reply, conn);
    respond(conn, edit.reply);
}

// The change is applied to the running relay at once (so the next edit builds on it) and
// answered once it is saved; a save that fails says so (the relay runs the change until restart).
void AdminApi::commitConfig(const Config &next, const AdminReply &reply, ClientConnection *conn)
{
    Config applied = next;
    applied.reindex();
    m_config = std::make_shared<const Config>(applied);
    Q_EMIT configEdited(applied);
    if (!m_store)
        return respond(conn, reply);
    Store *store = m_store;
    const qint64 seq = ++m_saveSeq;
    std::shared_ptr<SaveOrder> order = m_saveOrder;
    respondLater(conn, [store, applied, reply, seq, order] {
        QMutexLocker lock(&order->mutex);
        if (seq < order->saved)
            return reply; // a newer snapshot, which includes this change, is already saved
        QString error;
        if (!store->saveConfig(applied, &error)) {
            qCWarning(lcAdmin, "config edit applied but not saved: %s", qPrintable(error));
            return AdminReply::error(500, QStringLiteral("applied to the running relay but not saved: ") + error,
                                     QStringLiteral("api_error"));
        }
        order->saved = seq;
        return reply;
    });
}

void AdminApi::answerChannelTest(const IncomingRequest &req, const QString &name, ClientConnection *conn)
{
    const Channel *ch = m_config ? m_config->channelByName(name) : nullptr;
    if (!ch)
        return respond(conn, AdminReply::notFound(QStringLiteral("no channel named '%1'").arg(name)));
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    const QString model = body.value(QLatin1String("model")).toString(ChannelProbe::defaultModel(*ch));
    const int keyIndex = body.value(QLatin1String("key_index")).toInt(0);
    if (model.isEmpty())
        return respond(conn, AdminReply::badRequest(QStringLiteral("channel '%1' names no model: give one as {\"model\": ...}")
                                                        .arg(name), QStringLiteral("model")));
    if (keyIndex < 0 || keyIndex >= ch->keys.size())
        return respond(conn, AdminReply::badRequest(QStringLiteral("channel '%1' has no key %2").arg(name).arg(keyIndex),
                                                    QStringLiteral("key_index")));
    if (!m_probes)
        m_probes = new UpstreamPool(this);
    auto *probe = new ChannelProbe(m_probes, this);
    QPointer<ClientConnection> guard(conn);
    connect(probe, &ChannelProbe::finished, this, [this, probe, guard](const ChannelProbe::Result &result) {
        probe->deleteLater();
        if (guard)
            respond(guard, AdminReply::json(200, result.toJson()));
    });
    probe->start(*ch, model, keyIndex, qMin(ch->timeoutSeconds, 60) * 1000);
}
