// Same-format traffic through a real relay on loopback: what the client receives, what the
// upstream receives, and the row the relay stores, for each of the four formats.

#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

class TestPassthrough : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameFormatIsPassedThroughByteForByte_data();
    void sameFormatIsPassedThroughByteForByte();
    void clientKeyIsAcceptedFromEveryPlace_data();
    void clientKeyIsAcceptedFromEveryPlace();
    void unknownKeyIsRefusedInClientFormat_data();
    void unknownKeyIsRefusedInClientFormat();
    void modelWithoutChannelIsNotFound_data();
    void modelWithoutChannelIsNotFound();
    void oversizedBodyIsRefused();
    void malformedJsonIsBadRequest_data();
    void malformedJsonIsBadRequest();
    void upstreamErrorKeepsStatusAndMessage_data();
    void upstreamErrorKeepsStatusAndMessage();
    void modelListShowsTheKeysModels_data();
    void modelListShowsTheKeysModels();
    void geminiStreamWithoutAltSseIsJsonArray();
    void hopByHopHeadersNeverReachUpstream();
    void upstreamHeadersPassOnlyWhenAskedFor_data();
    void upstreamHeadersPassOnlyWhenAskedFor();
};

static void addFormatRows()
{
    QTest::addColumn<int>("format");
    for (ApiFormat f : FormatCase::all())
        QTest::newRow(FormatCase::name(f)) << int(f);
}

// Where a client key could leak to the upstream: the target, any header, the body.
static QString leakOf(const ReceivedRequest &r, const QByteArray &clientKey)
{
    if (r.target.contains(clientKey))
        return QStringLiteral("client key in upstream target ") + QString::fromUtf8(r.target);
    for (const auto &h : r.headers) {
        if (h.second.contains(clientKey))
            return QStringLiteral("client key in upstream header ") + QString::fromUtf8(h.first);
    }
    if (r.body.contains(clientKey))
        return QStringLiteral("client key in upstream body");
    return {};
}

void TestPassthrough::sameFormatIsPassedThroughByteForByte_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("stream");
    for (ApiFormat f : FormatCase::all()) {
        QTest::addRow("%s stream", FormatCase::name(f)) << int(f) << true;
        QTest::addRow("%s json", FormatCase::name(f)) << int(f) << false;
    }
}

void TestPassthrough::sameFormatIsPassedThroughByteForByte()
{
    QFETCH(int, format);
    QFETCH(bool, stream);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    RawHttpClient *client = fx.client();
    client->post(c.target(stream), c.clientBody(stream), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY2(client->waitForFinished(5000), client->rawReceived().left(500).constData());
    QCOMPARE(client->status(), 200);
    QVERIFY(client->bodyComplete());
    // Byte for byte but the model members: the standard channels rename the model (model_map)
    // and the client reads back its own name (tst_modelrename).
    if (stream) {
        QVERIFY2(client->header("content-type").startsWith("text/event-stream"), client->header("content-type").constData());
        QCOMPARE(ClientStream::withoutPings(client->body()), c.clientTranscript().joinedFrames());
    } else {
        QCOMPARE(client->body(), c.clientTranscript().json);
        QVERIFY2(!client->header("content-length").isEmpty(), "non-stream answer without Content-Length");
        QCOMPARE(client->header("content-length").toLongLong(), qint64(client->body().size()));
    }

    QCOMPARE(fx.upstream().requestCount(), 1);
    const ReceivedRequest up = fx.upstream().lastRequest();
    QCOMPARE(up.method, QByteArray("POST"));
    QCOMPARE(up.path(), c.upstreamPath(stream));
    if (c.format == ApiFormat::Gemini && stream)
        QVERIFY2(up.query().contains("alt=sse"), up.target.constData());
    QCOMPARE(up.body, c.upstreamBody(stream));
    const QString authProblem = c.checkUpstreamAuth(up);
    QVERIFY2(authProblem.isEmpty(), qPrintable(authProblem));
    const QString leak = leakOf(up, RelayFixture::kClientKey);
    QVERIFY2(leak.isEmpty(), qPrintable(leak));

    const RequestLogRow row = fx.lastRow();
    QVERIFY2(!row.requestId.isEmpty(), "no request row stored");
    QCOMPARE(row.requestId.toUtf8(), client->header("x-request-id"));
    QCOMPARE(row.httpStatus, 200);
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Done));
    QVERIFY(row.ok());
    QCOMPARE(row.stream, stream);
    QCOMPARE(row.keyName, QStringLiteral("tester"));
    QCOMPARE(row.channel.toUtf8(), c.channel);
    QCOMPARE(row.model.toUtf8(), c.clientModel);
    QCOMPARE(row.upstreamModel.toUtf8(), c.upstreamModel);
    QVERIFY(row.usage.known);
    QCOMPARE(row.usage.inputTokens, t.inputTokens);
    QCOMPARE(row.usage.outputTokens, t.outputTokens);
}

void TestPassthrough::clientKeyIsAcceptedFromEveryPlace_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("keyHeader"); // "" means ?key=
    const QByteArray key = RelayFixture::kClientKey;
    QTest::newRow("authorization bearer") << int(ApiFormat::OpenAIChat) << QByteArray("Authorization");
    QTest::newRow("x-api-key") << int(ApiFormat::OpenAIChat) << QByteArray("x-api-key");
    QTest::newRow("x-goog-api-key") << int(ApiFormat::OpenAIChat) << QByteArray("x-goog-api-key");
    QTest::newRow("query key, chat route") << int(ApiFormat::OpenAIChat) << QByteArray();
    QTest::newRow("query key, gemini route") << int(ApiFormat::Gemini) << QByteArray();
    QTest::newRow("x-api-key, anthropic route") << int(ApiFormat::Anthropic) << QByteArray("x-api-key");
}

void TestPassthrough::clientKeyIsAcceptedFromEveryPlace()
{
    QFETCH(int, format);
    QFETCH(QByteArray, keyHeader);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const QByteArray key = RelayFixture::kClientKey;
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    QByteArray target = c.target(false);
    HeaderList headers;
    if (keyHeader.isEmpty())
        target += (target.contains('?') ? "&key=" : "?key=") + key;
    else
        headers.append(qMakePair(keyHeader, keyHeader == "Authorization" ? QByteArray("Bearer " + key) : key));
    if (c.format == ApiFormat::Anthropic)
        headers.append(qMakePair(QByteArray("anthropic-version"), QByteArray("2023-06-01")));

    RawHttpClient *client = fx.client();
    client->post(target, c.clientBody(false), headers);
    QVERIFY(client->waitForFinished(5000));
    QVERIFY2(client->status() == 200, client->rawReceived().left(500).constData());
    QCOMPARE(fx.upstream().requestCount(), 1);
    const ReceivedRequest up = fx.upstream().lastRequest();
    const QString leak = leakOf(up, key);
    QVERIFY2(leak.isEmpty(), qPrintable(leak));
    const QString authProblem = c.checkUpstreamAuth(up);
    QVERIFY2(authProblem.isEmpty(), qPrintable(authProblem));
    QCOMPARE(fx.lastRow().keyName, QStringLiteral("tester"));
}

void TestPassthrough::unknownKeyIsRefusedInClientFormat_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("stream");
    for (ApiFormat f : FormatCase::all()) {
        QTest::addRow("%s stream", FormatCase::name(f)) << int(f) << true;
        QTest::addRow("%s json", FormatCase::name(f)) << int(f) << false;
    }
}

void TestPassthrough::unknownKeyIsRefusedInClientFormat()
{
    QFETCH(int, format);
    QFETCH(bool, stream);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    RawHttpClient *client = fx.client();
    client->post(c.target(stream), c.clientBody(stream), c.clientAuth("rk-nobody-knows-this-key"));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 401);
    const QString problem = ClientStream::checkErrorBody(c.format, client->body(), 401);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(fx.upstream().requestCount(), 0);

    const RequestLogRow row = fx.lastRow();
    QVERIFY2(!row.requestId.isEmpty(), "refused request left no row");
    QCOMPARE(row.httpStatus, 401);
    QVERIFY(row.keyName.isEmpty());
    QVERIFY(!row.ok());
}

void TestPassthrough::modelWithoutChannelIsNotFound_data()
{
    addFormatRows();
}

void TestPassthrough::modelWithoutChannelIsNotFound()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const QByteArray model = "no-such-model-xyz";
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    QByteArray target = c.target(false);
    QByteArray body = c.clientBody(false);
    target.replace(c.clientModel, model);
    body.replace(QByteArray("\"" + c.clientModel + "\""), QByteArray("\"" + model + "\""));
    RawHttpClient *client = fx.client();
    client->post(target, body, c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 404);
    QString message;
    const QString problem = ClientStream::checkErrorBody(c.format, client->body(), 404, &message);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(message.contains(QString::fromUtf8(model)), qPrintable(message));
    QCOMPARE(fx.upstream().requestCount(), 0);
    QCOMPARE(fx.lastRow().httpStatus, 404);
}

void TestPassthrough::oversizedBodyIsRefused()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("max_request_bytes"), 65536}}), qPrintable(fx.error()));

    const QByteArray body = R"({"model":"gpt-test","messages":[{"role":"user","content":")" + QByteArray(100 * 1024, 'x')
        + R"("}]})";
    RawHttpClient *client = fx.client();
    client->post(c.target(false), body, c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 413);
    const QString problem = ClientStream::checkErrorBody(c.format, client->body(), 413);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(fx.upstream().requestCount(), 0);
}

void TestPassthrough::malformedJsonIsBadRequest_data()
{
    addFormatRows();
}

void TestPassthrough::malformedJsonIsBadRequest()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    const QByteArray body = R"({"model": ")" + c.clientModel + R"(", "messages": [{"role": "user", )";
    RawHttpClient *client = fx.client();
    client->post(c.target(false), body, c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 400);
    const QString problem = ClientStream::checkErrorBody(c.format, client->body(), 400);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(fx.upstream().requestCount(), 0);
}

void TestPassthrough::upstreamErrorKeepsStatusAndMessage_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("stream");
    for (ApiFormat f : FormatCase::all()) {
        QTest::addRow("%s 400 json", FormatCase::name(f)) << int(f) << 400 << false;
        QTest::addRow("%s 500 json", FormatCase::name(f)) << int(f) << 500 << false;
        QTest::addRow("%s 400 stream", FormatCase::name(f)) << int(f) << 400 << true;
    }
}

void TestPassthrough::upstreamErrorKeepsStatusAndMessage()
{
    QFETCH(int, format);
    QFETCH(int, status);
    QFETCH(bool, stream);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const QByteArray upstreamMessage = "temperature 0.70 is cursed today";
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    fx.upstream().setScript(Upstream::jsonResponse(status, Transcripts::errorBody(c.format, status, upstreamMessage)));

    RawHttpClient *client = fx.client();
    client->post(c.target(stream), c.clientBody(stream), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), status);
    QString message;
    const QString problem = ClientStream::checkErrorBody(c.format, client->body(), status, &message);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(message.contains(QString::fromUtf8(upstreamMessage)), qPrintable(message));

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.httpStatus, status);
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::UpstreamError));
    QVERIFY(!row.ok());
}

void TestPassthrough::modelListShowsTheKeysModels_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QStringList>("expected");
    const QByteArray all = RelayFixture::kClientKey;
    const QByteArray limited = RelayFixture::kLimitedKey;
    const QStringList allModels{QStringLiteral("claude-test"), QStringLiteral("gemini-test"),
                                QStringLiteral("gpt-test"), QStringLiteral("resp-test")};
    const QStringList limitedModels{QStringLiteral("claude-test"), QStringLiteral("gpt-test")};
    QTest::newRow("openai, every model") << QByteArray("/v1/models") << HeaderList{{"Authorization", "Bearer " + all}} << allModels;
    QTest::newRow("openai, limited key") << QByteArray("/v1/models") << HeaderList{{"Authorization", "Bearer " + limited}}
                                         << limitedModels;
    QTest::newRow("anthropic, limited key")
        << QByteArray("/v1/models") << HeaderList{{"x-api-key", limited}, {"anthropic-version", "2023-06-01"}} << limitedModels;
    QTest::newRow("gemini, limited key") << QByteArray("/v1beta/models") << HeaderList{{"x-goog-api-key", limited}}
                                         << limitedModels;
}

// The model ids of a model list in any of the three shapes (OpenAI and Anthropic `data[].id`,
// Gemini `models[].name` as "models/<id>").
static QStringList listedModels(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QStringList ids;
    for (const QJsonValue v : o.value(QLatin1String("data")).toArray())
        ids.append(v.toObject().value(QLatin1String("id")).toString());
    for (const QJsonValue v : o.value(QLatin1String("models")).toArray()) {
        QString name = v.toObject().value(QLatin1String("name")).toString();
        ids.append(name.startsWith(QLatin1String("models/")) ? name.mid(7) : name);
    }
    ids.sort();
    return ids;
}

void TestPassthrough::modelListShowsTheKeysModels()
{
    QFETCH(QByteArray, target);
    QFETCH(HeaderList, headers);
    QFETCH(QStringList, expected);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    RawHttpClient *client = fx.client();
    client->get(target, headers);
    QVERIFY(client->waitForFinished(5000));
    QVERIFY2(client->status() == 200, client->rawReceived().left(500).constData());
    QCOMPARE(listedModels(client->body()), expected);
    QCOMPARE(fx.upstream().requestCount(), 0);
}

void TestPassthrough::geminiStreamWithoutAltSseIsJsonArray()
{
    const FormatCase c = FormatCase::of(ApiFormat::Gemini);
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    RawHttpClient *client = fx.client();
    client->post("/v1beta/models/" + c.clientModel + ":streamGenerateContent", c.clientBody(true),
                 c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(client->body(), &err);
    QVERIFY2(err.error == QJsonParseError::NoError && doc.isArray(), client->body().left(500).constData());
    QString text;
    QString finish;
    for (const QJsonValue v : doc.array()) {
        const QJsonObject cand = v.toObject().value(QLatin1String("candidates")).toArray().at(0).toObject();
        for (const QJsonValue p : cand.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray())
            text += p.toObject().value(QLatin1String("text")).toString();
        if (cand.contains(QLatin1String("finishReason")))
            finish = cand.value(QLatin1String("finishReason")).toString();
    }
    QCOMPARE(text.toUtf8(), t.text);
    QCOMPARE(finish, QStringLiteral("STOP"));

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.httpStatus, 200);
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Done));
    QCOMPARE(row.usage.inputTokens, t.inputTokens);
    QCOMPARE(row.usage.outputTokens, t.outputTokens);
}

void TestPassthrough::hopByHopHeadersNeverReachUpstream()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));

    HeaderList headers = c.clientAuth(RelayFixture::kClientKey);
    headers += HeaderList{
        {"Connection", "keep-alive, X-Hop-Secret"},
        {"X-Hop-Secret", "hop-value-1"},
        {"Keep-Alive", "timeout=5"},
        {"Cookie", "session=cookie-value-2"},
        {"X-Forwarded-For", "10.1.2.3"},
        {"Proxy-Authorization", "Basic cHJveHk6c2VjcmV0"},
        {"TE", "trailers"},
    };
    RawHttpClient *client = fx.client();
    client->post(c.target(false), c.clientBody(false), headers);
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);

    QCOMPARE(fx.upstream().requestCount(), 1);
    const ReceivedRequest up = fx.upstream().lastRequest();
    for (const char *name : {"X-Hop-Secret", "Cookie", "X-Forwarded-For", "Proxy-Authorization", "Keep-Alive", "TE"})
        QVERIFY2(!up.hasHeader(name), qPrintable(QStringLiteral("%1 reached the upstream").arg(QLatin1String(name))));
    QVERIFY2(!up.header("connection").toLower().contains("x-hop-secret"), up.header("connection").constData());
    for (const auto &h : up.headers) {
        for (const QByteArray &value : {QByteArray("hop-value-1"), QByteArray("cookie-value-2"), QByteArray("10.1.2.3")})
            QVERIFY2(!h.second.contains(value), h.first.constData());
    }
}

void TestPassthrough::upstreamHeadersPassOnlyWhenAskedFor_data()
{
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("passthrough");
    for (bool stream : {true, false})
        for (bool pass : {true, false})
            QTest::addRow("%s %s", stream ? "stream" : "json", pass ? "on" : "off") << stream << pass;
}

// passthrough_upstream_headers: end-to-end headers (rate limits) reach the client when on,
// never when off; cookies and hop-by-hop headers never do.
void TestPassthrough::upstreamHeadersPassOnlyWhenAskedFor()
{
    QFETCH(bool, stream);
    QFETCH(bool, passthrough);
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.start(QJsonObject{{QStringLiteral("passthrough_upstream_headers"), passthrough}}), qPrintable(fx.error()));
    const HeaderList upstreamHeaders{{"X-Ratelimit-Remaining-Requests", "42"}, {"Set-Cookie", "track=1"}};
    UpstreamScript script;
    if (stream) {
        script.head(200, HeaderList{{"Content-Type", "text/event-stream"}} + upstreamHeaders).sendFrames(t.frames);
    } else {
        script.head(200, HeaderList{{"Content-Type", "application/json"}} + upstreamHeaders, Framing::ContentLength,
                    t.json.size())
            .send(t.json);
    }
    fx.upstream().setScript(script);

    RawHttpClient *client = fx.client();
    client->post(c.target(stream), c.clientBody(stream), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);
    QCOMPARE(client->header("x-ratelimit-remaining-requests"), passthrough ? QByteArray("42") : QByteArray());
    QVERIFY(client->header("set-cookie").isEmpty());
}

QTEST_GUILESS_MAIN(TestPassthrough)
#include "tst_passthrough.moc"
