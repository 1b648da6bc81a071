// What the GUI's Requests and Errors tabs read from the store beyond the admin API: the
// request-log time range, free-text search and request-id filters, error groups acknowledged
// until they happen again, and hourly occurrence counts per signature (trend lines).
#include "obs/errorentry.h"
#include "store/store.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>

class TestStoreGuiReads : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void requestFilters_data();
    void requestFilters();
    void countAndIdAtFollowTheFilter();
    void acknowledgedGroupReturnsWhenSeenAgain();
    void hourlyCountsPerSignature();
    void hourlyCountsGoWithTheirPrunedGroup();

private:
    static ErrorEntry entry(const QString &message, const QDateTime &at);
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    const QDateTime m_base{QDate(2025, 6, 1), QTime(10, 15, 0), Qt::UTC};
};

ErrorEntry TestStoreGuiReads::entry(const QString &message, const QDateTime &at)
{
    ErrorEntry e = ErrorEntry::make(ErrorKind::Timeout, QStringLiteral("openai-chat"), message, at);
    e.channel = QStringLiteral("ch-a");
    return e;
}

void TestStoreGuiReads::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_store = Store::open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("gui.db")), &error);
    QVERIFY2(m_store, qPrintable(error));
    for (int i = 0; i < 10; ++i) {
        RequestLogRow row;
        row.requestId = QStringLiteral("req-%1").arg(i);
        row.startedAt = m_base.addSecs(60 * i);
        row.model = i % 2 ? QStringLiteral("gpt-5") : QStringLiteral("claude-sonnet");
        row.httpStatus = 200;
        if (i == 7) {
            row.httpStatus = 502;
            row.errorMessage = QStringLiteral("upstream said 100% busy");
        }
        m_store->appendRequestLog(row);
    }
    m_store->flush();
}

void TestStoreGuiReads::requestFilters_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<int>("fromMinute"); // -1: open
    QTest::addColumn<int>("toMinute");
    QTest::addColumn<QStringList>("expected"); // newest first
    QTest::addRow("range") << "" << "" << 3 << 6 << QStringList{"req-5", "req-4", "req-3"};
    QTest::addRow("from only") << "" << "" << 8 << -1 << QStringList{"req-9", "req-8"};
    QTest::addRow("search model") << "sonnet" << "" << 5 << -1 << QStringList{"req-8", "req-6"};
    QTest::addRow("search message") << "busy" << "" << -1 << -1 << QStringList{"req-7"};
    QTest::addRow("percent is literal") << "100%" << "" << -1 << -1 << QStringList{"req-7"};
    QTest::addRow("underscore is literal") << "req_1" << "" << -1 << -1 << QStringList{};
    QTest::addRow("request id") << "" << "req-2" << -1 << -1 << QStringList{"req-2"};
}

void TestStoreGuiReads::requestFilters()
{
    QFETCH(QString, search);
    QFETCH(QString, requestId);
    QFETCH(int, fromMinute);
    QFETCH(int, toMinute);
    QFETCH(QStringList, expected);
    RequestLogQuery query;
    query.search = search;
    query.requestId = requestId;
    if (fromMinute >= 0)
        query.from = m_base.addSecs(60 * fromMinute);
    if (toMinute >= 0)
        query.to = m_base.addSecs(60 * toMinute);
    QStringList ids;
    for (const RequestLogRow &row : m_store->requestLogs(query))
        ids.append(row.requestId);
    QCOMPARE(ids, expected);
}

void TestStoreGuiReads::countAndIdAtFollowTheFilter()
{
    RequestLogQuery sonnet;
    sonnet.model = QStringLiteral("claude-sonnet"); // req-0, 2, 4, 6, 8
    QCOMPARE(m_store->requestLogCount(sonnet), 5);
    QCOMPARE(m_store->requestLogCount(RequestLogQuery{}), 10);
    const auto rows = m_store->requestLogs(sonnet);
    QCOMPARE(m_store->requestLogIdAt(sonnet, 0), rows.at(0).id);
    QCOMPARE(m_store->requestLogIdAt(sonnet, 3), rows.at(3).id);
    QCOMPARE(m_store->requestLogIdAt(sonnet, 5), 0); // past the end
    sonnet.beforeId = rows.at(1).id;                 // older than req-6
    QCOMPARE(m_store->requestLogCount(sonnet), 3);
    QCOMPARE(m_store->requestLogIdAt(sonnet, 0), rows.at(2).id);
}

void TestStoreGuiReads::acknowledgedGroupReturnsWhenSeenAgain()
{
    const ErrorEntry first = entry(QStringLiteral("no first byte within 120 s"), m_base);
    m_store->appendErrorEntry(first);
    m_store->flush();
    ErrorGroupQuery timeouts; // the failed request row made a group of its own
    timeouts.kind = errorKindName(ErrorKind::Timeout);
    ErrorGroupQuery unacknowledged = timeouts;
    unacknowledged.includeAcknowledged = false;
    QCOMPARE(m_store->errorGroups(unacknowledged).size(), 1);

    QVERIFY(m_store->acknowledgeErrorGroup(first.signature));
    QCOMPARE(m_store->errorGroups(unacknowledged).size(), 0);
    const auto all = m_store->errorGroups(timeouts);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().acknowledgedAt, m_base);

    m_store->appendErrorEntry(entry(QStringLiteral("no first byte within 120 s"), m_base.addSecs(5)));
    m_store->flush();
    const auto again = m_store->errorGroups(unacknowledged);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().count, 2);
}

void TestStoreGuiReads::hourlyCountsPerSignature()
{
    const ErrorEntry a = entry(QStringLiteral("connection refused"), m_base.addSecs(3600));
    for (int i = 0; i < 3; ++i)
        m_store->appendErrorEntry(entry(a.message, m_base.addSecs(3600 + i)));
    m_store->appendErrorEntry(entry(a.message, m_base.addSecs(3 * 3600)));
    m_store->appendErrorEntry(entry(a.message, m_base.addSecs(9 * 3600))); // outside the range
    m_store->flush();
    const auto counts = m_store->errorHourlyCounts(m_base, 4); // 10:00 .. 13:59
    QCOMPARE(counts.value(a.signature), (QList<qint64>{0, 3, 0, 1}));
}

void TestStoreGuiReads::hourlyCountsGoWithTheirPrunedGroup()
{
    QVERIFY(!m_store->errorHourlyCounts(m_base, 4).isEmpty());
    m_store->setRetention(RetentionPolicy{1, 0}); // everything here is from 2025
    // The writer may already have pruned in the background after setRetention: what counts is
    // that nothing is left, not who deleted it.
    QVERIFY(m_store->pruneNow() >= 0);
    QVERIFY(m_store->errorGroups(ErrorGroupQuery{}).isEmpty());
    QVERIFY(m_store->errorHourlyCounts(m_base, 4).isEmpty());
}

QTEST_MAIN(TestStoreGuiReads)
#include "tst_storeguireads.moc"
