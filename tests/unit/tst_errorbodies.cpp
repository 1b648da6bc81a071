// Errors as each client format's SDK expects them: complete bodies, in-stream error frames,
// keep-alive frames and model lists; plus RelayError's status mapping and message extraction.
#include "formats/formatadapter.h"
#include "formats/relayerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

Q_DECLARE_METATYPE(ApiFormat)
Q_DECLARE_METATYPE(ErrorCode)

namespace {

struct CodeNames
{
    ErrorCode code;
    const char *name;
    int status;
    const char *openAIType;
    const char *openAICode; // nullptr: JSON null
    const char *anthropicType;
    const char *geminiStatus;
};

const CodeNames codeTable[] = {
    {ErrorCode::InvalidRequest, "invalid-request", 400, "invalid_request_error", nullptr, "invalid_request_error", "INVALID_ARGUMENT"},
    {ErrorCode::Authentication, "authentication", 401, "authentication_error", "invalid_api_key", "authentication_error", "UNAUTHENTICATED"},
    {ErrorCode::Permission, "permission", 403, "permission_error", "permission_denied", "permission_error", "PERMISSION_DENIED"},
    {ErrorCode::NotFound, "not-found", 404, "invalid_request_error", "model_not_found", "not_found_error", "NOT_FOUND"},
    {ErrorCode::UnknownRoute, "unknown-route", 404, "invalid_request_error", "not_found", "not_found_error", "NOT_FOUND"},
    {ErrorCode::RequestTooLarge, "too-large", 413, "invalid_request_error", "request_too_large", "request_too_large", "INVALID_ARGUMENT"},
    {ErrorCode::RateLimit, "rate-limit", 429, "rate_limit_error", "rate_limit_exceeded", "rate_limit_error", "RESOURCE_EXHAUSTED"},
    {ErrorCode::InsufficientQuota, "quota", 429, "insufficient_quota", "insufficient_quota", "rate_limit_error", "RESOURCE_EXHAUSTED"},
    {ErrorCode::Timeout, "timeout", 504, "timeout_error", "timeout", "api_error", "DEADLINE_EXCEEDED"},
    {ErrorCode::Upstream, "upstream", 502, "server_error", "upstream_error", "api_error", "INTERNAL"},
    {ErrorCode::Unavailable, "unavailable", 503, "server_error", "service_unavailable", "api_error", "UNAVAILABLE"},
    {ErrorCode::Overloaded, "overloaded", 529, "server_error", "server_overloaded", "overloaded_error", "UNAVAILABLE"},
    {ErrorCode::Internal, "internal", 500, "server_error", "internal_error", "api_error", "INTERNAL"},
};

const ApiFormat allFormats[] = {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic, ApiFormat::Gemini};

const CodeNames &namesFor(ErrorCode code)
{
    for (const CodeNames &n : codeTable)
        if (n.code == code)
            return n;
    return codeTable[0];
}

QJsonObject parseObject(const QByteArray &bytes)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        qWarning() << "not a JSON object:" << bytes;
    return doc.object();
}

struct Frame
{
    QByteArray event;
    QByteArray data;
    bool wellFormed = false;
};

// Splits one SSE frame by the event-stream rules the clients' parsers use.
Frame parseFrame(const QByteArray &frame)
{
    Frame f;
    if (!frame.endsWith("\n\n") || frame.count("\n\n") != 1 || frame.contains('\r'))
        return f;
    const QList<QByteArray> lines = frame.chopped(2).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("event: "))
            f.event = line.mid(7);
        else if (line.startsWith("data: "))
            f.data += line.mid(6);
        else
            return f;
    }
    f.wellFormed = !f.data.isEmpty();
    return f;
}

void verifyOpenAIError(const QJsonObject &error, const CodeNames &n, const QString &message)
{
    QCOMPARE(error.value("message").toString(), message);
    QCOMPARE(error.value("type").toString(), QString::fromLatin1(n.openAIType));
    QVERIFY(error.contains("param"));
    QVERIFY(error.value("param").isNull());
    QVERIFY(error.contains("code"));
    if (n.openAICode)
        QCOMPARE(error.value("code").toString(), QString::fromLatin1(n.openAICode));
    else
        QVERIFY(error.value("code").isNull());
}

} // namespace

class TestErrorBodies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorBodyHasTheFormatsShape_data();
    void errorBodyHasTheFormatsShape();
    void streamErrorFrameIsOneWellFormedSseEvent_data();
    void streamErrorFrameIsOneWellFormedSseEvent();
    void openAIParamIsReportedWhenSet();
    void emptyMessageGetsReadableDefault_data();
    void emptyMessageGetsReadableDefault();
    void ownErrorBodyIsRecognisedAndOthersAreNot();
    void upstreamErrorShapesAreRecognised_data();
    void upstreamErrorShapesAreRecognised();
    void pingFrameIsTheFormatsKeepAlive_data();
    void pingFrameIsTheFormatsKeepAlive();
    void modelsListInOpenAIFormat();
    void modelsListInAnthropicFormat();
    void modelsListInGeminiFormat();
    void emptyModelsListsAreValid();
    void defaultStatusPerCode();
    void httpStatusMapsToCode_data();
    void httpStatusMapsToCode();
    void errorMessageIsExtractedFromCommonShapes_data();
    void errorMessageIsExtractedFromCommonShapes();
    void extractedMessageIsBounded();
};

static void addFormatTimesCodeRows()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<ErrorCode>("code");
    for (ApiFormat f : allFormats)
        for (const CodeNames &n : codeTable)
            QTest::addRow("%s/%s", qPrintable(apiFormatName(f)), n.name) << f << n.code;
}

void TestErrorBodies::errorBodyHasTheFormatsShape_data()
{
    addFormatTimesCodeRows();
}

void TestErrorBodies::errorBodyHasTheFormatsShape()
{
    QFETCH(ApiFormat, format);
    QFETCH(ErrorCode, code);
    const CodeNames &n = namesFor(code);
    const RelayError error = RelayError::make(code, QStringLiteral("model \"x\" says: nope"));
    QCOMPARE(error.httpStatus, n.status);
    const QByteArray body = formatAdapter(format).errorBody(error);
    const QJsonObject o = parseObject(body);
    QCOMPARE(body, QJsonDocument(o).toJson(QJsonDocument::Compact));
    const QJsonObject inner = o.value("error").toObject();
    switch (format) {
    case ApiFormat::OpenAIChat:
    case ApiFormat::OpenAIResponses:
        QCOMPARE(o.size(), 1);
        verifyOpenAIError(inner, n, error.message);
        break;
    case ApiFormat::Anthropic:
        QCOMPARE(o.value("type").toString(), QStringLiteral("error"));
        QCOMPARE(inner.value("type").toString(), QString::fromLatin1(n.anthropicType));
        QCOMPARE(inner.value("message").toString(), error.message);
        break;
    case ApiFormat::Gemini:
        QCOMPARE(o.size(), 1);
        QCOMPARE(inner.value("code").toInt(), n.status);
        QVERIFY(inner.value("code").isDouble());
        QCOMPARE(inner.value("status").toString(), QString::fromLatin1(n.geminiStatus));
        QCOMPARE(inner.value("message").toString(), error.message);
        break;
    }
}

void TestErrorBodies::streamErrorFrameIsOneWellFormedSseEvent_data()
{
    addFormatTimesCodeRows();
}

void TestErrorBodies::streamErrorFrameIsOneWellFormedSseEvent()
{
    QFETCH(ApiFormat, format);
    QFETCH(ErrorCode, code);
    const CodeNames &n = namesFor(code);
    const RelayError error = RelayError::make(code, QStringLiteral("line one\nline two"));
    const QByteArray bytes = formatAdapter(format).streamErrorFrame(error, 42);
    const Frame frame = parseFrame(bytes);
    QVERIFY2(frame.wellFormed, bytes.constData());
    const QJsonObject payload = parseObject(frame.data);
    switch (format) {
    case ApiFormat::OpenAIChat:
        QVERIFY(frame.event.isEmpty());
        QCOMPARE(payload, parseObject(formatAdapter(format).errorBody(error)));
        break;
    case ApiFormat::OpenAIResponses: // strict clients need a top-level type and number
        QCOMPARE(frame.event, QByteArray("error"));
        QCOMPARE(payload.value("type").toString(), QStringLiteral("error"));
        QCOMPARE(payload.value("sequence_number").toInteger(), 42);
        QCOMPARE(payload.value("message").toString(), error.message);
        QVERIFY(payload.value("code").isString());
        QCOMPARE(payload.value("code").toString(),
                 QString::fromLatin1(n.openAICode ? n.openAICode : n.openAIType));
        QVERIFY(payload.contains("param"));
        QVERIFY(!payload.contains("error"));
        break;
    case ApiFormat::Anthropic:
        QCOMPARE(frame.event, QByteArray("error"));
        QCOMPARE(payload.value("type").toString(), QStringLiteral("error"));
        QCOMPARE(payload.value("error").toObject().value("type").toString(), QString::fromLatin1(n.anthropicType));
        QCOMPARE(payload.value("error").toObject().value("message").toString(), error.message);
        break;
    case ApiFormat::Gemini:
        QVERIFY(frame.event.isEmpty());
        QCOMPARE(payload.value("error").toObject().value("status").toString(), QString::fromLatin1(n.geminiStatus));
        QCOMPARE(payload.value("error").toObject().value("code").toInt(), n.status);
        break;
    }
}

void TestErrorBodies::openAIParamIsReportedWhenSet()
{
    RelayError error = RelayError::make(ErrorCode::InvalidRequest, QStringLiteral("messages must not be empty"));
    error.param = QStringLiteral("messages");
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses}) {
        const QJsonObject inner = parseObject(formatAdapter(f).errorBody(error)).value("error").toObject();
        QCOMPARE(inner.value("param").toString(), QStringLiteral("messages"));
    }
    const QJsonObject event = parseObject(parseFrame(formatAdapter(ApiFormat::OpenAIResponses).streamErrorFrame(error, 1)).data);
    QCOMPARE(event.value("param").toString(), QStringLiteral("messages"));
}

void TestErrorBodies::emptyMessageGetsReadableDefault_data()
{
    addFormatTimesCodeRows();
}

void TestErrorBodies::emptyMessageGetsReadableDefault()
{
    QFETCH(ApiFormat, format);
    QFETCH(ErrorCode, code);
    const QJsonObject o = parseObject(formatAdapter(format).errorBody(RelayError::make(code, QString())));
    const QJsonValue message = o.value("error").toObject().value("message");
    QVERIFY(message.isString());
    QVERIFY(!message.toString().isEmpty());
}

void TestErrorBodies::ownErrorBodyIsRecognisedAndOthersAreNot()
{
    const RelayError error = RelayError::make(ErrorCode::RateLimit, QStringLiteral("slow down"));
    for (ApiFormat producer : allFormats) {
        const QJsonObject body = parseObject(formatAdapter(producer).errorBody(error));
        for (ApiFormat judge : allFormats) {
            const bool sameFamily = producer == judge
                || (producer != ApiFormat::Anthropic && producer != ApiFormat::Gemini
                    && judge != ApiFormat::Anthropic && judge != ApiFormat::Gemini);
            QVERIFY2(formatAdapter(judge).isOwnErrorBody(body) == sameFamily,
                     qPrintable(apiFormatName(judge) + QLatin1String(" judging ") + apiFormatName(producer)));
        }
    }
}

void TestErrorBodies::upstreamErrorShapesAreRecognised_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("own");
    QTest::addRow("openai real 401") << ApiFormat::OpenAIChat
        << QByteArray(R"({"error":{"message":"Incorrect API key provided: sk-abc.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})") << true;
    QTest::addRow("openai compatible int code") << ApiFormat::OpenAIChat
        << QByteArray(R"({"error":{"message":"bad","type":"upstream_error","code":400}})") << true;
    QTest::addRow("openai: bare message is not own") << ApiFormat::OpenAIChat << QByteArray(R"({"message":"bad"})") << false;
    QTest::addRow("openai: success body") << ApiFormat::OpenAIResponses
        << QByteArray(R"({"id":"resp_1","object":"response","status":"completed","error":null})") << false;
    QTest::addRow("anthropic real 529") << ApiFormat::Anthropic
        << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011"})") << true;
    QTest::addRow("anthropic: openai shape") << ApiFormat::Anthropic << QByteArray(R"({"error":{"message":"x","type":"y"}})") << false;
    QTest::addRow("gemini real 400") << ApiFormat::Gemini
        << QByteArray(R"({"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT","details":[]}})") << true;
    QTest::addRow("gemini: code only") << ApiFormat::Gemini << QByteArray(R"({"error":{"code":404,"message":"nope"}})") << true;
    QTest::addRow("gemini: error string") << ApiFormat::Gemini << QByteArray(R"({"error":"nope"})") << false;
}

void TestErrorBodies::upstreamErrorShapesAreRecognised()
{
    QFETCH(ApiFormat, format);
    QFETCH(QByteArray, body);
    QFETCH(bool, own);
    QCOMPARE(formatAdapter(format).isOwnErrorBody(parseObject(body)), own);
}

void TestErrorBodies::pingFrameIsTheFormatsKeepAlive_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<QByteArray>("frame");
    QTest::addRow("openai-chat") << ApiFormat::OpenAIChat << QByteArray(": keep-alive\n\n");
    QTest::addRow("openai-responses") << ApiFormat::OpenAIResponses << QByteArray(": keep-alive\n\n");
    QTest::addRow("anthropic") << ApiFormat::Anthropic << QByteArray("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    QTest::addRow("gemini") << ApiFormat::Gemini << QByteArray(": keep-alive\n\n");
}

void TestErrorBodies::pingFrameIsTheFormatsKeepAlive()
{
    QFETCH(ApiFormat, format);
    QFETCH(QByteArray, frame);
    QCOMPARE(formatAdapter(format).pingFrame(), frame);
    QCOMPARE(formatAdapter(format).format(), format);
}

void TestErrorBodies::modelsListInOpenAIFormat()
{
    const QStringList models{QStringLiteral("gpt-5"), QStringLiteral("claude-sonnet-4-5")};
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses}) {
        const QJsonObject o = parseObject(formatAdapter(f).modelsListBody(models));
        QCOMPARE(o.value("object").toString(), QStringLiteral("list"));
        const QJsonArray data = o.value("data").toArray();
        QCOMPARE(data.size(), 2);
        const QJsonObject first = data.at(0).toObject();
        QCOMPARE(first.value("id").toString(), QStringLiteral("gpt-5"));
        QCOMPARE(first.value("object").toString(), QStringLiteral("model"));
        QVERIFY(first.value("created").isDouble());
        QCOMPARE(first.value("owned_by").toString(), QStringLiteral("relaydesk"));
        QCOMPARE(data.at(1).toObject().value("id").toString(), QStringLiteral("claude-sonnet-4-5"));
    }
}

void TestErrorBodies::modelsListInAnthropicFormat()
{
    const QJsonObject o = parseObject(formatAdapter(ApiFormat::Anthropic)
                                          .modelsListBody({QStringLiteral("claude-opus-4-1"), QStringLiteral("gpt-5")}));
    const QJsonArray data = o.value("data").toArray();
    QCOMPARE(data.size(), 2);
    const QJsonObject first = data.at(0).toObject();
    QCOMPARE(first.value("type").toString(), QStringLiteral("model"));
    QCOMPARE(first.value("id").toString(), QStringLiteral("claude-opus-4-1"));
    QCOMPARE(first.value("display_name").toString(), QStringLiteral("claude-opus-4-1"));
    QCOMPARE(first.value("created_at").toString(), QStringLiteral("1970-01-01T00:00:00Z"));
    QCOMPARE(o.value("has_more").toBool(true), false);
    QCOMPARE(o.value("first_id").toString(), QStringLiteral("claude-opus-4-1"));
    QCOMPARE(o.value("last_id").toString(), QStringLiteral("gpt-5"));
}

void TestErrorBodies::modelsListInGeminiFormat()
{
    const QJsonObject o = parseObject(formatAdapter(ApiFormat::Gemini).modelsListBody({QStringLiteral("gemini-2.5-pro")}));
    const QJsonArray models = o.value("models").toArray();
    QCOMPARE(models.size(), 1);
    const QJsonObject m = models.at(0).toObject();
    QCOMPARE(m.value("name").toString(), QStringLiteral("models/gemini-2.5-pro"));
    QCOMPARE(m.value("displayName").toString(), QStringLiteral("gemini-2.5-pro"));
    QCOMPARE(m.value("supportedGenerationMethods").toArray(),
             QJsonArray({QStringLiteral("generateContent"), QStringLiteral("streamGenerateContent")}));
}

void TestErrorBodies::emptyModelsListsAreValid()
{
    QCOMPARE(parseObject(formatAdapter(ApiFormat::OpenAIChat).modelsListBody({})).value("data").toArray().size(), 0);
    const QJsonObject a = parseObject(formatAdapter(ApiFormat::Anthropic).modelsListBody({}));
    QVERIFY(a.value("first_id").isNull());
    QVERIFY(a.value("last_id").isNull());
    QVERIFY(a.value("data").isArray());
    QVERIFY(parseObject(formatAdapter(ApiFormat::Gemini).modelsListBody({})).value("models").isArray());
}

void TestErrorBodies::defaultStatusPerCode()
{
    for (const CodeNames &n : codeTable) {
        QCOMPARE(RelayError::defaultStatus(n.code), n.status);
        const RelayError e = RelayError::make(n.code, QStringLiteral("m"));
        QCOMPARE(e.code, n.code);
        QCOMPARE(e.message, QStringLiteral("m"));
        QVERIFY(e.param.isEmpty());
    }
}

void TestErrorBodies::httpStatusMapsToCode_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ErrorCode>("code");
    QTest::addRow("400") << 400 << ErrorCode::InvalidRequest;
    QTest::addRow("422") << 422 << ErrorCode::InvalidRequest;
    QTest::addRow("401") << 401 << ErrorCode::Authentication;
    QTest::addRow("403") << 403 << ErrorCode::Permission;
    QTest::addRow("404") << 404 << ErrorCode::NotFound;
    QTest::addRow("413") << 413 << ErrorCode::RequestTooLarge;
    QTest::addRow("429") << 429 << ErrorCode::RateLimit;
    QTest::addRow("408") << 408 << ErrorCode::Timeout;
    QTest::addRow("504") << 504 << ErrorCode::Timeout;
    QTest::addRow("503") << 503 << ErrorCode::Unavailable;
    QTest::addRow("529") << 529 << ErrorCode::Overloaded;
    QTest::addRow("500") << 500 << ErrorCode::Upstream;
    QTest::addRow("502") << 502 << ErrorCode::Upstream;
    QTest::addRow("520") << 520 << ErrorCode::Upstream;
    QTest::addRow("409") << 409 << ErrorCode::InvalidRequest;
    QTest::addRow("no reply") << 0 << ErrorCode::Upstream;
}

void TestErrorBodies::httpStatusMapsToCode()
{
    QFETCH(int, status);
    QFETCH(ErrorCode, code);
    QCOMPARE(RelayError::codeForHttpStatus(status), code);
}

void TestErrorBodies::errorMessageIsExtractedFromCommonShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addRow("openai") << QByteArray(R"({"error":{"message":"Incorrect API key","type":"invalid_request_error"}})") << "Incorrect API key";
    QTest::addRow("anthropic") << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})") << "Overloaded";
    QTest::addRow("gemini") << QByteArray(R"({"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}})") << "Quota exceeded";
    QTest::addRow("gemini array") << QByteArray(R"([{"error":{"code":500,"message":"Internal","status":"INTERNAL"}}])") << "Internal";
    QTest::addRow("error string") << QByteArray(R"({"error":"model not allowed"})") << "model not allowed";
    QTest::addRow("message") << QByteArray(R"({"message":"Too many requests","code":1302})") << "Too many requests";
    QTest::addRow("msg") << QByteArray(R"({"code":-1,"msg":"invalid token"})") << "invalid token";
    QTest::addRow("error_msg") << QByteArray(R"({"error_code":110,"error_msg":"Access token invalid"})") << "Access token invalid";
    QTest::addRow("detail") << QByteArray(R"({"detail":"Not Found"})") << "Not Found";
    QTest::addRow("fastapi detail list") << QByteArray(R"({"detail":[{"loc":["body","model"],"msg":"field required"}]})") << "field required";
    QTest::addRow("errors list") << QByteArray(R"({"errors":[{"message":"Unauthorized","code":10000}],"success":false})") << "Unauthorized";
    QTest::addRow("error object with msg") << QByteArray(R"({"error":{"msg":"busy"}})") << "busy";
    QTest::addRow("html") << QByteArray("  <html><body>502 Bad Gateway</body></html>\n") << "<html><body>502 Bad Gateway</body></html>";
    QTest::addRow("plain text") << QByteArray("upstream connect error\n") << "upstream connect error";
    QTest::addRow("json without message") << QByteArray(R"({"status":500})") << R"({"status":500})";
    QTest::addRow("empty") << QByteArray() << QString();
}

void TestErrorBodies::errorMessageIsExtractedFromCommonShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QCOMPARE(extractErrorMessage(body), message);
}

void TestErrorBodies::extractedMessageIsBounded()
{
    const QByteArray huge(100000, 'x');
    QCOMPARE(extractErrorMessage(huge).size(), 2000);
    const QByteArray inJson = R"({"error":{"message":")" + huge + R"("}})";
    QCOMPARE(extractErrorMessage(inJson).size(), 2000);
    // A surrogate pair straddling the limit is dropped whole, not split.
    const QByteArray emoji = QByteArray(1999, 'a') + "\xF0\x9F\x98\x80" + "tail";
    const QString m = extractErrorMessage(emoji);
    QVERIFY(m.size() <= 2000);
    QVERIFY(!m.back().isHighSurrogate());
}

QTEST_APPLESS_MAIN(TestErrorBodies)
#include "tst_errorbodies.moc"
