// Routing through a real relay on loopback: a key that gets 429 cools down while the next one
// serves, a channel that fails before its first byte hands over to the next one, a failure
// after the first byte is never retried, sessions stay on their key, and a request that finds
// every key cooling down gets 503 with what was considered.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

namespace {

struct ChannelSpec
{
    QString name;
    QStringList keys;
    int priority = 0;
};

// A config with channels of one format, all pointing at the scripted upstream and serving the
// format's client model, and the standard client key (unlimited).
QByteArray configFor(const FormatCase &c, const QList<ChannelSpec> &channels, int bootstrapRetries)
{
    QJsonArray list;
    for (const ChannelSpec &ch : channels)
        list.append(QJsonObject{
            {QStringLiteral("name"), ch.name},
            {QStringLiteral("type"), QString::fromLatin1(FormatCase::name(c.format))},
            {QStringLiteral("base_url"), QStringLiteral("${UPSTREAM}")},
            {QStringLiteral("keys"), QJsonArray::fromStringList(ch.keys)},
            {QStringLiteral("models"), QJsonArray{QString::fromUtf8(c.clientModel)}},
            {QStringLiteral("model_map"),
             QJsonObject{{QString::fromUtf8(c.clientModel), QString::fromUtf8(c.upstreamModel)}}},
            {QStringLiteral("priority"), ch.priority},
        });
    const QJsonObject settings{{QStringLiteral("keepalive_seconds"), 1},
                               {QStringLiteral("stream_idle_timeout_seconds"), 5},
                               {QStringLiteral("first_byte_timeout_seconds"), 5},
                               {QStringLiteral("bootstrap_retries"), bootstrapRetries},
                               {QStringLiteral("drain_upstream_on_client_gone"), false}};
    const QJsonArray keys{QJsonObject{{QStringLiteral("name"), QStringLiteral("tester")},
                                      {QStringLiteral("key"), QString::fromLatin1(RelayFixture::kClientKey)}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("settings"), settings},
                                     {QStringLiteral("channels"), list},
                                     {QStringLiteral("keys"), keys}})
        .toJson(QJsonDocument::Compact);
}

// The upstream key a request carries, whatever the format's auth header.
QByteArray upstreamKey(const ReceivedRequest &r)
{
    const QByteArray bearer = r.header("authorization");
    if (bearer.startsWith("Bearer "))
        return bearer.mid(7);
    const QByteArray anthropic = r.header("x-api-key");
    return anthropic.isEmpty() ? r.header("x-goog-api-key") : anthropic;
}

QList<QByteArray> keysSeen(ScriptedUpstream &upstream)
{
    QList<QByteArray> keys;
    for (const ReceivedRequest &r : upstream.requests())
        keys.append(upstreamKey(r));
    return keys;
}

UpstreamScript errorAnswer(ApiFormat format, int status, const HeaderList &extraHeaders = {})
{
    const QByteArray body = Transcripts::errorBody(format, status, "upstream says no");
    return UpstreamScript()
        .head(status, HeaderList{{"Content-Type", "application/json"}} + extraHeaders, Framing::ContentLength,
              body.size())
        .send(body);
}

void addFormatRows()
{
    QTest::addColumn<int>("format");
    for (ApiFormat f : FormatCase::all())
        QTest::newRow(FormatCase::name(f)) << int(f);
}

// One streamed request, waited for; the client.
RawHttpClient *streamOnce(RelayFixture &fx, const FormatCase &c, const HeaderList &extra = {},
                          const QByteArray &body = {})
{
    RawHttpClient *client = fx.client();
    client->post(c.target(true), body.isEmpty() ? c.clientBody(true) : body,
                 c.clientAuth(RelayFixture::kClientKey) + extra);
    client->waitForFinished(8000);
    return client;
}

QJsonArray attemptsOf(const RequestLogRow &row)
{
    return row.detail.value(QStringLiteral("attempts")).toArray();
}

} // namespace

class TestRouting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rateLimitedKeyCoolsDownWhileNextKeyServes_data();
    void rateLimitedKeyCoolsDownWhileNextKeyServes();
    void serverErrorBeforeFirstByteMovesToNextChannel_data();
    void serverErrorBeforeFirstByteMovesToNextChannel();
    void failureAfterFirstByteIsNeverRetried_data();
    void failureAfterFirstByteIsNeverRetried();
    void sessionStaysOnOneKeyWhileHealthyAndMovesWhenNot();
    void anthropicUserIdIsASession();
    void everyKeyCoolingAnswers503WithWhatWasConsidered_data();
    void everyKeyCoolingAnswers503WithWhatWasConsidered();
};

void TestRouting::rateLimitedKeyCoolsDownWhileNextKeyServes_data()
{
    addFormatRows();
}

void TestRouting::rateLimitedKeyCoolsDownWhileNextKeyServes()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(configFor(c, {{QStringLiteral("ch"), {QStringLiteral("sk-one"), QStringLiteral("sk-two")}}}, 1)),
             qPrintable(fx.error()));
    bool limited = false;
    fx.upstream().setHandler([&](const ReceivedRequest &r) {
        if (upstreamKey(r) == "sk-one" && !limited) {
            limited = true;
            return errorAnswer(c.format, 429, {{"Retry-After", "2"}});
        }
        return transcriptAnswer(r);
    });

    QElapsedTimer sinceLimit;
    RawHttpClient *first = streamOnce(fx, c);
    sinceLimit.start();
    QCOMPARE(first->status(), 200);
    QCOMPARE(ClientStream::withoutPings(first->body()), c.clientTranscript().joinedFrames());
    QCOMPARE(keysSeen(fx.upstream()), (QList<QByteArray>{"sk-one", "sk-two"}));
    const QJsonArray attempts = attemptsOf(fx.lastRow());
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[0].toObject().value(QStringLiteral("status")).toInt(), 429);
    QCOMPARE(attempts[1].toObject().value(QStringLiteral("key_index")).toInt(), 1);

    // While it cools down, round-robin would pick sk-one every other time: it must not.
    for (int i = 0; i < 4; ++i)
        QCOMPARE(streamOnce(fx, c)->status(), 200);
    QVERIFY2(sinceLimit.elapsed() < 2000, "the machine is too slow for this test's 2 s window");
    QCOMPARE(keysSeen(fx.upstream()).count("sk-one"), 1);
    QVERIFY(fx.waitForRows(5));
    QVERIFY(fx.rows(1).first().detail.value(QStringLiteral("routing_skipped")).toString().contains(QStringLiteral("ch#0")));

    // Retry-After over: sk-one is back in the rotation.
    QTest::qWait(int(qMax<qint64>(0, 2100 - sinceLimit.elapsed())));
    for (int i = 0; i < 2; ++i)
        QCOMPARE(streamOnce(fx, c)->status(), 200);
    QCOMPARE(keysSeen(fx.upstream()).count("sk-one"), 2);
}

void TestRouting::serverErrorBeforeFirstByteMovesToNextChannel_data()
{
    addFormatRows();
}

void TestRouting::serverErrorBeforeFirstByteMovesToNextChannel()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(configFor(c, {{QStringLiteral("ch-a"), {QStringLiteral("sk-a")}, 0},
                                              {QStringLiteral("ch-b"), {QStringLiteral("sk-b")}, 1}},
                                          1)),
             qPrintable(fx.error()));
    fx.upstream().setHandler([&](const ReceivedRequest &r) {
        return upstreamKey(r) == "sk-a" ? errorAnswer(c.format, 500) : transcriptAnswer(r);
    });

    RawHttpClient *client = streamOnce(fx, c);
    QCOMPARE(client->status(), 200);
    QVERIFY(client->bodyComplete());
    // One clean stream: exactly the second channel's frames, nothing of the failed attempt.
    QCOMPARE(ClientStream::withoutPings(client->body()), c.clientTranscript().joinedFrames());
    QCOMPARE(keysSeen(fx.upstream()), (QList<QByteArray>{"sk-a", "sk-b"}));

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.channel, QStringLiteral("ch-b"));
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Done));
    const QJsonArray attempts = attemptsOf(row);
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[0].toObject().value(QStringLiteral("channel")).toString(), QStringLiteral("ch-a"));
    QCOMPARE(attempts[0].toObject().value(QStringLiteral("status")).toInt(), 500);
    QCOMPARE(attempts[1].toObject().value(QStringLiteral("channel")).toString(), QStringLiteral("ch-b"));
}

void TestRouting::failureAfterFirstByteIsNeverRetried_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("errorEvent");
    for (ApiFormat f : FormatCase::all()) {
        QTest::addRow("%s close", FormatCase::name(f)) << int(f) << false;
        QTest::addRow("%s error event", FormatCase::name(f)) << int(f) << true;
    }
}

void TestRouting::failureAfterFirstByteIsNeverRetried()
{
    QFETCH(int, format);
    QFETCH(bool, errorEvent);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(configFor(c, {{QStringLiteral("ch-a"), {QStringLiteral("sk-a")}, 0},
                                              {QStringLiteral("ch-b"), {QStringLiteral("sk-b")}, 1}},
                                          2)),
             qPrintable(fx.error()));
    UpstreamScript broken = UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}).sendFrames(t.head());
    if (errorEvent)
        broken.send(Transcripts::errorEvent(c.format));
    else
        broken.close();
    fx.upstream().setScript(broken);

    RawHttpClient *client = streamOnce(fx, c);
    QCOMPARE(client->status(), 200);
    const QList<QByteArray> frames = ClientStream::splitFrames(ClientStream::withoutPings(client->body()));
    QCOMPARE(frames.mid(0, t.head().size()), c.clientTranscript().head());
    QVERIFY2(ClientStream::isErrorEvent(c.format, frames.constLast()), client->body().right(400).constData());
    QCOMPARE(fx.upstream().requestCount(), 1);

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason),
             endReasonName(errorEvent ? EndReason::UpstreamError : EndReason::Eof));
    QCOMPARE(attemptsOf(row).size(), 1);
}

void TestRouting::sessionStaysOnOneKeyWhileHealthyAndMovesWhenNot()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RelayFixture fx;
    const QStringList keys{QStringLiteral("sk-0"), QStringLiteral("sk-1"), QStringLiteral("sk-2")};
    QVERIFY2(fx.startWithConfig(configFor(c, {{QStringLiteral("ch"), keys}}, 2)), qPrintable(fx.error()));
    QByteArray broken;
    fx.upstream().setHandler([&](const ReceivedRequest &r) {
        return upstreamKey(r) == broken ? errorAnswer(c.format, 503) : transcriptAnswer(r);
    });
    const HeaderList session{{"X-RelayDesk-Session", "session-42"}};

    for (int i = 0; i < 20; ++i)
        QCOMPARE(streamOnce(fx, c, session)->status(), 200);
    const QList<QByteArray> pinned = keysSeen(fx.upstream());
    QCOMPARE(QSet<QByteArray>(pinned.begin(), pinned.end()).size(), 1);

    // Without the session the same relay rotates.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(streamOnce(fx, c)->status(), 200);
    const QList<QByteArray> rotated = keysSeen(fx.upstream()).mid(20);
    QCOMPARE(QSet<QByteArray>(rotated.begin(), rotated.end()).size(), 3);

    // The pinned key fails: the session moves to another key and stays there.
    broken = pinned.first();
    QCOMPARE(streamOnce(fx, c, session)->status(), 200);
    const QList<QByteArray> afterFailure = keysSeen(fx.upstream()).mid(23);
    QCOMPARE(afterFailure.size(), 2);
    QCOMPARE(afterFailure.first(), broken);
    const QByteArray moved = afterFailure.last();
    QVERIFY(moved != broken);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(streamOnce(fx, c, session)->status(), 200);
    const QList<QByteArray> after = keysSeen(fx.upstream()).mid(25);
    QCOMPARE(after, QList<QByteArray>(10, moved));
}

void TestRouting::anthropicUserIdIsASession()
{
    const FormatCase c = FormatCase::of(ApiFormat::Anthropic);
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(configFor(c, {{QStringLiteral("ch"), {QStringLiteral("sk-0"), QStringLiteral("sk-1")}}}, 0)),
             qPrintable(fx.error()));
    const QByteArray body = R"({"model":"claude-test","max_tokens":64,"stream":true,)"
                            R"("metadata":{"user_id":"user_abc_account__session_1234"},)"
                            R"("messages":[{"role":"user","content":"hi"}]})";
    for (int i = 0; i < 10; ++i)
        QCOMPARE(streamOnce(fx, c, {}, body)->status(), 200);
    const QList<QByteArray> seen = keysSeen(fx.upstream());
    QCOMPARE(QSet<QByteArray>(seen.begin(), seen.end()).size(), 1);
}

void TestRouting::everyKeyCoolingAnswers503WithWhatWasConsidered_data()
{
    addFormatRows();
}

void TestRouting::everyKeyCoolingAnswers503WithWhatWasConsidered()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(configFor(c, {{QStringLiteral("ch"), {QStringLiteral("sk-only")}}}, 2)),
             qPrintable(fx.error()));
    fx.upstream().setScript(errorAnswer(c.format, 429, {{"Retry-After", "30"}}));

    RawHttpClient *first = streamOnce(fx, c);
    QCOMPARE(first->status(), 429); // the upstream's own error, in the client's format
    QVERIFY2(ClientStream::checkErrorBody(c.format, first->body(), 429).isEmpty(), first->body().constData());

    RawHttpClient *second = streamOnce(fx, c);
    QCOMPARE(second->status(), 503);
    QString message;
    const QString problem = ClientStream::checkErrorBody(c.format, second->body(), 503, &message);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(message.contains(QStringLiteral("ch#0 (cooling for")), qPrintable(message));
    const int retryAfter = second->header("retry-after").toInt();
    QVERIFY2(retryAfter >= 29 && retryAfter <= 30, second->header("retry-after").constData());
    QCOMPARE(fx.upstream().requestCount(), 1);
}

QTEST_GUILESS_MAIN(TestRouting)
#include "tst_routing.moc"
