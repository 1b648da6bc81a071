#include "pgtestserver.h"

#include "store/databaseurl.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QProcess>
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

QString freshDatabaseOn(const QString &base, QString *error)
{
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

QString freshDatabase(QString *error)
{
    const QString base = url(error);
    return base.isEmpty() ? QString() : freshDatabaseOn(base, error);
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

OwnPgServer::OwnPgServer() : m_state(std::make_unique<QTemporaryDir>()) {}

OwnPgServer::~OwnPgServer()
{
    QString ignored;
    run(QStringLiteral("stop_pg.sh"), {}, &ignored);
}

bool OwnPgServer::run(const QString &script, const QStringList &args, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("bash"), QStringList{QStringLiteral(RELAYDESK_PG_SCRIPTS_DIR "/") + script, m_state->path()} + args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = script + QLatin1String(" failed: ") + QString::fromLocal8Bit(p.readAll()).trimmed();
        return false;
    }
    return true;
}

bool OwnPgServer::start(QString *error)
{
    // Its own port range, away from the fixture's 25432 and up, below the kernel's ephemeral
    // ports (start_pg.sh says why).
    qputenv("RELAYDESK_PG_PORT", QByteArray::number(26432 + QCoreApplication::applicationPid() % 1000));
    const bool ok = run(QStringLiteral("start_pg.sh"), {}, error);
    qunsetenv("RELAYDESK_PG_PORT");
    if (!ok)
        return false;
    QFile file(m_state->filePath(QStringLiteral("url")));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("start_pg.sh wrote no URL");
        return false;
    }
    m_url = QString::fromUtf8(file.readAll()).trimmed();
    return true;
}

QString OwnPgServer::freshDatabase(QString *error)
{
    return PgTestServer::freshDatabaseOn(m_url, error);
}

bool OwnPgServer::control(const char *action, QString *error)
{
    return run(QStringLiteral("ctl_pg.sh"), {QString::fromLatin1(action)}, error);
}
