#include "sqliteside.h"
#include "sqlitetestfiles.h"
#include "storecontract.h"
#include "storesamples.h"

#include "config/configio.h"
#include "store/databaseurl.h"
#include "store/migrations.h"
#include "store/store.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void opensNewDatabaseWithWalAndCurrentSchema();
    void reopeningKeepsDataAndSchemaVersion();
    void refusesUnusableUrls_data();
    void refusesUnusableUrls();
    void parsesPostgresUrl();
    void refusesFileThatIsNotADatabase();
    void refusesSchemaNewerThanThisBuild();
    void savedConfigLoadsBackInOrder();
    void saveConfigReplacesPreviousConfig();
    void configSavedThroughAnotherStoreIsReported();
    void rowsFromFourThreadsAreAllWritten();
    void rowFieldsSurviveStorage();
    void rowJsonHasAdminShape();
    void queryFiltersAndPagesNewestFirst();
    void readsWorkFromOtherThreads();
    void flushWithNothingQueuedReturns();
    void lockedDatabaseKeepsRowsUntilWritable();

private:
    std::unique_ptr<Store> openStore(QString *path = nullptr) { return m_files.open(path); }
    SqliteTestFiles m_files;
};

void TestStore::init()
{
    QVERIFY(m_files.isValid());
    // A connection closed from the wrong thread or still in use would print this.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("QSqlDatabase")));
}

void TestStore::opensNewDatabaseWithWalAndCurrentSchema()
{
    QString path;
    auto store = openStore(&path);
    QVERIFY(store);
    QCOMPARE(store->backendName(), QStringLiteral("sqlite"));
    SqliteSide side(path);
    QCOMPARE(side.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(side.scalar(QStringLiteral("SELECT version FROM schema_version")).toInt(), Migrations::latestVersion());
    QCOMPARE(side.scalar(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 1);
    QCOMPARE(store->requestLogCount(), 0);
}

void TestStore::reopeningKeepsDataAndSchemaVersion()
{
    QString path;
    RUN_CHECK(StoreContract::reopeningKeepsConfigAndRows([&] { return openStore(&path); }));
    SqliteSide side(path);
    QCOMPARE(side.scalar(QStringLiteral("SELECT version FROM schema_version")).toInt(), Migrations::latestVersion());
}

void TestStore::refusesUnusableUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected"); // part of the error
    QTest::addRow("missing directory") << "sqlite:/nonexistent-relaydesk-dir/x.db" << "/nonexistent-relaydesk-dir";
    QTest::addRow("directory as file") << "sqlite:/tmp" << "directory";
    QTest::addRow("no path") << "sqlite:" << "path";
    QTest::addRow("memory") << "sqlite::memory:" << "path";
    QTest::addRow("other scheme") << "mysql://root:hunter2@db/x" << "mysql";
    // Nothing listens on port 1: refused at once, and the message names the server.
    QTest::addRow("postgres unreachable") << "postgres://relay:hunter2@127.0.0.1:1/relay"
                                          << "cannot open database postgres://relay@127.0.0.1:1/relay: ";
    QTest::addRow("postgres without db") << "postgres://relay:hunter2@db.example:5433/" << "PostgreSQL URL";
}

void TestStore::refusesUnusableUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!Store::open(url, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
    QVERIFY2(!error.contains(QLatin1String("hunter2")), qPrintable(error));
}

void TestStore::parsesPostgresUrl()
{
    QString error;
    const auto url = DatabaseUrl::parse(QStringLiteral("postgresql://relay%40corp:p%3Ass@db.example:5433/relaydesk?sslmode=require"), &error);
    QVERIFY2(url, qPrintable(error));
    QCOMPARE(url->backend, SqlBackend::Postgres);
    QCOMPARE(url->user, QStringLiteral("relay@corp"));
    QCOMPARE(url->password, QStringLiteral("p:ss"));
    QCOMPARE(url->host, QStringLiteral("db.example"));
    QCOMPARE(url->port, 5433);
    QCOMPARE(url->database, QStringLiteral("relaydesk"));
    QCOMPARE(url->connectOptions, QStringLiteral("sslmode=require"));
    QVERIFY(!url->displayName().contains(QLatin1String("p:ss")));

    const auto defaults = DatabaseUrl::parse(QStringLiteral("postgres:///relaydesk"), &error);
    QVERIFY2(defaults, qPrintable(error));
    QCOMPARE(defaults->host, QStringLiteral("localhost"));
    QCOMPARE(defaults->port, 5432);
}

void TestStore::refusesFileThatIsNotADatabase()
{
    const QString path = m_files.filePath(QStringLiteral("notes.db"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    QString error;
    QVERIFY(!Store::open(QStringLiteral("sqlite:") + path, &error));
    QVERIFY2(error.contains(path) && error.contains(QLatin1String("not a database")), qPrintable(error));
}

void TestStore::refusesSchemaNewerThanThisBuild()
{
    QString path;
    QVERIFY(openStore(&path));
    {
        SqliteSide side(path);
        QVERIFY(side.exec(QStringLiteral("UPDATE schema_version SET version = 999")));
    }
    QString error;
    QVERIFY(!Store::open(QStringLiteral("sqlite:") + path, &error));
    QVERIFY2(error.contains(QLatin1String("999")) && error.contains(QLatin1String("newer")), qPrintable(error));
}

void TestStore::savedConfigLoadsBackInOrder()
{
    auto store = openStore();
    QVERIFY(store);
    Config config;
    const auto importError = ConfigIO::importInto(config, R"({
      "admin_token": "adm-0123456789abcdef",
      "settings": {"keepalive_seconds": 7, "log_bodies": true, "max_sse_line_bytes": 2048},
      "channels": [
        {"name": "zeta", "type": "gemini", "base_url": "https://z.example", "keys": ["gk-1"],
         "model_map": {"g-*": "gemini-2.5-pro"}, "headers": {"X-Team": "a"}, "priority": 2},
        {"name": "alpha", "type": "anthropic", "base_url": "https://a.example", "weight": 0, "enabled": false}],
      "keys": [{"name": "laptop", "key": "rk-laptop-secret-4242", "budget_usd": 20, "expires_at": "2030-01-01T00:00:00Z"},
               {"name": "ci", "key": "rk-ci-secret-777", "models": ["gpt-*"]}],
      "prices": {"gpt-5": {"input": 1.25, "output": 10, "cached_input": 0.125}, "o3": {"input": 2, "output": 8}}
    })");
    QVERIFY2(!importError, importError ? qPrintable(importError->toString()) : "");
    QString error;
    QVERIFY2(store->saveConfig(config, &error), qPrintable(error));

    const Config loaded = store->loadConfig();
    QCOMPARE(QJsonDocument(ConfigIO::exportConfig(loaded, true)).toJson(),
             QJsonDocument(ConfigIO::exportConfig(config, true)).toJson());
    QCOMPARE(loaded.channels.at(0).name, QStringLiteral("zeta"));
    QCOMPARE(loaded.channels.at(1).name, QStringLiteral("alpha"));
    QCOMPARE(loaded.prices.value(QStringLiteral("o3")).cachedInput, -1.0);
    QVERIFY(loaded.keyByHash(ClientKey::hashKey("rk-ci-secret-777")));
    QVERIFY(loaded.channelByName(QStringLiteral("alpha")));
}

void TestStore::saveConfigReplacesPreviousConfig()
{
    auto store = openStore();
    QVERIFY(store);
    Config config;
    const auto importError = ConfigIO::importInto(config, R"({"channels": [
        {"name": "a", "type": "gemini", "base_url": "https://a.example"},
        {"name": "b", "type": "gemini", "base_url": "https://b.example"}],
      "keys": [{"name": "k", "key": "rk-k"}], "prices": {"m": {"input": 1, "output": 1}}})");
    QVERIFY(!importError);
    QString error;
    QVERIFY2(store->saveConfig(config, &error), qPrintable(error));
    config.channels.removeFirst();
    config.keys.clear();
    config.prices.clear();
    config.reindex();
    QVERIFY2(store->saveConfig(config, &error), qPrintable(error));

    const Config loaded = store->loadConfig();
    QCOMPARE(loaded.channels.size(), 1);
    QCOMPARE(loaded.channels.first().name, QStringLiteral("b"));
    QVERIFY(loaded.keys.isEmpty());
    QVERIFY(loaded.prices.isEmpty());
}

// Two stores on one database stand for two nodes: a save through one reaches the other's
// watcher, once, and the watcher's own store loading the config is not reported back to it.
void TestStore::configSavedThroughAnotherStoreIsReported()
{
    QString path, error;
    auto nodeA = openStore(&path);
    QVERIFY(nodeA);
    auto nodeB = Store::open(QStringLiteral("sqlite:") + path, &error);
    QVERIFY2(nodeB, qPrintable(error));
    QCOMPARE(nodeA->configVersion(), 0);
    nodeB->loadConfig();
    QSignalSpy changed(nodeB.get(), &Store::configChanged);
    nodeB->watchConfig(50);
    QVERIFY(!changed.wait(300)); // nothing saved since B loaded

    Config config;
    QVERIFY(!ConfigIO::importInto(config, R"({"channels": [
        {"name": "late", "type": "gemini", "base_url": "https://late.example"}]})"));
    QVERIFY2(nodeA->saveConfig(config, &error), qPrintable(error));
    QCOMPARE(nodeA->configVersion(), 1);
    QVERIFY(changed.wait(5000));
    const Config seen = changed.constFirst().constFirst().value<Config>();
    QCOMPARE(seen.channels.size(), 1);
    QCOMPARE(seen.channels.first().name, QStringLiteral("late"));
    QVERIFY(!changed.wait(300)); // one report per save, not one per poll
}

void TestStore::rowsFromFourThreadsAreAllWritten()
{
    auto store = openStore();
    QVERIFY(store);
    StoreContract::rowsFromThreadsAreAllWritten(*store, 4, 2500);
}

void TestStore::rowFieldsSurviveStorage()
{
    auto store = openStore();
    QVERIFY(store);
    StoreContract::rowFieldsSurviveStorage(*store);
}

void TestStore::rowJsonHasAdminShape()
{
    RequestLogRow row = StoreSamples::requestRow(QStringLiteral("req-1"));
    row.id = 7;
    const QJsonObject json = row.toJson();
    QStringList keys = json.keys();
    QStringList expected{"id", "request_id", "started_at", "duration_ms", "node", "client_format", "path", "key",
                         "channel", "key_index", "model", "upstream_model", "stream", "http_status", "status",
                         "stream_status", "usage", "cost_usd", "error", "upstream_response_id", "detail"};
    keys.sort();
    expected.sort();
    QCOMPARE(keys, expected);
    QCOMPARE(json.value(QLatin1String("started_at")).toString(), QStringLiteral("2025-06-01T12:34:56.789Z"));
    QCOMPARE(json.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(json.value(QLatin1String("stream_status")).toObject().value(QLatin1String("end_reason")).toString(),
             QStringLiteral("done"));
    QCOMPARE(json.value(QLatin1String("usage")).toObject().value(QLatin1String("cached_input_tokens")).toInt(), 20);
    QCOMPARE(json.value(QLatin1String("key")).toString(), QStringLiteral("laptop"));
}

void TestStore::queryFiltersAndPagesNewestFirst()
{
    auto store = openStore();
    QVERIFY(store);
    StoreContract::queryFiltersAndPagesNewestFirst(*store);
}

void TestStore::readsWorkFromOtherThreads()
{
    auto store = openStore();
    QVERIFY(store);
    store->appendRequestLog(StoreSamples::requestRow(QStringLiteral("r1")));
    store->flush();
    qint64 seen = -1;
    QScopedPointer<QThread> reader(QThread::create([&] { seen = store->requestLogs(RequestLogQuery()).size(); }));
    reader->start();
    QVERIFY(reader->wait(10000));
    QCOMPARE(seen, 1);
    store.reset(); // the reader thread's connection is gone with its thread; no warnings
}

void TestStore::flushWithNothingQueuedReturns()
{
    auto store = openStore();
    QVERIFY(store);
    store->flush();
    store->appendRequestLog(StoreSamples::requestRow(QStringLiteral("r1")));
    store->flush();
    store->flush();
    QCOMPARE(store->requestLogCount(), 1);
    QVERIFY(store->lastWriteError().isEmpty());
}

// Another process holds the write lock (a backup, a second node, an sqlite3 shell): writes
// fail with "database is locked". Nothing may crash, flush() may not hang, rows stay queued
// (up to the bound) and are written once the lock is gone.
void TestStore::lockedDatabaseKeepsRowsUntilWritable()
{
    QString path;
    auto store = openStore(&path);
    QVERIFY(store);
    SqliteSide locker(path);
    QVERIFY(locker.exec(QStringLiteral("BEGIN IMMEDIATE")));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("request log: cannot write .* locked")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("request log: .* dropped 1 new rows")));
    constexpr int kMax = 100000;
    for (int i = 0; i < kMax + 10; ++i)
        store->appendRequestLog(StoreSamples::requestRow(QStringLiteral("r%1").arg(i)));
    store->flush(); // returns once a write attempt failed
    QVERIFY2(store->lastWriteError().contains(QLatin1String("locked")), qPrintable(store->lastWriteError()));
    QCOMPARE(store->droppedRows(), 10);
    QCOMPARE(store->requestLogCount(), 0);

    QVERIFY(locker.exec(QStringLiteral("ROLLBACK")));
    store->flush();
    QCOMPARE(store->requestLogCount(), kMax);
    QVERIFY(store->lastWriteError().isEmpty());
    RequestLogQuery newest;
    newest.limit = 1;
    QCOMPARE(store->requestLogs(newest).first().requestId, QStringLiteral("r%1").arg(kMax - 1));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
