// Many streams to one upstream host at once. The upstream holds every response open until it
// has 20 requests in flight together, so a relay with a per-host connection cap (QNAM's 6 in
// Qt 6.4) never gets there and the test times out instead of running in waves.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include <QJsonObject>
#include <QTest>

class TestConcurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twentyStreamsToOneHostRunAtOnce_data();
    void twentyStreamsToOneHostRunAtOnce();
};

void TestConcurrency::twentyStreamsToOneHostRunAtOnce_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("openai-chat") << int(ApiFormat::OpenAIChat);
    QTest::newRow("anthropic") << int(ApiFormat::Anthropic);
}

void TestConcurrency::twentyStreamsToOneHostRunAtOnce()
{
    QFETCH(int, format);
    constexpr int kStreams = 20;
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("first_byte_timeout_seconds"), 30},
                       {QStringLiteral("stream_idle_timeout_seconds"), 30}}),
             qPrintable(fx.error()));
    // First frame at once (every stream is started), the rest only when all 20 are parked.
    fx.upstream().setScript(UpstreamScript()
                                .head(200, {{"Content-Type", "text/event-stream"}})
                                .send(t.frames.first())
                                .barrier(kStreams)
                                .sendFrames(t.frames.mid(1)));

    QList<RawHttpClient *> clients;
    for (int i = 0; i < kStreams; ++i) {
        clients.append(fx.client());
        clients.last()->post(c.target(true), c.clientBody(true), c.clientAuth(RelayFixture::kClientKey));
    }
    const auto allFinished = [&] {
        for (RawHttpClient *client : std::as_const(clients)) {
            if (!client->isFinished())
                return false;
        }
        return true;
    };
    QVERIFY2(spinUntil(allFinished, 10000),
             qPrintable(QStringLiteral("streams still open after 10 s; the upstream saw %1 requests, %2 parked at once "
                                       "(a per-host connection cap?)")
                            .arg(fx.upstream().requestCount())
                            .arg(fx.upstream().parkedAtBarrier())));
    QCOMPARE(fx.upstream().requestCount(), kStreams);
    for (RawHttpClient *client : std::as_const(clients)) {
        QCOMPARE(client->status(), 200);
        QVERIFY(client->bodyComplete());
        QCOMPARE(ClientStream::withoutPings(client->body()), c.clientTranscript().joinedFrames());
    }

    QVERIFY(fx.waitForRows(kStreams));
    for (const RequestLogRow &row : fx.rows(kStreams)) {
        QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Done));
        QCOMPARE(row.usage.outputTokens, t.outputTokens);
    }
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
