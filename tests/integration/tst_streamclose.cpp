// The four stream-close events, each produced by a real fault through a relay on loopback and
// found twice: in the request row (detail.close_event) and in the error log (a group with a
// sample carrying the same diagnostics). Also the non-stream exchanges that fail the same way,
// and a thousand premature closes making one error group.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "runcheck.h"
#include "streamrun.h"
#include "stuckclient.h"

#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

// The one error group of `kind`, with its newest sample; fails the test when there is none.
struct Logged
{
    ErrorGroup group;
    ErrorSample sample;
};

std::optional<Logged> loggedError(Store *store, const QString &kind)
{
    store->flush();
    ErrorGroupQuery q;
    q.kind = kind;
    const QList<ErrorGroup> groups = store->errorGroups(q);
    if (groups.size() != 1)
        return std::nullopt;
    const QList<ErrorSample> samples = store->errorSamples(groups.first().signature, 1);
    if (samples.isEmpty())
        return std::nullopt;
    return Logged{groups.first(), samples.first()};
}

// Checks the diagnostics every close event carries against the row it belongs to; "" when fine.
QString checkCloseEvent(const QJsonObject &e, const RequestLogRow &row, const FormatCase &c, const QString &kind)
{
    const auto expect = [&](const char *field, const QJsonValue &want) -> QString {
        const QJsonValue got = e.value(QLatin1String(field));
        if (got != want)
            return QStringLiteral("%1: got %2, want %3").arg(QLatin1String(field),
                                                             QString::fromUtf8(QJsonDocument(QJsonArray{got}).toJson(QJsonDocument::Compact)),
                                                             QString::fromUtf8(QJsonDocument(QJsonArray{want}).toJson(QJsonDocument::Compact)));
        return QString();
    };
    for (const QString &problem : {expect("kind", kind), expect("request_id", row.requestId),
                                   expect("key", QStringLiteral("tester")),
                                   expect("channel", QString::fromUtf8(c.channel)),
                                   expect("channel_type", QString::fromLatin1(FormatCase::name(c.format))),
                                   expect("key_index", 0),
                                   expect("client_model", QString::fromUtf8(c.clientModel)),
                                   expect("upstream_model", QString::fromUtf8(c.upstreamModel))}) {
        if (!problem.isEmpty())
            return problem;
    }
    for (const char *field : {"upstream_response_id", "upstream_status", "events_seen", "chunks_written", "bytes_written",
                              "last_event_sent", "terminal_sent", "reasoning_seen", "message"}) {
        if (!e.contains(QLatin1String(field)))
            return QStringLiteral("missing %1").arg(QLatin1String(field));
    }
    return QString();
}

QJsonObject closeEventOf(const RequestLogRow &row)
{
    return row.detail.value(QLatin1String("close_event")).toObject();
}

// A request that closed as `kind`, found twice: the newest row with its close event, and the
// error log's group of that kind with a sample of the same request carrying the same event.
struct Closed
{
    RequestLogRow row;
    QJsonObject event;
    Logged logged;
};

// Fills *out and checks both places against each other and against `c` (checkCloseEvent).
void checkClosed(RelayFixture &fx, const FormatCase &c, const QString &kind, Closed *out, int rowTimeoutMs = 5000)
{
    out->row = fx.lastRow(rowTimeoutMs);
    out->event = closeEventOf(out->row);
    const QString problem = checkCloseEvent(out->event, out->row, c, kind);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const auto logged = loggedError(fx.store(), kind);
    QVERIFY2(logged, qPrintable(QStringLiteral("no %1 group in the error log").arg(kind)));
    out->logged = *logged;
    QCOMPARE(out->logged.sample.requestId, out->row.requestId);
    QCOMPARE(out->logged.sample.detail, out->event);
}

} // namespace

class TestStreamClose : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientKilledMidStreamIsClientAbort_data();
    void clientKilledMidStreamIsClientAbort();
    void clientThatStopsReadingIsClientWriteFailed();
    void upstreamErrorEventIsUpstreamError_data();
    void upstreamErrorEventIsUpstreamError();
    void upstreamCloseWithoutTerminalIsUpstreamPremature_data();
    void upstreamCloseWithoutTerminalIsUpstreamPremature();
    void unaryClientGoneWhileWaitingIsClientAbort();
    void unaryUpstreamErrorStatusIsUpstreamError();
    void completedStreamHasNoCloseEvent();
    void thousandPrematureClosesMakeOneGroup();
};

void TestStreamClose::clientKilledMidStreamIsClientAbort_data()
{
    StreamRun::addFormatRows();
}

void TestStreamClose::clientKilledMidStreamIsClientAbort()
{
    const FormatCase c = StreamRun::rowCase();
    const Transcript t = c.transcript();
    RelayFixture fx;
    RawHttpClient *client = StreamRun::start(fx, c, StreamRun::streamHead().sendFrames(t.head()).stall(),
                                             {{QStringLiteral("stream_idle_timeout_seconds"), 20}});
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY2(client->waitForBody(c.clientTranscript().head().last(), 5000), client->body().constData());
    client->disconnectNow(); // the connection dies as with a killed process

    Closed closed;
    RUN_CHECK(checkClosed(fx, c, QStringLiteral("client-abort"), &closed));
    QCOMPARE(endReasonName(closed.row.streamStatus.endReason), QStringLiteral("client_gone"));
    const QJsonObject &e = closed.event;
    QCOMPARE(e.value(QLatin1String("upstream_status")).toInt(), 200);
    QVERIFY(e.value(QLatin1String("events_seen")).toInt() >= t.head().size());
    QVERIFY(e.value(QLatin1String("chunks_written")).toInt() >= 1);
    QVERIFY(e.value(QLatin1String("bytes_written")).toInt() >= t.head().first().size());
    QVERIFY(!e.value(QLatin1String("last_event_sent")).toString().isEmpty());
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);
    QCOMPARE(closed.logged.group.count, 1);
    QCOMPARE(closed.logged.group.channels, QStringList{QString::fromUtf8(c.channel)});
}

void TestStreamClose::clientThatStopsReadingIsClientWriteFailed()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("stream_idle_timeout_seconds"), 20},
                       {QStringLiteral("max_client_backlog_bytes"), 64 * 1024},
                       {QStringLiteral("slow_client_timeout_seconds"), 2}}),
             qPrintable(fx.error()));
    // Far more than the kernel buffers of both sockets hold: only the relay's own buffer is left.
    QList<QByteArray> frames(6000, Transcripts::bigChatFrame(4000));
    fx.upstream().setScript(StreamRun::streamHead().sendFrames(frames).sendFrames(c.transcript().tail()));

    StuckClient stuck(fx.port(), RawHttpClient::buildRequest(
                                     "POST", c.target(true),
                                     c.clientAuth(RelayFixture::kClientKey) + HeaderList{{"Content-Type", "application/json"}},
                                     c.clientBody(true)));
    QVERIFY(stuck.ok());
    Closed closed;
    RUN_CHECK(checkClosed(fx, c, QStringLiteral("client-write-failed"), &closed, 30000));
    QCOMPARE(endReasonName(closed.row.streamStatus.endReason), QStringLiteral("client_gone"));
    const QJsonObject &e = closed.event;
    QVERIFY2(e.value(QLatin1String("bytes_written")).toInteger() > 64 * 1024, qPrintable(QString::number(
                                                                                   e.value(QLatin1String("bytes_written")).toInteger())));
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);
    QVERIFY2(e.value(QLatin1String("message")).toString().contains(QLatin1String("stopped reading")),
             qPrintable(e.value(QLatin1String("message")).toString()));
}

void TestStreamClose::upstreamErrorEventIsUpstreamError_data()
{
    StreamRun::addFormatRows();
}

void TestStreamClose::upstreamErrorEventIsUpstreamError()
{
    const FormatCase c = StreamRun::rowCase();
    const Transcript t = c.transcript();
    RelayFixture fx;
    RawHttpClient *client = StreamRun::start(fx, c, StreamRun::streamHead().sendFrames(t.head()).send(Transcripts::errorEvent(c.format)));
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);

    Closed closed;
    RUN_CHECK(checkClosed(fx, c, QStringLiteral("upstream-error"), &closed));
    QCOMPARE(endReasonName(closed.row.streamStatus.endReason), QStringLiteral("upstream_error"));
    const QJsonObject &e = closed.event;
    QCOMPARE(e.value(QLatin1String("upstream_status")).toInt(), 200);
    QVERIFY(e.value(QLatin1String("events_seen")).toInt() > t.head().size());
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);
    QVERIFY(!e.value(QLatin1String("message")).toString().isEmpty());
    QVERIFY(closed.logged.group.signature.startsWith(QStringLiteral("upstream-error ") + FormatCase::name(c.format)));
}

void TestStreamClose::upstreamCloseWithoutTerminalIsUpstreamPremature_data()
{
    StreamRun::addFormatRows();
}

void TestStreamClose::upstreamCloseWithoutTerminalIsUpstreamPremature()
{
    const FormatCase c = StreamRun::rowCase();
    const Transcript t = c.transcript();
    RelayFixture fx;
    RawHttpClient *client = StreamRun::start(fx, c, StreamRun::streamHead().sendFrames(t.head()).close());
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY(client->waitForFinished(5000));

    Closed closed;
    RUN_CHECK(checkClosed(fx, c, QStringLiteral("upstream-premature"), &closed));
    QCOMPARE(endReasonName(closed.row.streamStatus.endReason), QStringLiteral("eof"));
    const QJsonObject &e = closed.event;
    QCOMPARE(e.value(QLatin1String("events_seen")).toInt(), t.head().size());
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);
    QVERIFY(e.value(QLatin1String("bytes_written")).toInt() > 0);
    QCOMPARE(closed.logged.group.count, 1);
}

void TestStreamClose::unaryClientGoneWhileWaitingIsClientAbort()
{
    const FormatCase c = FormatCase::of(ApiFormat::Anthropic);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    fx.upstream().setScript(UpstreamScript().stall());

    RawHttpClient *client = fx.client();
    client->post(c.target(false), c.clientBody(false), c.clientAuth(RelayFixture::kClientKey));
    QTRY_COMPARE_WITH_TIMEOUT(fx.upstream().requestCount(), 1, 5000);
    client->disconnectNow();

    Closed closed;
    RUN_CHECK(checkClosed(fx, c, QStringLiteral("client-abort"), &closed));
    QCOMPARE(endReasonName(closed.row.streamStatus.endReason), QStringLiteral("client_gone"));
    QCOMPARE(closed.event.value(QLatin1String("stream")).toBool(), false);
}

void TestStreamClose::unaryUpstreamErrorStatusIsUpstreamError()
{
    const FormatCase c = FormatCase::of(ApiFormat::Gemini);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    fx.upstream().setScript(Upstream::jsonResponse(503, Transcripts::errorBody(c.format, 503, "The model is overloaded.")));

    RawHttpClient *client = fx.client();
    client->post(c.target(false), c.clientBody(false), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 503);

    Closed closed;
    RUN_CHECK(checkClosed(fx, c, QStringLiteral("upstream-error"), &closed));
    QCOMPARE(closed.event.value(QLatin1String("upstream_status")).toInt(), 503);
    const ErrorGroup &group = closed.logged.group;
    QVERIFY2(group.lastMessage.contains(QLatin1String("overloaded")), qPrintable(group.lastMessage));
    QVERIFY2(group.signature.contains(QLatin1String("HTTP 503")), qPrintable(group.signature));
}

void TestStreamClose::completedStreamHasNoCloseEvent()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIResponses);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    RawHttpClient *client = StreamRun::post(fx, c);
    QVERIFY(client->waitForFinished(5000));
    const RequestLogRow row = fx.lastRow();
    QVERIFY(row.ok());
    QVERIFY(!row.detail.contains(QLatin1String("close_event")));
    QCOMPARE(fx.store()->errorGroupCount(), 0);
}

void TestStreamClose::thousandPrematureClosesMakeOneGroup()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    // The most common premature end in the wild: the upstream ends its HTTP response cleanly,
    // without the stream's terminal event (the connection stays reusable).
    fx.upstream().setScript(StreamRun::streamHead().sendFrames(t.head()));

    constexpr int kTotal = 1000;
    constexpr int kConcurrent = 25;
    int started = 0;
    int finished = 0;
    QList<RawHttpClient *> running;
    while (finished < kTotal) {
        while (running.size() < kConcurrent && started < kTotal) {
            running.append(StreamRun::post(fx, c));
            ++started;
        }
        QVERIFY(spinUntil([&] {
            return std::any_of(running.cbegin(), running.cend(), [](RawHttpClient *r) { return r->isFinished(); });
        }, 10000));
        for (qsizetype i = running.size() - 1; i >= 0; --i) {
            if (running[i]->isFinished()) {
                running[i]->deleteLater();
                running.removeAt(i);
                ++finished;
            }
        }
    }
    QVERIFY(fx.waitForRows(kTotal, 20000));
    const auto logged = loggedError(fx.store(), QStringLiteral("upstream-premature"));
    QVERIFY2(logged, "the premature closes are not one group");
    QCOMPARE(logged->group.count, kTotal);
    QCOMPARE(logged->group.channels, QStringList{QString::fromUtf8(c.channel)});
    QCOMPARE(fx.store()->errorGroupCount(), 1);
    QCOMPARE(fx.store()->errorSamples(logged->group.signature).size(), 20);
}

QTEST_GUILESS_MAIN(TestStreamClose)
#include "tst_streamclose.moc"
