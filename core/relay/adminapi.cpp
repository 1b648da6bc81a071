#include "adminapi.h"

#include "clientconnection.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QThreadPool>

namespace {
QByteArray errorJson(const QString &message, const QString &type)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                      QJsonObject{{QStringLiteral("message"), message}, {QStringLiteral("type"), type}}}})
        .toJson(QJsonDocument::Compact);
}

void reply(ClientConnection &conn, int status, const QByteArray &body)
{
    conn.sendComplete(status, {{"Content-Type", "application/json"}}, body);
}

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
} // namespace

AdminApi::AdminApi(Store *store, QObject *parent) : QObject(parent), m_store(store)
{
    m_uptime.start();
}

bool AdminApi::authorised(const IncomingRequest &req) const
{
    const QString token = m_config ? m_config->adminToken : QString();
    if (token.isEmpty())
        return req.remote.isLoopback();
    const QByteArray auth = req.header("authorization");
    if (auth.size() <= 7 || auth.left(7).compare("bearer ", Qt::CaseInsensitive) != 0)
        return false;
    return secretEquals(auth.mid(7).trimmed(), token.toUtf8());
}

void AdminApi::handle(const IncomingRequest &req, QHttpServerResponder &&responder)
{
    auto *conn = new ClientConnection(std::move(responder), this);
    if (!authorised(req)) {
        reply(*conn, 401, errorJson(QStringLiteral("admin token required"), QStringLiteral("authentication_error")));
    } else if (req.path == QLatin1String("/admin/health") && req.method == "GET") {
        const QJsonObject o{{QStringLiteral("status"), QStringLiteral("ok")},
                            {QStringLiteral("version"), QStringLiteral(RELAYDESK_VERSION)},
                            {QStringLiteral("uptime_s"), m_uptime.elapsed() / 1000},
                            {QStringLiteral("database"), m_store ? m_store->backendName() : QString()}};
        reply(*conn, 200, QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else if (req.path == QLatin1String("/admin/logs") && req.method == "GET") {
        return answerLogs(req, conn); // answers later, from the thread pool's result
    } else {
        reply(*conn, 404, errorJson(QStringLiteral("no admin route %1 %2").arg(QString::fromUtf8(req.method), req.path),
                                    QStringLiteral("not_found_error")));
    }
    conn->deleteLater();
}

void AdminApi::answerLogs(const IncomingRequest &req, ClientConnection *conn)
{
    RequestLogQuery q;
    const int limit = req.query.queryItemValue(QStringLiteral("limit")).toInt();
    q.limit = qBound(1, limit > 0 ? limit : 50, 1000);
    q.beforeId = req.query.queryItemValue(QStringLiteral("before_id")).toLongLong();
    q.key = req.query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
    q.channel = req.query.queryItemValue(QStringLiteral("channel"), QUrl::FullyDecoded);
    q.model = req.query.queryItemValue(QStringLiteral("model"), QUrl::FullyDecoded);
    q.status = req.query.queryItemValue(QStringLiteral("status"), QUrl::FullyDecoded);
    q.endReason = req.query.queryItemValue(QStringLiteral("end_reason"), QUrl::FullyDecoded);
    QPointer<ClientConnection> guard(conn);
    Store *store = m_store;
    QThreadPool::globalInstance()->start([store, q, guard, this] {
        QJsonArray rows;
        for (const RequestLogRow &r : store->requestLogs(q))
            rows.append(r.toJson());
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("data"), rows}}).toJson(QJsonDocument::Compact);
        QMetaObject::invokeMethod(this, [guard, body] {
            if (guard) {
                reply(*guard, 200, body);
                guard->deleteLater();
            }
        });
    });
}
