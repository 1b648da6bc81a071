// The database faults a relay meets, on SQLite, through the real relay: the database turns
// read-only or the disk fills up mid-run. Requests keep being served, their log rows wait in
// memory (up to log_buffer_rows) and are written once the database takes writes again, rows
// beyond the bound are counted, and the condition shows in /admin/health, /metrics and the log.
//
// Root ignores file modes, so the faults are made inside SQLite on the writer's connection:
// PRAGMA query_only (SQLite's "attempt to write a readonly database") and PRAGMA max_page_count
// at the current size (SQLITE_FULL, exactly what a full file system gives).

#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "store/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

namespace {

enum class Fault { ReadOnly, DiskFull };

// Makes the writer's connection refuse writes; "" on success, else why not.
QString inject(Store &store, Fault fault)
{
    QString error;
    if (fault == Fault::ReadOnly) {
        store.queryOnWriterConnection(QStringLiteral("PRAGMA query_only = 1"), &error);
        return error;
    }
    const qint64 pages = store.queryOnWriterConnection(QStringLiteral("PRAGMA page_count"), &error).toLongLong();
    if (error.isEmpty())
        store.queryOnWriterConnection(QStringLiteral("PRAGMA max_page_count = %1").arg(pages), &error);
    return error;
}

QString repair(Store &store, Fault fault)
{
    QString error;
    store.queryOnWriterConnection(fault == Fault::ReadOnly ? QStringLiteral("PRAGMA query_only = 0")
                                                           : QStringLiteral("PRAGMA max_page_count = 1073741823"),
                                  &error);
    return error;
}

QJsonObject logWrites(RelayFixture &fx)
{
    RawHttpClient *client = fx.client();
    client->get("/admin/health", {});
    if (!client->waitForFinished(5000) || client->status() != 200)
        return {};
    return QJsonDocument::fromJson(client->body()).object().value(QLatin1String("log_writes")).toObject();
}

QByteArray metrics(RelayFixture &fx)
{
    RawHttpClient *client = fx.client();
    client->get("/metrics", {});
    return client->waitForFinished(5000) ? client->body() : QByteArray();
}

// `count` non-streamed requests at once; how many were answered 200.
int sendRequests(RelayFixture &fx, int count)
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    QList<RawHttpClient *> clients;
    for (int i = 0; i < count; ++i) {
        clients.append(fx.client());
        clients.last()->post(c.target(false), c.clientBody(false), c.clientAuth(RelayFixture::kClientKey));
    }
    int ok = 0;
    for (RawHttpClient *client : clients)
        ok += client->waitForFinished(10000) && client->status() == 200;
    return ok;
}

} // namespace

class TestDbFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsWaitForTheDatabaseAndArriveAfter_data();
    void rowsWaitForTheDatabaseAndArriveAfter();
    void rowsBeyondTheBufferAreCountedAndReported();

private:
    bool startRelay(RelayFixture &fx);
};

bool TestDbFaults::startRelay(RelayFixture &fx)
{
    if (!fx.start(QJsonObject{{QStringLiteral("log_buffer_rows"), 100}}))
        return false;
    fx.upstream().setHandler(transcriptAnswer);
    // A first row, so the tables exist at their working size before the fault.
    return sendRequests(fx, 1) == 1 && fx.waitForRows(1);
}

void TestDbFaults::rowsWaitForTheDatabaseAndArriveAfter_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("read-only") << Fault::ReadOnly << "readonly";
    QTest::newRow("disk full") << Fault::DiskFull << "full";
}

void TestDbFaults::rowsWaitForTheDatabaseAndArriveAfter()
{
    QFETCH(Fault, fault);
    QFETCH(QString, expectedError);
    RelayFixture fx;
    QVERIFY2(startRelay(fx), qPrintable(fx.error()));
    Store *store = fx.store();
    QSignalSpy stateChanges(store, &Store::logWriteStateChanged);
    QCOMPARE(inject(*store, fault), QString());

    // The relay keeps serving while its rows cannot be written.
    QCOMPARE(sendRequests(fx, 40), 40);
    QTRY_VERIFY_WITH_TIMEOUT(!store->logWriteState().ok, 5000);
    QVERIFY2(store->lastWriteError().contains(expectedError), qPrintable(store->lastWriteError()));
    QTRY_COMPARE_WITH_TIMEOUT(store->pendingRows(), 40, 5000); // each row is queued as its request ends
    const QJsonObject health = logWrites(fx);
    QCOMPARE(health.value(QLatin1String("ok")).toBool(true), false);
    QVERIFY(health.value(QLatin1String("error")).toString().contains(expectedError));
    QCOMPARE(health.value(QLatin1String("pending_rows")).toInteger(), 40);
    QCOMPARE(health.value(QLatin1String("dropped_rows")).toInteger(), 0);
    QVERIFY(metrics(fx).contains("relaydesk_log_rows_pending 40"));
    QVERIFY(stateChanges.size() >= 1);

    // Once the database takes writes again, every waiting row is written: none lost.
    QCOMPARE(repair(*store, fault), QString());
    QTRY_COMPARE_WITH_TIMEOUT(store->requestLogCount(), 41, 10000);
    QVERIFY(store->logWriteState().ok);
    QCOMPARE(store->droppedRows(), 0);
    QCOMPARE(logWrites(fx).value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(sendRequests(fx, 1), 1);
    QVERIFY(fx.waitForRows(42));
}

void TestDbFaults::rowsBeyondTheBufferAreCountedAndReported()
{
    RelayFixture fx;
    QVERIFY2(startRelay(fx), qPrintable(fx.error()));
    Store *store = fx.store();
    QCOMPARE(inject(*store, Fault::ReadOnly), QString());
    // Never silent: the first row dropped is in the log with the reason.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("log_buffer_rows.*dropped 1 new rows")));

    QCOMPARE(sendRequests(fx, 130), 130); // serving never depends on the log
    QTRY_COMPARE_WITH_TIMEOUT(store->droppedRows(), 30, 5000);
    QCOMPARE(store->pendingRows(), 100);
    const QJsonObject health = logWrites(fx);
    QCOMPARE(health.value(QLatin1String("dropped_rows")).toInteger(), 30);
    QCOMPARE(health.value(QLatin1String("buffer_rows")).toInteger(), 100);
    QVERIFY(metrics(fx).contains("relaydesk_log_rows_dropped_total 30"));

    QCOMPARE(repair(*store, Fault::ReadOnly), QString());
    QTRY_COMPARE_WITH_TIMEOUT(store->requestLogCount(), 101, 10000);
    QCOMPARE(store->droppedRows(), 30); // the loss stays on record
}

QTEST_GUILESS_MAIN(TestDbFaults)
#include "tst_dbfaults.moc"
