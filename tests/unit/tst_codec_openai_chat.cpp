// The Chat Completions codec: client requests to canonical and back, upstream streams and
// bodies to canonical events, and canonical events to the exact chunks Chat clients parse.
// Fixtures: tests/fixtures/translate/openai_chat/.
#include "codecsubject.h"
#include "formats/openai_chat/openaichatcodec.h"
#include "wire/sseparser.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

Q_DECLARE_METATYPE(StopReason)

namespace {

const CodecSubject<OpenAIChatCodec> kit("openai_chat");
using CodecKit::blockStart;
using CodecKit::kindName;
using CodecKit::streamEvent;
constexpr auto usageEvent = CodecKit::usage;
StreamEvent finishEvent(StopReason reason) { return CodecKit::finish(reason); }

SseEvent dataEvent(const QByteArray &data)
{
    SseEvent e;
    e.data = data;
    e.raw = "data: " + data + "\n\n";
    return e;
}

// One line per stream event, e.g. "block+ 1 tool call_x get_weather", "args 1 {\"a\"".
QStringList trace(const StreamEvents &events)
{
    QStringList out;
    for (const StreamEvent &e : events) {
        const QString i = QString::number(e.index);
        switch (e.type) {
        case StreamEvent::Type::MessageStart: out << u"start "_qs + e.id + u' ' + e.model; break;
        case StreamEvent::Type::BlockStart:
            out << (u"block+ "_qs + i + u' ' + kindName(e.blockKind)
                    + (e.blockKind == ContentPart::Kind::ToolCall ? u' ' + e.toolCallId + u' ' + e.toolName : QString()));
            break;
        case StreamEvent::Type::TextDelta: out << u"text "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::ThinkingDelta: out << u"think "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::SignatureDelta: out << u"sig "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::ToolArgsDelta: out << u"args "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::BlockStop: out << u"block- "_qs + i; break;
        case StreamEvent::Type::Finish: out << u"finish "_qs + stopReasonName(e.stopReason); break;
        case StreamEvent::Type::Usage:
            out << QStringLiteral("usage %1/%2 cached %3 reasoning %4")
                       .arg(e.usage.inputTokens).arg(e.usage.outputTokens)
                       .arg(e.usage.cachedInputTokens).arg(e.usage.reasoningTokens);
            break;
        case StreamEvent::Type::Error: out << u"error "_qs + e.error.message; break;
        case StreamEvent::Type::End: out << QStringLiteral("end"); break;
        }
    }
    return out;
}

QString partTrace(const ContentPart &p)
{
    QString line = kindName(p.kind);
    switch (p.kind) {
    case ContentPart::Kind::Text:
    case ContentPart::Kind::Thinking: return line + u' ' + p.text;
    case ContentPart::Kind::Image:
    case ContentPart::Kind::Document:
        return line + u' ' + p.mediaType + u' ' + (p.url.isEmpty() ? QString::number(p.base64Data.size()) + u"b64"_qs : p.url)
            + (p.fileName.isEmpty() ? QString() : u' ' + p.fileName);
    case ContentPart::Kind::ToolCall: return line + u' ' + p.toolCallId + u' ' + p.toolName + u' ' + p.arguments;
    case ContentPart::Kind::ToolResult: {
        line += u' ' + p.toolCallId + u' ' + p.toolName + u' ' + p.text;
        for (const ContentPart &inner : p.resultParts)
            line += u" [" + partTrace(inner) + u']';
        return line;
    }
    case ContentPart::Kind::RedactedThinking: break;
    }
    return line;
}

// "system ..." then one line per message part, prefixed with the role.
QStringList conversationTrace(const Request &r)
{
    QStringList out;
    for (const ContentPart &p : r.system)
        out << u"system "_qs + partTrace(p);
    static const char *roles[] = {"system", "user", "assistant", "tool"};
    for (const Message &m : r.messages) {
        for (const ContentPart &p : m.parts)
            out << QString::fromLatin1(roles[int(m.role)]) + (m.name.isEmpty() ? QString() : u'(' + m.name + u')')
                    + u' ' + partTrace(p);
    }
    return out;
}

// The content of a Chat message as either one string or a list of non-text parts.
QJsonValue semanticContent(const QJsonValue &content)
{
    if (!content.isArray())
        return content.isNull() || content.isUndefined() ? QJsonValue(QString()) : content;
    QString text;
    QJsonArray parts;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject p = v.toObject();
        const QString type = p.value(u"type").toString();
        if (type == u"input_audio")
            continue; // nothing canonical can carry audio
        if (type == u"text")
            text += p.value(u"text").toString();
        QJsonObject kept = p;
        if (type == u"image_url") // detail is a hint OpenAI alone reads
            kept[u"image_url"] = QJsonObject{{u"url"_qs, p.value(u"image_url").toObject().value(u"url")}};
        parts.append(kept);
    }
    bool textOnly = true;
    for (const QJsonValue &v : std::as_const(parts))
        textOnly = textOnly && v.toObject().value(u"type").toString() == u"text";
    return textOnly ? QJsonValue(text) : QJsonValue(parts);
}

// What a Chat request means, with the spelling differences that do not matter removed:
// developer == system, several system messages == one, content string == [text part],
// max_tokens == max_completion_tokens, tool_choice "auto" == absent, stop "x" == ["x"].
QJsonObject semantic(const QJsonObject &body)
{
    QJsonArray messages;
    QStringList system;
    for (const QJsonValue &v : body.value(u"messages").toArray()) {
        QJsonObject m = v.toObject();
        QString role = m.value(u"role").toString();
        if (role == u"developer" || role == u"system") {
            system << semanticContent(m.value(u"content")).toString();
            continue;
        }
        m[u"content"] = semanticContent(m.value(u"content"));
        messages.append(m);
    }
    if (!system.isEmpty())
        messages.prepend(QJsonObject{{u"role"_qs, u"system"_qs}, {u"content"_qs, system.join(u"\n\n")}});
    QJsonObject out{{u"model"_qs, body.value(u"model")}, {u"messages"_qs, messages}};
    for (const char *key : {"tools", "parallel_tool_calls", "temperature", "top_p", "user", "reasoning_effort",
                            "response_format"}) {
        if (body.contains(QLatin1String(key)))
            out.insert(QLatin1String(key), body.value(QLatin1String(key)));
    }
    if (body.value(u"tool_choice") != QJsonValue(u"auto"_qs) && body.contains(u"tool_choice"))
        out[u"tool_choice"] = body.value(u"tool_choice");
    const QJsonValue max = body.contains(u"max_completion_tokens") ? body.value(u"max_completion_tokens") : body.value(u"max_tokens");
    if (!max.isUndefined())
        out[u"max_output"] = max;
    const QJsonValue stop = body.value(u"stop");
    if (!stop.isUndefined())
        out[u"stop"] = stop.isString() ? QJsonArray{stop} : stop;
    out[u"stream"] = body.value(u"stream").toBool(false);
    return out;
}

// What a Chat client (the OpenAI SDK's accumulator) makes of a stream, with every chunk
// checked for the fields strict clients validate.
struct ChatClientView
{
    QStringList problems;
    QString id;
    QString role;
    QString content;
    QString reasoning;
    QStringList toolCalls; // "id name args" in tool index order
    QString finishReason;
    QJsonObject usage;
    int chunks = 0;
    bool done = false;
};

void readChunk(const QJsonObject &chunk, const QString &model, ChatClientView &v, QList<QStringList> &calls)
{
    if (chunk.value(u"object").toString() != u"chat.completion.chunk" || chunk.value(u"id").toString().isEmpty()
        || chunk.value(u"created").toInteger() <= 0 || chunk.value(u"model").toString() != model)
        v.problems << u"bad envelope: "_qs + QString::fromUtf8(QJsonDocument(chunk).toJson(QJsonDocument::Compact));
    if (!v.id.isEmpty() && v.id != chunk.value(u"id").toString())
        v.problems << QStringLiteral("id changed");
    v.id = chunk.value(u"id").toString();
    if (chunk.value(u"usage").isObject())
        v.usage = chunk.value(u"usage").toObject();
    for (const QJsonValue &c : chunk.value(u"choices").toArray()) {
        const QJsonObject choice = c.toObject();
        const QJsonObject delta = choice.value(u"delta").toObject();
        if (choice.value(u"index").toInt(-1) != 0 || !choice.value(u"delta").isObject() || !choice.contains(u"finish_reason"))
            v.problems << QStringLiteral("bad choice");
        if (!v.finishReason.isEmpty())
            v.problems << QStringLiteral("choice after finish_reason");
        if (v.chunks == 1 && delta.value(u"role").toString() != u"assistant")
            v.problems << QStringLiteral("first delta without role");
        v.role += delta.value(u"role").toString();
        v.content += delta.value(u"content").toString();
        v.reasoning += delta.value(u"reasoning_content").toString();
        for (const QJsonValue &t : delta.value(u"tool_calls").toArray()) {
            const QJsonObject call = t.toObject();
            const int index = call.value(u"index").toInt(-1);
            const QJsonObject fn = call.value(u"function").toObject();
            if (index == calls.size()) {
                if (call.value(u"id").toString().isEmpty() || call.value(u"type") != QJsonValue(u"function"_qs)
                    || !fn.value(u"name").isString())
                    v.problems << QStringLiteral("tool call %1 starts without id/type/name").arg(index);
                calls.append({call.value(u"id").toString(), fn.value(u"name").toString(), QString()});
            } else if (index < 0 || index > calls.size()) {
                v.problems << QStringLiteral("tool call index %1 out of order").arg(index);
                continue;
            }
            calls[index][2] += fn.value(u"arguments").toString();
        }
        v.finishReason = choice.value(u"finish_reason").toString();
    }
}

ChatClientView readClientStream(const QByteArray &bytes, const QString &model)
{
    ChatClientView v;
    QList<QStringList> calls;
    for (const SseEvent &e : SseParser::parseAll(bytes)) {
        if (!e.raw.startsWith("data: ") || !e.raw.endsWith("\n\n") || e.raw.count('\n') != 2)
            v.problems << u"bad framing: "_qs + QString::fromUtf8(e.raw);
        if (v.done)
            v.problems << QStringLiteral("bytes after [DONE]");
        if (e.data == "[DONE]") {
            v.done = true;
            continue;
        }
        ++v.chunks;
        readChunk(QJsonDocument::fromJson(e.data).object(), model, v, calls);
    }
    for (const QStringList &c : std::as_const(calls))
        v.toolCalls << c.join(u' ');
    return v;
}

EncoderOptions options(bool includeUsage = true)
{
    EncoderOptions o;
    o.clientModel = QStringLiteral("my-chat-model");
    o.includeUsage = includeUsage;
    o.requestId = QStringLiteral("req-0001");
    return o;
}

// Frames with the clock-dependent "created" value replaced by 0.
QList<QByteArray> framesWithoutClock(const QByteArray &bytes)
{
    static const QRegularExpression created(QStringLiteral("\"created\":[1-9][0-9]*"));
    QList<QByteArray> out;
    for (const SseEvent &e : SseParser::parseAll(bytes))
        out << QString::fromUtf8(e.raw).replace(created, QStringLiteral("\"created\":0")).toUtf8();
    return out;
}

QStringList responseTrace(const Response &r)
{
    QStringList out{u"id "_qs + r.id + u" model "_qs + r.model};
    for (const ContentPart &p : r.content)
        out << partTrace(p);
    out << u"stop "_qs + stopReasonName(r.stopReason);
    out << QStringLiteral("usage %1/%2 cached %3 reasoning %4 known %5")
               .arg(r.usage.inputTokens).arg(r.usage.outputTokens).arg(r.usage.cachedInputTokens)
               .arg(r.usage.reasoningTokens).arg(r.usage.known);
    return out;
}

// Every variant of `root` with one value, at any depth, replaced by a value of another type.
QList<QJsonValue> wrongTypeVariants(const QJsonValue &root)
{
    static const QJsonValue replacements[] = {QJsonValue(QJsonValue::Null), QJsonValue(-7), QJsonValue(u"x"_qs),
                                              QJsonValue(QJsonArray{1}), QJsonValue(QJsonObject{{u"k"_qs, 1}})};
    QList<QJsonValue> out;
    if (root.isObject()) {
        const QJsonObject o = root.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            QJsonObject copy = o;
            for (const QJsonValue &r : replacements) {
                copy[it.key()] = r;
                out << copy;
            }
            for (const QJsonValue &inner : wrongTypeVariants(it.value())) {
                copy[it.key()] = inner;
                out << copy;
            }
        }
    } else if (root.isArray()) {
        const QJsonArray a = root.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            QJsonArray copy = a;
            for (const QJsonValue &r : replacements) {
                copy[i] = r;
                out << copy;
            }
            for (const QJsonValue &inner : wrongTypeVariants(a.at(i))) {
                copy[i] = inner;
                out << copy;
            }
        }
    }
    return out;
}

QByteArray compactJson(const QJsonValue &v)
{
    return v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                        : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
}

} // namespace

class TestCodecOpenAIChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestDecodeKeepsConversation_data();
    void requestDecodeKeepsConversation();
    void requestDecodeReadsOptions();
    void requestDecodeRejectsInvalidBodies_data();
    void requestDecodeRejectsInvalidBodies();
    void requestRoundTripKeepsMeaning_data();
    void requestRoundTripKeepsMeaning();
    void requestEncodePicksTokenLimitFieldByModel_data();
    void requestEncodePicksTokenLimitFieldByModel();
    void requestEncodeAlwaysAsksForStreamUsage();
    void requestEncodeTranslatesForeignConversation();

    void streamDecodeProducesEvents_data();
    void streamDecodeProducesEvents();
    void streamDecodeTruncatedTranscriptHasNoEnd_data();
    void streamDecodeTruncatedTranscriptHasNoEnd();
    void streamDecodeMapsErrorChunk();
    void streamDecodeSurvivesGarbage_data();
    void streamDecodeSurvivesGarbage();
    void decodersSurviveWrongTypesAnywhere_data();
    void decodersSurviveWrongTypesAnywhere();

    void streamEncodeWritesExactFrames();
    void streamEncodeUsageChunkFollowsClientOption_data();
    void streamEncodeUsageChunkFollowsClientOption();
    void streamEncodeToleratesMissingStartsAndStops();
    void streamEncodeFinishReason_data();
    void streamEncodeFinishReason();
    void streamEncodeErrorEndsStream();
    void streamTranscodeKeepsContent_data();
    void streamTranscodeKeepsContent();
    void streamEncodeRandomSequencesStayValid();

    void responseDecodeReadsBody_data();
    void responseDecodeReadsBody();
    void responseEncodeHasClientFields();
    void responseRoundTripKeepsBody_data();
    void responseRoundTripKeepsBody();
};

void TestCodecOpenAIChat::requestDecodeKeepsConversation_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("text") << "request_text.json"
                          << QStringList{"system text You are a concise assistant. Answer in one sentence.",
                                         "user text What is the capital of Australia?"};
    QTest::newRow("tools multi-turn") << "request_tools_multiturn.json" << QStringList{
        "system text You are a travel assistant. Use the tools to answer.",
        "system text Prefer metric units.",
        "user text What's the weather in Paris and in Tokyo right now?",
        "assistant tool call_pZ1dq8Yx2KqTf4vN0cR7mLb3 get_weather {\"location\":\"Paris, France\",\"unit\":\"celsius\"}",
        "assistant tool call_W9sE3aJr6hUo1yPk5nX8dQcV get_weather {\"location\":\"Tokyo, Japan\",\"unit\":\"celsius\"}",
        // Both results answer one turn: one Tool message; names come from the calls.
        "tool result call_pZ1dq8Yx2KqTf4vN0cR7mLb3 get_weather {\"temperature\":18,\"condition\":\"cloudy\"}",
        "tool result call_W9sE3aJr6hUo1yPk5nX8dQcV get_weather {\"temperature\":24,\"condition\":\"sunny\"}",
        "assistant text Paris is 18 °C and cloudy; Tokyo is 24 °C and sunny.",
        "user(alice) text Book me a table in Tokyo tonight for 2.",
        "assistant text Let me find one.",
        "assistant tool call_Rt7uYh2GfD4sA9zXc1VbN6mK book_restaurant {\"city\":\"Tokyo\",\"party_size\":2,\"time\":\"19:30\"}",
        "tool result call_Rt7uYh2GfD4sA9zXc1VbN6mK book_restaurant {\"confirmation\":\"TKY-55812\"}"};
    // Audio has no canonical form and is dropped; the PDF becomes a document.
    QTest::newRow("images") << "request_images.json" << QStringList{
        "user text Compare these two charts and the attached report.",
        "user image image/png 96b64",
        "user image  https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png",
        "user document application/pdf 64b64 q3-report.pdf"};
    QTest::newRow("reasoning") << "request_reasoning.json" << QStringList{
        "system text Think step by step.",
        "user text Is 9.11 larger than 9.9?",
        "assistant thinking Compare the tenths: 1 < 9, so 9.9 is larger.",
        "assistant text No, 9.9 is larger.",
        "user text Then list both as JSON, and look up the pair first."};
}

void TestCodecOpenAIChat::requestDecodeKeepsConversation()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    QString error;
    const std::optional<Request> r = kit.request(fixture, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(conversationTrace(*r), expected);
}

void TestCodecOpenAIChat::requestDecodeReadsOptions()
{
    QString error;
    const std::optional<Request> tools = kit.request("request_tools_multiturn.json", &error);
    QVERIFY2(tools, qPrintable(error));
    QCOMPARE(tools->model, u"gpt-4.1"_qs);
    QCOMPARE(tools->tools.size(), 2);
    QCOMPARE(tools->tools[1].name, u"book_restaurant"_qs);
    QCOMPARE(tools->tools[1].description, u"Book a restaurant table"_qs);
    QCOMPARE(tools->tools[1].parameters.value(u"required").toArray().size(), 2);
    QCOMPARE(tools->toolChoice.mode, ToolChoice::Mode::Auto);
    QCOMPARE(tools->parallelToolCalls, std::optional<bool>(true));
    QCOMPARE(tools->maxOutputTokens, std::optional<int>(1024));
    QCOMPARE(tools->temperature, std::optional<double>(0.7));
    QCOMPARE(tools->stopSequences, QStringList({"END", "###"}));
    QVERIFY(tools->stream);
    QVERIFY(tools->includeUsage);

    const std::optional<Request> reasoning = kit.request("request_reasoning.json", &error);
    QVERIFY2(reasoning, qPrintable(error));
    QCOMPARE(reasoning->toolChoice.mode, ToolChoice::Mode::Specific);
    QCOMPARE(reasoning->toolChoice.name, u"lookup_number"_qs);
    QVERIFY(reasoning->reasoning.enabled);
    QCOMPARE(reasoning->reasoning.effort, u"high"_qs);
    QCOMPARE(reasoning->maxOutputTokens, std::optional<int>(4000));
    QCOMPARE(reasoning->responseFormat.value(u"type").toString(), u"json_schema"_qs);
    QCOMPARE(reasoning->userId, u"account-7d1f"_qs);
    QVERIFY(reasoning->stream);
    QVERIFY2(!reasoning->includeUsage, "a Chat client that did not ask gets no usage chunk");

    const std::optional<Request> text = kit.request("request_text.json", &error);
    QVERIFY2(text, qPrintable(error));
    QCOMPARE(text->stopSequences, QStringList{"\n\n"});
    QCOMPARE(text->topP, std::optional<double>(0.9));
    QCOMPARE(text->userId, u"user-4821"_qs);
    QVERIFY(!text->stream);
    QVERIFY(!text->reasoning.enabled);
}

void TestCodecOpenAIChat::requestDecodeRejectsInvalidBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("no messages") << QByteArray(R"({"model":"m"})") << "$.messages: expected an array";
    QTest::newRow("messages not array") << QByteArray(R"({"model":"m","messages":{"role":"user"}})") << "$.messages: expected an array";
    QTest::newRow("message not object") << QByteArray(R"({"messages":[{"role":"user","content":"hi"},"hello"]})") << "$.messages[1]: expected an object";
    QTest::newRow("unknown role") << QByteArray(R"({"messages":[{"role":"robot","content":"x"}]})") << "$.messages[0].role: unknown role 'robot'";
    QTest::newRow("missing role") << QByteArray(R"({"messages":[{"content":"x"}]})") << "$.messages[0].role: unknown role ''";
    QTest::newRow("unknown part") << QByteArray(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":[{"type":"foo"}]}]})")
                                  << "$.messages[2].content[0].type: unknown part type 'foo'";
    QTest::newRow("part not object") << QByteArray(R"({"messages":[{"role":"user","content":[{"type":"text","text":"a"},7]}]})") << "$.messages[0].content[1]: expected an object";
    QTest::newRow("content number") << QByteArray(R"({"messages":[{"role":"user","content":42}]})") << "$.messages[0].content: expected a string or an array";
    QTest::newRow("user without content") << QByteArray(R"({"messages":[{"role":"user"}]})") << "$.messages[0].content: missing";
    QTest::newRow("image without url") << QByteArray(R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]})") << "$.messages[0].content[0].image_url.url: missing";
    QTest::newRow("tool call without name") << QByteArray(R"({"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}]})")
                                            << "$.messages[0].tool_calls[0].function.name: missing";
    QTest::newRow("tool without id") << QByteArray(R"({"messages":[{"role":"tool","content":"r"}]})") << "$.messages[0].tool_call_id: missing";
    QTest::newRow("tool def without name") << QByteArray(R"({"messages":[],"tools":[{"type":"function","function":{"parameters":{}}}]})") << "$.tools[0].function.name: missing";
}

void TestCodecOpenAIChat::requestDecodeRejectsInvalidBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString actual;
    const std::optional<Request> r = kit.codec().decodeRequest(QJsonDocument::fromJson(body).object(), QString(), false, &actual);
    QVERIFY(!r);
    QCOMPARE(actual, error);
}

void TestCodecOpenAIChat::requestRoundTripKeepsMeaning_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"request_text.json", "request_tools_multiturn.json", "request_images.json", "request_reasoning.json"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

// Chat -> canonical -> Chat: text, tool calls, arguments and ids come back exactly.
void TestCodecOpenAIChat::requestRoundTripKeepsMeaning()
{
    QFETCH(QString, fixture);
    const QJsonObject original = kit.json(fixture);
    QString error;
    const std::optional<Request> r = kit.codec().decodeRequest(original, QString(), false, &error);
    QVERIFY2(r, qPrintable(error));
    const QJsonObject encoded = kit.codec().encodeRequest(*r);
    const QJsonObject expected = semantic(original);
    const QJsonObject actual = semantic(encoded);
    for (const QString &key : expected.keys())
        QVERIFY2(actual.value(key) == expected.value(key),
                 qPrintable(key + u"\n got: "_qs + QString::fromUtf8(QJsonDocument(QJsonObject{{key, actual.value(key)}}).toJson(QJsonDocument::Compact))
                            + u"\nwant: "_qs + QString::fromUtf8(QJsonDocument(QJsonObject{{key, expected.value(key)}}).toJson(QJsonDocument::Compact))));
    QCOMPARE(actual.keys(), expected.keys());
}

void TestCodecOpenAIChat::requestEncodePicksTokenLimitFieldByModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("keepsSampling");
    QTest::newRow("gpt-4o") << "gpt-4o" << "max_tokens" << true;
    QTest::newRow("deepseek") << "deepseek-chat" << "max_tokens" << true;
    QTest::newRow("o1") << "o1" << "max_completion_tokens" << false;
    QTest::newRow("o3-mini") << "o3-mini" << "max_completion_tokens" << false;
    QTest::newRow("o4-mini") << "o4-mini-2025-04-16" << "max_completion_tokens" << false;
    QTest::newRow("gpt-5") << "gpt-5" << "max_completion_tokens" << false;
    QTest::newRow("gpt-5 via router") << "openai/gpt-5-mini" << "max_completion_tokens" << false;
}

void TestCodecOpenAIChat::requestEncodePicksTokenLimitFieldByModel()
{
    QFETCH(QString, model);
    QFETCH(QString, field);
    QFETCH(bool, keepsSampling);
    Request r;
    r.model = model;
    r.messages.append(Message{Role::User, {ContentPart::makeText(QStringLiteral("hi"))}, QString()});
    r.maxOutputTokens = 321;
    r.temperature = 0.5;
    r.topP = 0.8;
    r.topK = 40;
    const QJsonObject body = kit.codec().encodeRequest(r);
    QCOMPARE(body.value(field).toInt(), 321);
    QCOMPARE(body.contains(u"max_tokens"), field == u"max_tokens");
    QCOMPARE(body.contains(u"max_completion_tokens"), field == u"max_completion_tokens");
    QCOMPARE(body.contains(u"temperature"), keepsSampling);
    QCOMPARE(body.contains(u"top_p"), keepsSampling);
    QVERIFY2(!body.contains(u"top_k"), "OpenAI answers 400 to top_k");
}

void TestCodecOpenAIChat::requestEncodeAlwaysAsksForStreamUsage()
{
    Request r;
    r.model = QStringLiteral("gpt-4o");
    r.messages.append(Message{Role::User, {ContentPart::makeText(QStringLiteral("hi"))}, QString()});
    r.stream = true;
    r.includeUsage = false; // the client did not ask; the relay still needs usage to bill
    const QJsonObject streamed = kit.codec().encodeRequest(r);
    QCOMPARE(streamed.value(u"stream"), QJsonValue(true));
    QCOMPARE(streamed.value(u"stream_options").toObject().value(u"include_usage"), QJsonValue(true));
    r.stream = false;
    const QJsonObject plain = kit.codec().encodeRequest(r);
    QVERIFY(!plain.contains(u"stream"));
    QVERIFY(!plain.contains(u"stream_options"));
}

// A conversation as an Anthropic or Gemini decoder would hand it over: tool results inside
// a user turn next to text, split system blocks, thinking with a signature, an error result.
void TestCodecOpenAIChat::requestEncodeTranslatesForeignConversation()
{
    Request r;
    r.model = QStringLiteral("o3");
    r.system = {ContentPart::makeText(QStringLiteral("You are Claude Code.")), ContentPart::makeText(QStringLiteral("Be brief."))};
    ContentPart thinking = ContentPart::makeText(QStringLiteral("Need the file list."));
    thinking.kind = ContentPart::Kind::Thinking;
    thinking.signature = QStringLiteral("EqQBCkYIBxgCKkA");
    ContentPart call;
    call.kind = ContentPart::Kind::ToolCall;
    call.toolCallId = QStringLiteral("toolu_01A");
    call.toolName = QStringLiteral("ls");
    call.arguments = QString();
    ContentPart result;
    result.kind = ContentPart::Kind::ToolResult;
    result.toolCallId = QStringLiteral("toolu_01A");
    result.isError = true;
    result.resultParts = {ContentPart::makeText(QStringLiteral("permission ")), ContentPart::makeText(QStringLiteral("denied"))};
    ContentPart image;
    image.kind = ContentPart::Kind::Image;
    image.mediaType = QStringLiteral("image/jpeg");
    image.base64Data = "/9j/4AAQ";
    r.messages = {Message{Role::User, {ContentPart::makeText(QStringLiteral("List files"))}, QString()},
                  Message{Role::Assistant, {thinking, ContentPart::makeText(QStringLiteral("Listing.")), call}, QString()},
                  Message{Role::User, {result, ContentPart::makeText(QStringLiteral("Why?")), image}, QString()}};
    r.tools = {ToolDefinition{QStringLiteral("ls"), QString(), QJsonObject()}};
    r.reasoning.enabled = true;
    r.reasoning.budgetTokens = 10000;
    r.stopSequences = {"a", "b", "c", "d", "e"};
    r.userId = QStringLiteral("user_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef_account__session_1");
    const QJsonObject body = kit.codec().encodeRequest(r);

    const QByteArray messages = QJsonDocument(body.value(u"messages").toArray()).toJson(QJsonDocument::Compact);
    const QByteArray expected(
        R"([{"content":"You are Claude Code.\n\nBe brief.","role":"system"},)"
        R"({"content":"List files","role":"user"},)"
        R"({"content":"Listing.","reasoning_content":"Need the file list.","role":"assistant","tool_calls":[{"function":{"arguments":"{}","name":"ls"},"id":"toolu_01A","type":"function"}]},)"
        R"({"content":"permission denied","role":"tool","tool_call_id":"toolu_01A"},)"
        R"({"content":[{"text":"Why?","type":"text"},{"image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"},"type":"image_url"}],"role":"user"}])");
    QCOMPARE(messages, expected);
    QCOMPARE(body.value(u"tools").toArray().at(0).toObject().value(u"function").toObject().value(u"parameters").toObject(),
             QJsonObject({{u"type"_qs, u"object"_qs}, {u"properties"_qs, QJsonObject()}}));
    QVERIFY(!body.contains(u"tool_choice"));
    QCOMPARE(body.value(u"reasoning_effort").toString(), u"medium"_qs);
    QCOMPARE(body.value(u"stop").toArray().size(), 4);
    QCOMPARE(body.value(u"user").toString().size(), 64);
    QCOMPARE(kit.codec().encodeRequest(r).value(u"user"), body.value(u"user"));
}

void TestCodecOpenAIChat::streamDecodeProducesEvents_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("text") << "stream_text.sse" << QStringList{
        "start chatcmpl-C1xTq9fLm3Zr8Yw2Kd5Nv0Pb7Ha gpt-4o-mini-2024-07-18",
        "block+ 0 text", "text 0 The capital", "text 0  of Australia is", "text 0  Canberra.",
        "block- 0", "finish end_turn", "usage 31/9 cached 0 reasoning 0", "end"};
    QTest::newRow("parallel tools") << "stream_parallel_tools.sse" << QStringList{
        "start chatcmpl-C1xUa4Hn2Jk7Lp0Qs3Tv6Wy9Zb gpt-4.1-2025-04-14",
        "block+ 0 text", "text 0 Let me check both cities.", "block- 0",
        "block+ 1 tool call_pZ1dq8Yx2KqTf4vN0cR7mLb3 get_weather",
        "args 1 {\"location\"", "args 1 :\"Paris, France\"", "args 1 ,\"unit\":\"celsius\"}", "block- 1",
        "block+ 2 tool call_W9sE3aJr6hUo1yPk5nX8dQcV get_weather",
        "args 2 {\"location\":\"Tokyo, Japan\"", "args 2 ,\"unit\":\"celsius\"}", "block- 2",
        "finish tool_use", "usage 182/64 cached 128 reasoning 0", "end"};
    QTest::newRow("reasoning") << "stream_reasoning.sse" << QStringList{
        "start 8f3b2c1a-6d4e-4f5a-9b7c-0e1d2c3b4a59 deepseek-reasoner",
        "block+ 0 thinking", "think 0 Compare the tenths:", "think 0  1 < 9.", "block- 0",
        "block+ 1 text", "text 1 No, 9.9 is larger.", "block- 1",
        "finish end_turn", "usage 24/57 cached 16 reasoning 41", "end"};
    QTest::newRow("max tokens") << "stream_length.sse" << QStringList{
        "start chatcmpl-C1xVb5Io3Kl8Mq1Rt4Uw7Xz0Ac gpt-4o-2024-08-06",
        "block+ 0 text", "text 0 Once upon a time, in a land far", "block- 0",
        "finish max_tokens", "usage 12/10 cached 0 reasoning 0", "end"};
    // Every call numbered 0 and "stop" after calling tools: still two calls and a tool stop.
    QTest::newRow("same index, stop") << "stream_same_index.sse" << QStringList{
        "start chatcmpl-compat-5521 gemini-2.5-flash",
        "block+ 0 tool call_a1 get_weather", "args 0 {\"location\":\"Oslo\"}", "block- 0",
        "block+ 1 tool call_b2 get_time", "args 1 {\"zone\":\"Europe/Oslo\"}", "block- 1",
        "finish tool_use", "usage 40/22 cached 0 reasoning 0", "end"};
    QTest::newRow("error") << "stream_error.sse" << QStringList{
        "start chatcmpl-C1xWc6Jp4Lm9Nr2Su5Vx8Ya1Bd gpt-4o-2024-08-06",
        "block+ 0 text", "text 0 The first step",
        "error Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM)."};
}

void TestCodecOpenAIChat::streamDecodeProducesEvents()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    QCOMPARE(trace(kit.decodeAll(SseParser::parseAll(kit.fixture(fixture)))), expected);
}

void TestCodecOpenAIChat::streamDecodeTruncatedTranscriptHasNoEnd_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"stream_text.sse", "stream_parallel_tools.sse", "stream_reasoning.sse", "stream_length.sse",
                          "stream_same_index.sse"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

// A stream cut anywhere before [DONE] never reports End (the relay must see it as cut off).
void TestCodecOpenAIChat::streamDecodeTruncatedTranscriptHasNoEnd()
{
    QFETCH(QString, fixture);
    const QByteArray bytes = kit.fixture(fixture);
    const qsizetype doneAt = bytes.indexOf("data: [DONE]");
    QVERIFY(doneAt > 0);
    for (qsizetype cut = 0; cut < doneAt + 11; cut += 7) {
        const QStringList t = trace(kit.decodeAll(SseParser::parseAll(bytes.left(cut))));
        QVERIFY2(!t.contains(u"end"_qs), qPrintable(QStringLiteral("End after %1 bytes").arg(cut)));
    }
    QCOMPARE(trace(kit.decodeAll(SseParser::parseAll(bytes))).last(), u"end"_qs);
}

void TestCodecOpenAIChat::streamDecodeMapsErrorChunk()
{
    const StreamEvents events = kit.decodeAll(SseParser::parseAll(kit.fixture("stream_error.sse")));
    QCOMPARE(events.last().type, StreamEvent::Type::Error);
    QCOMPARE(events.last().error.code, ErrorCode::RateLimit);
    QCOMPARE(events.last().error.httpStatus, 429);

    SseEvent vllm = dataEvent(R"({"object":"error","message":"This model's maximum context length is 8192 tokens","type":"BadRequestError","code":400})");
    const StreamEvents old = kit.codec().newStreamDecoder()->decode(vllm);
    QCOMPARE(old.size(), 1);
    QCOMPARE(old[0].type, StreamEvent::Type::Error);
    QCOMPARE(old[0].error.code, ErrorCode::InvalidRequest);
    QCOMPARE(old[0].error.message, u"This model's maximum context length is 8192 tokens"_qs);
}

void TestCodecOpenAIChat::streamDecodeSurvivesGarbage_data()
{
    QTest::addColumn<QList<QByteArray>>("data");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("not json") << QList<QByteArray>{"{\"id\":\"x\",", "hello", "", "\xff\xfe\x00"} << QStringList();
    QTest::newRow("not an object") << QList<QByteArray>{"[1,2]", "\"s\"", "null", "42"} << QStringList();
    QTest::newRow("wrong types") << QList<QByteArray>{
        R"({"id":5,"model":[],"choices":"x","usage":"many"})",
        R"({"choices":[7,{"index":"0","delta":[]},{"delta":{"content":5,"tool_calls":{"index":0}}}]})",
        R"({"choices":[{"delta":{"tool_calls":[null,{"index":"a","function":[]},{"function":{"arguments":7}}]}}]})",
        R"({"choices":[{"delta":{},"finish_reason":12}],"usage":{"prompt_tokens":-5,"completion_tokens":1.5}})"}
        << QStringList{"start  ", "usage 0/0 cached 0 reasoning 0"};
    QTest::newRow("done twice, then more") << QList<QByteArray>{"[DONE]", "[DONE]", R"({"choices":[{"delta":{"content":"late"}}]})"}
                                          << QStringList{"end"};
    QTest::newRow("null error is not an error") << QList<QByteArray>{R"({"id":"a","error":null,"choices":[]})"} << QStringList{"start a "};
}

void TestCodecOpenAIChat::streamDecodeSurvivesGarbage()
{
    QFETCH(QList<QByteArray>, data);
    QFETCH(QStringList, expected);
    QList<SseEvent> events;
    for (const QByteArray &d : data)
        events << dataEvent(d);
    SseEvent comment;
    comment.commentOnly = true;
    events.prepend(comment);
    QCOMPARE(trace(kit.decodeAll(events)), expected);
}

void TestCodecOpenAIChat::decodersSurviveWrongTypesAnywhere_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"request_text.json", "request_tools_multiturn.json", "request_images.json",
                          "request_reasoning.json", "response_tools.json", "response_reasoning.json",
                          "stream_parallel_tools.sse", "stream_reasoning.sse", "stream_same_index.sse"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

// Each value of a real request, response or chunk swapped for a wrong type, one at a time:
// the decoders answer (a request may be refused with a JSON path), and never crash.
void TestCodecOpenAIChat::decodersSurviveWrongTypesAnywhere()
{
    QFETCH(QString, fixture);
    int variants = 0;
    if (fixture.endsWith(u".sse")) {
        const QList<SseEvent> events = SseParser::parseAll(kit.fixture(fixture));
        for (qsizetype i = 0; i < events.size(); ++i) {
            for (const QJsonValue &v : wrongTypeVariants(QJsonDocument::fromJson(events[i].data).object())) {
                QList<SseEvent> mutated = events;
                mutated[i] = dataEvent(compactJson(v));
                const StreamEvents decoded = kit.decodeAll(mutated);
                QVERIFY(!decoded.isEmpty());
                kit.encodeAll(decoded, options());
                ++variants;
            }
        }
    } else {
        for (const QJsonValue &v : wrongTypeVariants(kit.json(fixture))) {
            QString error;
            if (fixture.startsWith(u"request")) {
                const std::optional<Request> r = kit.codec().decodeRequest(v.toObject(), QString(), false, &error);
                QVERIFY(r || error.startsWith(u"$."));
                if (r)
                    kit.codec().encodeRequest(*r);
            } else {
                kit.codec().encodeResponse(kit.codec().decodeResponse(v.toObject()), options());
            }
            ++variants;
        }
    }
    QVERIFY(variants > 50);
}

// Every frame exactly, in OpenAI's key order: what strict clients and snapshot tests see.
void TestCodecOpenAIChat::streamEncodeWritesExactFrames()
{
    StreamEvent start = streamEvent(StreamEvent::Type::MessageStart);
    start.id = QStringLiteral("msg_01XFDUDYJgAACzvnptvVoYEL");
    start.model = QStringLiteral("claude-sonnet-4-5");
    StreamEvent signature = streamEvent(StreamEvent::Type::SignatureDelta, 0, QStringLiteral("EqQBCkYIBxgC"));
    const StreamEvents events{start,
                              blockStart(0, ContentPart::Kind::Thinking), streamEvent(StreamEvent::Type::ThinkingDelta, 0, "Check \"both\"."),
                              signature, streamEvent(StreamEvent::Type::BlockStop, 0),
                              blockStart(1, ContentPart::Kind::Text), streamEvent(StreamEvent::Type::TextDelta, 1, "Checking."),
                              streamEvent(StreamEvent::Type::BlockStop, 1),
                              blockStart(2, ContentPart::Kind::ToolCall, "toolu_01A", "get_weather"),
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 2, "{\"city\":"), streamEvent(StreamEvent::Type::ToolArgsDelta, 2, "\"Paris\"}"),
                              streamEvent(StreamEvent::Type::BlockStop, 2),
                              blockStart(3, ContentPart::Kind::ToolCall, "toolu_01B", "get_time"),
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 3, "{}"), streamEvent(StreamEvent::Type::BlockStop, 3),
                              usageEvent(120, 0, 100, 0), finishEvent(StopReason::ToolUse), usageEvent(0, 45, 0, 12),
                              streamEvent(StreamEvent::Type::End)};
    const QByteArray head = R"(data: {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","object":"chat.completion.chunk","created":0,"model":"my-chat-model",)";
    const QByteArray tail = R"(,"finish_reason":null}]})" "\n\n";
    const QList<QByteArray> expected{
        head + R"("choices":[{"index":0,"delta":{"content":"","role":"assistant"})" + tail,
        head + R"("choices":[{"index":0,"delta":{"reasoning_content":"Check \"both\"."})" + tail,
        head + R"("choices":[{"index":0,"delta":{"content":"Checking."})" + tail,
        head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"","name":"get_weather"},"id":"toolu_01A","index":0,"type":"function"}]})" + tail,
        head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"{\"city\":"},"index":0}]})" + tail,
        head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"\"Paris\"}"},"index":0}]})" + tail,
        head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"","name":"get_time"},"id":"toolu_01B","index":1,"type":"function"}]})" + tail,
        head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"{}"},"index":1}]})" + tail,
        head + R"("choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})" "\n\n",
        head + R"("choices":[],"usage":{"completion_tokens":45,"completion_tokens_details":{"reasoning_tokens":12},"prompt_tokens":120,"prompt_tokens_details":{"cached_tokens":100},"total_tokens":165}})" "\n\n",
        "data: [DONE]\n\n"};
    const QList<QByteArray> actual = framesWithoutClock(kit.encodeAll(events, options()));
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(actual[i], expected[i]);
}

void TestCodecOpenAIChat::streamEncodeUsageChunkFollowsClientOption_data()
{
    QTest::addColumn<bool>("includeUsage");
    QTest::newRow("asked") << true;
    QTest::newRow("not asked") << false;
}

void TestCodecOpenAIChat::streamEncodeUsageChunkFollowsClientOption()
{
    QFETCH(bool, includeUsage);
    const StreamEvents events{streamEvent(StreamEvent::Type::MessageStart), streamEvent(StreamEvent::Type::TextDelta, 0, "Hi"),
                              finishEvent(StopReason::EndTurn), usageEvent(10, 2, 0, 0), streamEvent(StreamEvent::Type::End)};
    const ChatClientView v = readClientStream(kit.encodeAll(events, options(includeUsage)), u"my-chat-model"_qs);
    QVERIFY2(v.problems.isEmpty(), qPrintable(v.problems.join(u'\n')));
    QVERIFY(v.done);
    QCOMPARE(v.content, u"Hi"_qs);
    QCOMPARE(v.usage.isEmpty(), !includeUsage);
    if (includeUsage)
        QCOMPARE(v.usage.value(u"total_tokens").toInt(), 12);
}

// Decoders of other formats may skip MessageStart, BlockStart, BlockStop or Finish.
void TestCodecOpenAIChat::streamEncodeToleratesMissingStartsAndStops()
{
    StreamEvent args = streamEvent(StreamEvent::Type::ToolArgsDelta, 4, "{\"q\":1}");
    args.toolCallId = QStringLiteral("fc_1");
    args.toolName = QStringLiteral("search");
    StreamEvent noId = blockStart(5, ContentPart::Kind::ToolCall, QString(), QStringLiteral("fetch"));
    const StreamEvents events{streamEvent(StreamEvent::Type::TextDelta, 2, "Hello"), args, noId,
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 5, "{}"), streamEvent(StreamEvent::Type::End),
                              streamEvent(StreamEvent::Type::TextDelta, 2, "after end")};
    const QByteArray bytes = kit.encodeAll(events, options(false));
    const ChatClientView v = readClientStream(bytes, u"my-chat-model"_qs);
    QVERIFY2(v.problems.isEmpty(), qPrintable(v.problems.join(u'\n')));
    QCOMPARE(v.role, u"assistant"_qs);
    QCOMPARE(v.content, u"Hello"_qs);
    const QString fetchId = QStringLiteral("call_") + QString::fromLatin1(
        QCryptographicHash::hash("req-0001:1", QCryptographicHash::Sha256).toHex().left(24));
    QCOMPARE(v.toolCalls, QStringList({"fc_1 search {\"q\":1}", fetchId + u" fetch {}"_qs}));
    QCOMPARE(v.finishReason, u"tool_calls"_qs);
    QVERIFY(v.done);
    QVERIFY(v.id.startsWith(u"chatcmpl-"));
    QCOMPARE(v.id, readClientStream(kit.encodeAll(events, options(false)), u"my-chat-model"_qs).id);
}

void TestCodecOpenAIChat::streamEncodeFinishReason_data()
{
    QTest::addColumn<StopReason>("reason");
    QTest::addColumn<bool>("withToolCall");
    QTest::addColumn<QString>("finishReason");
    QTest::newRow("end turn") << StopReason::EndTurn << false << "stop";
    QTest::newRow("stop sequence") << StopReason::StopSequence << false << "stop";
    QTest::newRow("max tokens") << StopReason::MaxTokens << false << "length";
    QTest::newRow("max tokens mid-call") << StopReason::MaxTokens << true << "length";
    QTest::newRow("tool use") << StopReason::ToolUse << true << "tool_calls";
    QTest::newRow("tool use without calls") << StopReason::ToolUse << false << "stop";
    QTest::newRow("gemini STOP after a call") << StopReason::EndTurn << true << "tool_calls";
    QTest::newRow("filtered") << StopReason::ContentFilter << false << "content_filter";
    QTest::newRow("unknown") << StopReason::Unknown << false << "stop";
}

void TestCodecOpenAIChat::streamEncodeFinishReason()
{
    QFETCH(StopReason, reason);
    QFETCH(bool, withToolCall);
    QFETCH(QString, finishReason);
    StreamEvents events{streamEvent(StreamEvent::Type::MessageStart)};
    if (withToolCall)
        events << blockStart(0, ContentPart::Kind::ToolCall, "call_1", "f");
    events << finishEvent(reason) << streamEvent(StreamEvent::Type::End);
    QCOMPARE(readClientStream(kit.encodeAll(events, options()), u"my-chat-model"_qs).finishReason, finishReason);

    Response r;
    r.stopReason = reason;
    if (withToolCall) {
        ContentPart call;
        call.kind = ContentPart::Kind::ToolCall;
        call.toolCallId = QStringLiteral("call_1");
        call.toolName = QStringLiteral("f");
        r.content << call;
    }
    const QJsonObject body = kit.codec().encodeResponse(r, options());
    QCOMPARE(body.value(u"choices").toArray().at(0).toObject().value(u"finish_reason").toString(), finishReason);
}

void TestCodecOpenAIChat::streamEncodeErrorEndsStream()
{
    auto encoder = kit.codec().newStreamEncoder(options());
    QVERIFY(!encoder->encode(streamEvent(StreamEvent::Type::TextDelta, 0, "partial")).isEmpty());
    RelayError error = RelayError::make(ErrorCode::Upstream, QStringLiteral("upstream closed the connection"));
    const QByteArray expected(R"(data: {"error":{"code":"upstream_error","message":"upstream closed the connection","param":null,"type":"server_error"}})" "\n\n");
    QCOMPARE(encoder->encodeError(error), expected);
    QVERIFY(encoder->encode(streamEvent(StreamEvent::Type::End)).isEmpty());
    QVERIFY(encoder->encodeError(error).isEmpty());

    // An Error event from an upstream decoder reads the same.
    auto second = kit.codec().newStreamEncoder(options());
    StreamEvent e = streamEvent(StreamEvent::Type::Error);
    e.error = RelayError::make(ErrorCode::RateLimit, QStringLiteral("slow down"));
    const QByteArray rateLimitType(R"("type":"rate_limit_error")");
    QVERIFY(second->encode(e).contains(rateLimitType));
    QVERIFY(second->encode(finishEvent(StopReason::EndTurn)).isEmpty());
}

void TestCodecOpenAIChat::streamTranscodeKeepsContent_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<QStringList>("toolCalls");
    QTest::addColumn<QString>("finishReason");
    QTest::addColumn<QString>("usage");
    QTest::newRow("text") << "stream_text.sse" << "The capital of Australia is Canberra." << "" << QStringList()
                          << "stop" << R"({"completion_tokens":9,"completion_tokens_details":{"reasoning_tokens":0},"prompt_tokens":31,"prompt_tokens_details":{"cached_tokens":0},"total_tokens":40})";
    QTest::newRow("parallel tools") << "stream_parallel_tools.sse" << "Let me check both cities." << ""
                                    << QStringList{R"(call_pZ1dq8Yx2KqTf4vN0cR7mLb3 get_weather {"location":"Paris, France","unit":"celsius"})",
                                                   R"(call_W9sE3aJr6hUo1yPk5nX8dQcV get_weather {"location":"Tokyo, Japan","unit":"celsius"})"}
                                    << "tool_calls" << R"({"completion_tokens":64,"completion_tokens_details":{"reasoning_tokens":0},"prompt_tokens":182,"prompt_tokens_details":{"cached_tokens":128},"total_tokens":246})";
    QTest::newRow("reasoning") << "stream_reasoning.sse" << "No, 9.9 is larger." << "Compare the tenths: 1 < 9." << QStringList()
                               << "stop" << R"({"completion_tokens":57,"completion_tokens_details":{"reasoning_tokens":41},"prompt_tokens":24,"prompt_tokens_details":{"cached_tokens":16},"total_tokens":81})";
    QTest::newRow("length") << "stream_length.sse" << "Once upon a time, in a land far" << "" << QStringList()
                            << "length" << R"({"completion_tokens":10,"completion_tokens_details":{"reasoning_tokens":0},"prompt_tokens":12,"prompt_tokens_details":{"cached_tokens":0},"total_tokens":22})";
    QTest::newRow("same index") << "stream_same_index.sse" << "" << ""
                                << QStringList{R"(call_a1 get_weather {"location":"Oslo"})", R"(call_b2 get_time {"zone":"Europe/Oslo"})"}
                                << "tool_calls" << R"({"completion_tokens":22,"completion_tokens_details":{"reasoning_tokens":0},"prompt_tokens":40,"prompt_tokens_details":{"cached_tokens":0},"total_tokens":62})";
}

// Chat upstream -> canonical -> Chat client: the client reads what the upstream said.
void TestCodecOpenAIChat::streamTranscodeKeepsContent()
{
    QFETCH(QString, fixture);
    QFETCH(QString, content);
    QFETCH(QString, reasoning);
    QFETCH(QStringList, toolCalls);
    QFETCH(QString, finishReason);
    QFETCH(QString, usage);
    const StreamEvents events = kit.decodeAll(SseParser::parseAll(kit.fixture(fixture)));
    const ChatClientView v = readClientStream(kit.encodeAll(events, options()), u"my-chat-model"_qs);
    QVERIFY2(v.problems.isEmpty(), qPrintable(v.problems.join(u'\n')));
    QCOMPARE(v.content, content);
    QCOMPARE(v.reasoning, reasoning);
    QCOMPARE(v.toolCalls, toolCalls);
    QCOMPARE(v.finishReason, finishReason);
    QCOMPARE(QJsonDocument(v.usage).toJson(QJsonDocument::Compact), usage.toUtf8());
    QCOMPARE(v.id, events.first().id);
    QVERIFY(v.done);
}

// Whatever order and mix of events another format's decoder produces, a Chat client gets a
// well-formed stream: envelopes, the role first, tool calls opened with id and name,
// nothing after finish_reason, [DONE] last.
void TestCodecOpenAIChat::streamEncodeRandomSequencesStayValid()
{
    QRandomGenerator random(20250801);
    const StreamEvent::Type types[] = {StreamEvent::Type::MessageStart, StreamEvent::Type::BlockStart,
                                       StreamEvent::Type::TextDelta, StreamEvent::Type::ThinkingDelta,
                                       StreamEvent::Type::SignatureDelta, StreamEvent::Type::ToolArgsDelta,
                                       StreamEvent::Type::BlockStop, StreamEvent::Type::Finish, StreamEvent::Type::Usage};
    const ContentPart::Kind kinds[] = {ContentPart::Kind::Text, ContentPart::Kind::Thinking, ContentPart::Kind::ToolCall};
    for (int round = 0; round < 300; ++round) {
        StreamEvents events;
        const int count = random.bounded(1, 25);
        for (int i = 0; i < count; ++i) {
            StreamEvent e = streamEvent(types[random.bounded(int(std::size(types)))], random.bounded(5),
                                        random.bounded(4) ? QStringLiteral("piece%1").arg(i) : QString());
            e.blockKind = kinds[random.bounded(int(std::size(kinds)))];
            e.toolName = random.bounded(3) ? QStringLiteral("fn") : QString();
            e.stopReason = StopReason(random.bounded(int(StopReason::Unknown) + 1));
            e.usage.known = random.bounded(2);
            e.usage.outputTokens = random.bounded(100);
            events << e;
        }
        events << streamEvent(StreamEvent::Type::End);
        const ChatClientView v = readClientStream(kit.encodeAll(events, options(round % 2)), u"my-chat-model"_qs);
        QVERIFY2(v.problems.isEmpty(), qPrintable(QString::number(round) + u": "_qs + v.problems.join(u'\n')));
        QVERIFY(v.done);
        QVERIFY(!v.finishReason.isEmpty());
    }
}

void TestCodecOpenAIChat::responseDecodeReadsBody_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("text") << "response_text.json" << QStringList{
        "id chatcmpl-C1xXd7Kq5Mn0Os3Tv6Wy9Zb2Ce model gpt-4o-mini-2024-07-18", "text The capital of Australia is Canberra.",
        "stop end_turn", "usage 31/9 cached 0 reasoning 0 known 1"};
    QTest::newRow("tools") << "response_tools.json" << QStringList{
        "id chatcmpl-C1xYe8Lr6No1Pt4Uw7Xz0Ac3Df model gpt-4.1-2025-04-14",
        R"(tool call_pZ1dq8Yx2KqTf4vN0cR7mLb3 get_weather {"location":"Paris, France","unit":"celsius"})",
        R"(tool call_W9sE3aJr6hUo1yPk5nX8dQcV get_weather {"location":"Tokyo, Japan","unit":"celsius"})",
        "stop tool_use", "usage 182/64 cached 128 reasoning 0 known 1"};
    QTest::newRow("reasoning") << "response_reasoning.json" << QStringList{
        "id 8f3b2c1a-6d4e-4f5a-9b7c-0e1d2c3b4a60 model deepseek-reasoner", "thinking Compare the tenths: 1 < 9.",
        "text No, 9.9 is larger.", "stop end_turn", "usage 24/57 cached 16 reasoning 41 known 1"};
    QTest::newRow("length") << "response_length.json" << QStringList{
        "id chatcmpl-C1xZf9Ms7Op2Qu5Vx8Ya1Bd4Eg model gpt-4o-2024-08-06", "text Once upon a time, in a land far",
        "stop max_tokens", "usage 12/10 cached 0 reasoning 0 known 1"};
}

void TestCodecOpenAIChat::responseDecodeReadsBody()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    QCOMPARE(responseTrace(kit.codec().decodeResponse(kit.json(fixture))), expected);
}

void TestCodecOpenAIChat::responseEncodeHasClientFields()
{
    Response r; // no id: as from an upstream that gives none
    r.model = QStringLiteral("gemini-2.5-pro");
    ContentPart call;
    call.kind = ContentPart::Kind::ToolCall;
    call.toolCallId = QStringLiteral("toolu_01");
    call.toolName = QStringLiteral("ls");
    call.arguments = QStringLiteral("{\"path\":\".\"}");
    r.content << call;
    r.stopReason = StopReason::ToolUse;
    r.usage.known = true;
    r.usage.inputTokens = 50;
    r.usage.outputTokens = 5;
    const QJsonObject body = kit.codec().encodeResponse(r, options());
    QVERIFY(body.value(u"id").toString().startsWith(u"chatcmpl-"));
    QCOMPARE(body.value(u"id"), kit.codec().encodeResponse(r, options()).value(u"id"));
    EncoderOptions other = options();
    other.requestId = QStringLiteral("req-0002");
    QVERIFY(body.value(u"id") != kit.codec().encodeResponse(r, other).value(u"id"));
    QCOMPARE(body.value(u"object").toString(), u"chat.completion"_qs);
    QVERIFY(body.value(u"created").toInteger() > 1700000000);
    QCOMPARE(body.value(u"model").toString(), u"my-chat-model"_qs);
    const QJsonObject choice = body.value(u"choices").toArray().at(0).toObject();
    QCOMPARE(choice.value(u"index").toInt(-1), 0);
    QCOMPARE(choice.value(u"finish_reason").toString(), u"tool_calls"_qs);
    const QJsonObject message = choice.value(u"message").toObject();
    QCOMPARE(message.value(u"role").toString(), u"assistant"_qs);
    QVERIFY2(message.value(u"content").isNull(), "content is null when the answer is only tool calls");
    QVERIFY(!message.contains(u"reasoning_content"));
    const QByteArray calls(R"([{"function":{"arguments":"{\"path\":\".\"}","name":"ls"},"id":"toolu_01","type":"function"}])");
    QCOMPARE(QJsonDocument(message.value(u"tool_calls").toArray()).toJson(QJsonDocument::Compact), calls);
    QCOMPARE(body.value(u"usage").toObject().value(u"total_tokens").toInt(), 55);
}

void TestCodecOpenAIChat::responseRoundTripKeepsBody_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"response_text.json", "response_tools.json", "response_reasoning.json", "response_length.json"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

// Chat upstream body -> canonical -> Chat client body: the same answer.
void TestCodecOpenAIChat::responseRoundTripKeepsBody()
{
    QFETCH(QString, fixture);
    const QJsonObject original = kit.json(fixture);
    const QJsonObject encoded = kit.codec().encodeResponse(kit.codec().decodeResponse(original), options());
    QCOMPARE(encoded.value(u"id"), original.value(u"id"));
    const QJsonObject want = original.value(u"choices").toArray().at(0).toObject();
    const QJsonObject got = encoded.value(u"choices").toArray().at(0).toObject();
    QCOMPARE(got.value(u"finish_reason"), want.value(u"finish_reason"));
    for (const char *key : {"content", "tool_calls", "reasoning_content"})
        QCOMPARE(got.value(u"message").toObject().value(QLatin1String(key)),
                 want.value(u"message").toObject().value(QLatin1String(key)));
    const QJsonObject wantUsage = original.value(u"usage").toObject();
    const QJsonObject gotUsage = encoded.value(u"usage").toObject();
    for (const char *key : {"prompt_tokens", "completion_tokens", "total_tokens"})
        QCOMPARE(gotUsage.value(QLatin1String(key)), wantUsage.value(QLatin1String(key)));
    QCOMPARE(gotUsage.value(u"prompt_tokens_details").toObject().value(u"cached_tokens"),
             wantUsage.value(u"prompt_tokens_details").toObject().value(u"cached_tokens"));
}

QTEST_GUILESS_MAIN(TestCodecOpenAIChat)
#include "tst_codec_openai_chat.moc"
