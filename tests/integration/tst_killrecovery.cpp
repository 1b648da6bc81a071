// kill -9 of the real relaydesk binary (headless) under load, then restart: the database opens
// and passes integrity_check, no row is half-written (each failed row's error-log entry and each
// row's usage rollup are there exactly when the row is), and the rows match what the clients saw
// complete, minus at most the rows of the writer's last batch window.

#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "store/store.h"
#include "store/storewriter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QSqlDatabase>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The relay binary, headless, on its own data dir, on a port the kernel picks (a port probed
// free beforehand can be taken meanwhile as the source port of another test's connection).
class RelayProcess
{
public:
    explicit RelayProcess(const QString &dataDir) : m_dataDir(dataDir) {}

    bool start(const QString &configFile = {})
    {
        QStringList args{QStringLiteral("--headless"), QStringLiteral("--data-dir"), m_dataDir,
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
        if (!configFile.isEmpty())
            args << QStringLiteral("--config") << configFile;
        m_stderr.clear();
        QObject::connect(&m_process, &QProcess::readyReadStandardError, [this] { m_stderr += m_process.readAllStandardError(); });
        m_process.start(QStringLiteral(RELAYDESK_BINARY), args);
        return m_process.waitForStarted(10000)
            && spinUntil([this] { return readPort() || m_process.state() != QProcess::Running; }, 20000)
            && readPort();
    }
    quint16 port() const { return m_port; }
    void killHard()
    {
        m_process.kill(); // SIGKILL: no chance to flush anything
        m_process.waitForFinished(10000);
    }
    // The exit code, -1 when it crashed or hung.
    int stopGracefully()
    {
        m_process.terminate(); // SIGTERM
        if (!m_process.waitForFinished(20000) || m_process.exitStatus() != QProcess::NormalExit)
            return -1;
        return m_process.exitCode();
    }
    QByteArray stderrText() const { return m_stderr; }

private:
    // From the whole "listening on" line (a read can end inside the port number).
    bool readPort()
    {
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)\\n"))
                                              .match(QString::fromUtf8(m_stderr));
        m_port = m.hasMatch() ? m.captured(1).toUShort() : 0;
        return m_port != 0;
    }

    QString m_dataDir;
    quint16 m_port = 0;
    QProcess m_process;
    QByteArray m_stderr;
};

// Keeps `concurrency` requests in flight: three in four a complete non-stream chat request, one
// in four an Anthropic stream the upstream cuts off (a failed row with an error-log entry).
class Load : public QObject
{
public:
    Load(quint16 port, int concurrency) : m_port(port)
    {
        m_clock.start();
        for (int i = 0; i < concurrency; ++i)
            next();
    }
    void stop()
    {
        m_stopped = true;
        for (const QPointer<RawHttpClient> &c : std::as_const(m_running))
            delete c.data();
        m_running.clear();
    }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    int started() const { return m_started; }
    // Responses the clients received whole, finished before `ms`.
    int completedBefore(qint64 ms) const
    {
        return int(std::count_if(m_completedAt.cbegin(), m_completedAt.cend(), [ms](qint64 t) { return t < ms; }));
    }
    int completed() const { return int(m_completedAt.size()); }

private:
    void next()
    {
        if (m_stopped)
            return;
        const bool failing = m_started % 4 == 3;
        const FormatCase c = FormatCase::of(failing ? ApiFormat::Anthropic : ApiFormat::OpenAIChat);
        auto *client = new RawHttpClient(m_port, this);
        m_running.append(client);
        ++m_started;
        connect(client, &RawHttpClient::finished, this, [this, client] {
            if (!m_running.removeOne(client))
                return; // finished() again (disconnect after the body)
            if (client->bodyComplete())
                m_completedAt.append(m_clock.elapsed());
            client->deleteLater();
            next();
        });
        client->post(c.target(failing), c.clientBody(failing), c.clientAuth(RelayFixture::kClientKey));
    }

    quint16 m_port;
    QElapsedTimer m_clock;
    QList<QPointer<RawHttpClient>> m_running;
    QList<qint64> m_completedAt;
    int m_started = 0;
    bool m_stopped = false;
};

// A connection of the test's own to the database file, as sqlite3 would open it.
class SideDb
{
public:
    explicit SideDb(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~SideDb() { QSqlDatabase::removeDatabase(m_name); }
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    QList<QVariantList> rows(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        QList<QVariantList> out;
        if (!q.exec(sql))
            return out;
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i));
            out.append(row);
        }
        return out;
    }

private:
    QString m_name = QStringLiteral("killrecovery-side");
};

UpstreamScript answer(const ReceivedRequest &request)
{
    if (request.path() == "/v1/messages") {
        const Transcript t = Transcripts::anthropic("claude-upstream");
        return UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}).sendFrames(t.head());
    }
    return transcriptAnswer(request);
}

} // namespace

class TestKillRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedUnderLoadLosesAtMostTheBatchWindow();
};

void TestKillRecovery::killedUnderLoadLosesAtMostTheBatchWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ScriptedUpstream upstream;
    QVERIFY(upstream.listen());
    upstream.setHandler(answer);
    const QString configFile = dir.filePath(QStringLiteral("config.json"));
    {
        QFile f(configFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(RelayFixture::standardConfig(upstream.baseUrl()));
    }
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    RelayProcess relay(dataDir);
    QVERIFY2(relay.start(configFile), relay.stderrText().constData());

    Load load(relay.port(), 16);
    // Long enough that many rows are well past the batch window when the kill comes.
    QVERIFY(spinUntil([&] { return load.completed() >= 400 && load.elapsedMs() >= 3000; }, 30000));
    const qint64 killedAt = load.elapsedMs();
    relay.killHard();
    load.stop();
    const int completed = load.completedBefore(killedAt + 1);
    // The documented window: rows queued in the last flush interval and the batch being committed.
    // The margin is for a loaded CI machine, where a commit can take a while.
    const qint64 windowMs = StoreWriter::kFlushIntervalMs + 900;
    const int surelyCommitted = load.completedBefore(killedAt - windowMs);

    const QString dbPath = QDir(dataDir).filePath(QStringLiteral("relaydesk.db"));
    QString error;
    std::unique_ptr<Store> store = Store::open(QStringLiteral("sqlite:") + dbPath, &error);
    QVERIFY2(store, qPrintable(error));
    const qint64 rows = store->requestLogCount();
    qInfo("clients saw %d complete (%d more than %lld ms before the kill), %d started; the database has %lld rows",
          completed, surelyCommitted, qlonglong(windowMs), load.started(), qlonglong(rows));
    store.reset();

    SideDb side(dbPath);
    QCOMPARE(side.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QVERIFY2(rows >= surelyCommitted, "rows finished well before the kill are missing");
    QVERIFY2(completed - rows <= StoreWriter::kBatchRows, "more than one batch lost");
    QVERIFY(rows <= load.started());
    // Nothing half-written: the rows, their error-log entries and their rollups went in together.
    QCOMPARE(side.scalar(QStringLiteral("SELECT COALESCE(SUM(occurrences), 0) FROM error_groups")).toLongLong(),
             side.scalar(QStringLiteral("SELECT COUNT(*) FROM request_log WHERE status = 'error'")).toLongLong());
    QCOMPARE(side.scalar(QStringLiteral("SELECT COALESCE(SUM(requests), 0) FROM usage_hourly")).toLongLong(), rows);
    for (const QVariantList &r : side.rows(QStringLiteral("SELECT request_id, stream_status, detail FROM request_log"))) {
        QVERIFY(r[0].toString().startsWith(QLatin1String("req_")));
        const QJsonObject status = QJsonDocument::fromJson(r[1].toString().toUtf8()).object();
        QVERIFY2(endReasonFromName(status.value(QLatin1String("end_reason")).toString()), qPrintable(r[1].toString()));
        QVERIFY(QJsonDocument::fromJson(r[2].toString().toUtf8()).isObject());
    }

    // Restart on the same data: it opens, serves, and appends after what survived.
    RelayProcess again(dataDir);
    QVERIFY2(again.start(), again.stderrText().constData());
    RawHttpClient client(again.port());
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    client.post(c.target(false), c.clientBody(false), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client.waitForFinished(10000));
    QCOMPARE(client.status(), 200);
    const int exitCode = again.stopGracefully();
    QVERIFY2(exitCode == 0, again.stderrText().right(3000).constData());
    QCOMPARE(side.scalar(QStringLiteral("SELECT COUNT(*) FROM request_log")).toLongLong(), rows + 1);
    QCOMPARE(side.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestKillRecovery)
#include "tst_killrecovery.moc"
