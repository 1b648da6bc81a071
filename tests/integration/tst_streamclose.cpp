// The four stream-close events, each produced by a real fault through a relay on loopback and
// found twice: in the request row (detail.close_event) and in the error log (a group with a
// sample carrying the same diagnostics). Also the non-stream exchanges that fail the same way,
// and a thousand premature closes making one error group.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

void addFormatRows()
{
    QTest::addColumn<int>("format");
    for (ApiFormat f : FormatCase::all())
        QTest::newRow(FormatCase::name(f)) << int(f);
}

UpstreamScript streamHead()
{
    return UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}, Framing::Chunked);
}

RawHttpClient *startStream(RelayFixture &fx, const FormatCase &c)
{
    RawHttpClient *client = fx.client();
    client->post(c.target(true), c.clientBody(true), c.clientAuth(RelayFixture::kClientKey));
    return client;
}

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

// A content frame of about `size` bytes in OpenAI chat's format.
QByteArray bigChatFrame(int size)
{
    return "data: {\"id\":\"chatcmpl-big\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
           "\"model\":\"gpt-upstream\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + QByteArray(size, 'x') + "\"},\"finish_reason\":null}]}\n\n";
}

// A client socket with a tiny receive buffer that never reads: the relay's writes back up.
class StuckClient
{
public:
    StuckClient(quint16 port, const QByteArray &request)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        int size = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size); // before connect: small window
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_ok = ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
            && ::send(m_fd, request.constData(), size_t(request.size()), 0) == request.size();
    }
    ~StuckClient() { ::close(m_fd); }
    bool ok() const { return m_ok; }

private:
    int m_fd = -1;
    bool m_ok = false;
};

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
    addFormatRows();
}

void TestStreamClose::clientKilledMidStreamIsClientAbort()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("stream_idle_timeout_seconds"), 20}}), qPrintable(fx.error()));
    fx.upstream().setScript(streamHead().sendFrames(t.head()).stall());

    RawHttpClient *client = startStream(fx, c);
    QVERIFY2(client->waitForBody(c.clientTranscript().head().last(), 5000), client->body().constData());
    client->disconnectNow(); // the connection dies as with a killed process

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("client_gone"));
    const QJsonObject e = closeEventOf(row);
    const QString problem = checkCloseEvent(e, row, c, QStringLiteral("client-abort"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(e.value(QLatin1String("upstream_status")).toInt(), 200);
    QVERIFY(e.value(QLatin1String("events_seen")).toInt() >= t.head().size());
    QVERIFY(e.value(QLatin1String("chunks_written")).toInt() >= 1);
    QVERIFY(e.value(QLatin1String("bytes_written")).toInt() >= t.head().first().size());
    QVERIFY(!e.value(QLatin1String("last_event_sent")).toString().isEmpty());
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);

    const auto logged = loggedError(fx.store(), QStringLiteral("client-abort"));
    QVERIFY2(logged, "no client-abort group in the error log");
    QCOMPARE(logged->group.count, 1);
    QCOMPARE(logged->group.channels, QStringList{QString::fromUtf8(c.channel)});
    QCOMPARE(logged->sample.requestId, row.requestId);
    QCOMPARE(logged->sample.detail, e);
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
    QList<QByteArray> frames(6000, bigChatFrame(4000));
    fx.upstream().setScript(streamHead().sendFrames(frames).sendFrames(c.transcript().tail()));

    StuckClient stuck(fx.port(), RawHttpClient::buildRequest(
                                     "POST", c.target(true),
                                     c.clientAuth(RelayFixture::kClientKey) + HeaderList{{"Content-Type", "application/json"}},
                                     c.clientBody(true)));
    QVERIFY(stuck.ok());
    const RequestLogRow row = fx.lastRow(30000);
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("client_gone"));
    const QJsonObject e = closeEventOf(row);
    const QString problem = checkCloseEvent(e, row, c, QStringLiteral("client-write-failed"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(e.value(QLatin1String("bytes_written")).toInteger() > 64 * 1024, qPrintable(QString::number(
                                                                                   e.value(QLatin1String("bytes_written")).toInteger())));
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);
    QVERIFY2(e.value(QLatin1String("message")).toString().contains(QLatin1String("stopped reading")),
             qPrintable(e.value(QLatin1String("message")).toString()));

    const auto logged = loggedError(fx.store(), QStringLiteral("client-write-failed"));
    QVERIFY2(logged, "no client-write-failed group in the error log");
    QCOMPARE(logged->sample.requestId, row.requestId);
    QCOMPARE(logged->sample.detail, e);
}

void TestStreamClose::upstreamErrorEventIsUpstreamError_data()
{
    addFormatRows();
}

void TestStreamClose::upstreamErrorEventIsUpstreamError()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    fx.upstream().setScript(streamHead().sendFrames(t.head()).send(Transcripts::errorEvent(c.format)));

    RawHttpClient *client = startStream(fx, c);
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("upstream_error"));
    const QJsonObject e = closeEventOf(row);
    const QString problem = checkCloseEvent(e, row, c, QStringLiteral("upstream-error"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(e.value(QLatin1String("upstream_status")).toInt(), 200);
    QVERIFY(e.value(QLatin1String("events_seen")).toInt() > t.head().size());
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);
    QVERIFY(!e.value(QLatin1String("message")).toString().isEmpty());

    const auto logged = loggedError(fx.store(), QStringLiteral("upstream-error"));
    QVERIFY2(logged, "no upstream-error group in the error log");
    QCOMPARE(logged->sample.requestId, row.requestId);
    QCOMPARE(logged->sample.detail, e);
    QVERIFY(logged->group.signature.startsWith(QStringLiteral("upstream-error ") + FormatCase::name(c.format)));
}

void TestStreamClose::upstreamCloseWithoutTerminalIsUpstreamPremature_data()
{
    addFormatRows();
}

void TestStreamClose::upstreamCloseWithoutTerminalIsUpstreamPremature()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    fx.upstream().setScript(streamHead().sendFrames(t.head()).close());

    RawHttpClient *client = startStream(fx, c);
    QVERIFY(client->waitForFinished(5000));

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("eof"));
    const QJsonObject e = closeEventOf(row);
    const QString problem = checkCloseEvent(e, row, c, QStringLiteral("upstream-premature"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(e.value(QLatin1String("events_seen")).toInt(), t.head().size());
    QCOMPARE(e.value(QLatin1String("terminal_sent")).toBool(), false);
    QVERIFY(e.value(QLatin1String("bytes_written")).toInt() > 0);

    const auto logged = loggedError(fx.store(), QStringLiteral("upstream-premature"));
    QVERIFY2(logged, "no upstream-premature group in the error log");
    QCOMPARE(logged->group.count, 1);
    QCOMPARE(logged->sample.requestId, row.requestId);
    QCOMPARE(logged->sample.detail, e);
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

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("client_gone"));
    const QJsonObject e = closeEventOf(row);
    const QString problem = checkCloseEvent(e, row, c, QStringLiteral("client-abort"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(e.value(QLatin1String("stream")).toBool(), false);
    const auto logged = loggedError(fx.store(), QStringLiteral("client-abort"));
    QVERIFY2(logged, "no client-abort group in the error log");
    QCOMPARE(logged->sample.requestId, row.requestId);
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

    const RequestLogRow row = fx.lastRow();
    const QJsonObject e = closeEventOf(row);
    const QString problem = checkCloseEvent(e, row, c, QStringLiteral("upstream-error"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(e.value(QLatin1String("upstream_status")).toInt(), 503);
    const auto logged = loggedError(fx.store(), QStringLiteral("upstream-error"));
    QVERIFY2(logged, "no upstream-error group in the error log");
    QVERIFY2(logged->group.lastMessage.contains(QLatin1String("overloaded")), qPrintable(logged->group.lastMessage));
    QVERIFY2(logged->group.signature.contains(QLatin1String("HTTP 503")), qPrintable(logged->group.signature));
}

void TestStreamClose::completedStreamHasNoCloseEvent()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIResponses);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    RawHttpClient *client = startStream(fx, c);
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
    fx.upstream().setScript(streamHead().sendFrames(t.head()));

    constexpr int kTotal = 1000;
    constexpr int kConcurrent = 25;
    int started = 0;
    int finished = 0;
    QList<RawHttpClient *> running;
    while (finished < kTotal) {
        while (running.size() < kConcurrent && started < kTotal) {
            running.append(startStream(fx, c));
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
