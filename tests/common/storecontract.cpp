#include "storecontract.h"

#include "storesamples.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QThread>
#include <QTimeZone>

namespace StoreContract {

std::unique_ptr<Store> open(const QString &url)
{
    QString error;
    auto store = Store::open(url, &error);
    if (!store)
        qWarning("open failed: %s", qPrintable(error));
    return store;
}

void reopeningKeepsConfigAndRows(const Opener &openStore)
{
    {
        auto store = openStore();
        QVERIFY(store);
        Config config;
        config.adminToken = QStringLiteral("adm-keep");
        QString error;
        QVERIFY2(store->saveConfig(config, &error), qPrintable(error));
        store->appendRequestLog(StoreSamples::requestRow(QStringLiteral("r1")));
    } // the destructor flushes
    auto store = openStore();
    QVERIFY(store);
    QCOMPARE(store->requestLogCount(), 1);
    QCOMPARE(store->loadConfig().adminToken, QStringLiteral("adm-keep"));
}

void rowsFromThreadsAreAllWritten(Store &store, int threads, int rowsPerThread)
{
    QSignalSpy written(&store, &Store::requestLogsWritten);
    QElapsedTimer timer;
    timer.start();
    QList<QThread *> writers;
    for (int t = 0; t < threads; ++t) {
        writers.append(QThread::create([&store, t, rowsPerThread] {
            for (int i = 0; i < rowsPerThread; ++i)
                store.appendRequestLog(StoreSamples::requestRow(QStringLiteral("t%1-%2").arg(t).arg(i), QStringLiteral("key%1").arg(t)));
        }));
        writers.last()->start();
    }
    for (QThread *thread : writers) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    store.flush();
    const int total = threads * rowsPerThread;
    qInfo("%s: %d rows written in %lld ms (%.0f rows/s)", qPrintable(store.backendName()), total, timer.elapsed(),
          total * 1000.0 / qMax<qint64>(1, timer.elapsed()));

    QCOMPARE(store.requestLogCount(), total);
    for (int t = 0; t < threads; ++t) {
        RequestLogQuery query;
        query.key = QStringLiteral("key%1").arg(t);
        query.limit = 1;
        const auto newest = store.requestLogs(query);
        QCOMPARE(newest.size(), 1);
        QCOMPARE(newest.first().requestId, QStringLiteral("t%1-%2").arg(t).arg(rowsPerThread - 1)); // order kept per thread
    }
    RequestLogQuery all;
    all.limit = 5000;
    QCOMPARE(store.requestLogs(all).size(), qMin(total, 1000)); // the limit is clamped
    QTRY_COMPARE_WITH_TIMEOUT([&] { int n = 0; for (const auto &args : written) n += args.at(0).toInt(); return n; }(),
                              total, 5000);
}

void rowFieldsSurviveStorage(Store &store)
{
    RequestLogRow row = StoreSamples::requestRow(QStringLiteral("req-1"));
    row.streamStatus.endReason = EndReason::Eof;
    row.streamStatus.addError(QStringLiteral("upstream closed before message_stop"));
    row.errorMessage = QStringLiteral("premature close");
    RequestLogRow noUsage = StoreSamples::requestRow(QStringLiteral("req-2"));
    noUsage.usage = Usage();
    noUsage.stream = false;
    noUsage.startedAt = QDateTime(QDate(2025, 6, 1), QTime(14, 0), QTimeZone(3600 * 2));
    store.appendRequestLog(row);
    store.appendRequestLog(noUsage);
    store.flush();

    const auto rows = store.requestLogs(RequestLogQuery());
    QCOMPARE(rows.size(), 2);
    const RequestLogRow &back = rows.at(1);
    QVERIFY(back.id > 0);
    QCOMPARE(rows.at(0).id, back.id + 1);
    QJsonObject expected = row.toJson();
    expected.insert(QStringLiteral("id"), back.id);
    QCOMPARE(back.toJson(), expected);
    QCOMPARE(back.startedAt, row.startedAt);
    QCOMPARE(back.streamStatus.errors, row.streamStatus.errors);
    QVERIFY(!back.ok());
    QVERIFY(!rows.at(0).usage.known);
    QVERIFY(!rows.at(0).stream);
    QCOMPARE(rows.at(0).startedAt, noUsage.startedAt);
    QCOMPARE(rows.at(0).startedAt.timeSpec(), Qt::UTC);
}

namespace {

void appendQueryRows(Store &store)
{
    for (int i = 0; i < 30; ++i) {
        RequestLogRow row = StoreSamples::requestRow(QStringLiteral("r%1").arg(i), i % 3 == 0 ? QStringLiteral("ci") : QStringLiteral("laptop"));
        row.channel = i % 2 ? QStringLiteral("odd") : QStringLiteral("even");
        row.model = i < 10 ? QStringLiteral("gpt-5") : QStringLiteral("o3");
        if (i % 5 == 0)
            row.streamStatus.endReason = EndReason::ClientGone;
        if (i == 29)
            row.httpStatus = 502;
        store.appendRequestLog(row);
    }
    store.flush();
}

} // namespace

void queryFiltersAndPagesNewestFirst(Store &store)
{
    appendQueryRows(store);
    auto ids = [&](const RequestLogQuery &q) {
        QStringList out;
        for (const auto &r : store.requestLogs(q))
            out.append(r.requestId);
        return out;
    };
    RequestLogQuery q;
    q.key = QStringLiteral("ci");
    q.channel = QStringLiteral("odd");
    QCOMPARE(ids(q), QStringList({"r27", "r21", "r15", "r9", "r3"}));
    q = RequestLogQuery();
    q.status = QStringLiteral("error");
    QCOMPARE(ids(q), QStringList({"r29", "r25", "r20", "r15", "r10", "r5", "r0"}));
    q.endReason = QStringLiteral("client_gone");
    QCOMPARE(ids(q).size(), 6);
    q = RequestLogQuery();
    q.model = QStringLiteral("gpt-5");
    q.limit = 4;
    const auto page1 = store.requestLogs(q);
    QCOMPARE(page1.size(), 4);
    QCOMPARE(page1.first().requestId, QStringLiteral("r9"));
    q.beforeId = page1.last().id;
    QCOMPARE(ids(q), QStringList({"r5", "r4", "r3", "r2"}));
    q.limit = 0;
    QCOMPARE(ids(q).size(), 1);
    q = RequestLogQuery();
    q.key = QStringLiteral("nobody");
    QVERIFY(ids(q).isEmpty());
}

} // namespace StoreContract
