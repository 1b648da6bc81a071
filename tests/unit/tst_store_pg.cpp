#include "pgtestserver.h"
#include "storecontract.h"
#include "storesamples.h"

#include "config/config.h"
#include "obs/errorentry.h"
#include "store/migrations.h"
#include "store/quotaledger.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

// The store on a real PostgreSQL (the ctest fixture "postgres"): the same schema, queries and
// guarantees as on SQLite. Without a server every test fails: the fixture promises one.

class TestStorePg : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void opensWithCurrentSchema();
    void reopeningKeepsDataAndSchemaVersion();
    void twoNodesMigratingAtOnceAgree();
    void unreachableServerIsOneLineWithoutPassword();
    void savedConfigLoadsBack();
    void rowsFromFourThreadsAreAllWritten();
    void rowFieldsSurviveStorage();
    void queryFiltersAndPagesNewestFirst();
    void rowsOfTwoStoresShareOneLog();
    void errorGroupsAndUsageRollups();
    void budgetIsNeverOverspentByTwoNodes();
    void retentionPrunesOldRows();

private:
    std::unique_ptr<Store> openStore(const QString &url) { return StoreContract::open(url); }
    QString m_url; // a fresh database per test
};

void TestStorePg::init()
{
    QString error;
    m_url = PgTestServer::freshDatabase(&error);
    QVERIFY2(!m_url.isEmpty(), qPrintable(error));
}

void TestStorePg::opensWithCurrentSchema()
{
    auto store = openStore(m_url);
    QVERIFY(store);
    QCOMPARE(store->backendName(), QStringLiteral("postgres"));
    QCOMPARE(PgTestServer::scalar(m_url, QStringLiteral("SELECT version FROM schema_version")).toInt(),
             Migrations::latestVersion());
    QCOMPARE(store->requestLogCount(), 0);
}

void TestStorePg::reopeningKeepsDataAndSchemaVersion()
{
    RUN_CHECK(StoreContract::reopeningKeepsConfigAndRows([this] { return openStore(m_url); }));
    QCOMPARE(PgTestServer::scalar(m_url, QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 1);
}

// Two nodes started together on an empty database: one migrates, the other waits and finds
// the schema current; neither fails.
void TestStorePg::twoNodesMigratingAtOnceAgree()
{
    QString errors[4];
    bool ok[4] = {};
    QList<QThread *> threads;
    for (int i = 0; i < 4; ++i) {
        threads.append(QThread::create([this, i, &errors, &ok] {
            ok[i] = bool(Store::open(m_url, &errors[i]));
        }));
        threads.last()->start();
    }
    for (int i = 0; i < 4; ++i) {
        QVERIFY(threads[i]->wait(60000));
        delete threads[i];
        QVERIFY2(ok[i], qPrintable(errors[i]));
    }
    QCOMPARE(PgTestServer::scalar(m_url, QStringLiteral("SELECT version FROM schema_version")).toInt(),
             Migrations::latestVersion());
}

void TestStorePg::unreachableServerIsOneLineWithoutPassword()
{
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!Store::open(QStringLiteral("postgres://someone:s3cret-pw@127.0.0.1:1/nowhere"), &error));
    QVERIFY(timer.elapsed() < 10000);
    QVERIFY2(error.startsWith(QLatin1String("cannot open database postgres://someone@127.0.0.1:1/nowhere: ")),
             qPrintable(error));
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    QVERIFY(!error.contains(QLatin1String("s3cret")));

    QString wrongPassword = m_url;
    wrongPassword.replace(QLatin1String(":relaydesk-test@"), QLatin1String(":wrong@"));
    QVERIFY(!Store::open(wrongPassword, &error));
    QVERIFY2(error.contains(QLatin1String("password authentication failed")), qPrintable(error));
}

void TestStorePg::savedConfigLoadsBack()
{
    auto store = openStore(m_url);
    QVERIFY(store);
    Config config;
    config.adminToken = QStringLiteral("adm-1");
    QString error;
    QVERIFY2(store->saveConfig(config, &error), qPrintable(error));
    QCOMPARE(store->loadConfig().adminToken, QStringLiteral("adm-1"));
    config.adminToken = QStringLiteral("adm-2");
    QVERIFY2(store->saveConfig(config, &error), qPrintable(error));
    QCOMPARE(store->loadConfig().adminToken, QStringLiteral("adm-2"));
}

void TestStorePg::rowsFromFourThreadsAreAllWritten()
{
    auto store = openStore(m_url);
    QVERIFY(store);
    StoreContract::rowsFromThreadsAreAllWritten(*store, 4, 1000);
}

void TestStorePg::rowFieldsSurviveStorage()
{
    auto store = openStore(m_url);
    QVERIFY(store);
    StoreContract::rowFieldsSurviveStorage(*store);
}

void TestStorePg::queryFiltersAndPagesNewestFirst()
{
    auto store = openStore(m_url);
    QVERIFY(store);
    StoreContract::queryFiltersAndPagesNewestFirst(*store);
}

// Two stores on one database are two nodes: each sees the other's rows, with its node name.
void TestStorePg::rowsOfTwoStoresShareOneLog()
{
    auto a = openStore(m_url);
    auto b = openStore(m_url);
    QVERIFY(a && b);
    for (int i = 0; i < 50; ++i) {
        RequestLogRow row = StoreSamples::requestRow(QStringLiteral("a%1").arg(i));
        a->appendRequestLog(row);
        row.requestId = QStringLiteral("b%1").arg(i);
        row.node = QStringLiteral("node-b");
        b->appendRequestLog(row);
    }
    a->flush();
    b->flush();
    QCOMPARE(a->requestLogCount(), 100);
    QCOMPARE(b->requestLogCount(), 100);
    QSet<QString> nodes;
    RequestLogQuery all;
    all.limit = 1000;
    for (const auto &row : a->requestLogs(all))
        nodes.insert(row.node);
    QCOMPARE(nodes, QSet<QString>({QStringLiteral("node-a"), QStringLiteral("node-b")}));
}

void TestStorePg::errorGroupsAndUsageRollups()
{
    auto store = openStore(m_url);
    QVERIFY(store);
    const QDateTime at(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
    for (int i = 0; i < 3; ++i) {
        ErrorEntry e = ErrorEntry::make(ErrorKind::UpstreamError, QStringLiteral("openai"),
                                        QStringLiteral("HTTP 500 from upstream"), at.addSecs(i));
        e.channel = i == 2 ? QStringLiteral("backup") : QStringLiteral("main");
        store->appendErrorEntry(e);
    }
    for (int i = 0; i < 4; ++i) {
        RequestLogRow row = StoreSamples::requestRow(QStringLiteral("u%1").arg(i), i % 2 ? QStringLiteral("ci") : QStringLiteral("laptop"));
        row.startedAt = at.addSecs(i * 3600);
        store->appendRequestLog(row);
    }
    store->flush();
    QTRY_COMPARE(store->errorGroupCount(), 1);
    const auto groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first().count, 3);
    QCOMPARE(groups.first().channels, QStringList({"backup", "main"}));
    QCOMPARE(store->errorSamples(groups.first().signature).size(), 3);

    UsageQuery hours;
    hours.from = at;
    hours.to = at.addDays(1);
    const auto perHour = store->usage(hours);
    QCOMPARE(perHour.size(), 4);
    QCOMPARE(perHour.first().requests, 1);
    QCOMPARE(perHour.first().inputTokens, 100);
    UsageQuery days = hours;
    days.bucket = UsageBucket::Day;
    days.by = UsageGroupBy::Key;
    const auto perDay = store->usage(days);
    QCOMPARE(perDay.size(), 2);
    QCOMPARE(perDay.at(0).group, QStringLiteral("ci"));
    QCOMPARE(perDay.at(0).requests, 2);
    QCOMPARE(perDay.at(0).bucket, QDateTime(QDate(2025, 6, 1), QTime(0, 0), Qt::UTC));
}

// The reservation is in the database: two nodes reserving against one key's budget together
// never grant more than it holds.
void TestStorePg::budgetIsNeverOverspentByTwoNodes()
{
    auto a = openStore(m_url);
    auto b = openStore(m_url);
    QVERIFY(a && b);
    const qint64 budget = usdToNano(1.0), each = usdToNano(0.05); // room for 20
    QList<QFuture<QuotaLedger::Answer>> answers;
    for (int i = 0; i < 50; ++i) {
        answers.append(a->quotaLedger()->reserve(QStringLiteral("shared"), budget, each));
        answers.append(b->quotaLedger()->reserve(QStringLiteral("shared"), budget, each));
    }
    int granted = 0, refused = 0;
    QList<std::shared_ptr<QuotaGrant>> grants;
    for (auto &f : answers) {
        f.waitForFinished();
        const QuotaLedger::Answer answer = f.result();
        QVERIFY2(answer.verdict != QuotaLedger::Verdict::Failed, qPrintable(answer.error));
        if (answer.verdict == QuotaLedger::Verdict::Granted) {
            ++granted;
            grants.append(answer.grant);
        } else {
            ++refused;
        }
    }
    QCOMPARE(granted, 20);
    QCOMPARE(refused, 80);
    for (auto &g : grants)
        g->settle(each);
    grants.clear();
    answers.clear();
    a->quotaLedger()->sync();
    b->quotaLedger()->sync();
    const auto state = a->quotaLedger()->keyBudget(QStringLiteral("shared"));
    QVERIFY(state);
    QCOMPARE(state->spentNano, budget);
    QCOMPARE(state->reservedNano, 0);
}

void TestStorePg::retentionPrunesOldRows()
{
    auto store = openStore(m_url);
    QVERIFY(store);
    for (int i = 0; i < 20; ++i)
        store->appendRequestLog(StoreSamples::requestRow(QStringLiteral("r%1").arg(i)));
    store->flush();
    RetentionPolicy policy;
    policy.rows = 5;
    store->setRetention(policy);
    QVERIFY(store->pruneNow() >= 0); // the writer may have pruned already on its own
    QCOMPARE(store->requestLogCount(), 5);
    RequestLogQuery newest;
    newest.limit = 1;
    QCOMPARE(store->requestLogs(newest).first().requestId, QStringLiteral("r19"));
}

QTEST_GUILESS_MAIN(TestStorePg)
#include "tst_store_pg.moc"
