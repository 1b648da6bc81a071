// Throughput of the multi-node setup against the single workstation: the log writer alone
// (rows/s into SQLite and into PostgreSQL), then the relay: one node on SQLite vs two nodes on
// one PostgreSQL database, non-streaming requests/s and streamed completions/s with `concurrency`
// clients in flight, and the request rows committed per second meanwhile. Numbers go to
// docs/benchmarks.md ("Fleet: two nodes on PostgreSQL").
//
//   bash tests/pg/start_pg.sh build/pgtest      # or set RELAYDESK_TEST_PG_URL
//   bench_fleet [requests=2000] [concurrency=32] [rows=20000]
//   bash tests/pg/stop_pg.sh build/pgtest

#include "formatcase.h"
#include "pgtestserver.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "scriptedupstream.h"

#include "config/configio.h"
#include "relay/relayservice.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QTemporaryDir>
#include <cstdio>

namespace {

struct Nodes
{
    std::vector<std::unique_ptr<Store>> stores;
    std::vector<std::unique_ptr<RelayService>> relays;
};

// `count` nodes on `url`, the first importing the standard config.
bool startNodes(Nodes &nodes, const QString &url, int count, const QString &upstream)
{
    Config config;
    if (ConfigIO::importInto(config, RelayFixture::standardConfig(upstream)))
        return false;
    for (int i = 0; i < count; ++i) {
        QString error;
        nodes.stores.push_back(Store::open(url, &error));
        Store *store = nodes.stores.back().get();
        if (!store || (i == 0 && !store->saveConfig(config, &error))) {
            std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(url), qPrintable(error));
            return false;
        }
        nodes.relays.push_back(std::make_unique<RelayService>(store));
        nodes.relays.back()->setNodeName(QStringLiteral("node-%1").arg(i));
        nodes.relays.back()->setConfig(store->loadConfig());
        if (!nodes.relays.back()->start(QHostAddress::LocalHost, 0, &error)) {
            std::fprintf(stderr, "cannot start a relay: %s\n", qPrintable(error));
            return false;
        }
    }
    return true;
}

// `requests` requests round-robin over the nodes, `concurrency` in flight at any time;
// requests per second.
double drive(Nodes &nodes, int requests, int concurrency, bool stream)
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    const QByteArray body = c.clientBody(stream);
    int started = 0, finished = 0, failed = 0;
    QEventLoop loop;
    std::function<void()> startOne = [&] {
        auto *client = new RawHttpClient(nodes.relays[started % nodes.relays.size()]->port());
        ++started;
        QObject::connect(client, &RawHttpClient::finished, &loop, [&, client] {
            failed += client->status() != 200;
            client->deleteLater();
            if (++finished == requests)
                loop.quit();
            else if (started < requests)
                startOne();
        });
        client->post(c.target(stream), body, c.clientAuth(RelayFixture::kClientKey));
    };
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < concurrency && started < requests; ++i)
        startOne();
    loop.exec();
    const double s = t.nsecsElapsed() / 1e9;
    if (failed)
        std::fprintf(stderr, "  %d requests failed\n", failed);
    return requests / s;
}

qint64 committedRows(Nodes &nodes)
{
    for (auto &store : nodes.stores)
        store->flush();
    return nodes.stores.front()->requestLogCount();
}

void benchRelay(const char *what, const QString &url, int nodeCount, int requests, int concurrency)
{
    ScriptedUpstream upstream;
    upstream.listen();
    upstream.setHandler(transcriptAnswer);
    Nodes nodes;
    if (!startNodes(nodes, url, nodeCount, upstream.baseUrl()))
        return;
    drive(nodes, 200, concurrency, false); // warm up
    const qint64 rowsBefore = committedRows(nodes);
    QElapsedTimer t;
    t.start();
    const double unary = drive(nodes, requests, concurrency, false);
    const double streamed = drive(nodes, requests, concurrency, true);
    const qint64 rows = committedRows(nodes) - rowsBefore;
    std::printf("%-28s %9.0f req/s %12.0f completions/s %10.0f rows/s\n", what, unary, streamed,
                rows / (t.nsecsElapsed() / 1e9));
}

// The writer alone: `count` rows queued at once, then flushed.
void benchWriter(const char *what, const QString &url, int count)
{
    QString error;
    std::unique_ptr<Store> store = Store::open(url, &error);
    if (!store) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(url), qPrintable(error));
        return;
    }
    RequestLogRow row;
    row.node = QStringLiteral("bench");
    row.model = QStringLiteral("gpt-test");
    row.httpStatus = 200;
    row.startedAt = QDateTime::currentDateTimeUtc();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < count; ++i) {
        row.requestId = QStringLiteral("req-%1").arg(i);
        store->appendRequestLog(row);
    }
    store->flush();
    std::printf("%-28s %9.0f rows/s\n", what, count / (t.nsecsElapsed() / 1e9));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int requests = argc > 1 ? QByteArray(argv[1]).toInt() : 2000;
    const int concurrency = argc > 2 ? QByteArray(argv[2]).toInt() : 32;
    const int rows = argc > 3 ? QByteArray(argv[3]).toInt() : 20000;
    QTemporaryDir dir;
    QString error;
    const auto pgUrl = [&] {
        const QString url = PgTestServer::freshDatabase(&error);
        if (url.isEmpty())
            std::fprintf(stderr, "no PostgreSQL: %s\n", qPrintable(error));
        return url;
    };
    std::printf("log writer, %d rows queued at once then flushed\n", rows);
    benchWriter("SQLite", QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("w.db")), rows);
    if (const QString url = pgUrl(); !url.isEmpty())
        benchWriter("PostgreSQL", url, rows);
    if (requests <= 0) // bench_fleet 0: the writer alone
        return 0;

    std::printf("\nrelay, %d requests each kind, %d in flight (OpenAI chat, loopback upstream)\n", requests,
                concurrency);
    benchRelay("one node, SQLite", QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("r.db")), 1, requests,
               concurrency);
    if (const QString url = pgUrl(); !url.isEmpty())
        benchRelay("two nodes, one PostgreSQL", url, 2, requests, concurrency);
    if (const QString url = pgUrl(); !url.isEmpty())
        benchRelay("one node, PostgreSQL", url, 1, requests, concurrency);
    return 0;
}
