// What the relay learns from upstream events it passes on: the terminal event, usage with
// cached and reasoning tokens, ids, whether content or reasoning was seen, in-stream errors.
// Real-looking transcripts of each format live in tests/fixtures/sse/<format>/.
#include "formats/formatadapter.h"
#include "runcheck.h"
#include "transcripts.h"
#include "wire/sseparser.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

Q_DECLARE_METATYPE(ApiFormat)

namespace {


QList<SseEvent> loadFixture(const QString &name)
{
    QFile f(QStringLiteral(RELAYDESK_FIXTURES_DIR "/sse/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return SseParser::parseAll(f.readAll());
}

ApiFormat formatOfFixture(const QString &name)
{
    const QString folder = name.section(QLatin1Char('/'), 0, 0);
    if (folder == QLatin1String("openai_chat"))
        return ApiFormat::OpenAIChat;
    if (folder == QLatin1String("openai_responses"))
        return ApiFormat::OpenAIResponses;
    return folder == QLatin1String("anthropic") ? ApiFormat::Anthropic : ApiFormat::Gemini;
}

StreamObservation observeAll(ApiFormat format, const QList<SseEvent> &events)
{
    StreamObservation obs;
    for (const SseEvent &e : events)
        formatAdapter(format).observeEvent(e, obs);
    return obs;
}

SseEvent makeEvent(const QByteArray &name, const QByteArray &data)
{
    SseEvent e;
    e.event = name;
    e.data = data;
    e.raw = (name.isEmpty() ? QByteArray() : "event: " + name + "\n") + "data: " + data + "\n\n";
    return e;
}

// Every field the relay reads, compared one by one for readable failures.
void compareObservations(const StreamObservation &a, const StreamObservation &b, bool includeLastEventType)
{
    QCOMPARE(a.terminal, b.terminal);
    QCOMPARE(a.sawContent, b.sawContent);
    QCOMPARE(a.sawReasoning, b.sawReasoning);
    QCOMPARE(a.upstreamFailed, b.upstreamFailed);
    QCOMPARE(a.errorMessage, b.errorMessage);
    QCOMPARE(a.responseId, b.responseId);
    QCOMPARE(a.upstreamModel, b.upstreamModel);
    QCOMPARE(a.usage.toJson(), b.usage.toJson());
    if (includeLastEventType)
        QCOMPARE(a.lastEventType, b.lastEventType);
}

struct Expected
{
    bool terminal, content, reasoning, failed;
    const char *error; // substring of errorMessage, "" when none
    const char *id;
    const char *model;
    qint64 in, out, cached, reasoningTokens;
    bool usageKnown;
    const char *lastEvent;
};

// What a stream and a non-stream body are both observed to carry: content, reasoning, failure
// (and its message), ids, model and usage. Asserts with QTest macros (see RUN_CHECK).
void checkObservation(const StreamObservation &obs, const Expected &expected)
{
    QCOMPARE(obs.sawContent, expected.content);
    QCOMPARE(obs.sawReasoning, expected.reasoning);
    QCOMPARE(obs.upstreamFailed, expected.failed);
    if (*expected.error)
        QVERIFY2(obs.errorMessage.contains(QLatin1String(expected.error)), qPrintable(obs.errorMessage));
    else
        QVERIFY2(obs.errorMessage.isEmpty(), qPrintable(obs.errorMessage));
    QCOMPARE(obs.responseId, QString::fromLatin1(expected.id));
    QCOMPARE(obs.upstreamModel, QString::fromLatin1(expected.model));
    QCOMPARE(obs.usage.known, expected.usageKnown);
    QCOMPARE(obs.usage.inputTokens, expected.in);
    QCOMPARE(obs.usage.outputTokens, expected.out);
    QCOMPARE(obs.usage.cachedInputTokens, expected.cached);
    QCOMPARE(obs.usage.reasoningTokens, expected.reasoningTokens);
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestStreamObserve : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtureIsObserved_data();
    void fixtureIsObserved();
    void truncatedTranscriptIsNotTerminal_data();
    void truncatedTranscriptIsNotTerminal();
    void eventNamesMayBeMissing_data();
    void eventNamesMayBeMissing();
    void sharedTestTranscriptsAreRecognised_data();
    void sharedTestTranscriptsAreRecognised();
    void invalidJsonChangesOnlyTheEventType_data();
    void invalidJsonChangesOnlyTheEventType();
    void commentFramesChangeNothing();
    void chatErrorEventIsAFailure();
    void undecodableErrorEventIsStillAFailure();
    void geminiBlockedPromptEndsTheStream();
    void idsArriveOnceAndStay();
    void oddInputNeverCrashes();
    void nonStreamBodyIsObserved_data();
    void nonStreamBodyIsObserved();
};

void TestStreamObserve::fixtureIsObserved_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<Expected>("expected");
    // clang-format off
    QTest::newRow("anthropic text") << "anthropic/text.sse" << Expected{true, true, false, false, "", "msg_01XFDUDYJgAACzvnptvVoYEL", "claude-sonnet-4-5-20250929", 25, 12, 0, 0, true, "message_stop"};
    QTest::newRow("anthropic tool use") << "anthropic/tool_use.sse" << Expected{true, true, false, false, "", "msg_014p7gG3wDgGV9EUtLvnow3U", "claude-sonnet-4-5-20250929", 472, 89, 0, 0, true, "message_stop"};
    QTest::newRow("anthropic thinking") << "anthropic/thinking.sse" << Expected{true, true, true, false, "", "msg_01NwzYDz3GzBBw7jgNPi3qrS", "claude-sonnet-4-5-20250929", 48, 96, 0, 0, true, "message_stop"};
    // 12 uncached + 300 written to the cache + 2048 read from it all count as input.
    QTest::newRow("anthropic cached") << "anthropic/cached_usage.sse" << Expected{true, true, false, false, "", "msg_01Hq2cVfrZcU3HnHbQ4W4Kc9", "claude-opus-4-1-20250805", 2360, 41, 2048, 0, true, "message_stop"};
    QTest::newRow("anthropic error") << "anthropic/error.sse" << Expected{false, true, false, true, "Overloaded", "msg_01ErrR3ZcF9RkXgkqXGpn1ZK", "claude-sonnet-4-5-20250929", 310, 1, 0, 0, true, "error"};

    QTest::newRow("chat text") << "openai_chat/text.sse" << Expected{true, true, false, false, "", "chatcmpl-BvR1mF0cZk8x2Xw3rYQp9LhTnq4aE", "gpt-4o-2024-08-06", 0, 0, 0, 0, false, "[DONE]"};
    QTest::newRow("chat tool call") << "openai_chat/tool_call.sse" << Expected{true, true, false, false, "", "chatcmpl-BvR4TnY8dJ2uKc1oQ5mZr7xWvP3sL", "gpt-4.1-2025-04-14", 82, 17, 0, 0, true, "[DONE]"};
    QTest::newRow("chat reasoning") << "openai_chat/reasoning.sse" << Expected{true, true, true, false, "", "5d4a3b0e-8f1c-4b7a-9a65-2f1e0c9d7b31", "deepseek-reasoner", 18, 240, 0, 231, true, "[DONE]"};
    QTest::newRow("chat cached") << "openai_chat/cached_usage.sse" << Expected{true, true, false, false, "", "chatcmpl-BvR9wQ2eHk5nM8pL0aZy3uXcT6vJb", "gpt-4o-mini-2024-07-18", 2306, 11, 1920, 0, true, "[DONE]"};
    QTest::newRow("chat error") << "openai_chat/error.sse" << Expected{false, true, false, true, "The server had an error", "chatcmpl-BvRB1x7Kq3pZ9cV2mN5rT8yWuE4aD", "gpt-4o-2024-08-06", 0, 0, 0, 0, false, "error"};

    QTest::newRow("responses text") << "openai_responses/text.sse" << Expected{true, true, false, false, "", "resp_68a1b2c3d4e5f60718293a4b5c6d7e8f", "gpt-4.1-2025-04-14", 9, 4, 0, 0, true, "response.completed"};
    QTest::newRow("responses function call") << "openai_responses/function_call.sse" << Expected{true, true, false, false, "", "resp_68a1c0ffee0011223344556677889900", "gpt-5-2025-08-07", 1204, 23, 0, 0, true, "response.completed"};
    QTest::newRow("responses reasoning") << "openai_responses/reasoning.sse" << Expected{true, true, true, false, "", "resp_68a1d2e3f4a5b6c7d8e9f00112233445", "o4-mini-2025-04-16", 21, 339, 0, 320, true, "response.completed"};
    QTest::newRow("responses cached") << "openai_responses/cached_usage.sse" << Expected{true, true, false, false, "", "resp_68a1e9a8b7c6d5e4f3a2b1c0d9e8f7a6", "gpt-5-mini-2025-08-07", 18432, 64, 17920, 40, true, "response.completed"};
    QTest::newRow("responses failed") << "openai_responses/failed.sse" << Expected{true, false, false, true, "An error occurred while processing", "resp_68a1f00d1234567890abcdef12345678", "gpt-5-2025-08-07", 0, 0, 0, 0, false, "response.failed"};
    QTest::newRow("responses error event") << "openai_responses/error.sse" << Expected{false, true, false, true, "Rate limit reached", "resp_68a1f1aa0b0c0d0e0f10111213141516", "gpt-5-2025-08-07", 0, 0, 0, 0, false, "error"};

    QTest::newRow("gemini text") << "gemini/text.sse" << Expected{true, true, false, false, "", "tQ6HaK2nNoOv1MkPrbmQ2Qw", "gemini-2.0-flash", 6, 10, 0, 0, true, "chunk"};
    // Thoughts are billed as output: output = candidates + thoughts.
    QTest::newRow("gemini function call") << "gemini/function_call.sse" << Expected{true, true, false, false, "", "Wx-HaPa9L5Tu1MkP0pHo-Ac", "gemini-2.5-flash", 87, 76, 0, 54, true, "chunk"};
    QTest::newRow("gemini thinking") << "gemini/thinking.sse" << Expected{true, true, true, false, "", "ch6HaLnZB4O21MkPnfDXmQs", "gemini-2.5-pro", 14, 148, 0, 136, true, "chunk"};
    QTest::newRow("gemini cached") << "gemini/cached_usage.sse" << Expected{true, true, false, false, "", "kR-HaMiEF5mY1MkP6fDYwQ4", "gemini-2.5-flash", 40312, 109, 32768, 94, true, "chunk"};
    QTest::newRow("gemini error") << "gemini/error.sse" << Expected{false, true, false, true, "overloaded", "yB-HaJ3aDcSe1MkPqLGx-Ao", "gemini-2.5-pro", 512, 0, 0, 0, true, "error"};
    // clang-format on
}

void TestStreamObserve::fixtureIsObserved()
{
    QFETCH(QString, fixture);
    QFETCH(Expected, expected);
    const QList<SseEvent> events = loadFixture(fixture);
    QVERIFY(!events.isEmpty());
    const StreamObservation obs = observeAll(formatOfFixture(fixture), events);
    QCOMPARE(obs.terminal, expected.terminal);
    RUN_CHECK(checkObservation(obs, expected));
    QCOMPARE(obs.lastEventType, QString::fromLatin1(expected.lastEvent));
}

void TestStreamObserve::truncatedTranscriptIsNotTerminal_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"anthropic/text.sse", "anthropic/tool_use.sse", "anthropic/thinking.sse",
                          "openai_chat/text.sse", "openai_chat/tool_call.sse", "openai_chat/reasoning.sse",
                          "openai_responses/text.sse", "openai_responses/reasoning.sse",
                          "gemini/text.sse", "gemini/thinking.sse", "gemini/cached_usage.sse"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

// A stream cut anywhere before its terminal event must never look finished.
void TestStreamObserve::truncatedTranscriptIsNotTerminal()
{
    QFETCH(QString, fixture);
    const QList<SseEvent> events = loadFixture(fixture);
    const ApiFormat format = formatOfFixture(fixture);
    for (qsizetype kept = 0; kept < events.size(); ++kept) {
        const StreamObservation obs = observeAll(format, events.first(kept));
        QVERIFY2(!obs.terminal, qPrintable(QStringLiteral("terminal after %1 of %2 events").arg(kept).arg(events.size())));
        QVERIFY(!obs.upstreamFailed);
    }
    QVERIFY(observeAll(format, events).terminal);
}

void TestStreamObserve::eventNamesMayBeMissing_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"anthropic/text.sse", "anthropic/thinking.sse", "anthropic/cached_usage.sse",
                          "anthropic/error.sse", "openai_responses/text.sse", "openai_responses/reasoning.sse",
                          "openai_responses/failed.sse", "openai_responses/error.sse"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

// Some proxies drop the `event:` lines; the JSON "type" says the same.
void TestStreamObserve::eventNamesMayBeMissing()
{
    QFETCH(QString, fixture);
    QList<SseEvent> events = loadFixture(fixture);
    const ApiFormat format = formatOfFixture(fixture);
    const StreamObservation withNames = observeAll(format, events);
    for (SseEvent &e : events)
        e.event.clear();
    compareObservations(observeAll(format, events), withNames, true);
}

void TestStreamObserve::sharedTestTranscriptsAreRecognised_data()
{
    QTest::addColumn<ApiFormat>("format");
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic, ApiFormat::Gemini})
        QTest::newRow(qPrintable(apiFormatName(f))) << f;
}

// The canned transcripts the integration tests replay must read the same way here.
void TestStreamObserve::sharedTestTranscriptsAreRecognised()
{
    QFETCH(ApiFormat, format);
    const Transcript t = Transcripts::forFormat(format, "upstream-model-x");
    const StreamObservation full = observeAll(format, SseParser::parseAll(t.joinedFrames()));
    QVERIFY(full.terminal);
    QVERIFY(full.sawContent);
    QVERIFY(!full.upstreamFailed);
    QCOMPARE(full.upstreamModel, QStringLiteral("upstream-model-x"));
    QCOMPARE(full.usage.inputTokens, t.inputTokens);
    QCOMPARE(full.usage.outputTokens, t.outputTokens);

    StreamObservation head = observeAll(format, SseParser::parseAll(QByteArray(t.head().join())));
    QVERIFY(!head.terminal);
    QVERIFY(head.sawContent);
    formatAdapter(format).observeEvent(SseParser::parseAll(Transcripts::errorEvent(format)).value(0), head);
    QVERIFY(head.upstreamFailed);
    QCOMPARE(head.errorMessage, QStringLiteral("upstream overloaded mid-stream"));

    const QJsonObject body = QJsonDocument::fromJson(t.json).object();
    StreamObservation fromBody;
    formatAdapter(format).observeResponse(body, fromBody);
    QCOMPARE(fromBody.usage.inputTokens, t.inputTokens);
    QCOMPARE(fromBody.usage.outputTokens, t.outputTokens);
    QCOMPARE(fromBody.upstreamModel, QStringLiteral("upstream-model-x"));
}

void TestStreamObserve::invalidJsonChangesOnlyTheEventType_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QByteArray>("data");
    QTest::addRow("chat delta") << ApiFormat::OpenAIChat << QByteArray() << QByteArray(R"({"id":"c1","choices":[{"delta":{"content":"hi"})");
    QTest::addRow("chat usage") << ApiFormat::OpenAIChat << QByteArray() << QByteArray(R"({"usage":{"prompt_tokens":5,})");
    QTest::addRow("chat done-ish") << ApiFormat::OpenAIChat << QByteArray() << QByteArray("[DONE");
    QTest::addRow("responses delta") << ApiFormat::OpenAIResponses << QByteArray("response.output_text.delta") << QByteArray(R"({"type":"response.output_text.delta","delta":"x)");
    QTest::addRow("responses completed") << ApiFormat::OpenAIResponses << QByteArray("response.completed") << QByteArray(R"({"type":"response.completed","response":{"usage":{"input_tokens":3})");
    QTest::addRow("responses created") << ApiFormat::OpenAIResponses << QByteArray("response.created") << QByteArray("{nope}");
    QTest::addRow("anthropic delta") << ApiFormat::Anthropic << QByteArray("content_block_delta") << QByteArray(R"({"type":"content_block_delta","delta":{"type":"thinking_delta","thinking":"x"})");
    QTest::addRow("anthropic stop") << ApiFormat::Anthropic << QByteArray("message_stop") << QByteArray("not json");
    QTest::addRow("anthropic start") << ApiFormat::Anthropic << QByteArray("message_start") << QByteArray(R"({"message":{"id":"m","usage":{"input_tokens":4}}}})");
    QTest::addRow("gemini finish") << ApiFormat::Gemini << QByteArray() << QByteArray(R"({"candidates":[{"content":{"parts":[{"text":"a"}]},"finishReason":"STOP"}])");
    QTest::addRow("gemini binary") << ApiFormat::Gemini << QByteArray() << QByteArray("\x00\xff\xfe{", 4);
}

// The relay counts an unparseable event as a soft error; the observation must not invent
// content, usage or an end from it.
void TestStreamObserve::invalidJsonChangesOnlyTheEventType()
{
    QFETCH(ApiFormat, format);
    QFETCH(QByteArray, event);
    QFETCH(QByteArray, data);
    StreamObservation obs;
    formatAdapter(format).observeEvent(makeEvent(event, data), obs);
    compareObservations(obs, StreamObservation{}, false);
    if (!event.isEmpty())
        QCOMPARE(obs.lastEventType, QString::fromLatin1(event));
}

void TestStreamObserve::commentFramesChangeNothing()
{
    SseEvent comment;
    comment.raw = ": keep-alive\n\n";
    comment.commentOnly = true;
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic, ApiFormat::Gemini}) {
        StreamObservation obs;
        obs.lastEventType = QStringLiteral("before");
        formatAdapter(f).observeEvent(comment, obs);
        QCOMPARE(obs.lastEventType, QStringLiteral("before"));
        compareObservations(obs, StreamObservation{}, false);
    }
}

void TestStreamObserve::chatErrorEventIsAFailure()
{
    StreamObservation obs;
    formatAdapter(ApiFormat::OpenAIChat).observeEvent(makeEvent("error", R"({"message":"upstream reset"})"), obs);
    QVERIFY(obs.upstreamFailed);
    QCOMPARE(obs.errorMessage, QStringLiteral("upstream reset"));
    QCOMPARE(obs.lastEventType, QStringLiteral("error"));
    // vLLM's older shape.
    StreamObservation vllm;
    formatAdapter(ApiFormat::OpenAIChat)
        .observeEvent(makeEvent({}, R"({"object":"error","message":"context too long","type":"BadRequestError","code":400})"), vllm);
    QVERIFY(vllm.upstreamFailed);
    QCOMPARE(vllm.errorMessage, QStringLiteral("context too long"));
}

void TestStreamObserve::undecodableErrorEventIsStillAFailure()
{
    for (ApiFormat f : {ApiFormat::OpenAIResponses, ApiFormat::Anthropic}) {
        StreamObservation obs;
        formatAdapter(f).observeEvent(makeEvent("error", "upstream connection reset"), obs);
        QVERIFY(obs.upstreamFailed);
        QCOMPARE(obs.errorMessage, QStringLiteral("upstream connection reset"));
        QVERIFY(!obs.terminal);
    }
}

void TestStreamObserve::geminiBlockedPromptEndsTheStream()
{
    StreamObservation obs;
    formatAdapter(ApiFormat::Gemini)
        .observeEvent(makeEvent({}, R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash","responseId":"r1"})"), obs);
    QVERIFY(obs.terminal);
    QVERIFY(!obs.sawContent);
    QCOMPARE(obs.usage.inputTokens, 9);
}

// Later chunks without ids (or with empty ones) never erase what was learnt.
void TestStreamObserve::idsArriveOnceAndStay()
{
    StreamObservation obs;
    const FormatAdapter &chat = formatAdapter(ApiFormat::OpenAIChat);
    chat.observeEvent(makeEvent({}, R"({"id":"c1","model":"m1","choices":[{"delta":{"content":"a"}}]})"), obs);
    chat.observeEvent(makeEvent({}, R"({"id":"","model":"","choices":[{"delta":{"content":"b"}}]})"), obs);
    chat.observeEvent(makeEvent({}, R"({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}})"), obs);
    QCOMPARE(obs.responseId, QStringLiteral("c1"));
    QCOMPARE(obs.upstreamModel, QStringLiteral("m1"));
    QCOMPARE(obs.usage.inputTokens, 3);
    QCOMPARE(obs.usage.outputTokens, 2);
}

void TestStreamObserve::oddInputNeverCrashes()
{
    const QByteArray names[] = {"", "message_start", "message_delta", "message_stop", "content_block_start",
                                "content_block_delta", "error", "ping", "response.created", "response.completed",
                                "response.failed", "response.output_text.delta", "response.output_item.done",
                                "response.reasoning_summary_text.delta"};
    const QByteArray payloads[] = {
        "", " ", "null", "[]", "[1,2]", "42", "\"str\"", "{}", "[DONE]",
        R"({"type":null})", R"({"type":42,"error":null})", R"({"error":123})", R"({"error":[]})",
        R"({"choices":null,"usage":"x"})", R"({"choices":[null,1,"x",{"delta":null},{"delta":{"tool_calls":{}}}]})",
        R"({"usage":{"prompt_tokens":"12","completion_tokens":1e300,"prompt_tokens_details":[]}})",
        R"({"message":[],"delta":5,"content_block":"x","usage":{"input_tokens":-1}})",
        R"({"response":1,"item":[]})", R"({"response":{"usage":[],"error":"x","status":"failed"}})",
        R"({"candidates":{},"usageMetadata":[]})", R"({"candidates":[null,{"content":{"parts":[null,7,{"thought":"yes"}]}}]})",
        R"([{"candidates":[]}])", QByteArray(5000, '['), QByteArray("\xc3\x28\xa0\xa1", 4),
    };
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic, ApiFormat::Gemini}) {
        StreamObservation obs;
        for (const QByteArray &name : names)
            for (const QByteArray &data : payloads)
                formatAdapter(f).observeEvent(makeEvent(name, data), obs);
        for (const QByteArray &data : payloads)
            formatAdapter(f).observeResponse(QJsonDocument::fromJson(data).object(), obs);
        QVERIFY(obs.usage.inputTokens >= -1);
    }
}

void TestStreamObserve::nonStreamBodyIsObserved_data()
{
    QTest::addColumn<ApiFormat>("format");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Expected>("expected");
    // clang-format off
    QTest::addRow("chat") << ApiFormat::OpenAIChat
        << QByteArray(R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,"prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":10}}})")
        << Expected{false, true, false, false, "", "chatcmpl-1", "gpt-4o", 120, 30, 64, 10, true, ""};
    QTest::addRow("chat error") << ApiFormat::OpenAIChat
        << QByteArray(R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}})")
        << Expected{false, false, false, true, "Rate limit reached", "", "", 0, 0, 0, 0, false, ""};
    QTest::addRow("responses") << ApiFormat::OpenAIResponses
        << QByteArray(R"({"id":"resp_1","object":"response","status":"completed","error":null,"model":"gpt-5","output":[{"type":"reasoning","summary":[]},{"type":"message","content":[{"type":"output_text","text":"hi","annotations":[]}]}],"usage":{"input_tokens":500,"input_tokens_details":{"cached_tokens":256},"output_tokens":80,"output_tokens_details":{"reasoning_tokens":64},"total_tokens":580}})")
        << Expected{false, true, true, false, "", "resp_1", "gpt-5", 500, 80, 256, 64, true, ""};
    QTest::addRow("responses failed") << ApiFormat::OpenAIResponses
        << QByteArray(R"({"id":"resp_2","object":"response","status":"failed","error":{"code":"server_error","message":"boom"},"model":"gpt-5","output":[],"usage":null})")
        << Expected{false, false, false, true, "boom", "resp_2", "gpt-5", 0, 0, 0, 0, false, ""};
    QTest::addRow("anthropic") << ApiFormat::Anthropic
        << QByteArray(R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-1","content":[{"type":"thinking","thinking":"hm","signature":"s"},{"type":"text","text":"hi"}],"stop_reason":"end_turn","usage":{"input_tokens":10,"cache_creation_input_tokens":20,"cache_read_input_tokens":30,"output_tokens":40}})")
        << Expected{false, true, true, false, "", "msg_1", "claude-opus-4-1", 60, 40, 30, 0, true, ""};
    QTest::addRow("anthropic error") << ApiFormat::Anthropic
        << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
        << Expected{false, false, false, true, "Overloaded", "", "", 0, 0, 0, 0, false, ""};
    QTest::addRow("gemini") << ApiFormat::Gemini
        << QByteArray(R"({"candidates":[{"content":{"parts":[{"text":"hm","thought":true},{"text":"hi"}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":5,"cachedContentTokenCount":50,"thoughtsTokenCount":7,"totalTokenCount":112},"modelVersion":"gemini-2.5-pro","responseId":"g1"})")
        << Expected{false, true, true, false, "", "g1", "gemini-2.5-pro", 100, 12, 50, 7, true, ""};
    QTest::addRow("gemini error") << ApiFormat::Gemini
        << QByteArray(R"({"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}})")
        << Expected{false, false, false, true, "Resource has been exhausted", "", "", 0, 0, 0, 0, false, ""};
    // clang-format on
}

void TestStreamObserve::nonStreamBodyIsObserved()
{
    QFETCH(ApiFormat, format);
    QFETCH(QByteArray, body);
    QFETCH(Expected, expected);
    StreamObservation obs;
    formatAdapter(format).observeResponse(QJsonDocument::fromJson(body).object(), obs);
    checkObservation(obs, expected); // also: no error message where none is expected
}

QTEST_APPLESS_MAIN(TestStreamObserve)
#include "tst_streamobserve.moc"
