// relaydesk_bench: one invocation measures the same load upstream (a) directly, (b) through the
// relay in pass-through, (c) through the relay translating Anthropic -> OpenAI Responses, and
// (d) through nginx as a plain reverse proxy, and prints Markdown tables (docs/benchmarks.md).
#include "benchtargets.h"
#include "benchwire.h"
#include "loadclient.h"
#include "loadupstream.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

namespace {
constexpr const char *kClientKey = "rk-bench-client-0001";

struct Target
{
    QString name;
    quint16 port = 0;
    qint64 pid = 0;     // process to sample (0: none, the in-process upstream)
    QByteArray streamRequest, plainRequest;
};

struct Row
{
    QString scenario, target;
    StreamResults r;
    double rps = 0;
    Histogram latency;
    int ok = 0, failed = 0;
    double cpu = 0, rssMb = 0;
};

void out(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

QString ms(double v) { return QString::number(v, 'f', v < 10 ? 2 : 1); }

// Runs `load` (a StreamLoad or RpsLoad) to its end while sampling `pid`.
template<typename Load>
void runSampled(Load &load, qint64 pid, Row &row)
{
    ProcSampler sampler(pid);
    QEventLoop loop;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] { sampler.sample(); });
    QObject::connect(&load, &Load::finished, &loop, &QEventLoop::quit);
    sampler.begin();
    tick.start(100);
    load.start();
    loop.exec();
    sampler.end();
    row.cpu = sampler.cpuSeconds();
    row.rssMb = sampler.peakRssMb();
    QEventLoop settle; // let closed sockets go before the next run
    QTimer::singleShot(300, &settle, &QEventLoop::quit);
    settle.exec();
}

Row runStreams(const Target &t, const QByteArray &request, const QString &scenario, int c, int rampMs, int timeoutMs)
{
    Row row{scenario, t.name, {}, 0, {}, 0, 0, 0, 0};
    StreamLoad load(t.port, request, c, c > 1 ? rampMs : 0, timeoutMs);
    runSampled(load, t.pid, row);
    row.r = load.results();
    row.ok = row.r.ok;
    row.failed = row.r.failed;
    out(QStringLiteral("  %1 %2: ok %3 failed %4, TTFB p50 %5 ms p99 %6 ms, CPU %7 s, RSS %8 MB")
            .arg(scenario, t.name).arg(row.ok).arg(row.failed).arg(ms(row.r.ttfb.percentile(50)), ms(row.r.ttfb.percentile(99)))
            .arg(row.cpu, 0, 'f', 2).arg(row.rssMb, 0, 'f', 1));
    return row;
}

Row runRps(const Target &t, int connections, int durationMs)
{
    Row row{QStringLiteral("rps"), t.name, {}, 0, {}, 0, 0, 0, 0};
    RpsLoad load(t.port, t.plainRequest, connections, durationMs);
    runSampled(load, t.pid, row);
    row.rps = load.rps();
    row.latency = load.latency();
    row.ok = load.completed();
    row.failed = load.failed();
    out(QStringLiteral("  rps %1: %2 req/s (ok %3 failed %4)").arg(t.name).arg(row.rps, 0, 'f', 0).arg(row.ok).arg(row.failed));
    return row;
}

// Rounds of `streams` concurrent streams then 1 s of non-stream requests on `rpsConnections`,
// against the same relay for `minutes`: new connections and requests all along (a per-request
// leak shows), RSS printed per round and summarised at start / 5 min / end.
int runSoak(const Target &t, int minutes, int streams, int rpsConnections, int rampMs, int streamMs)
{
    const ProcSampler sampler(t.pid);
    const double startMb = sampler.rssMb();
    double at5Mb = 0;
    qint64 ok = 0, failed = 0;
    QElapsedTimer clock;
    clock.start();
    out(QStringLiteral("soak: %1 for %2 min, RSS at start %3 MB").arg(t.name).arg(minutes).arg(startMb, 0, 'f', 1));
    while (clock.elapsed() < minutes * 60000LL) {
        const Row s = runStreams(t, t.streamRequest, QStringLiteral("soak"), streams, rampMs, streamMs + rampMs + 60000);
        const Row r = runRps(t, rpsConnections, 1000);
        ok += s.ok + r.ok;
        failed += s.failed + r.failed;
        const double nowMb = sampler.rssMb();
        if (at5Mb == 0 && clock.elapsed() >= 5 * 60000)
            at5Mb = nowMb;
        out(QStringLiteral("soak t=%1 s RSS %2 MB, requests ok %3 failed %4")
                .arg(clock.elapsed() / 1000).arg(nowMb, 0, 'f', 1).arg(ok).arg(failed));
    }
    out(QStringLiteral("soak summary: RSS start %1 MB, 5 min %2 MB, end %3 MB; %4 requests ok, %5 failed")
            .arg(startMb, 0, 'f', 1).arg(at5Mb, 0, 'f', 1).arg(sampler.rssMb(), 0, 'f', 1).arg(ok).arg(failed));
    return failed == 0 ? 0 : 1;
}

const Row *find(const QList<Row> &rows, const QString &scenario, const QString &target)
{
    for (const Row &r : rows)
        if (r.scenario == scenario && r.target == target)
            return &r;
    return nullptr;
}

QString ratio(double a, double b) { return b > 0 ? QString::number(a / b, 'f', 2) + u'x' : QStringLiteral("-"); }

QString cells(const QStringList &values) { return QStringLiteral("| ") + values.join(QStringLiteral(" | ")) + QStringLiteral(" |"); }

QString quad(const Histogram &h)
{
    return ms(h.percentile(50)) + QStringLiteral(" / ") + ms(h.percentile(90)) + QStringLiteral(" / ") + ms(h.percentile(99))
           + QStringLiteral(" / ") + ms(h.max());
}

void printStreamTable(const QList<Row> &rows)
{
    out(QStringLiteral("\n| scenario | target | ok/failed | TTFB p50 / p90 / p99 / max (ms) | added TTFB vs direct p50 / p99 (ms) | chunk gap p50 / p90 / p99 / max (ms) | total p50 / p90 / p99 / max (ms) | proxy CPU (s) | proxy peak RSS (MB) |"));
    out(QStringLiteral("|---|---|---|---|---|---|---|---|---|"));
    for (const Row &r : rows) {
        if (r.scenario == u"rps")
            continue;
        const Row *d = find(rows, r.scenario, QStringLiteral("direct"));
        const bool isDirect = d == &r || r.target == u"direct";
        const QString added = d && !isDirect ? ms(r.r.ttfb.percentile(50) - d->r.ttfb.percentile(50)) + QStringLiteral(" / ")
                                                   + ms(r.r.ttfb.percentile(99) - d->r.ttfb.percentile(99))
                                             : QStringLiteral("-");
        out(cells({r.scenario, r.target, QString::number(r.ok) + u'/' + QString::number(r.failed), quad(r.r.ttfb), added,
                   quad(r.r.gap), quad(r.r.total), isDirect ? QStringLiteral("-") : QString::number(r.cpu, 'f', 2),
                   isDirect ? QStringLiteral("-") : QString::number(r.rssMb, 'f', 1)}));
    }
}

void printRatios(const QList<Row> &rows, const QStringList &scenarios)
{
    out(QStringLiteral("\n| scenario | target | added TTFB p50 vs nginx | added TTFB p99 vs nginx | CPU vs nginx | peak RSS vs nginx |"));
    out(QStringLiteral("|---|---|---|---|---|---|"));
    for (const QString &s : scenarios) {
        const Row *d = find(rows, s, QStringLiteral("direct"));
        const Row *n = find(rows, s, QStringLiteral("nginx"));
        if (!d || !n)
            continue;
        const double n50 = n->r.ttfb.percentile(50) - d->r.ttfb.percentile(50);
        const double n99 = n->r.ttfb.percentile(99) - d->r.ttfb.percentile(99);
        for (const QString &t : {QStringLiteral("relay-pass"), QStringLiteral("relay-translate")}) {
            const Row *r = find(rows, s, t);
            if (!r)
                continue;
            out(cells({s, t, ratio(r->r.ttfb.percentile(50) - d->r.ttfb.percentile(50), n50),
                       ratio(r->r.ttfb.percentile(99) - d->r.ttfb.percentile(99), n99), ratio(r->cpu, n->cpu), ratio(r->rssMb, n->rssMb)}));
        }
    }
}

void printRpsTable(const QList<Row> &rows)
{
    const Row *n = find(rows, QStringLiteral("rps"), QStringLiteral("nginx"));
    out(QStringLiteral("\n| target | requests/s | ok/failed | latency p50 / p90 / p99 / max (ms) | vs nginx | proxy CPU (s) | proxy peak RSS (MB) |"));
    out(QStringLiteral("|---|---|---|---|---|---|---|"));
    for (const Row &r : rows) {
        if (r.scenario != u"rps")
            continue;
        const bool isDirect = r.target == u"direct";
        out(cells({r.target, QString::number(r.rps, 'f', 0), QString::number(r.ok) + u'/' + QString::number(r.failed), quad(r.latency),
                   n ? ratio(r.rps, n->rps) : QStringLiteral("-"), isDirect ? QStringLiteral("-") : QString::number(r.cpu, 'f', 2),
                   isDirect ? QStringLiteral("-") : QString::number(r.rssMb, 'f', 1)}));
    }
}

void raiseFileLimit()
{
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    out(QStringLiteral("open files limit: %1").arg(qulonglong(rl.rlim_cur)));
}

QList<int> intList(const QString &text)
{
    QList<int> values;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        values.append(part.toInt());
    return values;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Side-by-side load benchmark: direct, relay pass-through, relay translating, nginx."));
    p.addHelpOption();
    const QCommandLineOption streams(QStringLiteral("streams"), QStringLiteral("Concurrent stream counts (default 1,100,500,2000)."), QStringLiteral("LIST"), QStringLiteral("1,100,500,2000"));
    const QCommandLineOption chunks(QStringLiteral("chunks"), QStringLiteral("Deltas per stream (default 20)."), QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption bytes(QStringLiteral("chunk-bytes"), QStringLiteral("Text bytes per delta (default 64)."), QStringLiteral("M"), QStringLiteral("64"));
    const QCommandLineOption interval(QStringLiteral("interval-ms"), QStringLiteral("Gap between deltas (default 50)."), QStringLiteral("MS"), QStringLiteral("50"));
    const QCommandLineOption ramp(QStringLiteral("ramp-ms"), QStringLiteral("Stream starts spread over this time (default 1000)."), QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption rpsSeconds(QStringLiteral("rps-seconds"), QStringLiteral("Non-stream run length, 0 = skip (default 5)."), QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption rpsConns(QStringLiteral("rps-concurrency"), QStringLiteral("Non-stream connections (default 64)."), QStringLiteral("N"), QStringLiteral("64"));
    const QCommandLineOption formats(QStringLiteral("formats-at"), QStringLiteral("Also pass-through each of the four formats at this concurrency, 0 = skip (default 100)."), QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption targets(QStringLiteral("targets"), QStringLiteral("Subset of direct,relay-pass,relay-translate,nginx."), QStringLiteral("LIST"), QStringLiteral("direct,relay-pass,relay-translate,nginx"));
    const QCommandLineOption binary(QStringLiteral("relay"), QStringLiteral("relaydesk binary."), QStringLiteral("PATH"), QStringLiteral(RELAYDESK_BINARY));
    const QCommandLineOption quick(QStringLiteral("quick"), QStringLiteral("Small run: streams 1,50, 10 chunks, RPS 2 s, formats at 20."));
    const QCommandLineOption soak(QStringLiteral("soak-minutes"), QStringLiteral("Soak: rounds of the first --streams count plus 1 s of RPS against the first relay target for this long, RSS drift reported."), QStringLiteral("MIN"), QStringLiteral("0"));
    p.addOptions({streams, chunks, bytes, interval, ramp, rpsSeconds, rpsConns, formats, targets, binary, quick, soak});
    p.process(app);
    const bool q = p.isSet(quick);
    const QList<int> concurrency = intList(q && !p.isSet(streams) ? QStringLiteral("1,50") : p.value(streams));
    const int nChunks = q && !p.isSet(chunks) ? 10 : p.value(chunks).toInt();
    const int intervalMs = p.value(interval).toInt();
    const int rpsMs = (q && !p.isSet(rpsSeconds) ? 2 : p.value(rpsSeconds).toInt()) * 1000;
    const int formatsAt = q && !p.isSet(formats) ? 20 : p.value(formats).toInt();
    const QStringList wanted = p.value(targets).split(u',');
    raiseFileLimit();

    QThread upstreamThread;
    auto *upstream = new LoadUpstream(nChunks, p.value(bytes).toInt(), intervalMs);
    upstream->moveToThread(&upstreamThread);
    QObject::connect(&upstreamThread, &QThread::finished, upstream, &QObject::deleteLater);
    upstreamThread.start();
    quint16 upstreamPort = 0;
    QMetaObject::invokeMethod(upstream, [&] { upstreamPort = upstream->listen(); }, Qt::BlockingQueuedConnection);
    if (!upstreamPort) {
        out(QStringLiteral("load upstream cannot listen"));
        return 1;
    }

    ProxyProcess relay, nginx;
    QString error;
    QList<Target> all;
    const QByteArray direct = BenchWire::clientRequest(ApiFormat::Anthropic, "claude-bench", true, "up-key");
    const QByteArray directPlain = BenchWire::clientRequest(ApiFormat::Anthropic, "claude-bench", false, "up-key");
    all.append({QStringLiteral("direct"), upstreamPort, 0, direct, directPlain});
    if (wanted.contains(u"relay-pass") || wanted.contains(u"relay-translate")) {
        if (!relay.startRelay(p.value(binary), upstreamPort, kClientKey, &error)) {
            out(QStringLiteral("relay: ") + error);
            return 1;
        }
        all.append({QStringLiteral("relay-pass"), relay.port(), relay.pid(),
                    BenchWire::clientRequest(ApiFormat::Anthropic, "claude-bench", true, kClientKey),
                    BenchWire::clientRequest(ApiFormat::Anthropic, "claude-bench", false, kClientKey)});
        all.append({QStringLiteral("relay-translate"), relay.port(), relay.pid(),
                    BenchWire::clientRequest(ApiFormat::Anthropic, "claude-xlate", true, kClientKey),
                    BenchWire::clientRequest(ApiFormat::Anthropic, "claude-xlate", false, kClientKey)});
    }
    if (wanted.contains(u"nginx")) {
        if (nginx.startNginx(upstreamPort, &error))
            all.append({QStringLiteral("nginx"), nginx.port(), nginx.pid(), direct, directPlain});
        else
            out(QStringLiteral("nginx skipped: ") + error);
    }
    QList<Target> chosen;
    for (const Target &t : all)
        if (wanted.contains(t.name))
            chosen.append(t);

    out(QStringLiteral("upstream: %1 deltas of %2 bytes every %3 ms; relay pid %4, nginx pid %5")
            .arg(nChunks).arg(p.value(bytes)).arg(intervalMs).arg(relay.pid()).arg(nginx.pid()));
    // Warm-up: first connections, lazy initialisation, the relay's first store writes.
    for (const Target &t : chosen)
        runStreams(t, t.streamRequest, QStringLiteral("warmup"), 10, 100, 30000);
    if (p.value(soak).toInt() > 0) {
        const auto relayTarget = std::find_if(chosen.cbegin(), chosen.cend(), [](const Target &t) { return t.name.startsWith(u"relay"); });
        const int rc = relayTarget == chosen.cend()
            ? 2
            : runSoak(*relayTarget, p.value(soak).toInt(), concurrency.value(0, 100), p.value(rpsConns).toInt(),
                      p.value(ramp).toInt(), nChunks * intervalMs);
        relay.stop();
        upstreamThread.quit();
        upstreamThread.wait();
        return rc;
    }

    QList<Row> rows;
    QStringList scenarios;
    const int streamMs = nChunks * intervalMs;
    for (int c : concurrency) {
        const QString s = QStringLiteral("%1 streams").arg(c);
        scenarios.append(s);
        for (const Target &t : chosen)
            rows.append(runStreams(t, t.streamRequest, s, c, p.value(ramp).toInt(), streamMs + p.value(ramp).toInt() + 60000));
    }
    if (formatsAt > 0) {
        const QList<QPair<ApiFormat, QByteArray>> models{{ApiFormat::OpenAIChat, "gpt-bench"}, {ApiFormat::OpenAIResponses, "gpt-bench"},
                                                         {ApiFormat::Anthropic, "claude-bench"}, {ApiFormat::Gemini, "gemini-bench"}};
        for (const auto &[format, model] : models) {
            const QString s = QStringLiteral("%1 x %2").arg(formatsAt).arg(QString::fromLatin1(BenchWire::name(format)));
            for (const Target &t : chosen) {
                if (t.name == u"relay-translate")
                    continue;
                // The relay routes by model: gpt-bench is an openai-chat channel, so the
                // Responses row uses a model only that channel type serves.
                const QByteArray m = format == ApiFormat::OpenAIResponses && t.name == u"relay-pass" ? "claude-xlate" : model;
                const QByteArray key = t.name.startsWith(u"relay") ? kClientKey : "up-key";
                const QByteArray req = BenchWire::clientRequest(format, m, true, key);
                rows.append(runStreams(t, req, s, formatsAt, p.value(ramp).toInt(), streamMs + 60000));
            }
        }
    }
    if (rpsMs > 0)
        for (const Target &t : chosen)
            rows.append(runRps(t, p.value(rpsConns).toInt(), rpsMs));

    printStreamTable(rows);
    printRatios(rows, scenarios);
    if (rpsMs > 0)
        printRpsTable(rows);
    relay.stop();
    nginx.stop();
    upstreamThread.quit();
    upstreamThread.wait();
    return 0;
}
