// Cross-format traffic through a real relay: every (client format, channel type) pair, streamed
// and not, plain text and a tool call. The client's bytes are read back with the client
// format's own decoder, as its SDK would, and compared with what the upstream said.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "transcripts.h"

#include "formats/formatcodec.h"
#include "model/responseassembler.h"
#include "wire/sseparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {
QByteArray targetFor(ApiFormat client, const QByteArray &model, bool stream)
{
    if (client == ApiFormat::Gemini)
        return "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    return FormatCase::of(client).target(stream);
}

// A request of the client's format for the model the channel of `upstream` type serves.
RawHttpClient *postClientRequest(RelayFixture &fx, ApiFormat client, ApiFormat upstream, bool stream)
{
    const QByteArray model = FormatCase::of(upstream).clientModel;
    RawHttpClient *c = fx.client();
    c->post(targetFor(client, model, stream), FormatCase::of(client).clientBodyFor(model, stream),
            FormatCase::of(client).clientAuth(RelayFixture::kClientKey));
    return c;
}

// One data row's pair: the client's format and the format of the channel (upstream) serving it.
struct Pair
{
    ApiFormat client;
    ApiFormat upstream;
    FormatCase up; // the upstream format's case
    Transcript transcript() const { return Transcripts::forFormat(upstream, up.upstreamModel); }
};

// The pair of the current data row (columns "client" and "upstream").
Pair rowPair()
{
    QFETCH(int, client);
    QFETCH(int, upstream);
    return Pair{ApiFormat(client), ApiFormat(upstream), FormatCase::of(ApiFormat(upstream))};
}

// Rows "client->upstream" for every pair of formats (`crossOnly`: of two different formats);
// with `flag`, each pair twice: "<pair> <on>" with the flag true, then "<pair> <off>" false.
void addPairRows(bool crossOnly, const char *flag = nullptr, const char *on = nullptr, const char *off = nullptr)
{
    QTest::addColumn<int>("client");
    QTest::addColumn<int>("upstream");
    if (flag)
        QTest::addColumn<bool>(flag);
    for (ApiFormat c : FormatCase::all()) {
        for (ApiFormat u : FormatCase::all()) {
            if (crossOnly && c == u)
                continue;
            if (!flag) {
                QTest::addRow("%s->%s", FormatCase::name(c), FormatCase::name(u)) << int(c) << int(u);
                continue;
            }
            for (bool value : {true, false})
                QTest::addRow("%s->%s %s", FormatCase::name(c), FormatCase::name(u), value ? on : off)
                    << int(c) << int(u) << value;
        }
    }
}

// Starts `fx` with `answer` for every upstream request and posts the client's request of the
// pair; nullptr when the relay did not start (fx.error() says why).
RawHttpClient *startExchange(RelayFixture &fx, const Pair &p, bool stream, const ScriptedUpstream::Handler &answer)
{
    if (!fx.start())
        return nullptr;
    fx.upstream().setHandler(answer);
    return postClientRequest(fx, p.client, p.upstream, stream);
}

// What the client received, decoded by its own format's stream decoder or response decoder.
Response readClientAnswer(ApiFormat client, const QByteArray &body, bool stream, bool *ended)
{
    const FormatCodec &codec = formatCodec(client);
    if (!stream) {
        *ended = true;
        return codec.decodeResponse(QJsonDocument::fromJson(body).object());
    }
    auto decoder = codec.newStreamDecoder();
    ResponseAssembler assembler;
    for (const SseEvent &e : SseParser::parseAll(body))
        if (!e.commentOnly && e.event != "ping")
            assembler.add(decoder->decode(e));
    *ended = assembler.ended() && !assembler.hasError(); // a failed terminal (response.failed) is not complete
    return assembler.response();
}

QString textOf(const Response &r)
{
    QString t;
    for (const ContentPart &p : r.content)
        if (p.kind == ContentPart::Kind::Text)
            t += p.text;
    return t;
}

// An upstream answer with one tool call, produced by the upstream format's own encoder.
UpstreamScript toolCallAnswer(const ReceivedRequest &request)
{
    const ApiFormat format = formatOfUpstreamPath(request.path());
    const FormatCodec &codec = formatCodec(format);
    EncoderOptions o;
    o.clientModel = QStringLiteral("upstream-model");
    o.requestId = QStringLiteral("req_tool");
    o.includeUsage = true;
    if (!upstreamRequestStreams(request)) {
        Response r;
        r.id = QStringLiteral("resp_tool");
        r.model = o.clientModel;
        ContentPart call;
        call.kind = ContentPart::Kind::ToolCall;
        call.toolCallId = QStringLiteral("call_weather_1");
        call.toolName = QStringLiteral("get_weather");
        call.arguments = QStringLiteral(R"({"city":"Paris","unit":"c"})");
        r.content.append(call);
        r.stopReason = StopReason::ToolUse;
        r.usage = Usage{11, 7, 0, 0, true};
        return Upstream::jsonResponse(200, QJsonDocument(codec.encodeResponse(r, o)).toJson(QJsonDocument::Compact));
    }
    auto enc = codec.newStreamEncoder(o);
    QByteArray bytes;
    auto ev = [](StreamEvent::Type t) { StreamEvent e; e.type = t; return e; };
    StreamEvent start = ev(StreamEvent::Type::MessageStart);
    start.id = QStringLiteral("resp_tool");
    start.model = o.clientModel;
    bytes += enc->encode(start);
    StreamEvent bs = ev(StreamEvent::Type::BlockStart);
    bs.blockKind = ContentPart::Kind::ToolCall;
    bs.toolCallId = QStringLiteral("call_weather_1");
    bs.toolName = QStringLiteral("get_weather");
    bytes += enc->encode(bs);
    for (const char *piece : {R"({"city":)", R"("Paris","unit":"c"})"}) {
        StreamEvent d = ev(StreamEvent::Type::ToolArgsDelta);
        d.text = QString::fromUtf8(piece);
        bytes += enc->encode(d);
    }
    bytes += enc->encode(ev(StreamEvent::Type::BlockStop));
    StreamEvent fin = ev(StreamEvent::Type::Finish);
    fin.stopReason = StopReason::ToolUse;
    bytes += enc->encode(fin);
    StreamEvent usage = ev(StreamEvent::Type::Usage);
    usage.usage = Usage{11, 7, 0, 0, true};
    bytes += enc->encode(usage);
    bytes += enc->encode(ev(StreamEvent::Type::End));
    return Upstream::sseResponse(ClientStream::splitFrames(bytes));
}
} // namespace

class TestTranslation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPairCarriesText_data();
    void everyPairCarriesText();
    void everyPairCarriesAToolCall_data() { everyPairCarriesText_data(); }
    void everyPairCarriesAToolCall();
    void truncatedStreamIsAnErrorInClientFormat_data();
    void truncatedStreamIsAnErrorInClientFormat();
    void streamingUpstreamServesNonStreamClient_data();
    void streamingUpstreamServesNonStreamClient();
};

void TestTranslation::everyPairCarriesText_data()
{
    addPairRows(true, "stream", "stream", "json");
}

void TestTranslation::everyPairCarriesText()
{
    QFETCH(bool, stream);
    const Pair p = rowPair();
    const ApiFormat cf = p.client, uf = p.upstream;
    const FormatCase &up = p.up;
    RelayFixture fx;
    RawHttpClient *c = startExchange(fx, p, stream, transcriptAnswer);
    QVERIFY2(c, qPrintable(fx.error()));
    QVERIFY(c->waitForFinished(10000));
    QCOMPARE(c->status(), 200);

    // The upstream got a request in its own format, on its own path, with the mapped model.
    QCOMPARE(fx.upstream().requestCount(), 1);
    const ReceivedRequest got = fx.upstream().lastRequest();
    QCOMPARE(got.path(), up.upstreamPath(stream));
    QString err;
    const auto decoded = formatCodec(uf).decodeRequest(QJsonDocument::fromJson(got.body).object(),
                                                       QString::fromUtf8(up.upstreamModel), stream, &err);
    QVERIFY2(decoded, qPrintable(err));
    QVERIFY(!decoded->messages.isEmpty());

    bool ended = false;
    const Response answer = readClientAnswer(cf, c->body(), stream, &ended);
    QVERIFY2(ended, c->body().left(2000).constData());
    const Transcript t = p.transcript();
    QCOMPARE(textOf(answer), QString::fromUtf8(t.text));

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.httpStatus, 200);
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("done"));
    QCOMPARE(row.channel, QString::fromUtf8(up.channel));
    QCOMPARE(row.usage.inputTokens, t.inputTokens);
    QCOMPARE(row.usage.outputTokens, t.outputTokens);
}

void TestTranslation::everyPairCarriesAToolCall()
{
    QFETCH(bool, stream);
    const Pair p = rowPair();
    const ApiFormat cf = p.client;
    RelayFixture fx;
    RawHttpClient *c = startExchange(fx, p, stream, toolCallAnswer);
    QVERIFY2(c, qPrintable(fx.error()));
    QVERIFY(c->waitForFinished(10000));
    QCOMPARE(c->status(), 200);

    bool ended = false;
    const Response answer = readClientAnswer(cf, c->body(), stream, &ended);
    QVERIFY2(ended, c->body().left(2000).constData());
    const ContentPart *call = nullptr;
    for (const ContentPart &p : answer.content)
        if (p.kind == ContentPart::Kind::ToolCall)
            call = &p;
    QVERIFY2(call, c->body().left(2000).constData());
    QCOMPARE(call->toolName, QStringLiteral("get_weather"));
    QCOMPARE(QJsonDocument::fromJson(call->arguments.toUtf8()).object(),
             QJsonDocument::fromJson(R"({"city":"Paris","unit":"c"})").object());
    QVERIFY(!call->toolCallId.isEmpty());
    QCOMPARE(answer.stopReason, StopReason::ToolUse);
    QCOMPARE(fx.lastRow().usage.outputTokens, 7);
}

void TestTranslation::truncatedStreamIsAnErrorInClientFormat_data()
{
    addPairRows(true);
}

void TestTranslation::truncatedStreamIsAnErrorInClientFormat()
{
    const Pair p = rowPair();
    const ApiFormat cf = p.client;
    UpstreamScript cut;
    cut.head(200, {{"Content-Type", "text/event-stream"}}).sendFrames(p.transcript().head()).close();
    RelayFixture fx;
    RawHttpClient *c = startExchange(fx, p, true, [cut](const ReceivedRequest &) { return cut; });
    QVERIFY2(c, qPrintable(fx.error()));
    QVERIFY(c->waitForFinished(10000));
    bool ended = false;
    readClientAnswer(cf, c->body(), true, &ended);
    QVERIFY2(!ended, "a cut-off stream must not look complete to the client");
    const QList<QByteArray> frames = ClientStream::splitFrames(ClientStream::withoutPings(c->body()));
    QVERIFY(!frames.isEmpty());
    bool sawError = false;
    for (const QByteArray &f : frames)
        sawError = sawError || ClientStream::isErrorEvent(cf, f);
    QVERIFY2(sawError, c->body().constData());
    QCOMPARE(endReasonName(fx.lastRow().streamStatus.endReason), QStringLiteral("eof"));
}

void TestTranslation::streamingUpstreamServesNonStreamClient_data()
{
    addPairRows(false, "complete", "complete", "cut");
}

// An upstream that always streams (even when asked not to): a non-stream client gets the
// assembled JSON; a stream cut before its terminal event is a 502 in the client's format, eof.
void TestTranslation::streamingUpstreamServesNonStreamClient()
{
    QFETCH(bool, complete);
    const Pair p = rowPair();
    const ApiFormat cf = p.client;
    const Transcript t = p.transcript();
    const UpstreamScript answer = Upstream::sseResponse(complete ? t.frames : t.head());
    RelayFixture fx;
    RawHttpClient *c = startExchange(fx, p, false, [answer](const ReceivedRequest &) { return answer; });
    QVERIFY2(c, qPrintable(fx.error()));
    QVERIFY(c->waitForFinished(10000));
    const RequestLogRow row = fx.lastRow();
    if (!complete) {
        QCOMPARE(c->status(), 502);
        QCOMPARE(ClientStream::checkErrorBody(cf, c->body(), 502), QString());
        QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("eof"));
        return;
    }
    QCOMPARE(c->status(), 200);
    bool ended = false;
    QCOMPARE(textOf(readClientAnswer(cf, c->body(), false, &ended)), QString::fromUtf8(t.text));
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("done"));
    QCOMPARE(row.usage.outputTokens, t.outputTokens);
}

QTEST_GUILESS_MAIN(TestTranslation)
#include "tst_translation.moc"
