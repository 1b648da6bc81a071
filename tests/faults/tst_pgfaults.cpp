// PostgreSQL going away under a running relay, on a server of the test's own (the fixture's
// server is shared with tests running meanwhile): a restart mid-run loses no row of a request a
// client saw completed and the relay reconnects by itself; while the server is down, keys
// without a budget keep flowing, budgeted keys fail closed (503 in the client's format) unless
// fail_closed_budgeted_keys is off, and the rows of the outage are written once it is back.

#include "formatcase.h"
#include "pgtestserver.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "scriptedupstream.h"

#include "config/configio.h"
#include "relay/relayservice.h"
#include "store/store.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

constexpr const char *kBudgetKey = "rk-test-budget-0003";

// The standard config plus a key with a budget far from exhausted.
QByteArray nodeConfig(const QString &upstream, bool failClosed)
{
    QJsonObject config = QJsonDocument::fromJson(RelayFixture::standardConfig(upstream)).object();
    QJsonArray keys = config.value(QStringLiteral("keys")).toArray();
    keys.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("budgeted")},
                            {QStringLiteral("key"), QString::fromLatin1(kBudgetKey)},
                            {QStringLiteral("budget_usd"), 1000.0}});
    config.insert(QStringLiteral("keys"), keys);
    QJsonObject settings = config.value(QStringLiteral("settings")).toObject();
    settings.insert(QStringLiteral("fail_closed_budgeted_keys"), failClosed);
    config.insert(QStringLiteral("settings"), settings);
    return QJsonDocument(config).toJson(QJsonDocument::Compact);
}

bool allFinished(const QList<RawHttpClient *> &clients)
{
    return std::all_of(clients.begin(), clients.end(), [](RawHttpClient *c) { return c->isFinished(); });
}

} // namespace

class TestPgFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void restartMidRunLosesNoCompletedRow();
    void outageFailsBudgetedKeysClosedUnlessConfigured_data();
    void outageFailsBudgetedKeysClosedUnlessConfigured();

private:
    bool startNode(bool failClosed, QString *error);
    QList<RawHttpClient *> send(const char *clientKey, int count);
    qint64 rowsInDatabase();

    OwnPgServer m_server;
    QString m_url;
    std::unique_ptr<ScriptedUpstream> m_upstream;
    std::unique_ptr<QObject> m_clients;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RelayService> m_relay;
    const FormatCase m_case = FormatCase::of(ApiFormat::OpenAIChat);
};

void TestPgFaults::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestPgFaults::init()
{
    m_upstream = std::make_unique<ScriptedUpstream>();
    QVERIFY(m_upstream->listen());
    // Streams stay in flight a while, so some are mid-stream when the server goes away.
    m_upstream->setScript(Upstream::sseResponse(m_case.transcript().frames, 20));
    m_clients = std::make_unique<QObject>();
}

void TestPgFaults::cleanup()
{
    m_clients.reset();
    m_relay.reset();
    m_store.reset();
    m_upstream.reset();
    QString error;
    m_server.control("start", &error); // after a failed test that left it stopped; fails if running
}

bool TestPgFaults::startNode(bool failClosed, QString *error)
{
    m_url = m_server.freshDatabase(error);
    if (m_url.isEmpty())
        return false;
    Config config;
    if (const auto err = ConfigIO::importInto(config, nodeConfig(m_upstream->baseUrl(), failClosed))) {
        *error = err->toString();
        return false;
    }
    m_store = Store::open(m_url, error);
    if (!m_store || !m_store->saveConfig(config, error))
        return false;
    m_relay = std::make_unique<RelayService>(m_store.get());
    m_relay->setConfig(m_store->loadConfig());
    return m_relay->start(QHostAddress::LocalHost, 0, error);
}

QList<RawHttpClient *> TestPgFaults::send(const char *clientKey, int count)
{
    QList<RawHttpClient *> clients;
    for (int i = 0; i < count; ++i) {
        clients.append(new RawHttpClient(m_relay->port(), m_clients.get()));
        clients.last()->post(m_case.target(true), m_case.clientBody(true), m_case.clientAuth(clientKey));
    }
    return clients;
}

// Counted on a connection of the test's own, as another node would see the log.
qint64 TestPgFaults::rowsInDatabase()
{
    return PgTestServer::scalar(m_url, QStringLiteral("SELECT COUNT(*) FROM request_log")).toLongLong();
}

void TestPgFaults::restartMidRunLosesNoCompletedRow()
{
    QString error;
    QVERIFY2(startNode(true, &error), qPrintable(error));
    QList<RawHttpClient *> clients = send(RelayFixture::kClientKey, 15) + send(kBudgetKey, 15);
    QVERIFY(spinUntil([&] { return m_store->requestLogCount() >= 5; }, 10000)); // some written, some in flight

    QVERIFY2(m_server.control("restart", &error), qPrintable(error));
    // After the restart every connection the relay held is dead: budgeted requests need the
    // ledger's, the log needs the writer's. Both reconnect without a request failing.
    clients += send(kBudgetKey, 15) + send(RelayFixture::kClientKey, 15);
    QVERIFY(spinUntil([&] { return allFinished(clients); }, 30000));
    for (RawHttpClient *client : std::as_const(clients)) {
        QCOMPARE(client->status(), 200);
        QVERIFY(client->bodyComplete());
    }

    // Every request the clients saw completed has its row: none lost in the restart.
    QTRY_COMPARE_WITH_TIMEOUT(rowsInDatabase(), qint64(clients.size()), 15000);
    QCOMPARE(m_store->droppedRows(), 0);
    QTRY_VERIFY(m_store->logWriteState().ok);
}

void TestPgFaults::outageFailsBudgetedKeysClosedUnlessConfigured_data()
{
    QTest::addColumn<bool>("failClosed");
    QTest::addColumn<int>("budgetedStatus");
    QTest::newRow("fail closed (default)") << true << 503;
    QTest::newRow("fail open") << false << 200;
}

void TestPgFaults::outageFailsBudgetedKeysClosedUnlessConfigured()
{
    QFETCH(bool, failClosed);
    QFETCH(int, budgetedStatus);
    QString error;
    QVERIFY2(startNode(failClosed, &error), qPrintable(error));
    QList<RawHttpClient *> before = send(kBudgetKey, 1);
    QVERIFY(spinUntil([&] { return allFinished(before); }, 10000));
    QCOMPARE(before.constFirst()->status(), 200);
    QTRY_COMPARE(rowsInDatabase(), qint64(1));

    QVERIFY2(m_server.control("stop", &error), qPrintable(error));
    const QList<RawHttpClient *> unbudgeted = send(RelayFixture::kClientKey, 5);
    const QList<RawHttpClient *> budgeted = send(kBudgetKey, 5);
    QVERIFY(spinUntil([&] { return allFinished(unbudgeted) && allFinished(budgeted); }, 20000));
    for (RawHttpClient *client : unbudgeted)
        QCOMPARE(client->status(), 200); // no database on their path
    for (RawHttpClient *client : budgeted) {
        QCOMPARE(client->status(), budgetedStatus);
        if (budgetedStatus != 200) { // a clean error in the client's own format, saying why
            const QJsonObject e = QJsonDocument::fromJson(client->body()).object().value(QLatin1String("error")).toObject();
            QVERIFY2(e.value(QLatin1String("message")).toString().contains(QLatin1String("quota ledger")),
                     client->body().constData());
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_store->logWriteState().ok, 10000);
    QCOMPARE(m_store->logWriteState().pendingRows, 10);

    QVERIFY2(m_server.control("start", &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(rowsInDatabase(), qint64(11), 15000); // the outage's rows too
    QList<RawHttpClient *> after = send(kBudgetKey, 1);
    QVERIFY(spinUntil([&] { return allFinished(after); }, 10000));
    QCOMPARE(after.constFirst()->status(), 200);
    QCOMPARE(m_store->droppedRows(), 0);
}

QTEST_GUILESS_MAIN(TestPgFaults)
#include "tst_pgfaults.moc"
