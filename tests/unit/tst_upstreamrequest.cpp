// The request side of each format: which model and stream mode a client asked for, what the
// client's stream looks like, and the URL and auth headers of a request to a channel.
#include "formats/formatadapter.h"

#include <QJsonDocument>
#include <QTest>

Q_DECLARE_METATYPE(ApiFormat)

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

class TestUpstreamRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upstreamUrlJoinsBaseAndEndpoint_data();
    void upstreamUrlJoinsBaseAndEndpoint();
    void clientQueryIsNeverForwarded_data();
    void clientQueryIsNeverForwarded();
    void authHeadersUseTheFormatsScheme_data();
    void authHeadersUseTheFormatsScheme();
    void requestModelAndStreamFlag_data();
    void requestModelAndStreamFlag();
    void geminiStreamIsSseOnlyWithAltSse_data();
    void geminiStreamIsSseOnlyWithAltSse();
    void otherFormatsAlwaysStreamSse();
};

void TestUpstreamRequest::upstreamUrlJoinsBaseAndEndpoint_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("url");
    const auto chat = ApiFormat::OpenAIChat;
    const auto responses = ApiFormat::OpenAIResponses;
    const auto anthropic = ApiFormat::Anthropic;
    const auto gemini = ApiFormat::Gemini;
    const QString chatUrl = QStringLiteral("https://api.openai.com/v1/chat/completions");
    // clang-format off
    QTest::newRow("chat bare host") << chat << "https://api.openai.com" << "gpt-5" << true << chatUrl;
    QTest::newRow("chat trailing slash") << chat << "https://api.openai.com/" << "gpt-5" << true << chatUrl;
    QTest::newRow("chat with v1") << chat << "https://api.openai.com/v1" << "gpt-5" << false << chatUrl;
    QTest::newRow("chat with v1/") << chat << "https://api.openai.com/v1/" << "gpt-5" << false << chatUrl;
    QTest::newRow("chat with v1//") << chat << "https://api.openai.com/v1//" << "gpt-5" << false << chatUrl;
    QTest::newRow("chat padded") << chat << "  https://api.openai.com/v1 " << "gpt-5" << false << chatUrl;
    QTest::newRow("chat no scheme") << chat << "api.openai.com" << "gpt-5" << false << chatUrl;
    QTest::newRow("chat full endpoint pasted") << chat << "https://api.openai.com/v1/chat/completions" << "gpt-5" << false << chatUrl;
    QTest::newRow("chat path prefix") << chat << "https://host/openai" << "gpt-5" << false << "https://host/openai/v1/chat/completions";
    QTest::newRow("chat path prefix + v1") << chat << "https://host/openai/v1/" << "gpt-5" << false << "https://host/openai/v1/chat/completions";
    QTest::newRow("chat other version") << chat << "https://open.bigmodel.cn/api/paas/v4" << "glm-4.6" << false << "https://open.bigmodel.cn/api/paas/v4/chat/completions";
    QTest::newRow("chat loopback port") << chat << "http://127.0.0.1:8080" << "local" << true << "http://127.0.0.1:8080/v1/chat/completions";
    QTest::newRow("chat base query kept") << chat << "https://gw.example.com/v1?api-version=2024-10-21" << "gpt-5" << false << "https://gw.example.com/v1/chat/completions?api-version=2024-10-21";
    QTest::newRow("responses bare host") << responses << "https://api.openai.com" << "gpt-5" << true << "https://api.openai.com/v1/responses";
    QTest::newRow("responses with v1") << responses << "https://api.openai.com/v1/" << "gpt-5" << true << "https://api.openai.com/v1/responses";
    QTest::newRow("responses prefix") << responses << "https://proxy.example.com/openai" << "gpt-5" << true << "https://proxy.example.com/openai/v1/responses";
    QTest::newRow("anthropic bare host") << anthropic << "https://api.anthropic.com" << "claude-sonnet-4-5" << true << "https://api.anthropic.com/v1/messages";
    QTest::newRow("anthropic with v1") << anthropic << "https://api.anthropic.com/v1" << "claude-sonnet-4-5" << false << "https://api.anthropic.com/v1/messages";
    QTest::newRow("anthropic prefix") << anthropic << "https://open.bigmodel.cn/api/anthropic" << "glm-4.6" << true << "https://open.bigmodel.cn/api/anthropic/v1/messages";
    QTest::newRow("gemini generate") << gemini << "https://generativelanguage.googleapis.com" << "gemini-2.5-pro" << false << "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent";
    QTest::newRow("gemini stream is sse") << gemini << "https://generativelanguage.googleapis.com" << "gemini-2.5-pro" << true << "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse";
    QTest::newRow("gemini with v1beta/") << gemini << "https://generativelanguage.googleapis.com/v1beta/" << "gemini-2.5-flash" << true << "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
    QTest::newRow("gemini with v1") << gemini << "https://generativelanguage.googleapis.com/v1" << "gemini-2.5-flash" << false << "https://generativelanguage.googleapis.com/v1/models/gemini-2.5-flash:generateContent";
    QTest::newRow("gemini models/ prefix") << gemini << "https://generativelanguage.googleapis.com" << "models/gemini-2.5-flash" << false << "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent";
    QTest::newRow("gemini path prefix") << gemini << "https://gw.example.com/google" << "gemini-2.5-pro" << true << "https://gw.example.com/google/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse";
    // clang-format on
}

void TestUpstreamRequest::upstreamUrlJoinsBaseAndEndpoint()
{
    QFETCH(ApiFormat, format);
    QFETCH(QString, base);
    QFETCH(QString, model);
    QFETCH(bool, stream);
    QFETCH(QString, url);
    const QUrl result = formatAdapter(format).upstreamUrl(base, model, stream, QUrlQuery());
    QVERIFY2(result.isValid(), qPrintable(result.errorString()));
    QCOMPARE(result.toString(QUrl::FullyEncoded), url);
}

void TestUpstreamRequest::clientQueryIsNeverForwarded_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<bool>("stream");
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic, ApiFormat::Gemini})
        for (bool stream : {false, true})
            QTest::addRow("%s/%s", qPrintable(apiFormatName(f)), stream ? "stream" : "plain") << f << stream;
}

// `?key=` carries the client's own relay key: it must never reach an upstream.
void TestUpstreamRequest::clientQueryIsNeverForwarded()
{
    QFETCH(ApiFormat, format);
    QFETCH(bool, stream);
    const QUrlQuery clientQuery(QStringLiteral("key=rk-client-secret&alt=json&trace_id=t1"));
    const QUrl url = formatAdapter(format).upstreamUrl(QStringLiteral("https://upstream.example.com"),
                                                       QStringLiteral("m"), stream, clientQuery);
    const QString text = url.toString();
    QVERIFY2(!text.contains(QLatin1String("rk-client-secret")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("trace_id")), qPrintable(text));
    const bool wantsAltSse = format == ApiFormat::Gemini && stream;
    QCOMPARE(url.query(), wantsAltSse ? QStringLiteral("alt=sse") : QString());
}

void TestUpstreamRequest::authHeadersUseTheFormatsScheme_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<HeaderList>("headers");
    const QByteArray key = "sk-upstream-1";
    QTest::newRow("openai-chat") << ApiFormat::OpenAIChat << HeaderList{{"Authorization", "Bearer " + key}};
    QTest::newRow("openai-responses") << ApiFormat::OpenAIResponses << HeaderList{{"Authorization", "Bearer " + key}};
    QTest::newRow("anthropic") << ApiFormat::Anthropic << HeaderList{{"x-api-key", key}, {"anthropic-version", "2023-06-01"}};
    QTest::newRow("gemini") << ApiFormat::Gemini << HeaderList{{"x-goog-api-key", key}};
}

void TestUpstreamRequest::authHeadersUseTheFormatsScheme()
{
    QFETCH(ApiFormat, format);
    QFETCH(HeaderList, headers);
    QCOMPARE(formatAdapter(format).upstreamAuthHeaders(QStringLiteral("sk-upstream-1")), headers);
}

void TestUpstreamRequest::requestModelAndStreamFlag_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("pathModel");
    QTest::addColumn<bool>("streamRoute");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("stream");
    // clang-format off
    QTest::newRow("chat stream") << ApiFormat::OpenAIChat << QByteArray(R"({"model":"gpt-5","stream":true,"messages":[]})") << "" << false << "gpt-5" << true;
    QTest::newRow("chat no stream field") << ApiFormat::OpenAIChat << QByteArray(R"({"model":"gpt-5"})") << "" << false << "gpt-5" << false;
    QTest::newRow("chat stream string is not true") << ApiFormat::OpenAIChat << QByteArray(R"({"model":"gpt-5","stream":"true"})") << "" << false << "gpt-5" << false;
    QTest::newRow("chat model not string") << ApiFormat::OpenAIChat << QByteArray(R"({"model":5})") << "" << false << "" << false;
    QTest::newRow("responses") << ApiFormat::OpenAIResponses << QByteArray(R"({"model":"gpt-5-codex","stream":true,"input":"hi"})") << "" << false << "gpt-5-codex" << true;
    QTest::newRow("anthropic") << ApiFormat::Anthropic << QByteArray(R"({"model":"claude-opus-4-1","stream":false,"max_tokens":5})") << "" << false << "claude-opus-4-1" << false;
    QTest::newRow("anthropic ignores path") << ApiFormat::Anthropic << QByteArray(R"({"model":"claude-opus-4-1"})") << "other" << true << "claude-opus-4-1" << false;
    QTest::newRow("gemini stream route") << ApiFormat::Gemini << QByteArray(R"({"contents":[],"model":"ignored"})") << "gemini-2.5-pro" << true << "gemini-2.5-pro" << true;
    QTest::newRow("gemini models/ prefix") << ApiFormat::Gemini << QByteArray(R"({"stream":true})") << "models/gemini-2.5-flash" << false << "gemini-2.5-flash" << false;
    // clang-format on
}

void TestUpstreamRequest::requestModelAndStreamFlag()
{
    QFETCH(ApiFormat, format);
    QFETCH(QByteArray, body);
    QFETCH(QString, pathModel);
    QFETCH(bool, streamRoute);
    QFETCH(QString, model);
    QFETCH(bool, stream);
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QCOMPARE(formatAdapter(format).requestModel(o, pathModel), model);
    QCOMPARE(formatAdapter(format).requestIsStream(o, streamRoute), stream);
}

void TestUpstreamRequest::geminiStreamIsSseOnlyWithAltSse_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("sse");
    QTest::newRow("alt=sse") << "alt=sse" << true;
    QTest::newRow("alt=sse with key") << "key=abc&alt=sse" << true;
    QTest::newRow("no query") << "" << false;
    QTest::newRow("alt=json") << "alt=json" << false;
    QTest::newRow("key only") << "key=abc" << false;
}

// Without alt=sse Gemini streams a JSON array: no SSE framing, no keep-alive comments.
void TestUpstreamRequest::geminiStreamIsSseOnlyWithAltSse()
{
    QFETCH(QString, query);
    QFETCH(bool, sse);
    const FormatAdapter &gemini = formatAdapter(ApiFormat::Gemini);
    QCOMPARE(gemini.streamIsSse(QUrlQuery(query)), sse);
    QCOMPARE(gemini.streamContentType(QUrlQuery(query)),
             sse ? QByteArray("text/event-stream") : QByteArray("application/json"));
}

void TestUpstreamRequest::otherFormatsAlwaysStreamSse()
{
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic}) {
        for (const QString &q : {QString(), QStringLiteral("alt=json")}) {
            QVERIFY(formatAdapter(f).streamIsSse(QUrlQuery(q)));
            QCOMPARE(formatAdapter(f).streamContentType(QUrlQuery(q)), QByteArray("text/event-stream"));
        }
    }
}

QTEST_APPLESS_MAIN(TestUpstreamRequest)
#include "tst_upstreamrequest.moc"
