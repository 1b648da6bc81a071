// The error log and usage rollups as the store writes them: request rows that failed become
// error-log entries grouped by signature (count, first/last seen, channels, bounded samples),
// in the same transactions as the rows; hourly rollups sum what the rows say; retention prunes.

#include "sqliteside.h"
#include "sqlitetestfiles.h"

#include "obs/errorentry.h"
#include "obs/streamcloseevent.h"
#include "store/failurelog.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

namespace {

const QDateTime kBase(QDate(2025, 6, 1), QTime(10, 15, 0), Qt::UTC);

RequestLogRow okRow(const QString &requestId, const QString &key = QStringLiteral("laptop"),
                    const QString &channel = QStringLiteral("ch-a"), const QDateTime &at = kBase)
{
    RequestLogRow row;
    row.requestId = requestId;
    row.startedAt = at;
    row.durationMs = 250;
    row.node = QStringLiteral("node-a");
    row.clientFormat = QStringLiteral("openai-chat");
    row.path = QStringLiteral("/v1/chat/completions");
    row.keyName = key;
    row.channel = channel;
    row.channelType = QStringLiteral("openai-chat");
    row.keyIndex = 0;
    row.model = QStringLiteral("gpt-5");
    row.upstreamModel = QStringLiteral("gpt-5");
    row.stream = true;
    row.httpStatus = 200;
    row.usage = Usage{100, 40, 30, 5, true};
    row.costUsd = 0.5;
    row.detail.insert(QStringLiteral("attempts"),
                      QJsonArray{QJsonObject{{QStringLiteral("channel"), channel}, {QStringLiteral("status"), 200}}});
    return row;
}

// A stream the upstream cut off before its terminal event, as the session records it.
RequestLogRow prematureRow(const QString &requestId, const QString &message, const QString &channel = QStringLiteral("ch-a"),
                           const QDateTime &at = kBase)
{
    RequestLogRow row = okRow(requestId, QStringLiteral("laptop"), channel, at);
    row.streamStatus.endReason = EndReason::Eof;
    row.streamStatus.addError(message);
    row.errorMessage = message;
    row.usage = Usage();
    row.costUsd = 0;
    StreamCloseEvent e;
    e.kind = ErrorKind::UpstreamPremature;
    e.message = message;
    e.requestId = requestId;
    e.channel = channel;
    e.channelType = row.channelType;
    e.eventsSeen = 3;
    e.lastEventSent = QStringLiteral("chat.completion.chunk");
    row.detail.insert(QStringLiteral("close_event"), e.toJson());
    return row;
}

RequestLogRow rejectedRow(const QString &requestId, int status, const QString &message)
{
    RequestLogRow row = okRow(requestId, status == 401 ? QString() : QStringLiteral("laptop"), QString());
    row.channelType.clear();
    row.detail = QJsonObject();
    row.usage = Usage();
    row.costUsd = 0;
    row.httpStatus = status;
    row.streamStatus.endReason = EndReason::Rejected;
    row.errorMessage = message;
    return row;
}

} // namespace

class TestErrorLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void thousandPrematureClosesAreOneGroup();
    void messagesDifferingOnlyByIdsAreOneGroup();
    void twoKindsAreTwoGroups();
    void groupRemembersChannelsAndLatestMessage();
    void samplesAreBoundedNewestKept();
    void failurePathsMapToKinds_data();
    void failurePathsMapToKinds();
    void retriedAttemptsAreRecorded();
    void successfulRowsRecordNothing();
    void standaloneEntriesAreGrouped();
    void secretsAreMaskedInRowsAndSamples();
    void usageRollupsSumRowsByHourAndGroup();
    void usageDayBucketsSumHours();
    void outcomeRollupsCountEndReasonsAndErrorKindsPerHour();
    void retentionPrunesByRowCount();
    void retentionPrunesByAge();
    void writerThroughputWithErrorEntries();

private:
    std::unique_ptr<Store> openStore(QString *path = nullptr) { return m_files.open(path); }
    SqliteTestFiles m_files;
};

void TestErrorLog::init()
{
    QVERIFY(m_files.isValid());
    QTest::failOnWarning(QRegularExpression(QStringLiteral("store:|request log:")));
}

void TestErrorLog::thousandPrematureClosesAreOneGroup()
{
    auto store = openStore();
    QVERIFY(store);
    for (int i = 0; i < 1000; ++i)
        store->appendRequestLog(prematureRow(QStringLiteral("req_%1").arg(i),
                                             QStringLiteral("upstream closed the stream before its terminal event"),
                                             QStringLiteral("ch-a"), kBase.addSecs(i)));
    store->flush();
    QCOMPARE(store->requestLogCount(), 1000);
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    const ErrorGroup &g = groups.first();
    QCOMPARE(g.count, 1000);
    QCOMPARE(g.kind, QStringLiteral("upstream-premature"));
    QCOMPARE(g.channelType, QStringLiteral("openai-chat"));
    QCOMPARE(g.channels, QStringList{QStringLiteral("ch-a")});
    QCOMPARE(g.firstSeen, kBase.addMSecs(250));
    QCOMPARE(g.lastSeen, kBase.addSecs(999).addMSecs(250));
    QCOMPARE(g.lastRequestId, QStringLiteral("req_999"));
    const QList<ErrorSample> samples = store->errorSamples(g.signature);
    QCOMPARE(samples.size(), 20);
    QCOMPARE(samples.first().requestId, QStringLiteral("req_999"));
    QCOMPARE(samples.last().requestId, QStringLiteral("req_980"));
    QCOMPARE(samples.first().detail.value(QLatin1String("events_seen")).toInt(), 3);
}

void TestErrorLog::messagesDifferingOnlyByIdsAreOneGroup()
{
    auto store = openStore();
    QVERIFY(store);
    store->appendRequestLog(prematureRow(QStringLiteral("r1"),
                                         QStringLiteral("stream of response resp_68a1b2c3d4e5f6a7 ended after 412 events")));
    store->appendRequestLog(prematureRow(QStringLiteral("r2"),
                                         QStringLiteral("stream of response resp_0f9e8d7c6b5a4938 ended after 7 events")));
    store->flush();
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first().count, 2);
    QCOMPARE(groups.first().lastMessage, QStringLiteral("stream of response resp_0f9e8d7c6b5a4938 ended after 7 events"));
}

void TestErrorLog::twoKindsAreTwoGroups()
{
    auto store = openStore();
    QVERIFY(store);
    const QString message = QStringLiteral("upstream closed the stream before its terminal event");
    store->appendRequestLog(prematureRow(QStringLiteral("r1"), message));
    RequestLogRow gone = prematureRow(QStringLiteral("r2"), message);
    QJsonObject close = gone.detail.value(QLatin1String("close_event")).toObject();
    close.insert(QStringLiteral("kind"), QStringLiteral("client-abort"));
    gone.detail.insert(QStringLiteral("close_event"), close);
    gone.streamStatus.endReason = EndReason::ClientGone;
    store->appendRequestLog(gone);
    store->flush();
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 2);
    QStringList kinds{groups[0].kind, groups[1].kind};
    kinds.sort();
    QCOMPARE(kinds, (QStringList{QStringLiteral("client-abort"), QStringLiteral("upstream-premature")}));
    ErrorGroupQuery onlyAborts;
    onlyAborts.kind = QStringLiteral("client-abort");
    QCOMPARE(store->errorGroups(onlyAborts).size(), 1);
}

void TestErrorLog::groupRemembersChannelsAndLatestMessage()
{
    auto store = openStore();
    QVERIFY(store);
    store->appendRequestLog(prematureRow(QStringLiteral("r1"), QStringLiteral("cut after 10 events"), QStringLiteral("ch-b"),
                                         kBase.addSecs(60)));
    store->flush(); // a second batch: the group is updated, not recreated
    store->appendRequestLog(prematureRow(QStringLiteral("r2"), QStringLiteral("cut after 99 events"), QStringLiteral("ch-a"),
                                         kBase.addSecs(120)));
    store->appendRequestLog(prematureRow(QStringLiteral("r0"), QStringLiteral("cut after 1 events"), QStringLiteral("ch-c"),
                                         kBase)); // older, arriving late (another node)
    store->flush();
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    const ErrorGroup &g = groups.first();
    QCOMPARE(g.count, 3);
    QCOMPARE(g.channels, (QStringList{QStringLiteral("ch-a"), QStringLiteral("ch-b"), QStringLiteral("ch-c")}));
    QCOMPARE(g.lastMessage, QStringLiteral("cut after 99 events"));
    QCOMPARE(g.lastChannel, QStringLiteral("ch-a"));
    QCOMPARE(g.firstSeen, kBase.addMSecs(250));
    ErrorGroupQuery byChannel;
    byChannel.channel = QStringLiteral("ch-c");
    QCOMPARE(store->errorGroups(byChannel).size(), 1);
    byChannel.channel = QStringLiteral("ch-z");
    QCOMPARE(store->errorGroups(byChannel).size(), 0);
    const auto one = store->errorGroup(g.signature);
    QVERIFY(one);
    QCOMPARE(one->count, 3);
    QVERIFY(!store->errorGroup(QStringLiteral("no such signature")));
}

void TestErrorLog::samplesAreBoundedNewestKept()
{
    QString path;
    auto store = openStore(&path);
    QVERIFY(store);
    for (int batch = 0; batch < 5; ++batch) {
        for (int i = 0; i < 9; ++i) {
            const int n = batch * 9 + i;
            store->appendRequestLog(prematureRow(QStringLiteral("req_%1").arg(n), QStringLiteral("premature"),
                                                 QStringLiteral("ch-a"), kBase.addSecs(n)));
        }
        store->flush();
    }
    QCOMPARE(SqliteSide(path).number(QStringLiteral("SELECT COUNT(*) FROM error_samples")), 20);
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first().count, 45);
    const QList<ErrorSample> samples = store->errorSamples(groups.first().signature);
    QCOMPARE(samples.size(), 20);
    QCOMPARE(samples.first().requestId, QStringLiteral("req_44"));
    QCOMPARE(samples.last().requestId, QStringLiteral("req_25"));
}

void TestErrorLog::failurePathsMapToKinds_data()
{
    QTest::addColumn<RequestLogRow>("row");
    QTest::addColumn<QString>("kind");
    QTest::newRow("auth") << rejectedRow(QStringLiteral("a"), 401, QStringLiteral("invalid API key")) << "auth";
    QTest::newRow("quota") << rejectedRow(QStringLiteral("q"), 429, QStringLiteral("API key 'x' has not enough budget left"))
                           << "quota";
    QTest::newRow("bad request") << rejectedRow(QStringLiteral("b"), 400, QStringLiteral("missing 'model'")) << "rejected";
    RequestLogRow translation = rejectedRow(QStringLiteral("t"), 400, QStringLiteral("cannot translate request: x"));
    translation.detail.insert(QStringLiteral("error_kind"), QStringLiteral("translation"));
    QTest::newRow("translation") << translation << "translation";
    RequestLogRow timeout = okRow(QStringLiteral("to"));
    timeout.streamStatus.endReason = EndReason::Timeout;
    timeout.errorMessage = QStringLiteral("upstream sent nothing for 300 s");
    QTest::newRow("timeout") << timeout << "timeout";
    RequestLogRow internal = okRow(QStringLiteral("i"));
    internal.streamStatus.endReason = EndReason::Internal;
    internal.errorMessage = QStringLiteral("relay shutting down");
    QTest::newRow("internal") << internal << "internal";
    RequestLogRow upstream = okRow(QStringLiteral("u"));
    upstream.httpStatus = 503;
    upstream.streamStatus.endReason = EndReason::UpstreamError;
    upstream.errorMessage = QStringLiteral("upstream HTTP 503: overloaded");
    QTest::newRow("upstream error status") << upstream << "upstream-error";
}

void TestErrorLog::failurePathsMapToKinds()
{
    QFETCH(RequestLogRow, row);
    QFETCH(QString, kind);
    const QList<ErrorEntry> entries = FailureLog::entriesFor(row);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(errorKindName(entries.first().kind), kind);
    QCOMPARE(FailureLog::kindsFor(row), QList<ErrorKind>{entries.first().kind});
    QVERIFY(entries.first().signature.startsWith(kind));
    QCOMPARE(entries.first().requestId, row.requestId);
}

void TestErrorLog::retriedAttemptsAreRecorded()
{
    RequestLogRow row = okRow(QStringLiteral("r"));
    row.detail.insert(QStringLiteral("attempts"),
                      QJsonArray{QJsonObject{{QStringLiteral("channel"), QStringLiteral("ch-b")},
                                             {QStringLiteral("status"), 429},
                                             {QStringLiteral("error"), QStringLiteral("upstream HTTP 429: slow down")}},
                                 QJsonObject{{QStringLiteral("channel"), QStringLiteral("ch-a")}, {QStringLiteral("status"), 200}}});
    const QList<ErrorEntry> entries = FailureLog::entriesFor(row);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().kind, ErrorKind::UpstreamRetried);
    QCOMPARE(entries.first().channel, QStringLiteral("ch-b"));
    QCOMPARE(entries.first().message, QStringLiteral("upstream HTTP 429: slow down"));
}

void TestErrorLog::successfulRowsRecordNothing()
{
    auto store = openStore();
    QVERIFY(store);
    QVERIFY(FailureLog::entriesFor(okRow(QStringLiteral("ok"))).isEmpty());
    store->appendRequestLog(okRow(QStringLiteral("ok")));
    store->flush();
    QCOMPARE(store->errorGroupCount(), 0);
}

void TestErrorLog::standaloneEntriesAreGrouped()
{
    auto store = openStore();
    QVERIFY(store);
    ErrorEntry e = ErrorEntry::make(ErrorKind::Internal, QString(), QStringLiteral("config reload failed at line 12"));
    e.detail.insert(QStringLiteral("where"), QStringLiteral("startup"));
    store->appendErrorEntry(e);
    store->appendErrorEntry(ErrorEntry::make(ErrorKind::Internal, QString(), QStringLiteral("config reload failed at line 40")));
    store->flush();
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first().count, 2);
    QCOMPARE(store->requestLogCount(), 0);
}

void TestErrorLog::secretsAreMaskedInRowsAndSamples()
{
    QString path;
    auto store = openStore(&path);
    QVERIFY(store);
    const QString secret = QStringLiteral("sk-live-0123456789abcdefghij");
    RequestLogRow row = rejectedRow(QStringLiteral("s"), 401, QStringLiteral("Incorrect API key provided: ") + secret);
    row.streamStatus.addError(QStringLiteral("Authorization: Bearer ") + secret);
    store->appendRequestLog(row);
    store->flush();
    const QList<RequestLogRow> rows = store->requestLogs(RequestLogQuery());
    QCOMPARE(rows.size(), 1);
    QVERIFY2(!rows.first().errorMessage.contains(secret), qPrintable(rows.first().errorMessage));
    QVERIFY(rows.first().errorMessage.startsWith(QLatin1String("Incorrect API key provided: sk-l")));
    QVERIFY(!rows.first().streamStatus.errors.join(u' ').contains(secret));
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    QVERIFY(!groups.first().lastMessage.contains(secret));
    QVERIFY(!groups.first().signature.contains(QLatin1String("0123456789")));
    const QList<ErrorSample> samples = store->errorSamples(groups.first().signature);
    QCOMPARE(samples.size(), 1);
    QVERIFY(!samples.first().message.contains(secret));
    QCOMPARE(SqliteSide(path).number(QStringLiteral("SELECT COUNT(*) FROM request_log WHERE error_message LIKE '%0123456789abc%' "
                                                    "OR stream_status LIKE '%0123456789abc%'")), 0);
}

void TestErrorLog::usageRollupsSumRowsByHourAndGroup()
{
    auto store = openStore();
    QVERIFY(store);
    store->appendRequestLog(okRow(QStringLiteral("a"), QStringLiteral("laptop"), QStringLiteral("ch-a"), kBase));
    store->appendRequestLog(okRow(QStringLiteral("b"), QStringLiteral("laptop"), QStringLiteral("ch-b"), kBase.addSecs(60)));
    store->appendRequestLog(okRow(QStringLiteral("c"), QStringLiteral("server"), QStringLiteral("ch-a"), kBase.addSecs(3600)));
    store->appendRequestLog(prematureRow(QStringLiteral("d"), QStringLiteral("cut"), QStringLiteral("ch-a"), kBase.addSecs(120)));
    store->flush();
    store->appendRequestLog(okRow(QStringLiteral("e"), QStringLiteral("laptop"), QStringLiteral("ch-a"), kBase.addSecs(30)));
    store->flush(); // a second batch adds to the same hour

    UsageQuery q;
    q.from = kBase.addSecs(-3600);
    q.to = kBase.addSecs(4 * 3600);
    q.by = UsageGroupBy::Key;
    const QList<UsagePoint> byKey = store->usage(q);
    QCOMPARE(byKey.size(), 2);
    const UsagePoint &laptop = byKey[0];
    QCOMPARE(laptop.bucket, QDateTime(kBase.date(), QTime(10, 0), Qt::UTC));
    QCOMPARE(laptop.group, QStringLiteral("laptop"));
    QCOMPARE(laptop.requests, 4);
    QCOMPARE(laptop.errors, 1);
    QCOMPARE(laptop.inputTokens, 300); // the premature row reported no usage
    QCOMPARE(laptop.outputTokens, 120);
    QCOMPARE(laptop.cachedInputTokens, 90);
    QCOMPARE(laptop.costUsd, 1.5);
    QCOMPARE(byKey[1].bucket, QDateTime(kBase.date(), QTime(11, 0), Qt::UTC));
    QCOMPARE(byKey[1].group, QStringLiteral("server"));

    q.by = UsageGroupBy::Channel;
    const QList<UsagePoint> byChannel = store->usage(q);
    QCOMPARE(byChannel.size(), 3); // 10:00 ch-a, 10:00 ch-b, 11:00 ch-a
    q.to = kBase.addSecs(45 * 60); // 11:00 excluded
    QCOMPARE(store->usage(q).size(), 2);
}

void TestErrorLog::usageDayBucketsSumHours()
{
    auto store = openStore();
    QVERIFY(store);
    for (int h = 0; h < 30; ++h)
        store->appendRequestLog(okRow(QStringLiteral("r%1").arg(h), QStringLiteral("laptop"), QStringLiteral("ch-a"),
                                      QDateTime(kBase.date(), QTime(0, 30), Qt::UTC).addSecs(h * 3600)));
    store->flush();
    UsageQuery q;
    q.bucket = UsageBucket::Day;
    q.from = QDateTime(kBase.date(), QTime(0, 0), Qt::UTC);
    q.to = q.from.addDays(3);
    const QList<UsagePoint> days = store->usage(q);
    QCOMPARE(days.size(), 2);
    QCOMPARE(days[0].bucket, q.from);
    QCOMPARE(days[0].requests, 24);
    QCOMPARE(days[1].requests, 6);
    QCOMPARE(days[1].inputTokens, 600);
}

void TestErrorLog::outcomeRollupsCountEndReasonsAndErrorKindsPerHour()
{
    auto store = openStore();
    QVERIFY(store);
    store->appendRequestLog(okRow(QStringLiteral("a")));
    store->appendRequestLog(okRow(QStringLiteral("b")));
    store->appendRequestLog(prematureRow(QStringLiteral("c"), QStringLiteral("cut"), QStringLiteral("ch-a"), kBase.addSecs(60)));
    store->appendRequestLog(prematureRow(QStringLiteral("d"), QStringLiteral("cut"), QStringLiteral("ch-a"), kBase.addSecs(3600)));
    store->appendErrorEntry(ErrorEntry::make(ErrorKind::Internal, QString(), QStringLiteral("bug"), kBase));
    store->flush();

    UsageQuery q;
    q.from = kBase.addSecs(-3600);
    q.to = kBase.addSecs(4 * 3600);
    q.by = UsageGroupBy::EndReason;
    const QList<UsagePoint> reasons = store->usage(q);
    QCOMPARE(reasons.size(), 3); // 10:00 done, 10:00 eof, 11:00 eof
    QCOMPARE(reasons[0].group, QStringLiteral("done"));
    QCOMPARE(reasons[0].requests, 2);
    QCOMPARE(reasons[1].group, QStringLiteral("eof"));
    QCOMPARE(reasons[1].requests, 1);
    QCOMPARE(reasons[2].bucket, QDateTime(kBase.date(), QTime(11, 0), Qt::UTC));

    q.by = UsageGroupBy::ErrorKind;
    q.bucket = UsageBucket::Day;
    const QList<UsagePoint> kinds = store->usage(q);
    QCOMPARE(kinds.size(), 2); // the day's internal entry and its two premature streams
    QCOMPARE(kinds[0].group, QStringLiteral("internal"));
    QCOMPARE(kinds[0].requests, 1);
    QCOMPARE(kinds[1].group, QStringLiteral("upstream-premature"));
    QCOMPARE(kinds[1].requests, 2);
    QCOMPARE(kinds[1].bucket, QDateTime(kBase.date(), QTime(0, 0), Qt::UTC));
}

void TestErrorLog::retentionPrunesByRowCount()
{
    auto store = openStore();
    QVERIFY(store);
    for (int i = 0; i < 5000; ++i)
        store->appendRequestLog(okRow(QStringLiteral("r%1").arg(i)));
    store->flush();
    store->setRetention(RetentionPolicy{0, 1200});
    QTRY_COMPARE_WITH_TIMEOUT(store->requestLogCount(), 1200, 10000); // in steps, by the writer on its own
    const QList<RequestLogRow> newest = store->requestLogs(RequestLogQuery());
    QCOMPARE(newest.first().requestId, QStringLiteral("r4999"));
    QCOMPARE(store->pruneNow(), 0);
}

void TestErrorLog::retentionPrunesByAge()
{
    auto store = openStore();
    QVERIFY(store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    store->appendRequestLog(prematureRow(QStringLiteral("old"), QStringLiteral("old failure"), QStringLiteral("ch-a"),
                                         now.addDays(-10)));
    store->appendRequestLog(okRow(QStringLiteral("old-ok"), QStringLiteral("laptop"), QStringLiteral("ch-a"), now.addDays(-9)));
    store->appendRequestLog(prematureRow(QStringLiteral("new"), QStringLiteral("new trouble"), QStringLiteral("ch-a"),
                                         now.addSecs(-60)));
    store->flush();
    QCOMPARE(store->errorGroupCount(), 2);
    store->setRetention(RetentionPolicy{7, 0});
    QVERIFY(store->pruneNow() >= 0);
    QCOMPARE(store->requestLogCount(), 1);
    QCOMPARE(store->requestLogs(RequestLogQuery()).first().requestId, QStringLiteral("new"));
    const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery());
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first().lastMessage, QStringLiteral("new trouble"));
    QCOMPARE(groups.first().channels, QStringList{QStringLiteral("ch-a")});
}

// Not a pass/fail benchmark: it prints the sustained rate for docs and keeps a generous floor
// so a pathological slowdown (a statement per entry, a missing index) fails loudly.
void TestErrorLog::writerThroughputWithErrorEntries()
{
    auto store = openStore();
    QVERIFY(store);
    const int rows = 20000;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < rows; ++i) {
        if (i % 2 == 0)
            store->appendRequestLog(okRow(QStringLiteral("ok_%1").arg(i)));
        else
            store->appendRequestLog(prematureRow(QStringLiteral("bad_%1").arg(i),
                                                 QStringLiteral("stream resp_%1 cut after %2 events").arg(0x68a1b2c3d4LL + i * 7919, 0, 16).arg(i % 50),
                                                 i % 3 ? QStringLiteral("ch-a") : QStringLiteral("ch-b")));
    }
    store->flush();
    const qint64 ms = qMax<qint64>(1, clock.elapsed());
    const double perSecond = rows * 1000.0 / ms;
    qInfo("writer throughput: %d rows (half of them failures with error-log entries) in %lld ms = %.0f rows/s",
          rows, qlonglong(ms), perSecond);
    QCOMPARE(store->requestLogCount(), rows);
    QCOMPARE(store->errorGroups(ErrorGroupQuery()).first().count, rows / 2);
    QVERIFY2(perSecond > 2000, "the writer is far slower than it should be");
}

QTEST_GUILESS_MAIN(TestErrorLog)
#include "tst_errorlog.moc"
