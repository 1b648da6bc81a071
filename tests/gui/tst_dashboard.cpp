// The Dashboard tab's charts against a seeded temporary SQLite store: usage by key, channel
// or model in hour or day buckets, errors by kind, stream end reasons, budget gauges, live
// refresh as rows are written, and how bursts of writes are coalesced into few queries.
#include "dashboard/budgetgauges.h"
#include "dashboard/dashboardquery.h"
#include "dashboard/dashboardtab.h"
#include "dashboard/endreasonchart.h"
#include "dashboard/timeserieschart.h"
#include "store/keybudget.h"
#include "store/quotaledger.h"
#include "store/store.h"
#include "tempstore.h"
#include "uisettings.h"

#include <QBarSet>
#include <QComboBox>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <memory>

namespace {

QDateTime hourOf(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    return QDateTime(utc.date(), QTime(utc.time().hour(), 0), Qt::UTC);
}

QDateTime dayOf(const QDateTime &t)
{
    return QDateTime(t.toUTC().date(), QTime(0, 0), Qt::UTC);
}

// The line's value at a bucket; -1 when the chart has no point there.
double valueAt(const QLineSeries *line, const QDateTime &bucket)
{
    if (!line)
        return -1;
    for (const QPointF &p : line->points())
        if (qint64(p.x()) == bucket.toMSecsSinceEpoch())
            return p.y();
    return -1;
}

RequestLogRow row(const QString &key, const QString &channel, const QString &model, const QDateTime &at,
                  EndReason reason = EndReason::Done)
{
    static int serial = 0;
    RequestLogRow r;
    r.requestId = QStringLiteral("req-%1").arg(++serial);
    r.startedAt = at;
    r.keyName = key;
    r.channel = channel;
    r.channelType = QStringLiteral("openai-chat");
    r.model = model;
    r.upstreamModel = model;
    r.stream = true;
    r.httpStatus = 200;
    r.streamStatus.endReason = reason;
    if (reason != EndReason::Done) {
        r.streamStatus.addError(QStringLiteral("upstream closed early"));
        r.errorMessage = QStringLiteral("upstream closed early");
    }
    r.usage = Usage{1000, 200, 0, 0, true};
    r.costUsd = 0.25;
    return r;
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void topGroupsKeepTheirSeriesAndTheRestIsOther();
    void usageChartShowsSeededRequestsPerKey();
    void keysPastTheTopFiveAreFoldedIntoOther();
    void metricSwitchShowsTokensAndCost();
    void daysAndChannelGroupingChangeTheSeries();
    void errorAndEndReasonChartsCountFailures();
    void budgetGaugeShowsSpentReservedAndLeft();
    void newRowsAppearWithoutReopening();
    void burstOfWritesIsCoalescedIntoOneQuery();
    void hiddenTabQueriesOnlyWhenShownAgain();

private:
    void seedUsage();
    std::unique_ptr<DashboardTab> showTab();
    static void waitForSnapshot(DashboardTab *tab);

    std::unique_ptr<TempStore> m_temp;
    Store *m_store = nullptr;
    QDateTime m_earlier; // two hours ago
    QDateTime m_now;
};

void TestDashboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestDashboard::init()
{
    m_temp = std::make_unique<TempStore>();
    QVERIFY2(m_temp->store(), qPrintable(m_temp->error()));
    m_store = m_temp->store();
    UiSettings::setFileName(m_temp->filePath(QStringLiteral("ui.ini")));
    m_now = QDateTime::currentDateTimeUtc();
    m_earlier = m_now.addSecs(-2 * 3600);
}

void TestDashboard::cleanup()
{
    m_store = nullptr;
    m_temp.reset();
}

// alpha: 3 requests two hours ago; beta: 1 now (another channel and model).
void TestDashboard::seedUsage()
{
    for (int i = 0; i < 3; ++i)
        m_store->appendRequestLog(row(QStringLiteral("alpha"), QStringLiteral("openai-main"), QStringLiteral("gpt-5"),
                                      m_earlier));
    m_store->appendRequestLog(row(QStringLiteral("beta"), QStringLiteral("claude"), QStringLiteral("sonnet"), m_now));
    m_store->flush();
}

std::unique_ptr<DashboardTab> TestDashboard::showTab()
{
    auto tab = std::make_unique<DashboardTab>(m_store, nullptr);
    tab->resize(1280, 800);
    tab->show();
    waitForSnapshot(tab.get());
    return tab;
}

void TestDashboard::waitForSnapshot(DashboardTab *tab)
{
    QSignalSpy ready(tab->query(), &DashboardQuery::snapshotReady);
    QVERIFY(ready.wait(5000));
}

void TestDashboard::topGroupsKeepTheirSeriesAndTheRestIsOther()
{
    const QList<QDateTime> buckets = TimeSeries::bucketRange(UsageBucket::Hour, m_now, 3);
    QCOMPARE(buckets.size(), 3);
    QCOMPARE(buckets.constLast(), hourOf(m_now));
    QList<UsagePoint> points;
    const auto point = [&](int bucket, const QString &group, qint64 requests) {
        UsagePoint p;
        p.bucket = buckets.at(bucket);
        p.group = group;
        p.requests = requests;
        points.append(p);
    };
    point(0, QStringLiteral("a"), 5);
    point(1, QStringLiteral("b"), 9);
    point(2, QStringLiteral("c"), 1);
    point(2, QStringLiteral("d"), 2);
    const TimeSeriesSet set = TimeSeries::build(points, buckets, UsageMetric::Requests, 2);
    QCOMPARE(set.series.size(), 3);
    QCOMPARE(set.series[0].name, QStringLiteral("b")); // largest total first
    QCOMPARE(set.series[1].name, QStringLiteral("a"));
    QCOMPARE(set.series[1].values, (QList<double>{5, 0, 0}));
    QVERIFY(set.series[2].other);
    QCOMPARE(set.series[2].values, (QList<double>{0, 0, 3})); // c + d
}

void TestDashboard::usageChartShowsSeededRequestsPerKey()
{
    seedUsage();
    auto tab = showTab();
    TimeSeriesChart *chart = tab->usageChart();
    QCOMPARE(chart->lines().size(), 2);
    QCOMPARE(chart->lines().first()->name(), QStringLiteral("alpha"));
    QCOMPARE(chart->lines().first()->count(), 24); // every hour of the last day, empty ones at 0
    QCOMPARE(valueAt(chart->line(QStringLiteral("alpha")), hourOf(m_earlier)), 3.0);
    QCOMPARE(valueAt(chart->line(QStringLiteral("alpha")), hourOf(m_now)), 0.0);
    QCOMPARE(valueAt(chart->line(QStringLiteral("beta")), hourOf(m_now)), 1.0);
}

void TestDashboard::keysPastTheTopFiveAreFoldedIntoOther()
{
    for (int k = 0; k < 7; ++k)
        for (int i = 0; i <= k; ++i) // key k has k + 1 requests
            m_store->appendRequestLog(row(QStringLiteral("k%1").arg(k), QStringLiteral("c"), QStringLiteral("m"), m_now));
    m_store->flush();
    auto tab = showTab();
    const QList<QLineSeries *> lines = tab->usageChart()->lines();
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.first()->name(), QStringLiteral("k6"));
    QCOMPARE(lines.constLast()->name(), QStringLiteral("Other"));
    QCOMPARE(valueAt(lines.constLast(), hourOf(m_now)), 3.0); // k0 + k1
    QVERIFY(!tab->usageChart()->line(QStringLiteral("k1")));
    QVERIFY(lines.constLast()->color() != lines.first()->color());
}

void TestDashboard::metricSwitchShowsTokensAndCost()
{
    seedUsage();
    auto tab = showTab();
    tab->metricCombo()->setCurrentIndex(tab->metricCombo()->findData(int(UsageMetric::Tokens)));
    QTRY_COMPARE(valueAt(tab->usageChart()->line(QStringLiteral("alpha")), hourOf(m_earlier)), 3 * 1200.0);
    tab->metricCombo()->setCurrentIndex(tab->metricCombo()->findData(int(UsageMetric::Cost)));
    QTRY_COMPARE(valueAt(tab->usageChart()->line(QStringLiteral("alpha")), hourOf(m_earlier)), 0.75);
    QVERIFY(tab->usageChart()->chart()->title().contains(QStringLiteral("Cost")));
}

void TestDashboard::daysAndChannelGroupingChangeTheSeries()
{
    seedUsage();
    auto tab = showTab();
    tab->bucketCombo()->setCurrentIndex(tab->bucketCombo()->findData(int(UsageBucket::Day)));
    QTRY_COMPARE(tab->usageChart()->lines().first()->count(), 28);
    QLineSeries *alpha = tab->usageChart()->line(QStringLiteral("alpha"));
    QCOMPARE(valueAt(alpha, dayOf(m_earlier)), 3.0);
    QCOMPARE(valueAt(tab->usageChart()->line(QStringLiteral("beta")), dayOf(m_now)), 1.0);
    QCOMPARE(tab->endReasonChart()->buckets().size(), 28);
    QCOMPARE(tab->endReasonChart()->barSet(QStringLiteral("done"))->count(), 28);
    QCOMPARE(tab->endReasonChart()->axisLabels().size(), 4); // a label a week

    tab->groupByCombo()->setCurrentIndex(tab->groupByCombo()->findData(int(UsageGroupBy::Channel)));
    QTRY_VERIFY(tab->usageChart()->line(QStringLiteral("openai-main")));
    QCOMPARE(valueAt(tab->usageChart()->line(QStringLiteral("openai-main")), dayOf(m_earlier)), 3.0);
    QCOMPARE(valueAt(tab->usageChart()->line(QStringLiteral("claude")), dayOf(m_now)), 1.0);
    QVERIFY(!tab->usageChart()->line(QStringLiteral("alpha")));

    tab->groupByCombo()->setCurrentIndex(tab->groupByCombo()->findData(int(UsageGroupBy::Model)));
    QTRY_VERIFY(tab->usageChart()->line(QStringLiteral("sonnet")));
    QVERIFY(tab->usageChart()->line(QStringLiteral("gpt-5")));
}

void TestDashboard::errorAndEndReasonChartsCountFailures()
{
    seedUsage();
    for (int i = 0; i < 2; ++i)
        m_store->appendRequestLog(row(QStringLiteral("alpha"), QStringLiteral("openai-main"), QStringLiteral("gpt-5"),
                                      m_now, EndReason::Eof));
    m_store->appendRequestLog(row(QStringLiteral("beta"), QStringLiteral("claude"), QStringLiteral("sonnet"), m_now,
                                  EndReason::Timeout));
    m_store->flush();
    auto tab = showTab();
    QCOMPARE(valueAt(tab->errorChart()->line(QStringLiteral("upstream-premature")), hourOf(m_now)), 2.0);
    QCOMPARE(valueAt(tab->errorChart()->line(QStringLiteral("timeout")), hourOf(m_now)), 1.0);
    QCOMPARE(valueAt(tab->errorChart()->line(QStringLiteral("timeout")), hourOf(m_earlier)), 0.0);

    EndReasonChart *reasons = tab->endReasonChart();
    QCOMPARE(reasons->buckets().size(), 24);
    QCOMPARE(reasons->axisLabels().size(), 4); // every 6 hours
    const int nowIndex = int(reasons->buckets().indexOf(hourOf(m_now)));
    const int earlierIndex = int(reasons->buckets().indexOf(hourOf(m_earlier)));
    QVERIFY(nowIndex >= 0 && earlierIndex >= 0);
    QVERIFY(reasons->barSet(QStringLiteral("done")) && reasons->barSet(QStringLiteral("eof")));
    QCOMPARE(reasons->barSet(QStringLiteral("done"))->at(earlierIndex), 3.0);
    QCOMPARE(reasons->barSet(QStringLiteral("done"))->at(nowIndex), 1.0);
    QCOMPARE(reasons->barSet(QStringLiteral("eof"))->at(nowIndex), 2.0);
    QCOMPARE(reasons->barSet(QStringLiteral("timeout"))->at(nowIndex), 1.0);
    QCOMPARE(reasons->barSet(QStringLiteral("eof"))->label(), QStringLiteral("Premature close"));
}

void TestDashboard::budgetGaugeShowsSpentReservedAndLeft()
{
    Config config = m_store->loadConfig();
    ClientKey limited;
    limited.name = QStringLiteral("limited");
    limited.keyHash = ClientKey::hashKey("rk-limited");
    limited.keyPrefix = QStringLiteral("rk-lim");
    limited.budgetUsd = 10;
    ClientKey free;
    free.name = QStringLiteral("free");
    free.keyHash = ClientKey::hashKey("rk-free");
    free.keyPrefix = QStringLiteral("rk-fre");
    config.keys = {limited, free};
    QString error;
    QVERIFY2(m_store->saveConfig(config, &error), qPrintable(error));
    QuotaLedger *ledger = m_store->quotaLedger();
    QFuture<QuotaLedger::Answer> spentFuture = ledger->reserve(limited.name, usdToNano(10), usdToNano(2));
    spentFuture.waitForFinished();
    QuotaLedger::Answer spent = spentFuture.result();
    QCOMPARE(spent.verdict, QuotaLedger::Verdict::Granted);
    spent.grant->settle(usdToNano(1.5));
    QFuture<QuotaLedger::Answer> heldFuture = ledger->reserve(limited.name, usdToNano(10), usdToNano(0.5));
    heldFuture.waitForFinished();
    const QuotaLedger::Answer held = heldFuture.result(); // still in flight
    QCOMPARE(held.verdict, QuotaLedger::Verdict::Granted);
    ledger->sync();

    auto tab = showTab();
    BudgetGauges *gauges = tab->budgetGauges();
    QCOMPARE(gauges->keys(), QStringList{QStringLiteral("limited")}); // the unlimited key has no gauge
    QCOMPARE(gauges->value(QStringLiteral("limited"), BudgetGauges::Spent), 1.5);
    QCOMPARE(gauges->value(QStringLiteral("limited"), BudgetGauges::Reserved), 0.5);
    QCOMPARE(gauges->value(QStringLiteral("limited"), BudgetGauges::Left), 8.0);
    QCOMPARE(gauges->part(BudgetGauges::Left)->label(), QStringLiteral("Left"));
}

void TestDashboard::newRowsAppearWithoutReopening()
{
    seedUsage();
    auto tab = showTab();
    tab->query()->setMinimumInterval(100);
    QVERIFY(!tab->usageChart()->line(QStringLiteral("gamma")));
    QList<QLineSeries *> before = tab->usageChart()->lines();
    m_store->appendRequestLog(row(QStringLiteral("gamma"), QStringLiteral("openai-main"), QStringLiteral("gpt-5"), m_now));
    m_store->appendRequestLog(row(QStringLiteral("gamma"), QStringLiteral("openai-main"), QStringLiteral("gpt-5"), m_now));
    QTRY_COMPARE(valueAt(tab->usageChart()->line(QStringLiteral("gamma")), hourOf(m_now)), 2.0);
    // Updated in place: the lines that were there are the same objects.
    QCOMPARE(tab->usageChart()->lines().mid(0, before.size()), before);
}

void TestDashboard::burstOfWritesIsCoalescedIntoOneQuery()
{
    seedUsage();
    auto tab = showTab();
    DashboardQuery *query = tab->query();
    QTRY_VERIFY(query->isIdle());
    const int before = query->queriesStarted();
    // 1,000 batch notifications arriving within the refresh interval (2 s): one query.
    for (int round = 0; round < 10; ++round) {
        for (int i = 0; i < 100; ++i)
            Q_EMIT m_store->requestLogsWritten(1);
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(query->queriesStarted(), before + 1, 10000);
    QTRY_VERIFY(query->isIdle());
    QCOMPARE(query->queriesStarted(), before + 1);
}

void TestDashboard::hiddenTabQueriesOnlyWhenShownAgain()
{
    seedUsage();
    auto tab = showTab();
    DashboardQuery *query = tab->query();
    query->setMinimumInterval(50);
    QTRY_VERIFY(query->isIdle());
    const int before = query->queriesStarted();
    tab->hide();
    m_store->appendRequestLog(row(QStringLiteral("gamma"), QStringLiteral("openai-main"), QStringLiteral("gpt-5"), m_now));
    m_store->flush();
    for (int i = 0; i < 50; ++i)
        Q_EMIT m_store->requestLogsWritten(1);
    QCoreApplication::processEvents();
    QVERIFY(query->isIdle()); // nothing scheduled for a tab nobody sees
    QCOMPARE(query->queriesStarted(), before);
    tab->show();
    QTRY_COMPARE(valueAt(tab->usageChart()->line(QStringLiteral("gamma")), hourOf(m_now)), 1.0);
    QTRY_VERIFY(query->isIdle());
    QCOMPARE(query->queriesStarted(), before + 1);
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
