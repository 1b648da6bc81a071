// Two headless relay nodes on one PostgreSQL database (the ctest fixture "postgres"): they
// share the config and the logs, and a key's budget is reserved in the database, so 100
// concurrent requests spread over both nodes never overspend it.

#include "clientstream.h"
#include "formatcase.h"
#include "pgtestserver.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "scriptedupstream.h"

#include "config/configio.h"
#include "relay/relayservice.h"
#include "store/quotaledger.h"
#include "store/store.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {

constexpr const char *kBudgetKey = "rk-test-budget-0003";
const QString kBudgetKeyName = QStringLiteral("budgeted");
constexpr int kRequests = 100;

// The standard config plus a key with a budget for 20 requests (7 output tokens at 1000 USD/M
// = 0.007 each, reserved and charged alike).
QByteArray fleetConfig(const QString &upstream)
{
    QJsonObject config = QJsonDocument::fromJson(RelayFixture::standardConfig(upstream)).object();
    QJsonArray keys = config.value(QStringLiteral("keys")).toArray();
    keys.append(QJsonObject{{QStringLiteral("name"), kBudgetKeyName},
                            {QStringLiteral("key"), QString::fromLatin1(kBudgetKey)},
                            {QStringLiteral("budget_usd"), 0.143}});
    config.insert(QStringLiteral("keys"), keys);
    QJsonObject prices;
    for (ApiFormat f : FormatCase::all())
        prices.insert(QString::fromUtf8(FormatCase::of(f).upstreamModel),
                      QJsonObject{{QStringLiteral("input"), 0}, {QStringLiteral("output"), 1000}});
    config.insert(QStringLiteral("prices"), prices);
    return QJsonDocument(config).toJson(QJsonDocument::Compact);
}

struct Node
{
    std::unique_ptr<Store> store;
    std::unique_ptr<RelayService> relay;
};

} // namespace

class TestTwoNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void requestsOnBothNodesShareOneLog();
    void budgetForTwentyIsNeverOverspentAcrossNodes();
    void configSavedOnOneNodeReachesTheOtherWithinSeconds();

private:
    int statusOn(int node, const char *clientKey); // one streamed request, its HTTP status
    bool startNodes(QString *error);
    // `count` requests, alternating between the nodes (or all to node `only`).
    QList<RawHttpClient *> send(const char *clientKey, int count, int only = -1);

    std::unique_ptr<ScriptedUpstream> m_upstream;
    std::unique_ptr<QObject> m_clients;
    Node m_nodes[2];
    const FormatCase m_case = FormatCase::of(ApiFormat::OpenAIChat);
};

void TestTwoNodes::init()
{
    m_upstream = std::make_unique<ScriptedUpstream>();
    QVERIFY(m_upstream->listen());
    // Each stream stays in flight a while, so the requests overlap on both nodes.
    m_upstream->setScript(Upstream::sseResponse(m_case.transcript().frames, 30));
    m_clients = std::make_unique<QObject>();
    QString error;
    QVERIFY2(startNodes(&error), qPrintable(error));
}

void TestTwoNodes::cleanup()
{
    m_clients.reset();
    for (Node &node : m_nodes) {
        node.relay.reset();
        node.store.reset();
    }
    m_upstream.reset();
}

// Node A imports the config into the shared database; node B starts from what it finds there.
bool TestTwoNodes::startNodes(QString *error)
{
    const QString url = PgTestServer::freshDatabase(error);
    if (url.isEmpty())
        return false;
    Config config;
    if (const auto err = ConfigIO::importInto(config, fleetConfig(m_upstream->baseUrl()))) {
        *error = err->toString();
        return false;
    }
    const char *names[2] = {"node-a", "node-b"};
    for (int i = 0; i < 2; ++i) {
        Node &node = m_nodes[i];
        node.store = Store::open(url, error);
        if (!node.store)
            return false;
        if (i == 0 && !node.store->saveConfig(config, error))
            return false;
        Config shared = node.store->loadConfig();
        shared.reindex();
        if (shared.keys.size() != config.keys.size()) {
            *error = QStringLiteral("node B did not find the shared config");
            return false;
        }
        node.relay = std::make_unique<RelayService>(node.store.get());
        node.relay->setNodeName(QString::fromLatin1(names[i]));
        node.relay->setConfig(shared);
        if (!node.relay->start(QHostAddress::LocalHost, 0, error))
            return false;
    }
    return true;
}

QList<RawHttpClient *> TestTwoNodes::send(const char *clientKey, int count, int only)
{
    const QByteArray body = R"({"model":"gpt-test","max_tokens":7,"stream":true,"stream_options":{"include_usage":true},)"
                            R"("messages":[{"role":"user","content":"hi"}]})";
    QList<RawHttpClient *> clients;
    for (int i = 0; i < count; ++i) {
        auto *client = new RawHttpClient(m_nodes[only >= 0 ? only : i % 2].relay->port(), m_clients.get());
        client->post(m_case.target(true), body, m_case.clientAuth(clientKey));
        clients.append(client);
    }
    return clients;
}

void TestTwoNodes::requestsOnBothNodesShareOneLog()
{
    const QList<RawHttpClient *> clients = send(RelayFixture::kClientKey, kRequests);
    QVERIFY(spinUntil([&] { return std::all_of(clients.begin(), clients.end(),
                                                [](RawHttpClient *c) { return c->isFinished(); }); }, 30000));
    for (RawHttpClient *client : clients)
        QCOMPARE(client->status(), 200);
    for (Node &node : m_nodes)
        node.store->flush();

    // Either node (and a GUI on the same database) sees the whole fleet's rows.
    RequestLogQuery all;
    all.limit = 1000;
    for (Node &node : m_nodes) {
        QHash<QString, int> perNode;
        for (const RequestLogRow &row : node.store->requestLogs(all))
            ++perNode[row.node];
        QCOMPARE(perNode.value(QStringLiteral("node-a")), kRequests / 2);
        QCOMPARE(perNode.value(QStringLiteral("node-b")), kRequests / 2);
        QCOMPARE(perNode.size(), 2);
    }
}

void TestTwoNodes::budgetForTwentyIsNeverOverspentAcrossNodes()
{
    const qint64 budget = usdToNano(0.143);
    QuotaLedger *ledger = m_nodes[0].store->quotaLedger();
    // Node B spends half the budget first: node A, on its own, would serve 20 more.
    const QList<RawHttpClient *> first = send(kBudgetKey, 10, 1);
    QVERIFY(spinUntil([&] { return std::all_of(first.begin(), first.end(),
                                                [](RawHttpClient *c) { return c->isFinished(); }); }, 30000));
    for (RawHttpClient *client : first)
        QCOMPARE(client->status(), 200);
    const QList<RawHttpClient *> clients = send(kBudgetKey, kRequests - 10);
    bool overspent = false;
    QVERIFY(spinUntil([&] {
        const KeyBudget row = ledger->keyBudget(kBudgetKeyName).value_or(KeyBudget());
        overspent = overspent || row.spentNano + row.reservedNano > budget;
        return std::all_of(clients.begin(), clients.end(), [](RawHttpClient *c) { return c->isFinished(); });
    }, 30000));
    QVERIFY2(!overspent, "spent + reserved went over the budget");

    int served[2] = {}, refused = 0;
    for (int i = 0; i < clients.size(); ++i) {
        if (clients[i]->status() == 200) {
            ++served[i % 2];
            continue;
        }
        QCOMPARE(clients[i]->status(), 429);
        ++refused;
    }
    QCOMPARE(served[0] + served[1], 10);
    QCOMPARE(refused, kRequests - 20);
    QCOMPARE(m_upstream->requestCount(), 20);
    QVERIFY(spinUntil([&] { return ledger->keyBudget(kBudgetKeyName).value_or(KeyBudget()).reservedNano == 0; }, 5000));
    QCOMPARE(ledger->keyBudget(kBudgetKeyName)->spentNano, usdToNano(0.14));
}

int TestTwoNodes::statusOn(int node, const char *clientKey)
{
    RawHttpClient *client = send(clientKey, 1, node).constFirst();
    return client->waitForFinished(10000) ? client->status() : 0;
}

void TestTwoNodes::configSavedOnOneNodeReachesTheOtherWithinSeconds()
{
    constexpr const char *kLateKey = "rk-test-late-0009";
    QSignalSpy reloaded(m_nodes[1].relay.get(), &RelayService::configReloaded);
    QCOMPARE(statusOn(1, kLateKey), 401);

    // Node A (its GUI or /admin) adds a key and saves; node B never hears from node A directly.
    Config config = m_nodes[0].store->loadConfig();
    const QByteArray late = R"({"keys":[{"name":"late","key":"rk-test-late-0009","models":["*"]}]})";
    const auto err = ConfigIO::importInto(config, late);
    QVERIFY2(!err, err ? qPrintable(err->toString()) : "");
    QString error;
    QVERIFY2(m_nodes[0].store->saveConfig(config, &error), qPrintable(error));
    m_nodes[0].relay->setConfig(config);

    QTRY_COMPARE_WITH_TIMEOUT(statusOn(1, kLateKey), 200, 5000);
    QCOMPARE(reloaded.size(), 1); // once per change, not once per poll
    QCOMPARE(statusOn(0, kLateKey), 200);
}

QTEST_GUILESS_MAIN(TestTwoNodes)
#include "tst_twonodes.moc"
