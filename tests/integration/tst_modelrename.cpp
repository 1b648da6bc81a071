// A channel whose model_map sends another model name upstream ("client-alias" asked,
// "upstream-real" sent): whatever route the answer takes back (pass-through byte for byte,
// or translation), the client reads the name it asked for in every model field and never the
// upstream's, while the stored row keeps both names.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

const QByteArray kAlias = "client-alias";
const QByteArray kReal = "upstream-real";

// Message text that spells the upstream's model member, escaped as any JSON string content:
// the rename must leave it as the upstream wrote it.
const QByteArray kEscapedMember = R"(\"model\":\"upstream-real\")";
const QByteArray kLookalike = "Hello {" + kEscapedMember + R"(,\"modelVersion\": \"upstream-real\"})";
const QByteArray kRealValue = "\"" + kReal + "\"";             // the upstream's name as a JSON string

// The canned answer of `format` naming `model`, its text carrying the lookalike and its
// non-stream body spaced the way pretty-printing upstreams write it (`"model": "x"`).
Transcript cannedAnswer(ApiFormat format, const QByteArray &model)
{
    Transcript t = Transcripts::forFormat(format, model);
    for (QByteArray &frame : t.frames)
        frame.replace("Hello", kLookalike);
    for (QByteArray &object : t.arrayObjects)
        object.replace("Hello", kLookalike);
    t.json.replace("Hello", kLookalike).replace(R"("model":")", R"("model": ")").replace(R"("modelVersion":")",
                                                                                          "\"modelVersion\" :\n  \"");
    return t;
}

// The same answer as the upstream sends it: answer-shaped like transcriptAnswer, with
// cannedAnswer's bytes naming `answered` (kReal, or a dated snapshot of it as real upstreams do).
UpstreamScript upstreamAnswer(const ReceivedRequest &request, const QByteArray &answered = kReal)
{
    const ApiFormat format = formatOfUpstreamPath(request.path());
    const Transcript t = cannedAnswer(format, answered);
    if (!upstreamRequestStreams(request))
        return Upstream::jsonResponse(200, t.json);
    if (format == ApiFormat::Gemini && !request.query().contains("alt=sse"))
        return Upstream::jsonArrayResponse(t.arrayObjects);
    return Upstream::sseResponse(t.frames);
}

// The standard config, with the channel of `format` serving client-alias as upstream-real.
QByteArray aliasConfig(ApiFormat format)
{
    const QByteArray standard = RelayFixture::standardConfig(QStringLiteral("${UPSTREAM}"));
    return RelayFixture::withChannelFields(
        standard, FormatCase::of(format).channel,
        QJsonObject{{QStringLiteral("models"), QJsonArray{QString::fromUtf8(kAlias)}},
                    {QStringLiteral("model_map"), QJsonObject{{QString::fromUtf8(kAlias), QString::fromUtf8(kReal)}}}});
}

// The client's side of a request for client-alias in `format`.
FormatCase aliasClient(ApiFormat format)
{
    FormatCase c = FormatCase::of(format);
    c.clientModel = kAlias;
    return c;
}

// Every string value of a member named `key`, at any depth.
void collectMembers(const QJsonValue &value, const QString &key, QStringList *out)
{
    if (value.isArray()) {
        for (const QJsonValue v : value.toArray())
            collectMembers(v, key, out);
        return;
    }
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == key && it.value().isString())
            out->append(it.value().toString());
        collectMembers(it.value(), key, out);
    }
}

// The model names a client of `format` reads in its answer: the JSON body, the JSON array
// (Gemini without alt=sse) or the data of every SSE frame.
QStringList modelsRead(ApiFormat format, const QByteArray &body, bool sse)
{
    const QString key = format == ApiFormat::Gemini ? QStringLiteral("modelVersion") : QStringLiteral("model");
    QStringList models;
    if (!sse) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        collectMembers(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), key, &models);
        return models;
    }
    for (const QByteArray &frame : ClientStream::splitFrames(ClientStream::withoutPings(body)))
        collectMembers(QJsonDocument::fromJson(ClientStream::data(frame)).object(), key, &models);
    return models;
}

enum class Mode { Json, Sse, Array };

QByteArray targetOf(const FormatCase &c, Mode mode)
{
    QByteArray target = c.target(mode != Mode::Json);
    if (mode == Mode::Array)
        target.replace("?alt=sse", "");
    return target;
}

// What a pass-through client must receive: the upstream's bytes with only the model members
// saying client-alias (cannedAnswer(alias) is cannedAnswer(real) with exactly those renamed).
QByteArray expectedPassThrough(ApiFormat format, Mode mode)
{
    const Transcript t = cannedAnswer(format, kAlias);
    switch (mode) {
    case Mode::Json: return t.json;
    case Mode::Sse: return t.joinedFrames();
    case Mode::Array: return "[" + t.arrayObjects.join(",\r\n") + "]";
    }
    return {};
}

} // namespace

class TestModelRename : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passThroughAnswerNamesTheClientsModel_data();
    void passThroughAnswerNamesTheClientsModel();
    void translatedAnswerNamesTheClientsModel_data();
    void translatedAnswerNamesTheClientsModel();
    void answerAssembledFromAStreamNamesTheClientsModel_data();
    void answerAssembledFromAStreamNamesTheClientsModel();
};

void TestModelRename::passThroughAnswerNamesTheClientsModel_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QByteArray>("answered"); // the model name the upstream's answer carries
    for (ApiFormat f : FormatCase::all()) {
        QTest::addRow("%s json", FormatCase::name(f)) << int(f) << int(Mode::Json) << kReal;
        QTest::addRow("%s stream", FormatCase::name(f)) << int(f) << int(Mode::Sse) << kReal;
    }
    QTest::addRow("gemini json array stream") << int(ApiFormat::Gemini) << int(Mode::Array) << kReal;
    // Upstreams answer with the dated snapshot they served ("gpt-4o" -> "gpt-4o-2024-08-06").
    for (ApiFormat f : FormatCase::all())
        QTest::addRow("%s stream, dated snapshot answered", FormatCase::name(f)) << int(f) << int(Mode::Sse) << kReal + "-2025-08-07";
    QTest::addRow("anthropic json, dated snapshot answered") << int(ApiFormat::Anthropic) << int(Mode::Json) << kReal + "-20250929";
}

void TestModelRename::passThroughAnswerNamesTheClientsModel()
{
    QFETCH(int, format);
    QFETCH(int, mode);
    QFETCH(QByteArray, answered);
    const FormatCase c = aliasClient(ApiFormat(format));
    const Mode m = Mode(mode);
    const bool stream = m != Mode::Json;
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(aliasConfig(c.format)), qPrintable(fx.error()));
    fx.upstream().setHandler([answered](const ReceivedRequest &r) { return upstreamAnswer(r, answered); });

    RawHttpClient *client = fx.client();
    client->post(targetOf(c, m), c.clientBody(stream), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY2(client->waitForFinished(5000), client->rawReceived().left(500).constData());
    QCOMPARE(client->status(), 200);
    QVERIFY(client->bodyComplete());
    const QByteArray body = m == Mode::Sse ? ClientStream::withoutPings(client->body()) : client->body();

    // Every byte as the upstream sent it but the model members, in the same order; the
    // lookalike in the message text untouched.
    QCOMPARE(body, expectedPassThrough(c.format, m));
    QVERIFY2(body.contains(kEscapedMember), "the escaped lookalike in the text was rewritten");
    const QStringList models = modelsRead(c.format, body, m == Mode::Sse);
    QVERIFY2(!models.isEmpty(), "the answer names no model");
    QCOMPARE(models, QStringList(models.size(), QString::fromUtf8(kAlias)));
    if (m == Mode::Json)
        QCOMPARE(client->header("content-length").toLongLong(), qint64(client->body().size()));

    const ReceivedRequest up = fx.upstream().lastRequest();
    const QString sent = QJsonDocument::fromJson(up.body).object().value(QLatin1String("model")).toString();
    QVERIFY2(sent.toUtf8() == kReal || (c.format == ApiFormat::Gemini && up.path().contains(QByteArray("/" + kReal + ":"))),
             up.target.constData());
    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.httpStatus, 200);
    QCOMPARE(row.model.toUtf8(), kAlias);
    QCOMPARE(row.upstreamModel.toUtf8(), kReal);
    QCOMPARE(row.usage.outputTokens, Transcripts::forFormat(c.format, kReal).outputTokens);
}

void TestModelRename::translatedAnswerNamesTheClientsModel_data()
{
    QTest::addColumn<int>("client");
    QTest::addColumn<int>("upstream");
    QTest::addColumn<bool>("stream");
    for (ApiFormat cf : FormatCase::all())
        for (ApiFormat uf : FormatCase::all())
            if (cf != uf)
                for (bool stream : {false, true})
                    QTest::addRow("%s->%s %s", FormatCase::name(cf), FormatCase::name(uf), stream ? "stream" : "json")
                        << int(cf) << int(uf) << stream;
}

// Translation writes the answer anew in the client's format: its encoder names the client's model.
void TestModelRename::translatedAnswerNamesTheClientsModel()
{
    QFETCH(int, client);
    QFETCH(int, upstream);
    QFETCH(bool, stream);
    const FormatCase c = aliasClient(ApiFormat(client));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(aliasConfig(ApiFormat(upstream))), qPrintable(fx.error()));
    fx.upstream().setHandler([](const ReceivedRequest &r) { return upstreamAnswer(r); });

    RawHttpClient *rc = fx.client();
    rc->post(c.target(stream), c.clientBody(stream), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY2(rc->waitForFinished(10000), rc->rawReceived().left(500).constData());
    QCOMPARE(rc->status(), 200);
    QCOMPARE(formatOfUpstreamPath(fx.upstream().lastRequest().path()), ApiFormat(upstream));

    QVERIFY2(!rc->body().contains(kRealValue), rc->body().left(2000).constData());
    const QStringList models = modelsRead(c.format, rc->body(), stream);
    QVERIFY2(!models.isEmpty(), rc->body().left(2000).constData());
    QCOMPARE(models, QStringList(models.size(), QString::fromUtf8(kAlias)));
    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.model.toUtf8(), kAlias);
    QCOMPARE(row.upstreamModel.toUtf8(), kReal);
}

void TestModelRename::answerAssembledFromAStreamNamesTheClientsModel_data()
{
    QTest::addColumn<int>("format");
    for (ApiFormat f : FormatCase::all())
        QTest::newRow(FormatCase::name(f)) << int(f);
}

// A same-format upstream that streams to a non-stream request: the relay assembles the JSON
// answer itself, and names the client's model in it.
void TestModelRename::answerAssembledFromAStreamNamesTheClientsModel()
{
    QFETCH(int, format);
    const FormatCase c = aliasClient(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(aliasConfig(c.format)), qPrintable(fx.error()));
    fx.upstream().setScript(Upstream::sseResponse(cannedAnswer(c.format, kReal).frames));

    RawHttpClient *client = fx.client();
    client->post(c.target(false), c.clientBody(false), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY2(client->waitForFinished(5000), client->rawReceived().left(500).constData());
    QCOMPARE(client->status(), 200);
    QVERIFY2(!client->body().contains(kRealValue), client->body().left(2000).constData());
    QCOMPARE(modelsRead(c.format, client->body(), false), QStringList{QString::fromUtf8(kAlias)});
    QCOMPARE(fx.lastRow().upstreamModel.toUtf8(), kReal);
}

QTEST_GUILESS_MAIN(TestModelRename)
#include "tst_modelrename.moc"
