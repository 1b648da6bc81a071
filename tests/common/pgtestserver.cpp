#include "pgtestserver.h"

#include "store/databaseurl.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

namespace {

QAtomicInteger<int> g_serial{0};

// Runs `body` on a fresh QPSQL connection to `url` (removed afterwards).
template<typename Body>
bool withConnection(const QString &url, QString *error, Body body)
{
    const auto parsed = DatabaseUrl::parse(url, error);
    if (!parsed)
        return false;
    const QString name = QStringLiteral("pgtest-%1").arg(g_serial.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(parsed->host);
        db.setPort(parsed->port);
        db.setUserName(parsed->user);
        db.setPassword(parsed->password);
        db.setDatabaseName(parsed->database);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            ok = body(q);
            if (!ok)
                *error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

namespace PgTestServer {

QString url(QString *error)
{
    const QString fromEnv = qEnvironmentVariable("RELAYDESK_TEST_PG_URL");
    if (!fromEnv.isEmpty())
        return fromEnv;
    QFile file(QStringLiteral(RELAYDESK_TEST_PG_URL_FILE));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no PostgreSQL for the tests: RELAYDESK_TEST_PG_URL is unset and %1 is missing "
                                "(run through ctest: the fixture tests/pg/start_pg.sh starts one)")
                     .arg(file.fileName());
        return QString();
    }
    return QString::fromUtf8(file.readAll()).trimmed();
}

QString freshDatabase(QString *error)
{
    const QString base = url(error);
    if (base.isEmpty())
        return QString();
    const QString name = QStringLiteral("rdtest_%1_%2_%3")
                             .arg(QCoreApplication::applicationPid())
                             .arg(QDateTime::currentMSecsSinceEpoch())
                             .arg(g_serial.fetchAndAddRelaxed(1));
    if (!withConnection(base, error, [&](QSqlQuery &q) { return q.exec(QStringLiteral("CREATE DATABASE ") + name); }))
        return QString();
    QUrl u(base);
    u.setPath(u'/' + name);
    return u.toString();
}

QVariant scalar(const QString &url, const QString &sql, QString *error)
{
    QString ignored;
    QVariant value;
    withConnection(url, error ? error : &ignored, [&](QSqlQuery &q) {
        if (!q.exec(sql) || !q.next())
            return false;
        value = q.value(0);
        return true;
    });
    return value;
}

} // namespace PgTestServer
