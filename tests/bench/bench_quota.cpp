// What the quota reservation costs on the hot path: the same streamed requests through a real
// relay on loopback, once with a key without budget (no ledger at all) and once with a budgeted
// key (reserve on the ledger thread before going upstream, settle at the end); and the ledger's
// reserve round trip alone. Prints a small table; the numbers go to docs/routing-and-budgets.md.
//
//   bench_quota [requests=400] [concurrency=20]

#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "store/quotaledger.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cstdio>

namespace {

constexpr const char *kBudgetKey = "rk-bench-budget-0001";

QByteArray benchConfig()
{
    QJsonObject config = QJsonDocument::fromJson(RelayFixture::standardConfig(QStringLiteral("${UPSTREAM}"))).object();
    QJsonArray keys = config.value(QStringLiteral("keys")).toArray();
    keys.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("budgeted")},
                            {QStringLiteral("key"), QString::fromLatin1(kBudgetKey)},
                            {QStringLiteral("budget_usd"), 1.0e6}});
    config.insert(QStringLiteral("keys"), keys);
    config.insert(QStringLiteral("prices"),
                  QJsonObject{{QStringLiteral("gpt-upstream"),
                               QJsonObject{{QStringLiteral("input"), 1.0}, {QStringLiteral("output"), 4.0}}}});
    return QJsonDocument(config).toJson(QJsonDocument::Compact);
}

struct Stats
{
    double meanMs = 0, p50Ms = 0, p95Ms = 0;
};

Stats statsOf(QList<double> ms)
{
    Stats s;
    if (ms.isEmpty())
        return s;
    std::sort(ms.begin(), ms.end());
    for (double v : ms)
        s.meanMs += v;
    s.meanMs /= ms.size();
    s.p50Ms = ms[ms.size() / 2];
    s.p95Ms = ms[qMin(ms.size() - 1, qsizetype(ms.size() * 0.95))];
    return s;
}

// Waits on the client's signal, not by polling: spinUntil() sleeps 5 ms a step, coarser than
// what is measured here.
bool waitFinished(RawHttpClient &client, int timeoutMs)
{
    if (client.isFinished())
        return true;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(&client, &RawHttpClient::finished, &loop, &QEventLoop::quit);
    loop.exec();
    return client.isFinished();
}

// `count` streamed requests one after the other; each one's time from send to last byte.
QList<double> sequential(RelayFixture &fx, const QByteArray &clientKey, int count)
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    QList<double> ms;
    for (int i = 0; i < count; ++i) {
        RawHttpClient client(fx.port());
        QElapsedTimer t;
        t.start();
        client.post(c.target(true), c.clientBody(true), c.clientAuth(clientKey));
        if (!waitFinished(client, 10000) || client.status() != 200) {
            std::fprintf(stderr, "request %d failed: HTTP %d\n", i, client.status());
            return {};
        }
        ms.append(t.nsecsElapsed() / 1e6);
    }
    return ms;
}

// `count` streamed requests, `concurrency` at a time; total wall time in ms.
double concurrent(RelayFixture &fx, const QByteArray &clientKey, int count, int concurrency)
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    QElapsedTimer t;
    t.start();
    for (int done = 0; done < count; done += concurrency) {
        QList<RawHttpClient *> clients;
        for (int i = 0; i < concurrency; ++i) {
            clients.append(new RawHttpClient(fx.port()));
            clients.last()->post(c.target(true), c.clientBody(true), c.clientAuth(clientKey));
        }
        for (RawHttpClient *client : std::as_const(clients))
            waitFinished(*client, 20000);
        qDeleteAll(clients);
    }
    return t.nsecsElapsed() / 1e6;
}

// The ledger alone: reserve, wait for the answer, settle; microseconds per round trip.
double ledgerRoundTripUs(QuotaLedger &ledger, int count)
{
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < count; ++i) {
        QFuture<QuotaLedger::Answer> f = ledger.reserve(QStringLiteral("bench-ledger"), 1'000'000'000'000, 1000);
        f.waitForFinished();
        f.result().grant->settle(500);
    }
    ledger.sync();
    return t.nsecsElapsed() / 1e3 / count;
}

void printRow(const char *what, const Stats &s)
{
    std::printf("%-34s mean %7.3f ms   p50 %7.3f ms   p95 %7.3f ms\n", what, s.meanMs, s.p50Ms, s.p95Ms);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int requests = argc > 1 ? QByteArray(argv[1]).toInt() : 400;
    const int concurrency = argc > 2 ? QByteArray(argv[2]).toInt() : 20;
    RelayFixture fx;
    if (!fx.startWithConfig(benchConfig())) {
        std::fprintf(stderr, "cannot start the relay: %s\n", qPrintable(fx.error()));
        return 1;
    }
    const QByteArray unlimited = RelayFixture::kClientKey;
    const QByteArray budgeted = kBudgetKey;
    sequential(fx, unlimited, 50); // warm up: connections, caches, the ledger's prepared statements
    sequential(fx, budgeted, 50);

    // Interleaved rounds, so drift (CPU frequency, the log writer) hits both sides alike.
    QList<double> without, with;
    for (int round = 0; round < 4; ++round) {
        without += sequential(fx, unlimited, requests / 4);
        with += sequential(fx, budgeted, requests / 4);
    }
    const Stats a = statsOf(without), b = statsOf(with);
    std::printf("%d sequential streamed requests each (OpenAI chat, loopback upstream)\n", int(without.size()));
    printRow("key without budget (no ledger)", a);
    printRow("budgeted key (reserve + settle)", b);
    std::printf("%-34s mean %+7.3f ms   p50 %+7.3f ms\n", "added by the reservation", b.meanMs - a.meanMs,
                b.p50Ms - a.p50Ms);

    double wallA = 0, wallB = 0;
    for (int round = 0; round < 4; ++round) {
        wallA += concurrent(fx, unlimited, requests / 4, concurrency);
        wallB += concurrent(fx, budgeted, requests / 4, concurrency);
    }
    std::printf("\n%d requests, %d at a time\n", requests, concurrency);
    std::printf("%-34s %8.1f req/s\n", "key without budget", requests / (wallA / 1000));
    std::printf("%-34s %8.1f req/s\n", "budgeted key", requests / (wallB / 1000));

    const double us = ledgerRoundTripUs(*fx.store()->quotaLedger(), 2000);
    std::printf("\nledger alone: reserve -> answer on the caller's thread -> settle: %.1f us a round trip\n", us);
    return 0;
}
