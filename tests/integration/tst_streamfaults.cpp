// Streams that go wrong, through a real relay on loopback: a slow first byte (keep-alive),
// a premature close, a stall, a client that leaves, a bad event, an upstream error event.
// Each test asserts the bytes the client got, in order, and the stream status stored.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "runcheck.h"
#include "streamrun.h"

#include <QJsonObject>
#include <QTest>

class TestStreamFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepAlivePingPrecedesSlowFirstByte_data();
    void keepAlivePingPrecedesSlowFirstByte();
    void prematureUpstreamCloseEndsWithErrorEvent_data();
    void prematureUpstreamCloseEndsWithErrorEvent();
    void stalledUpstreamTimesOut_data();
    void stalledUpstreamTimesOut();
    void clientGoneCancelsOrDrainsUpstream_data();
    void clientGoneCancelsOrDrainsUpstream();
    void malformedEventIsSoftError_data();
    void malformedEventIsSoftError();
    void upstreamErrorEventEndsStream_data();
    void upstreamErrorEventEndsStream();
};

// Checks that the client's frames (pings aside) begin with `expected` and that an error
// event of the format follows them. "" when so, else what the client got instead.
static QString checkFramesThenError(ApiFormat format, const QByteArray &body, const QList<QByteArray> &expected)
{
    const QList<QByteArray> frames = ClientStream::splitFrames(ClientStream::withoutPings(body));
    const QString got = QStringLiteral("client got: ") + QString::fromUtf8(body.right(1500));
    if (frames.mid(0, expected.size()) != expected)
        return QStringLiteral("the upstream's frames are not the first the client got; ") + got;
    for (qsizetype i = expected.size(); i < frames.size(); ++i) {
        if (ClientStream::isErrorEvent(format, frames[i]))
            return {};
    }
    return QStringLiteral("no in-stream error event after the frames; ") + got;
}

static QString endReasonOf(const RequestLogRow &row)
{
    return endReasonName(row.streamStatus.endReason);
}

// The stream of `c` through a relay whose upstream plays `script` (the transcript's head, then a
// fault): the client gets the head's frames, then an in-stream error event in its format, under
// a 200; the row is a failure that ended with `reason`.
static void checkHeadThenErrorEvent(const FormatCase &c, const UpstreamScript &script, EndReason reason)
{
    RelayFixture fx;
    RawHttpClient *client = StreamRun::start(fx, c, script);
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);
    const QString problem = checkFramesThenError(c.format, client->body(), c.clientTranscript().head());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonOf(row), endReasonName(reason));
    QVERIFY(!row.ok());
    QCOMPARE(row.httpStatus, 200);
}

void TestStreamFaults::keepAlivePingPrecedesSlowFirstByte_data()
{
    StreamRun::addFormatRows();
}

void TestStreamFaults::keepAlivePingPrecedesSlowFirstByte()
{
    const FormatCase c = StreamRun::rowCase();
    const Transcript t = c.transcript();
    RelayFixture fx;
    // Not even the status line for 2.5 s: the relay must keep the client busy on its own.
    RawHttpClient *client = StreamRun::start(fx, c,
                                             UpstreamScript().delay(2500).head(200, {{"Content-Type", "text/event-stream"}})
                                                 .sendFrames(t.frames),
                                             {{QStringLiteral("first_byte_timeout_seconds"), 10},
                                              {QStringLiteral("stream_idle_timeout_seconds"), 10}});
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY(client->waitForFinished(8000));
    QCOMPARE(client->status(), 200);
    const QByteArray body = client->body();
    const qsizetype firstFrameAt = body.indexOf(c.clientTranscript().frames.first());
    QVERIFY2(firstFrameAt >= 0, body.left(500).constData());
    qsizetype firstPingAt = -1;
    qsizetype pos = 0;
    for (const QByteArray &f : ClientStream::splitFrames(body)) {
        if (ClientStream::isPing(c.format, f)) {
            firstPingAt = pos;
            break;
        }
        pos += f.size();
    }
    QVERIFY2(firstPingAt >= 0, "no keep-alive ping in the client's format");
    QVERIFY2(firstPingAt < firstFrameAt, body.left(500).constData());
    QCOMPARE(ClientStream::withoutPings(body), c.clientTranscript().joinedFrames());

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonOf(row), endReasonName(EndReason::Done));
    QVERIFY(row.ok());
}

void TestStreamFaults::prematureUpstreamCloseEndsWithErrorEvent_data()
{
    StreamRun::addFormatRows();
}

void TestStreamFaults::prematureUpstreamCloseEndsWithErrorEvent()
{
    const FormatCase c = StreamRun::rowCase();
    checkHeadThenErrorEvent(c, StreamRun::streamHead().sendFrames(c.transcript().head()).close(), EndReason::Eof);
}

void TestStreamFaults::stalledUpstreamTimesOut_data()
{
    StreamRun::addFormatRows();
}

void TestStreamFaults::stalledUpstreamTimesOut()
{
    const FormatCase c = StreamRun::rowCase();
    const Transcript t = c.transcript();
    RelayFixture fx;
    RawHttpClient *client = StreamRun::start(fx, c, StreamRun::streamHead().sendFrames(t.head()).stall()); // idle timeout 2 s
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY(client->waitForFinished(8000));
    const QString problem = checkFramesThenError(c.format, client->body(), c.clientTranscript().head());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QTRY_COMPARE_WITH_TIMEOUT(fx.upstream().abortedExchanges(), 1, 3000);

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonOf(row), endReasonName(EndReason::Timeout));
    QVERIFY(!row.ok());
}

void TestStreamFaults::clientGoneCancelsOrDrainsUpstream_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("drain");
    for (ApiFormat f : FormatCase::all()) {
        QTest::addRow("%s cancel", FormatCase::name(f)) << int(f) << false;
        QTest::addRow("%s drain", FormatCase::name(f)) << int(f) << true;
    }
}

void TestStreamFaults::clientGoneCancelsOrDrainsUpstream()
{
    QFETCH(bool, drain);
    const FormatCase c = StreamRun::rowCase();
    const Transcript t = c.transcript();
    UpstreamScript script = StreamRun::streamHead().sendFrames(t.head());
    if (drain)
        script.delay(300).sendFrames(t.tail());
    else
        script.stall();
    RelayFixture fx;
    // A long idle timeout: only the client leaving can explain an upstream abort here.
    RawHttpClient *client = StreamRun::start(fx, c, script, {{QStringLiteral("drain_upstream_on_client_gone"), drain},
                                                             {QStringLiteral("stream_idle_timeout_seconds"), 20}});
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY2(client->waitForBody(c.clientTranscript().head().last(), 5000), client->body().constData());
    client->disconnectNow();

    if (drain) {
        QTRY_COMPARE_WITH_TIMEOUT(fx.upstream().completedExchanges(), 1, 5000);
        QCOMPARE(fx.upstream().abortedExchanges(), 0);
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(fx.upstream().abortedExchanges(), 1, 5000);
    }
    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonOf(row), endReasonName(EndReason::ClientGone));
    QVERIFY(!row.ok());
    if (drain) {
        QVERIFY2(row.usage.known, "drained stream recorded no usage");
        QCOMPARE(row.usage.inputTokens, t.inputTokens);
        QCOMPARE(row.usage.outputTokens, t.outputTokens);
    }
}

void TestStreamFaults::malformedEventIsSoftError_data()
{
    StreamRun::addFormatRows();
}

void TestStreamFaults::malformedEventIsSoftError()
{
    const FormatCase c = StreamRun::rowCase();
    const Transcript t = c.transcript();
    RelayFixture fx;
    RawHttpClient *client = StreamRun::start(
        fx, c, StreamRun::streamHead().sendFrames(t.head()).send(Transcripts::malformedFrame(c.format)).sendFrames(t.tail()));
    QVERIFY2(client, qPrintable(fx.error()));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);
    QVERIFY(client->bodyComplete());
    // Every good frame reaches the client, in order; the bad one may or may not be forwarded.
    const QByteArray body = ClientStream::withoutPings(client->body());
    qsizetype pos = 0;
    const Transcript seen = c.clientTranscript(); // the client reads its own model name
    for (const QByteArray &frame : seen.frames) {
        const qsizetype at = body.indexOf(frame, pos);
        QVERIFY2(at >= 0, qPrintable(QStringLiteral("frame missing or out of order: ") + QString::fromUtf8(frame)));
        pos = at + frame.size();
    }

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonOf(row), endReasonName(EndReason::Done));
    QVERIFY(row.ok());
    QVERIFY2(row.streamStatus.errorCount >= 1, "the skipped event was not counted as a soft error");
    QCOMPARE(row.usage.inputTokens, t.inputTokens);
    QCOMPARE(row.usage.outputTokens, t.outputTokens);
}

void TestStreamFaults::upstreamErrorEventEndsStream_data()
{
    StreamRun::addFormatRows();
}

void TestStreamFaults::upstreamErrorEventEndsStream()
{
    const FormatCase c = StreamRun::rowCase();
    checkHeadThenErrorEvent(c, StreamRun::streamHead().sendFrames(c.transcript().head()).send(Transcripts::errorEvent(c.format)),
                            EndReason::UpstreamError);
}

QTEST_GUILESS_MAIN(TestStreamFaults)
#include "tst_streamfaults.moc"
