// Quota pieces on their own: token and cost estimates, what a finished request is charged,
// and the ledger on a real SQLite file (check-and-reserve, settle, release on every path,
// concurrent writers, config re-imports).

#include "sqliteside.h"

#include "config/config.h"
#include "config/configsections.h"
#include "quota/costestimate.h"
#include "quota/pricing.h"
#include "quota/quotacharge.h"
#include "quota/quotareport.h"
#include "quota/tokenestimate.h"
#include "routing/routingpolicy.h"
#include "store/budgettable.h"
#include "store/quotaledger.h"
#include "store/sqldialect.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {

Config pricedConfig()
{
    Config config;
    config.prices.insert(QStringLiteral("cheap"), Price{1.0, 2.0, -1});
    config.prices.insert(QStringLiteral("dear"), Price{10.0, 20.0, 1.0});
    return config;
}

QuotaLedger::Answer answerOf(const QFuture<QuotaLedger::Answer> &future)
{
    QFuture<QuotaLedger::Answer> f = future;
    f.waitForFinished();
    return f.resultCount() > 0 ? f.result() : QuotaLedger::Answer();
}

struct LedgerFixture
{
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    QString error;

    bool open()
    {
        store = Store::open(QStringLiteral("sqlite:") + path(), &error);
        return store != nullptr;
    }
    QString path() const { return dir.filePath(QStringLiteral("relaydesk.db")); }
    QuotaLedger &ledger() { return *store->quotaLedger(); }
    // A reservation of `nano` against the test key "k" with a budget of `budget`, answered.
    QuotaLedger::Answer reserve(qint64 nano, qint64 budget = 1000)
    {
        return answerOf(ledger().reserve(QStringLiteral("k"), budget, nano));
    }
    KeyBudget row(const QString &key = QStringLiteral("k"))
    {
        ledger().sync();
        return ledger().keyBudget(key).value_or(KeyBudget());
    }
    // {reserved, spent}: one QCOMPARE says whether the key's books balance.
    QPair<qint64, qint64> reservedAndSpent(const QString &key = QStringLiteral("k"))
    {
        const KeyBudget r = row(key);
        return {r.reservedNano, r.spentNano};
    }
};

} // namespace

class TestQuota : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inputTokensEstimated_data();
    void inputTokensEstimated();
    void requestedMaxOutputTokensPerFormat_data();
    void requestedMaxOutputTokensPerFormat();
    void worstCaseTakesDearestCandidateAndDefaultPrice();
    void chargeFromUsagePricesCachedInputSeparately_data();
    void chargeFromUsagePricesCachedInputSeparately();
    void chargeEstimatedFromStreamedBytesWhenUsageMissing();
    void nothingChargedWhenNothingCameBack();

    void reserveGrantsWithinBudgetAndRefusesBeyond();
    void settlementChargesRealCostAndFreesReservation();
    void droppedGrantReleasesItsReservation();
    void unreadAnswerReleasesItsReservation();
    void reimportedBudgetKeepsSpent();
    void concurrentNodesNeverOverspend();
    void concurrentReservationsThroughLedgerNeverOverspend();
    void restartForgetsReservationsOfACrashedRun();
    void retryAfterLostReplyReservesOnce();
    void settlementAppliesOnceWhenRetried();
    void sweepReleasesReservationOfACrashedNode();
    void sweptReservationIsStillChargedWhenSettled();
    void keyReportShowsBudgetSpentAndReserved();
    void settingsReachThePolicies();
};

void TestQuota::inputTokensEstimated_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("tokens");
    QTest::addRow("ascii, four bytes a token") << QByteArray(400, 'a') << qint64(100);
    QTest::addRow("rounded up") << QByteArray("abcde") << qint64(2);
    QTest::addRow("cjk, a token a character") << QByteArray("你好世界") << qint64(4);
    QTest::addRow("accents") << QByteArray("h\xc3\xa9llo") << qint64(2);
    QTest::addRow("inline image, flat") << QByteArray("\"" + QByteArray(40000, 'Q') + "\"") << qint64(1601);
    QTest::addRow("empty") << QByteArray() << qint64(0);
}

void TestQuota::inputTokensEstimated()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, tokens);
    QCOMPARE(TokenEstimate::inputTokens(body), tokens);
}

void TestQuota::requestedMaxOutputTokensPerFormat_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("tokens");
    const int chat = int(ApiFormat::OpenAIChat), resp = int(ApiFormat::OpenAIResponses);
    const int anth = int(ApiFormat::Anthropic), gem = int(ApiFormat::Gemini);
    QTest::addRow("chat max_tokens") << chat << QByteArray(R"({"max_tokens":100})") << qint64(100);
    QTest::addRow("chat max_completion_tokens wins")
        << chat << QByteArray(R"({"max_tokens":100,"max_completion_tokens":300})") << qint64(300);
    QTest::addRow("chat none") << chat << QByteArray(R"({"messages":[]})") << qint64(-1);
    QTest::addRow("responses") << resp << QByteArray(R"({"max_output_tokens":2048})") << qint64(2048);
    QTest::addRow("responses ignores max_tokens") << resp << QByteArray(R"({"max_tokens":5})") << qint64(-1);
    QTest::addRow("anthropic") << anth << QByteArray(R"({"max_tokens":64000})") << qint64(64000);
    QTest::addRow("gemini camel") << gem << QByteArray(R"({"generationConfig":{"maxOutputTokens":512}})") << qint64(512);
    QTest::addRow("gemini snake") << gem << QByteArray(R"({"generation_config":{"max_output_tokens":256}})") << qint64(256);
    QTest::addRow("zero is no cap") << anth << QByteArray(R"({"max_tokens":0})") << qint64(-1);
    QTest::addRow("not a number") << anth << QByteArray(R"({"max_tokens":"10"})") << qint64(-1);
}

void TestQuota::requestedMaxOutputTokensPerFormat()
{
    QFETCH(int, format);
    QFETCH(QByteArray, body);
    QFETCH(qint64, tokens);
    QCOMPARE(TokenEstimate::requestedMaxOutputTokens(ApiFormat(format), QJsonDocument::fromJson(body).object()), tokens);
}

void TestQuota::worstCaseTakesDearestCandidateAndDefaultPrice()
{
    const Config config = pricedConfig();
    const QuotaPolicy policy; // default price 3 / 15
    const CostEstimate both = CostEstimate::forTokens(config, policy, 1000, 500, QStringLiteral("client"),
                                                      {QStringLiteral("cheap"), QStringLiteral("dear")});
    QCOMPARE(both.nanoUsd, qint64(20'000'000)); // (1000*10 + 500*20) / 1e6 USD
    QVERIFY(!both.priceDefaulted);
    const CostEstimate unknown = CostEstimate::forTokens(config, policy, 1000, 500, QStringLiteral("client"),
                                                         {QStringLiteral("unpriced")});
    QCOMPARE(unknown.nanoUsd, qint64(10'500'000)); // (1000*3 + 500*15) / 1e6 USD
    QVERIFY(unknown.priceDefaulted);

    const QByteArray body = R"({"model":"x","max_tokens":500,"messages":[{"role":"user","content":"hi"}]})";
    const CostEstimate req = CostEstimate::forRequest(config, policy, ApiFormat::Anthropic, body,
                                                      QJsonDocument::fromJson(body).object(), QStringLiteral("x"),
                                                      {QStringLiteral("cheap")});
    QCOMPARE(req.outputTokens, qint64(500));
    QCOMPARE(req.inputTokens, TokenEstimate::inputTokens(body));
    const CostEstimate uncapped = CostEstimate::forRequest(config, policy, ApiFormat::OpenAIChat, "{}", {},
                                                           QStringLiteral("x"), {QStringLiteral("cheap")});
    QCOMPARE(uncapped.outputTokens, policy.defaultMaxOutputTokens);
}

void TestQuota::chargeFromUsagePricesCachedInputSeparately_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("nano");
    // 1000 input of which 800 cached, 100 output.
    QTest::addRow("own cached price") << QStringLiteral("dear") << qint64(200 * 10 + 800 * 1 + 100 * 20) * 1000;
    QTest::addRow("cached at input price") << QStringLiteral("cheap") << qint64(1000 * 1 + 100 * 2) * 1000;
    QTest::addRow("default price") << QStringLiteral("unpriced") << qint64(1000 * 3 + 100 * 15) * 1000;
}

void TestQuota::chargeFromUsagePricesCachedInputSeparately()
{
    QFETCH(QString, model);
    QFETCH(qint64, nano);
    ChargeInput in;
    in.clientModel = QStringLiteral("client");
    in.upstreamModel = model;
    in.usage = Usage{1000, 100, 800, 0, true};
    in.estimate.nanoUsd = 1; // the real cost is charged even beyond the reservation
    const QuotaCharge charge = QuotaCharge::compute(pricedConfig(), QuotaPolicy(), in);
    QCOMPARE(charge.nanoUsd, nano);
    QVERIFY(!charge.estimated);
    QCOMPARE(charge.priceDefaulted, model == QLatin1String("unpriced"));
}

void TestQuota::chargeEstimatedFromStreamedBytesWhenUsageMissing()
{
    ChargeInput in;
    in.upstreamModel = QStringLiteral("cheap");
    in.contentDelivered = true;
    in.bytesDelivered = 1000;
    in.eventsDelivered = 2; // 1000 - 2*120 = 760 bytes of content: 190 tokens
    in.estimate = CostEstimate::forTokens(pricedConfig(), QuotaPolicy(), 100, 4000, {}, {QStringLiteral("cheap")});
    QuotaCharge charge = QuotaCharge::compute(pricedConfig(), QuotaPolicy(), in);
    QVERIFY(charge.estimated);
    QCOMPARE(charge.nanoUsd, qint64(100 * 1 + 190 * 2) * 1000);
    in.bytesDelivered = 10'000'000;
    charge = QuotaCharge::compute(pricedConfig(), QuotaPolicy(), in);
    QCOMPARE(charge.nanoUsd, in.estimate.nanoUsd); // a guess never goes beyond the worst case
}

void TestQuota::nothingChargedWhenNothingCameBack()
{
    ChargeInput in;
    in.upstreamModel = QStringLiteral("dear");
    in.estimate = CostEstimate::forTokens(pricedConfig(), QuotaPolicy(), 100, 4000, {}, {QStringLiteral("dear")});
    const QuotaCharge charge = QuotaCharge::compute(pricedConfig(), QuotaPolicy(), in);
    QCOMPARE(charge.nanoUsd, qint64(0));
    QVERIFY(!charge.estimated);
}

void TestQuota::reserveGrantsWithinBudgetAndRefusesBeyond()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    const QuotaLedger::Answer first = fx.reserve(600);
    QCOMPARE(first.verdict, QuotaLedger::Verdict::Granted);
    QVERIFY(first.grant && first.grant->isOpen());
    QCOMPARE(first.grant->reservedNano(), qint64(600));
    const QuotaLedger::Answer second = fx.reserve(500);
    QCOMPARE(second.verdict, QuotaLedger::Verdict::Refused);
    QVERIFY(!second.grant);
    QVERIFY(second.state);
    QCOMPARE(second.state->reservedNano, qint64(600));
    QCOMPARE(second.state->budgetNano, qint64(1000));
    const QuotaLedger::Answer exact = fx.reserve(400);
    QCOMPARE(exact.verdict, QuotaLedger::Verdict::Granted); // up to the budget exactly
    QCOMPARE(fx.row().reservedNano, qint64(1000));
}

void TestQuota::settlementChargesRealCostAndFreesReservation()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    QuotaLedger::Answer a = fx.reserve(600);
    QCOMPARE(a.verdict, QuotaLedger::Verdict::Granted);
    a.grant->settle(250);
    a.grant->settle(999); // once only
    KeyBudget row = fx.row();
    QCOMPARE(row.spentNano, qint64(250));
    QCOMPARE(row.reservedNano, qint64(0));
    QCOMPARE(fx.reserve(751).verdict, QuotaLedger::Verdict::Refused);
    const QuotaLedger::Answer rest = fx.reserve(750);
    QCOMPARE(rest.verdict, QuotaLedger::Verdict::Granted);
    rest.grant->release();
}

void TestQuota::droppedGrantReleasesItsReservation()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    {
        const QuotaLedger::Answer a = fx.reserve(600);
        QCOMPARE(a.verdict, QuotaLedger::Verdict::Granted);
        QCOMPARE(fx.row().reservedNano, qint64(600));
    }
    const KeyBudget row = fx.row();
    QCOMPARE(row.reservedNano, qint64(0));
    QCOMPARE(row.spentNano, qint64(0));
}

void TestQuota::unreadAnswerReleasesItsReservation()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    for (int i = 0; i < 5; ++i)
        fx.ledger().reserve(QStringLiteral("k"), 1000, 100); // the futures are dropped unread
    fx.ledger().sync(); // the reservations ran
    QTRY_COMPARE(fx.row().reservedNano, qint64(0));
    QCOMPARE(fx.row().spentNano, qint64(0));
}

void TestQuota::reimportedBudgetKeepsSpent()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    fx.reserve(600).grant->settle(400);
    const QuotaLedger::Answer raised = fx.reserve(1600, 2000);
    QCOMPARE(raised.verdict, QuotaLedger::Verdict::Granted);
    raised.grant->release();
    KeyBudget row = fx.row();
    QCOMPARE(row.budgetNano, qint64(2000));
    QCOMPARE(row.spentNano, qint64(400));
    // Lowered below what is spent: nothing fits any more, spent stays.
    QCOMPARE(fx.reserve(1, 300).verdict, QuotaLedger::Verdict::Refused);
    row = fx.row();
    QCOMPARE(row.budgetNano, qint64(300));
    QCOMPARE(row.spentNano, qint64(400));
}

void TestQuota::concurrentNodesNeverOverspend()
{
    // Four writers on their own connections (as four relay nodes on one database), racing
    // for a budget that fits 100 reservations.
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    fx.reserve(0).grant->release(); // creates the row
    fx.ledger().sync();
    QAtomicInt granted = 0;
    QAtomicInt errors = 0;
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t) {
        threads.append(QThread::create([&] {
            SqliteSide side(fx.path());
            BudgetTable table(side.db(), SqlDialect(SqlBackend::Sqlite));
            for (int i = 0; i < 60; ++i) {
                bool ok = false;
                QString error;
                const QString id = QStringLiteral("t%1-%2").arg(quintptr(QThread::currentThread())).arg(i);
                if (!table.reserve(id, QStringLiteral("k"), 10, 0, &ok, &error))
                    errors.fetchAndAddRelaxed(1);
                else if (ok)
                    granted.fetchAndAddRelaxed(1);
            }
        }));
        threads.last()->start();
    }
    for (QThread *t : threads) {
        QVERIFY(t->wait(60000));
        delete t;
    }
    QCOMPARE(errors.loadRelaxed(), 0);
    QCOMPARE(granted.loadRelaxed(), 100);
    QCOMPARE(fx.row().reservedNano, qint64(1000));
}

void TestQuota::concurrentReservationsThroughLedgerNeverOverspend()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    QList<QFuture<QuotaLedger::Answer>> futures;
    for (int i = 0; i < 50; ++i)
        futures.append(fx.ledger().reserve(QStringLiteral("k"), 1000, 100));
    QList<std::shared_ptr<QuotaGrant>> grants;
    for (const auto &f : futures) {
        const QuotaLedger::Answer a = answerOf(f);
        QVERIFY(a.verdict != QuotaLedger::Verdict::Failed);
        if (a.grant)
            grants.append(a.grant);
    }
    QCOMPARE(grants.size(), 10);
    for (const auto &g : grants)
        g->settle(100);
    const KeyBudget row = fx.row();
    QCOMPARE(row.spentNano, qint64(1000));
    QCOMPARE(row.reservedNano, qint64(0));
}

void TestQuota::restartForgetsReservationsOfACrashedRun()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    fx.reserve(100).grant->settle(100);
    fx.ledger().sync();
    fx.store.reset();
    {
        SqliteSide side(fx.path()); // a run that died with 500 nano-USD in flight
        QVERIFY(side.exec(QStringLiteral("UPDATE key_budget SET reserved_nano = 500")));
    }
    QVERIFY2(fx.open(), qPrintable(fx.error));
    const KeyBudget row = fx.row();
    QCOMPARE(row.reservedNano, qint64(0));
    QCOMPARE(row.spentNano, qint64(100));
}

void TestQuota::retryAfterLostReplyReservesOnce()
{
    // The reservation commits, its reply is lost (the connection dropped after COMMIT): the retry
    // must find it, not reserve a second time that nobody would ever release.
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    fx.ledger().loseNextReplyForTests();
    QuotaLedger::Answer a = fx.reserve(300);
    QCOMPARE(a.verdict, QuotaLedger::Verdict::Granted);
    QCOMPARE(fx.row().reservedNano, qint64(300));
    a.grant->settle(200);
    QCOMPARE(fx.reservedAndSpent(), (QPair<qint64, qint64>{0, 200}));
}

void TestQuota::settlementAppliesOnceWhenRetried()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    fx.reserve(0).grant->release(); // creates the row
    fx.ledger().sync();
    SqliteSide side(fx.path());
    BudgetTable table(side.db(), SqlDialect(SqlBackend::Sqlite));
    bool granted = false;
    QString error;
    QVERIFY2(table.reserve(QStringLiteral("r1"), QStringLiteral("k"), 400, 0, &granted, &error), qPrintable(error));
    QVERIFY(granted);
    // The second settle stands for a retry whose first attempt committed before its reply was lost.
    QVERIFY2(table.settle(QStringLiteral("r1"), 150, &error), qPrintable(error));
    QVERIFY2(table.settle(QStringLiteral("r1"), 150, &error), qPrintable(error));
    QCOMPARE(fx.reservedAndSpent(), (QPair<qint64, qint64>{0, 150}));
}

void TestQuota::sweepReleasesReservationOfACrashedNode()
{
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    fx.reserve(0).grant->release(); // creates the row
    fx.ledger().sync();
    {
        // Another node on the same database reserved 500 three hours ago and then died.
        SqliteSide side(fx.path());
        BudgetTable table(side.db(), SqlDialect(SqlBackend::Sqlite));
        bool granted = false;
        QString error;
        QVERIFY2(table.reserve(QStringLiteral("dead"), QStringLiteral("k"), 500, nowMs - 3 * 3600 * 1000, &granted,
                               &error),
                 qPrintable(error));
        QVERIFY(granted);
    }
    QuotaLedger::Answer live = fx.reserve(200); // in flight here
    QCOMPARE(fx.row().reservedNano, qint64(700));
    fx.ledger().sweepStaleReservations(QDateTime::fromMSecsSinceEpoch(nowMs));
    QCOMPARE(fx.row().reservedNano, qint64(200)); // the live one stays
    fx.ledger().sweepStaleReservations(QDateTime::fromMSecsSinceEpoch(nowMs));
    QCOMPARE(fx.row().reservedNano, qint64(200)); // released once only
    live.grant->settle(200);
    QCOMPARE(fx.row().reservedNano, qint64(0));
}

void TestQuota::sweptReservationIsStillChargedWhenSettled()
{
    // A request that outlived the bound: its reservation was swept, its cost must still count.
    LedgerFixture fx;
    QVERIFY2(fx.open(), qPrintable(fx.error));
    QuotaLedger::Answer a = fx.reserve(600);
    QCOMPARE(a.verdict, QuotaLedger::Verdict::Granted);
    fx.ledger().sweepStaleReservations(QDateTime::currentDateTimeUtc().addSecs(3 * 3600));
    QCOMPARE(fx.row().reservedNano, qint64(0));
    a.grant->settle(450);
    QCOMPARE(fx.reservedAndSpent(), (QPair<qint64, qint64>{0, 450}));
}

void TestQuota::keyReportShowsBudgetSpentAndReserved()
{
    ClientKey key;
    key.name = QStringLiteral("laptop");
    key.budgetUsd = 20.0;
    key.models = {QStringLiteral("gpt-*")};
    key.expiresAt = QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);
    const KeyBudget row{QStringLiteral("laptop"), usdToNano(20.0), usdToNano(1.5), usdToNano(0.25)};
    const QDateTime now(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
    const QJsonObject o = QuotaReport::keyFields(key, row, now);
    QCOMPARE(o.value(QStringLiteral("budget_usd")).toDouble(), 20.0);
    QCOMPARE(o.value(QStringLiteral("spent_usd")).toDouble(), 1.5);
    QCOMPARE(o.value(QStringLiteral("reserved_usd")).toDouble(), 0.25);
    QCOMPARE(o.value(QStringLiteral("remaining_usd")).toDouble(), 18.25);
    QCOMPARE(o.value(QStringLiteral("expires_at")).toString(), QStringLiteral("2030-01-01T00:00:00Z"));
    QCOMPARE(o.value(QStringLiteral("expired")).toBool(), false);
    QCOMPARE(o.value(QStringLiteral("models")).toArray(), QJsonArray{QStringLiteral("gpt-*")});
    key.budgetUsd.reset();
    const QJsonObject unlimited = QuotaReport::keyFields(key, std::nullopt, now);
    QVERIFY(unlimited.value(QStringLiteral("budget_usd")).isNull());
    QVERIFY(unlimited.value(QStringLiteral("remaining_usd")).isNull());
    QCOMPARE(unlimited.value(QStringLiteral("spent_usd")).toDouble(), 0.0);
}

void TestQuota::settingsReachThePolicies()
{
    const QJsonObject json{{QStringLiteral("cooldown_base_seconds"), 2}, {QStringLiteral("cooldown_max_seconds"), 60},
                           {QStringLiteral("unhealthy_after_failures"), 5}, {QStringLiteral("unhealthy_seconds"), 10},
                           {QStringLiteral("unhealthy_max_seconds"), 90},
                           {QStringLiteral("default_max_output_tokens"), 1000},
                           {QStringLiteral("default_price_input"), 0.5}, {QStringLiteral("default_price_output"), 2.5}};
    Settings s;
    const auto error = ConfigIO::parseSettings(json, QStringLiteral("settings"), s);
    QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
    const RoutingPolicy r = RoutingPolicy::fromSettings(s);
    QCOMPARE(r.cooldownBaseSeconds, 2);
    QCOMPARE(r.cooldownMaxSeconds, 60);
    QCOMPARE(r.unhealthyAfterFailures, 5);
    QCOMPARE(r.unhealthySeconds, 10);
    QCOMPARE(r.unhealthyMaxSeconds, 90);
    const QuotaPolicy q = QuotaPolicy::fromSettings(s);
    QCOMPARE(q.defaultMaxOutputTokens, qint64(1000));
    QCOMPARE(q.defaultPriceInput, 0.5);
    QCOMPARE(q.defaultPriceOutput, 2.5);
    const QJsonObject back = s.toJson();
    for (auto it = json.begin(); it != json.end(); ++it)
        QCOMPARE(back.value(it.key()), it.value());
    Settings bad;
    QVERIFY(ConfigIO::parseSettings({{QStringLiteral("default_price_input"), -1}}, QStringLiteral("settings"), bad));
}

QTEST_GUILESS_MAIN(TestQuota)
#include "tst_quota.moc"
