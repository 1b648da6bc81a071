// The OpenAI Responses codec: Codex CLI and the OpenAI SDKs served through any channel, and
// Responses channels serving any client. Requests keep their text, tool calls, results,
// images and reasoning through the canonical model; upstream transcripts decode to the
// canonical event sequence; the encoded stream passes the checks strict clients make.
// Fixtures: tests/fixtures/translate/openai_responses/.
#include "codecsubject.h"
#include "formats/openai_responses/openairesponsescodec.h"
#include "model/responseassembler.h"
#include "model/signatureenvelope.h"
#include "wire/sseparser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

using Kind = ContentPart::Kind;
using Type = StreamEvent::Type;


const CodecSubject<OpenAIResponsesCodec> kit("openai_responses");
using CodecKit::blockStart;
using CodecKit::kindName;
using CodecKit::streamEvent;
StreamEvent finish(StopReason reason) { return CodecKit::finish(reason); }
StreamEvent usageEvent(qint64 in, qint64 out, qint64 cached) { return CodecKit::usage(in, out, cached); }

QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// ---- readable descriptions of canonical values -------------------------------------------

QString describePart(const ContentPart &p)
{
    switch (p.kind) {
    case Kind::Text: return QStringLiteral("text:") + p.text;
    case Kind::Image:
        return QStringLiteral("image:") + (p.base64Data.isEmpty() ? p.url : p.mediaType + QLatin1Char(':') + QString::fromLatin1(p.base64Data));
    case Kind::Document:
        return QStringLiteral("doc:") + p.fileName + QLatin1Char(':')
            + (p.base64Data.isEmpty() ? p.url : p.mediaType + QLatin1Char(':') + QString::fromLatin1(p.base64Data));
    case Kind::Thinking:
        return QStringLiteral("thinking(%1,%2):%3").arg(p.reasoningId, p.signature, p.text);
    case Kind::RedactedThinking: return QStringLiteral("redacted");
    case Kind::ToolCall: return QStringLiteral("call(%1,%2):%3").arg(p.toolCallId, p.toolName, p.arguments);
    case Kind::ToolResult: {
        QStringList texts;
        if (!p.text.isEmpty())
            texts << p.text;
        QStringList others;
        for (const ContentPart &r : p.resultParts)
            (r.kind == Kind::Text ? texts : others) << (r.kind == Kind::Text ? r.text : describePart(r));
        return QStringLiteral("result(%1):%2").arg(p.toolCallId, texts.join(QLatin1Char('\n')))
            + (others.isEmpty() ? QString() : QLatin1Char('+') + others.join(QLatin1Char('+')));
    }
    }
    return QString();
}

QString describeParts(const QList<ContentPart> &parts)
{
    QStringList out;
    for (const ContentPart &p : parts)
        out << describePart(p);
    return out.join(QLatin1String(" | "));
}

QString roleName(Role r)
{
    switch (r) {
    case Role::System: return QStringLiteral("system");
    case Role::User: return QStringLiteral("user");
    case Role::Assistant: return QStringLiteral("assistant");
    case Role::Tool: return QStringLiteral("tool");
    }
    return QString();
}

QString optionalText(const std::optional<double> &v)
{
    return v ? QString::number(*v) : QStringLiteral("-");
}

// One line per aspect of the request, so a failing comparison shows what changed.
QString describeRequest(const Request &r)
{
    QStringList lines;
    lines << QStringLiteral("model:") + r.model;
    QStringList system;
    for (const ContentPart &p : r.system)
        system << p.text;
    lines << QStringLiteral("system:") + system.join(QLatin1String("\n\n"));
    for (const Message &m : r.messages)
        lines << roleName(m.role) + QLatin1Char(':') + describeParts(m.parts);
    QStringList tools;
    for (const ToolDefinition &t : r.tools)
        tools << t.name + QLatin1Char('/') + t.description + QLatin1Char('/') + compactJson(t.parameters);
    lines << QStringLiteral("tools:") + tools.join(QLatin1String(" ; "));
    lines << QStringLiteral("choice:%1:%2 parallel:%3").arg(int(r.toolChoice.mode)).arg(r.toolChoice.name)
                 .arg(r.parallelToolCalls ? QString::number(*r.parallelToolCalls) : QStringLiteral("-"));
    lines << QStringLiteral("max:%1 temp:%2 top_p:%3")
                 .arg(r.maxOutputTokens ? QString::number(*r.maxOutputTokens) : QStringLiteral("-"),
                      optionalText(r.temperature), optionalText(r.topP));
    lines << QStringLiteral("reasoning:%1:%2:%3").arg(r.reasoning.enabled).arg(r.reasoning.effort).arg(r.reasoning.includeSummary);
    lines << QStringLiteral("stream:%1 user:%2 cache:%3 tier:%4").arg(r.stream).arg(r.userId, r.promptCacheKey, r.serviceTier);
    lines << QStringLiteral("format:") + compactJson(r.responseFormat);
    return lines.join(QLatin1Char('\n'));
}

QString describeResponse(const Response &r)
{
    return QStringLiteral("%1 | usage %2/%3/%4/%5 | %6")
        .arg(stopReasonName(r.stopReason))
        .arg(r.usage.inputTokens).arg(r.usage.outputTokens).arg(r.usage.cachedInputTokens).arg(r.usage.reasoningTokens)
        .arg(describeParts(r.content));
}

// "start +0:text t0 -0 usage finish:end_turn end": the shape of a canonical event sequence.
QString describeEvents(const StreamEvents &events)
{
    QStringList out;
    for (const StreamEvent &e : events) {
        const QString i = QString::number(e.index);
        switch (e.type) {
        case Type::MessageStart: out << QStringLiteral("start"); break;
        case Type::BlockStart:
            out << QLatin1Char('+') + i + QLatin1Char(':') + kindName(e.blockKind)
                    + (e.blockKind == Kind::ToolCall ? QLatin1Char('(') + e.toolCallId + QLatin1Char(',') + e.toolName + QLatin1Char(')') : QString());
            break;
        case Type::TextDelta: out << QLatin1Char('t') + i; break;
        case Type::ThinkingDelta: out << QStringLiteral("th") + i; break;
        case Type::SignatureDelta: out << QStringLiteral("sig") + i; break;
        case Type::ToolArgsDelta: out << QLatin1Char('a') + i; break;
        case Type::BlockStop: out << QLatin1Char('-') + i; break;
        case Type::Finish: out << QStringLiteral("finish:") + stopReasonName(e.stopReason); break;
        case Type::Usage: out << QStringLiteral("usage"); break;
        case Type::Error: out << QStringLiteral("error:") + e.error.message.left(12); break;
        case Type::End: out << QStringLiteral("end"); break;
        }
    }
    return out.join(QLatin1Char(' '));
}

// ---- what strict clients (Codex CLI) check on a Responses stream ---------------------------

QString strictClientViolation(const QList<SseEvent> &frames)
{
    QSet<QString> announced;
    for (qsizetype n = 0; n < frames.size(); ++n) {
        const SseEvent &f = frames.at(n);
        const QString where = QStringLiteral("frame %1 (%2): ").arg(n).arg(QString::fromUtf8(f.event));
        const QJsonObject o = QJsonDocument::fromJson(f.data).object();
        if (o.value(QLatin1String("type")).toString().toUtf8() != f.event || f.event.isEmpty())
            return where + QStringLiteral("type differs from the event name");
        if (!o.value(QLatin1String("sequence_number")).isDouble() || o.value(QLatin1String("sequence_number")).toInt() != n)
            return where + QStringLiteral("sequence_number is not %1").arg(n);
        const QString type = o.value(QLatin1String("type")).toString();
        if (o.contains(QLatin1String("item_id"))) {
            if (!o.value(QLatin1String("output_index")).isDouble())
                return where + QStringLiteral("output_index missing");
            if (!announced.contains(o.value(QLatin1String("item_id")).toString()))
                return where + QStringLiteral("item_id never announced");
        }
        if ((type.contains(QLatin1String("output_text")) || type.contains(QLatin1String("content_part")))
            && !o.value(QLatin1String("content_index")).isDouble())
            return where + QStringLiteral("content_index missing");
        if (type.startsWith(QLatin1String("response.output_item."))) {
            const QJsonObject item = o.value(QLatin1String("item")).toObject();
            const QString itemType = item.value(QLatin1String("type")).toString();
            if (!o.value(QLatin1String("output_index")).isDouble() || item.value(QLatin1String("id")).toString().isEmpty())
                return where + QStringLiteral("item without output_index or id");
            announced.insert(item.value(QLatin1String("id")).toString());
            if (itemType == QLatin1String("function_call")
                && (!item.value(QLatin1String("call_id")).isString() || !item.value(QLatin1String("name")).isString()
                    || !item.value(QLatin1String("arguments")).isString()))
                return where + QStringLiteral("function_call without call_id/name/arguments");
            if (itemType == QLatin1String("message") && !item.value(QLatin1String("content")).isArray())
                return where + QStringLiteral("message without content array");
            if (itemType == QLatin1String("reasoning") && !item.value(QLatin1String("summary")).isArray())
                return where + QStringLiteral("reasoning without summary array");
            for (const QJsonValue &part : item.value(QLatin1String("content")).toArray()) {
                if (!part.toObject().value(QLatin1String("text")).isString()
                    || !part.toObject().value(QLatin1String("annotations")).isArray())
                    return where + QStringLiteral("output_text part without text/annotations");
            }
        }
        if (type == QLatin1String("response.content_part.added") || type == QLatin1String("response.content_part.done")) {
            const QJsonObject part = o.value(QLatin1String("part")).toObject();
            if (!part.value(QLatin1String("text")).isString() || !part.value(QLatin1String("annotations")).isArray())
                return where + QStringLiteral("part without text/annotations");
        }
        if (type.startsWith(QLatin1String("response.")) && o.contains(QLatin1String("response"))) {
            const QJsonObject r = o.value(QLatin1String("response")).toObject();
            if (!r.value(QLatin1String("id")).toString().startsWith(QLatin1String("resp_"))
                || !r.value(QLatin1String("output")).isArray() || !r.value(QLatin1String("status")).isString())
                return where + QStringLiteral("response object without id/status/output");
        }
    }
    return QString();
}

QStringList eventNames(const QList<SseEvent> &frames)
{
    QStringList names;
    for (const SseEvent &f : frames)
        names << QString::fromUtf8(f.event);
    return names;
}

QJsonObject frameJson(const QList<SseEvent> &frames, const QString &type, int nth = 0)
{
    for (const SseEvent &f : frames) {
        if (f.event == type.toUtf8() && nth-- == 0)
            return QJsonDocument::fromJson(f.data).object();
    }
    return QJsonObject();
}

// ---- canonical event builders ----------------------------------------------------------------

// What an Anthropic upstream's decoder produces for: thinking, text, one tool call.
StreamEvents anthropicLikeToolTurn()
{
    StreamEvent start = streamEvent(Type::MessageStart);
    start.id = QStringLiteral("msg_01XyZ");
    start.model = QStringLiteral("claude-sonnet-4-5");
    start.usage.known = true;
    start.usage.inputTokens = 100;
    start.usage.cachedInputTokens = 80;
    return {start,
            blockStart(0, Kind::Thinking), streamEvent(Type::ThinkingDelta, 0, QStringLiteral("Let me look")),
            streamEvent(Type::ThinkingDelta, 0, QStringLiteral(" at the files.")), streamEvent(Type::SignatureDelta, 0, QStringLiteral("EqQBCkgIARABsig")),
            streamEvent(Type::BlockStop, 0),
            blockStart(1, Kind::Text), streamEvent(Type::TextDelta, 1, QStringLiteral("Checking")),
            streamEvent(Type::TextDelta, 1, QStringLiteral(" files.")), streamEvent(Type::BlockStop, 1),
            blockStart(2, Kind::ToolCall, QStringLiteral("toolu_01AbC"), QStringLiteral("shell")),
            streamEvent(Type::ToolArgsDelta, 2, QStringLiteral("{\"command\":")), streamEvent(Type::ToolArgsDelta, 2, QStringLiteral("[\"ls\"]}")),
            streamEvent(Type::BlockStop, 2),
            finish(StopReason::ToolUse), usageEvent(0, 42, 0), streamEvent(Type::End)};
}

EncoderOptions codexOptions()
{
    EncoderOptions o;
    o.clientModel = QStringLiteral("gpt-5-codex");
    o.requestId = QStringLiteral("req-0001");
    o.request.model = o.clientModel;
    o.request.system.append(ContentPart::makeText(QStringLiteral("You are Codex.")));
    ToolDefinition shell;
    shell.name = QStringLiteral("shell");
    o.request.tools.append(shell);
    o.request.parallelToolCalls = false;
    o.request.reasoning.enabled = true;
    o.request.reasoning.effort = QStringLiteral("medium");
    return o;
}

// Items of a Responses request as text, with instructions and developer messages folded
// together the way the canonical model keeps them (one system prompt).
QStringList requestItems(const QJsonObject &body)
{
    QStringList system;
    if (body.value(QLatin1String("instructions")).isString())
        system << body.value(QLatin1String("instructions")).toString();
    QStringList items;
    auto partText = [](const QJsonValue &content) {
        if (content.isString())
            return QStringList{QStringLiteral("text=") + content.toString()};
        QStringList parts;
        for (const QJsonValue &v : content.toArray()) {
            const QJsonObject p = v.toObject();
            const QString type = p.value(QLatin1String("type")).toString();
            if (type.endsWith(QLatin1String("_text")))
                parts << QStringLiteral("text=") + p.value(QLatin1String("text")).toString();
            else if (type == QLatin1String("input_image"))
                parts << QStringLiteral("image=") + p.value(QLatin1String("image_url")).toString();
            else
                parts << QStringLiteral("file=") + p.value(QLatin1String("filename")).toString()
                        + p.value(QLatin1String("file_data")).toString();
        }
        return parts;
    };
    const QJsonValue input = body.value(QLatin1String("input"));
    const QJsonArray list = input.isString() ? QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                      {QStringLiteral("content"), input}}}
                                             : input.toArray();
    for (const QJsonValue &v : list) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QLatin1String("type")).toString(QStringLiteral("message"));
        const QString role = item.value(QLatin1String("role")).toString();
        if (type == QLatin1String("message") && (role == QLatin1String("developer") || role == QLatin1String("system"))) {
            system << item.value(QLatin1String("content")).toString();
        } else if (type == QLatin1String("message")) {
            items << role + QLatin1Char(':') + partText(item.value(QLatin1String("content"))).join(QLatin1Char('|'));
        } else if (type == QLatin1String("function_call")) {
            items << QStringLiteral("call:%1:%2:%3").arg(item.value(QLatin1String("call_id")).toString(),
                                                         item.value(QLatin1String("name")).toString(),
                                                         item.value(QLatin1String("arguments")).toString());
        } else if (type == QLatin1String("function_call_output")) {
            items << QStringLiteral("output:%1:").arg(item.value(QLatin1String("call_id")).toString())
                    + partText(item.value(QLatin1String("output"))).join(QLatin1Char('|'));
        } else if (type == QLatin1String("reasoning")) {
            items << QStringLiteral("reasoning:%1:%2:").arg(item.value(QLatin1String("id")).toString(),
                                                            item.value(QLatin1String("encrypted_content")).toString())
                    + partText(item.value(QLatin1String("summary"))).join(QLatin1Char('|'));
        }
    }
    items.prepend(QStringLiteral("system:") + system.join(QLatin1String("\n\n")));
    return items;
}

const QStringList requestFixtures{
    QStringLiteral("request_plain_text.json"),      QStringLiteral("request_system_prompt.json"),
    QStringLiteral("request_multi_turn_tools.json"), QStringLiteral("request_parallel_tools.json"),
    QStringLiteral("request_image.json"),           QStringLiteral("request_reasoning.json"),
    QStringLiteral("request_max_tokens.json")};

const QStringList streamFixtures{
    QStringLiteral("stream_text.sse"),      QStringLiteral("stream_tool_calls.sse"), QStringLiteral("stream_reasoning.sse"),
    QStringLiteral("stream_max_tokens.sse"), QStringLiteral("stream_failed.sse"),    QStringLiteral("stream_error.sse"),
    QStringLiteral("stream_items_only.sse")};

} // namespace

Q_DECLARE_METATYPE(StreamEvents)

class TestCodecOpenAIResponses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void envelopedSignatureComesBackAsForeignThinking();
    void decodeRequestReadsEveryField_data();
    void decodeRequestReadsEveryField();
    void requestRoundTripKeepsSemantics_data();
    void requestRoundTripKeepsSemantics();
    void requestRoundTripKeepsItemsExactly_data();
    void requestRoundTripKeepsItemsExactly();
    void encodeRequestFromOtherFormatsSuitsOpenAI();
    void encodeRequestKeepsSamplingForNonReasoningModels();
    void invalidRequestNamesTheJsonPath_data();
    void invalidRequestNamesTheJsonPath();

    void decodeStreamGivesCanonicalEvents_data();
    void decodeStreamGivesCanonicalEvents();
    void decodeStreamIgnoresHowBytesAreSplit_data();
    void decodeStreamIgnoresHowBytesAreSplit();
    void truncatedStreamHasNoEnd_data();
    void truncatedStreamHasNoEnd();
    void decoderSurvivesGarbage_data();
    void decoderSurvivesGarbage();
    void decoderSurvivesRandomBytes();

    void encodeStreamPassesStrictClientChecks();
    void encodeStreamMaxTokensIsIncomplete();
    void encoderToleratesMissingBlockEvents();
    void encoderFinishesTextBeforeLaterBlocks();
    void encoderSkipsRedactedThinking();
    void encodeErrorEndsWithResponseFailed();
    void streamRoundTripKeepsContent_data();
    void streamRoundTripKeepsContent();

    void decodeResponseReadsOutputItems_data();
    void decodeResponseReadsOutputItems();
    void encodeResponseHasEverythingClientsRead();
    void encodeResponseMaxTokensIsIncomplete();
};

// ---- requests -------------------------------------------------------------------------------

void TestCodecOpenAIResponses::decodeRequestReadsEveryField_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected"); // lines of describeRequest that must appear

    QTest::addRow("plain text") << QStringLiteral("request_plain_text.json")
                                << QStringList{QStringLiteral("model:gpt-4.1"), QStringLiteral("user:text:Write a haiku about relays."),
                                               QStringLiteral("stream:0 user: cache: tier:")};
    QTest::addRow("system prompt") << QStringLiteral("request_system_prompt.json")
                                   << QStringList{QStringLiteral("system:You are a terse assistant. Answer in one sentence.\n\nThe user works in a Debian 12 shell."),
                                                  QStringLiteral("user:text:How do I list open ports?"),
                                                  QStringLiteral("max:- temp:0.2 top_p:0.9")};
    QTest::addRow("codex multi-turn")
        << QStringLiteral("request_multi_turn_tools.json")
        << QStringList{QStringLiteral("system:You are Codex, a coding agent running in the Codex CLI."),
                       QStringLiteral("user:text:<environment_context>\n  <cwd>/home/dev/relay</cwd>\n</environment_context>"),
                       QStringLiteral("user:text:Which files are in the repo root?"),
                       QStringLiteral("assistant:thinking(rs_0a1b2c3d4e5f,gAAAAABoEncryptedBlob==):**Listing files**\n\nI should run ls. | "
                                      "call(call_Xk2j9QeR7uT1,shell):{\"command\":[\"bash\",\"-lc\",\"ls -la\"],\"workdir\":\"/home/dev/relay\"}"),
                       QStringLiteral("tool:result(call_Xk2j9QeR7uT1):{\"output\":\"CMakeLists.txt\\nREADME.md\\ncore\\n\",\"metadata\":{\"exit_code\":0,\"duration_seconds\":0.1}}"),
                       QStringLiteral("assistant:text:The root holds CMakeLists.txt, README.md and core/."),
                       QStringLiteral("user:text:Thanks. Now show README.md."),
                       QStringLiteral("choice:0: parallel:0"),
                       QStringLiteral("reasoning:1:medium:1"),
                       QStringLiteral("stream:1 user: cache:0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b tier:")};
    QTest::addRow("parallel tool calls")
        << QStringLiteral("request_parallel_tools.json")
        << QStringList{QStringLiteral("assistant:call(call_paris,get_weather):{\"city\":\"Paris\",\"unit\":\"c\"} | "
                                      "call(call_oslo,get_weather):{\"city\":\"Oslo\",\"unit\":\"c\"}"),
                       QStringLiteral("tool:result(call_paris):18°C, light rain"),
                       QStringLiteral("tool:result(call_oslo):9°C, clear"),
                       QStringLiteral("choice:2: parallel:1")};
    QTest::addRow("images and a file")
        << QStringLiteral("request_image.json")
        << QStringList{QStringLiteral("user:text:Compare these two screenshots and the spec. | "
                                      "image:image/png:iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg== | "
                                      "image:https://example.com/screens/after.jpg | "
                                      "doc:spec.pdf:application/pdf:JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK"),
                       QStringLiteral("max:800 temp:- top_p:-")};
    QTest::addRow("reasoning") << QStringLiteral("request_reasoning.json")
                               << QStringList{QStringLiteral("reasoning:1:high:1"), QStringLiteral("max:4000 temp:- top_p:-"),
                                              QStringLiteral("stream:1 user:user-7f3a cache: tier:flex")};
    QTest::addRow("max tokens, forced tool, json schema")
        << QStringLiteral("request_max_tokens.json")
        << QStringList{QStringLiteral("max:16 temp:0 top_p:-"), QStringLiteral("choice:3:report parallel:-"),
                       QStringLiteral("reasoning:0::0"), QStringLiteral("stream:0 user:alice@example.com cache: tier:"),
                       QStringLiteral("format:{\"json_schema\":{\"name\":\"status\",\"schema\":{\"properties\":{\"ok\":{\"type\":\"boolean\"}},"
                                      "\"required\":[\"ok\"],\"type\":\"object\"},\"strict\":true},\"type\":\"json_schema\"}")};
}

void TestCodecOpenAIResponses::decodeRequestReadsEveryField()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    QString error;
    const std::optional<Request> r = kit.request(fixture, &error);
    QVERIFY2(r, qPrintable(error));
    const QString all = describeRequest(*r);
    for (const QString &line : expected)
        QVERIFY2(all.contains(line), qPrintable(QStringLiteral("missing: ") + line + QStringLiteral("\nin:\n") + all));
}

void TestCodecOpenAIResponses::requestRoundTripKeepsSemantics_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &f : requestFixtures)
        QTest::newRow(qPrintable(f)) << f;
}

void TestCodecOpenAIResponses::requestRoundTripKeepsSemantics()
{
    QFETCH(QString, fixture);
    OpenAIResponsesCodec codec;
    QString error;
    const std::optional<Request> first = codec.decodeRequest(kit.json(fixture), QString(), false, &error);
    QVERIFY2(first, qPrintable(error));
    const QJsonObject encoded = codec.encodeRequest(*first);
    const std::optional<Request> second = codec.decodeRequest(encoded, QString(), false, &error);
    QVERIFY2(second, qPrintable(error));
    QCOMPARE(describeRequest(*second), describeRequest(*first));
    QCOMPARE(encoded.value(QLatin1String("store")), QJsonValue(false));
}

void TestCodecOpenAIResponses::requestRoundTripKeepsItemsExactly_data()
{
    requestRoundTripKeepsSemantics_data();
}

// Request -> canonical -> request: every text, call id, argument string and output byte for
// byte; hosted-tool items are the only thing left behind.
void TestCodecOpenAIResponses::requestRoundTripKeepsItemsExactly()
{
    QFETCH(QString, fixture);
    OpenAIResponsesCodec codec;
    const QJsonObject original = kit.json(fixture);
    const std::optional<Request> r = codec.decodeRequest(original, QString(), false, nullptr);
    QVERIFY(r);
    const QJsonObject encoded = codec.encodeRequest(*r);
    QCOMPARE(requestItems(encoded), requestItems(original));
    QCOMPARE(encoded.value(QLatin1String("model")), original.value(QLatin1String("model")));
    for (const QJsonValue &tool : encoded.value(QLatin1String("tools")).toArray())
        QCOMPARE(tool.toObject().value(QLatin1String("strict")), QJsonValue(false));
}

void TestCodecOpenAIResponses::encodeRequestFromOtherFormatsSuitsOpenAI()
{
    Request r;
    r.model = QStringLiteral("gpt-5");
    r.system = {ContentPart::makeText(QStringLiteral("Be brief.")), ContentPart::makeText(QStringLiteral("Use tools."))};
    Message user;
    ContentPart image;
    image.kind = Kind::Image;
    image.mediaType = QStringLiteral("image/jpeg");
    image.base64Data = "/9j/4AAQ";
    user.parts = {ContentPart::makeText(QStringLiteral("Look")), image};
    Message assistant;
    assistant.role = Role::Assistant;
    ContentPart thinking; // Anthropic thinking: its signature means nothing to OpenAI
    thinking.kind = Kind::Thinking;
    thinking.text = QStringLiteral("hmm");
    thinking.signature = QStringLiteral("anthropic-signature");
    ContentPart read; // Gemini calls carry no ids
    read.kind = Kind::ToolCall;
    read.toolName = QStringLiteral("read");
    read.arguments = QStringLiteral("{\"path\":\"a\"}");
    ContentPart grep = read;
    grep.toolName = QStringLiteral("grep");
    grep.arguments.clear();
    assistant.parts = {thinking, ContentPart::makeText(QStringLiteral("Calling")), read, grep};
    Message tool;
    tool.role = Role::Tool;
    ContentPart grepResult;
    grepResult.kind = Kind::ToolResult;
    grepResult.toolName = QStringLiteral("grep");
    grepResult.text = QStringLiteral("found");
    ContentPart readResult = grepResult;
    readResult.toolName = QStringLiteral("read");
    readResult.text = QStringLiteral("content");
    tool.parts = {grepResult, readResult};
    r.messages = {user, assistant, tool};
    ToolDefinition def;
    def.name = QStringLiteral("read");
    r.tools = {def};
    r.toolChoice.mode = ToolChoice::Mode::Required;
    r.temperature = 0.5;
    r.reasoning.enabled = true;
    r.reasoning.budgetTokens = 8000;
    r.userId = QString(100, QLatin1Char('u'));
    r.serviceTier = QStringLiteral("standard_only");
    r.stopSequences = {QStringLiteral("END")};

    const QJsonObject body = kit.codec().encodeRequest(r);
    QCOMPARE(body.value(QLatin1String("instructions")).toString(), QStringLiteral("Be brief.\n\nUse tools."));
    QCOMPARE(body.value(QLatin1String("store")), QJsonValue(false));
    QVERIFY(!body.contains(QLatin1String("temperature"))); // reasoning models refuse it
    QVERIFY(!body.contains(QLatin1String("service_tier")));
    QVERIFY(!body.contains(QLatin1String("stop")));
    QCOMPARE(body.value(QLatin1String("user")).toString().size(), 64);
    QCOMPARE(body.value(QLatin1String("reasoning")).toObject(),
             (QJsonObject{{QStringLiteral("effort"), QStringLiteral("medium")}, {QStringLiteral("summary"), QStringLiteral("auto")}}));
    QCOMPARE(body.value(QLatin1String("include")).toArray(), QJsonArray{QStringLiteral("reasoning.encrypted_content")});
    QCOMPARE(body.value(QLatin1String("tool_choice")).toString(), QStringLiteral("required"));
    const QJsonObject tool0 = body.value(QLatin1String("tools")).toArray().at(0).toObject();
    QCOMPARE(tool0.value(QLatin1String("parameters")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("object"));

    const QJsonArray input = body.value(QLatin1String("input")).toArray();
    QStringList types;
    for (const QJsonValue &v : input)
        types << v.toObject().value(QLatin1String("type")).toString();
    // No reasoning item: foreign thinking cannot be replayed to OpenAI.
    QCOMPARE(types, (QStringList{QStringLiteral("message"), QStringLiteral("message"), QStringLiteral("function_call"),
                                 QStringLiteral("function_call"), QStringLiteral("function_call_output"),
                                 QStringLiteral("function_call_output")}));
    const QJsonObject imagePart = input.at(0).toObject().value(QLatin1String("content")).toArray().at(1).toObject();
    QCOMPARE(imagePart.value(QLatin1String("image_url")).toString(), QStringLiteral("data:image/jpeg;base64,/9j/4AAQ"));
    const QString readId = input.at(2).toObject().value(QLatin1String("call_id")).toString();
    const QString grepId = input.at(3).toObject().value(QLatin1String("call_id")).toString();
    QVERIFY(readId.startsWith(QLatin1String("call_")) && grepId.startsWith(QLatin1String("call_")) && readId != grepId);
    QCOMPARE(input.at(3).toObject().value(QLatin1String("arguments")).toString(), QStringLiteral("{}"));
    // Results without ids answer the call of the same name, whatever their order.
    QCOMPARE(input.at(4).toObject().value(QLatin1String("call_id")).toString(), grepId);
    QCOMPARE(input.at(5).toObject().value(QLatin1String("call_id")).toString(), readId);
    QCOMPARE(input.at(4).toObject().value(QLatin1String("output")).toString(), QStringLiteral("found"));
    // Deterministic: the same request gives the same ids.
    QCOMPARE(kit.codec().encodeRequest(r), body);
}

void TestCodecOpenAIResponses::encodeRequestKeepsSamplingForNonReasoningModels()
{
    Request r;
    r.model = QStringLiteral("gpt-4.1");
    r.temperature = 0.3;
    r.topP = 0.8;
    r.messages = {Message{Role::User, {ContentPart::makeText(QStringLiteral("hi"))}, QString()}};
    const QJsonObject body = kit.codec().encodeRequest(r);
    QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.3);
    QCOMPARE(body.value(QLatin1String("top_p")).toDouble(), 0.8);
    QVERIFY(!body.contains(QLatin1String("reasoning")));
    QVERIFY(!body.contains(QLatin1String("include")));
    QVERIFY(!body.contains(QLatin1String("tool_choice")));
}

void TestCodecOpenAIResponses::invalidRequestNamesTheJsonPath_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // "" = accepted

    QTest::addRow("unknown part type")
        << QByteArray(R"({"model":"m","input":[{"role":"user","content":[{"type":"foo","text":"x"}]}]})")
        << QStringLiteral("$.input[0].content[0].type: unknown part type 'foo'");
    QTest::addRow("input a number") << QByteArray(R"({"model":"m","input":5})")
                                    << QStringLiteral("$.input: expected a string or an array of items");
    QTest::addRow("input missing") << QByteArray(R"({"model":"m"})")
                                   << QStringLiteral("$.input: expected a string or an array of items");
    QTest::addRow("item not an object") << QByteArray(R"({"model":"m","input":["hi"]})")
                                        << QStringLiteral("$.input[0]: expected an object");
    QTest::addRow("unknown role") << QByteArray(R"({"model":"m","input":[{"role":"user","content":"a"},{"role":"robot","content":"b"}]})")
                                  << QStringLiteral("$.input[1].role: unknown role 'robot'");
    QTest::addRow("unknown item type") << QByteArray(R"({"model":"m","input":[{"type":"telepathy"}]})")
                                       << QStringLiteral("$.input[0].type: unknown item type 'telepathy'");
    QTest::addRow("content wrong type") << QByteArray(R"({"model":"m","input":[{"role":"user","content":7}]})")
                                        << QStringLiteral("$.input[0].content: expected a string or an array of parts");
    QTest::addRow("image without source")
        << QByteArray(R"({"model":"m","input":[{"role":"user","content":[{"type":"input_image"}]}]})")
        << QStringLiteral("$.input[0].content[0]: input_image needs image_url or file_id");
    QTest::addRow("tool output parts")
        << QByteArray(R"({"model":"m","input":[{"type":"function_call_output","call_id":"c","output":[{"type":"bad"}]}]})")
        << QStringLiteral("$.input[0].output[0].type: unknown part type 'bad'");
    QTest::addRow("function without name") << QByteArray(R"({"model":"m","input":"x","tools":[{"type":"function"}]})")
                                           << QStringLiteral("$.tools[0].name: missing function name");
    QTest::addRow("max tokens a string") << QByteArray(R"({"model":"m","input":"x","max_output_tokens":"100"})")
                                         << QStringLiteral("$.max_output_tokens: expected a number");
    QTest::addRow("instructions an object") << QByteArray(R"({"model":"m","input":"x","instructions":{}})")
                                            << QStringLiteral("$.instructions: expected a string");
    QTest::addRow("hosted tools and their items are skipped")
        << QByteArray(R"({"model":"m","input":[{"type":"web_search_call","id":"ws"},{"type":"item_reference","id":"x"},)"
                      R"({"role":"user","content":"ok"}],"tools":[{"type":"web_search"},{"type":"file_search"}],"tool_choice":{"type":"web_search"}})")
        << QString();
    QTest::addRow("nulls are absent") << QByteArray(R"({"model":"m","input":"x","instructions":null,"temperature":null,"tools":null})")
                                      << QString();
}

void TestCodecOpenAIResponses::invalidRequestNamesTheJsonPath()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString got;
    const std::optional<Request> r =
        kit.codec().decodeRequest(QJsonDocument::fromJson(body).object(), QString(), false, &got);
    if (error.isEmpty()) {
        QVERIFY2(r, qPrintable(got));
        QVERIFY(r->tools.isEmpty());
        QCOMPARE(r->toolChoice.mode, ToolChoice::Mode::Auto);
    } else {
        QVERIFY(!r);
        QCOMPARE(got, error);
    }
}

// ---- stream decoding ------------------------------------------------------------------------

void TestCodecOpenAIResponses::decodeStreamGivesCanonicalEvents_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("events");
    QTest::addColumn<QString>("response"); // the assembled canonical response

    QTest::addRow("text") << QStringLiteral("stream_text.sse")
                          << QStringLiteral("start +0:text t0 t0 t0 -0 usage finish:end_turn end")
                          << QStringLiteral("end_turn | usage 2048/17/1920/0 | text:Relays hum softly—\npackets cross the night.");
    QTest::addRow("reasoning, text, parallel calls")
        << QStringLiteral("stream_tool_calls.sse")
        << QStringLiteral("start +0:thinking th0 th0 sig0 -0 +1:text t1 -1 +2:tool(call_paris,get_weather) a2 a2 -2 "
                          "+3:tool(call_oslo,get_weather) a3 a3 -3 usage finish:tool_use end")
        << QStringLiteral("tool_use | usage 1311/96/1024/64 | "
                          "thinking(rs_68b0b2c4112233445566,gAAAAABosEncryptedReasoning_1==):**Planning weather lookups**\n\nTwo cities, two calls. | "
                          "text:I'll check both cities. | call(call_paris,get_weather):{\"city\":\"Paris\",\"unit\":\"c\"} | "
                          "call(call_oslo,get_weather):{\"city\":\"Oslo\",\"unit\":\"c\"}");
    QTest::addRow("two summary parts")
        << QStringLiteral("stream_reasoning.sse")
        << QStringLiteral("start +0:thinking th0 th0 th0 th0 sig0 -0 +1:text t1 t1 -1 usage finish:end_turn end")
        << QStringLiteral("end_turn | usage 21/339/0/320 | thinking(rs_68b0c3d5aa00,gAAAAABoReasoning_2==):"
                          "**Comparing decimals**\n\nTenths digit decides.\n\n**Answer**\n\n9.9 is larger. | text:No: 9.9 is larger than 9.11.");
    QTest::addRow("max tokens") << QStringLiteral("stream_max_tokens.sse")
                                << QStringLiteral("start +0:text t0 t0 -0 usage finish:max_tokens end")
                                << QStringLiteral("max_tokens | usage 40/16/0/0 | text:{\"ok\": true, \"status\": \"all green\", \"det");
    QTest::addRow("failed") << QStringLiteral("stream_failed.sse")
                            << QStringLiteral("start +0:text t0 error:An error occ end")
                            << QStringLiteral("error | usage 0/0/0/0 | text:Let me");
    QTest::addRow("error event") << QStringLiteral("stream_error.sse")
                                 << QStringLiteral("start +0:text t0 error:Rate limit r")
                                 << QStringLiteral("error | usage 0/0/0/0 | text:Looking");
    QTest::addRow("items without deltas")
        << QStringLiteral("stream_items_only.sse")
        << QStringLiteral("start +0:text t0 -0 +1:tool(call_whole,lookup) a1 -1 usage finish:tool_use end")
        << QStringLiteral("tool_use | usage 50/12/0/0 | text:Whole answer, no deltas. | call(call_whole,lookup):{\"q\":\"relay\"}");
    // The pass-through fixtures, written independently.
    QTest::addRow("sse/function_call") << QStringLiteral("../../sse/openai_responses/function_call.sse")
                                       << QStringLiteral("start +0:tool(call_Qk3n8ZtR1yWm5aBv,shell) a0 a0 -0 usage finish:tool_use end")
                                       << QStringLiteral("tool_use | usage 1204/23/0/0 | call(call_Qk3n8ZtR1yWm5aBv,shell):{\"command\":[\"ls\",\"-la\"]}");
    QTest::addRow("sse/cached_usage") << QStringLiteral("../../sse/openai_responses/cached_usage.sse")
                                      << QStringLiteral("start +0:text t0 -0 usage finish:end_turn end")
                                      << QStringLiteral("end_turn | usage 18432/64/17920/40 | text:The README already documents the build steps.");
}

void TestCodecOpenAIResponses::decodeStreamGivesCanonicalEvents()
{
    QFETCH(QString, fixture);
    QFETCH(QString, events);
    QFETCH(QString, response);
    const StreamEvents decoded = kit.decodeAll(SseParser::parseAll(kit.fixture(fixture)));
    QCOMPARE(describeEvents(decoded), events);
    ResponseAssembler assembler;
    assembler.add(decoded);
    QCOMPARE(describeResponse(assembler.response()), response);
    QVERIFY(assembler.response().id.startsWith(QLatin1String("resp_")));
    QVERIFY(!assembler.response().model.isEmpty());
}

void TestCodecOpenAIResponses::decodeStreamIgnoresHowBytesAreSplit_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &f : streamFixtures)
        QTest::newRow(qPrintable(f)) << f;
}

void TestCodecOpenAIResponses::decodeStreamIgnoresHowBytesAreSplit()
{
    QFETCH(QString, fixture);
    const QByteArray bytes = kit.fixture(fixture);
    const QString whole = describeEvents(kit.decodeAll(SseParser::parseAll(bytes)));
    for (int chunk : {1, 7, 64}) {
        OpenAIResponsesCodec codec;
        const std::unique_ptr<StreamDecoder> decoder = codec.newStreamDecoder();
        SseParser parser;
        StreamEvents events;
        for (qsizetype i = 0; i < bytes.size(); i += chunk) {
            for (const SseEvent &f : parser.feed(QByteArrayView(bytes).sliced(i, qMin<qsizetype>(chunk, bytes.size() - i))))
                events += decoder->decode(f);
        }
        for (const SseEvent &f : parser.finish())
            events += decoder->decode(f);
        QCOMPARE(describeEvents(events), whole);
    }
}

void TestCodecOpenAIResponses::truncatedStreamHasNoEnd_data()
{
    decodeStreamIgnoresHowBytesAreSplit_data();
}

// A stream cut before its terminal event must not look finished to the relay.
void TestCodecOpenAIResponses::truncatedStreamHasNoEnd()
{
    QFETCH(QString, fixture);
    const QList<SseEvent> frames = SseParser::parseAll(kit.fixture(fixture));
    for (qsizetype keep = 0; keep < frames.size(); ++keep) {
        const StreamEvents events = kit.decodeAll(frames.mid(0, keep));
        for (const StreamEvent &e : events)
            QVERIFY2(e.type != Type::End, qPrintable(QStringLiteral("End after %1 frames").arg(keep)));
        if (!events.isEmpty() && events.first().type != Type::Error)
            QCOMPARE(events.first().type, Type::MessageStart);
    }
}

void TestCodecOpenAIResponses::decoderSurvivesGarbage_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addRow("not json") << QByteArray("{\"type\":\"response.output_text.delta\",");
    QTest::addRow("done marker") << QByteArray("[DONE]");
    QTest::addRow("empty object") << QByteArray("{}");
    QTest::addRow("array") << QByteArray("[1,2,3]");
    QTest::addRow("delta wrong types") << QByteArray(R"({"type":"response.output_text.delta","delta":5,"output_index":"x","item_id":7})");
    QTest::addRow("item an array") << QByteArray(R"({"type":"response.output_item.added","output_index":0,"item":[1]})");
    QTest::addRow("done item odd") << QByteArray(R"({"type":"response.output_item.done","output_index":-3,"item":{"type":"function_call","arguments":{"a":1}}})");
    QTest::addRow("huge index") << QByteArray(R"({"type":"response.function_call_arguments.delta","output_index":1e300,"delta":"{"})");
    QTest::addRow("summary part alone") << QByteArray(R"({"type":"response.reasoning_summary_part.added","summary_index":3})");
    QTest::addRow("completed not an object") << QByteArray(R"({"type":"response.completed","response":"nope"})");
    QTest::addRow("failed without error") << QByteArray(R"({"type":"response.failed","response":{"status":"failed"}})");
    QTest::addRow("error nested") << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"busy"}})");
    QTest::addRow("usage wrong types") << QByteArray(R"({"type":"response.completed","response":{"usage":{"input_tokens":"9","output_tokens":-4}}})");
}

void TestCodecOpenAIResponses::decoderSurvivesGarbage()
{
    QFETCH(QByteArray, data);
    QList<SseEvent> frames = SseParser::parseAll(kit.fixture(QStringLiteral("stream_tool_calls.sse")));
    SseEvent garbage;
    garbage.data = data;
    // Before anything, in the middle of an item, and after the end.
    frames.insert(0, garbage);
    frames.insert(frames.size() / 2, garbage);
    frames.append(garbage);
    const StreamEvents events = kit.decodeAll(frames);
    QVERIFY(!events.isEmpty());
    int ends = 0;
    for (const StreamEvent &e : events) {
        QVERIFY2(ends == 0, "an event after End");
        ends += e.type == Type::End;
    }
    QVERIFY(ends <= 1);
}

void TestCodecOpenAIResponses::decoderSurvivesRandomBytes()
{
    QRandomGenerator rng(20250815);
    const QByteArray fixture = kit.fixture(QStringLiteral("stream_tool_calls.sse"));
    for (int round = 0; round < 200; ++round) {
        QByteArray bytes = fixture;
        for (int flips = 0; flips < 20; ++flips)
            bytes[rng.bounded(int(bytes.size()))] = char(rng.bounded(256));
        const StreamEvents events = kit.decodeAll(SseParser::parseAll(bytes));
        OpenAIResponsesCodec codec;
        kit.encodeAll(events, codexOptions()); // whatever came out, the encoder takes it too
    }
}

// ---- stream encoding ------------------------------------------------------------------------

void TestCodecOpenAIResponses::encodeStreamPassesStrictClientChecks()
{
    const QList<SseEvent> frames = SseParser::parseAll(kit.encodeAll(anthropicLikeToolTurn(), codexOptions()));
    QCOMPARE(strictClientViolation(frames), QString());
    QCOMPARE(eventNames(frames),
             (QStringList{QStringLiteral("response.created"), QStringLiteral("response.in_progress"),
                          QStringLiteral("response.output_item.added"), QStringLiteral("response.reasoning_summary_part.added"),
                          QStringLiteral("response.reasoning_summary_text.delta"), QStringLiteral("response.reasoning_summary_text.delta"),
                          QStringLiteral("response.reasoning_summary_text.done"), QStringLiteral("response.reasoning_summary_part.done"),
                          QStringLiteral("response.output_item.done"),
                          QStringLiteral("response.output_item.added"), QStringLiteral("response.content_part.added"),
                          QStringLiteral("response.output_text.delta"), QStringLiteral("response.output_text.delta"),
                          QStringLiteral("response.output_text.done"), QStringLiteral("response.content_part.done"),
                          QStringLiteral("response.output_item.done"),
                          QStringLiteral("response.output_item.added"), QStringLiteral("response.function_call_arguments.delta"),
                          QStringLiteral("response.function_call_arguments.delta"), QStringLiteral("response.function_call_arguments.done"),
                          QStringLiteral("response.output_item.done"), QStringLiteral("response.completed")}));

    const QJsonObject created = frameJson(frames, QStringLiteral("response.created")).value(QLatin1String("response")).toObject();
    QCOMPARE(created.value(QLatin1String("status")).toString(), QStringLiteral("in_progress"));
    QCOMPARE(created.value(QLatin1String("output")).toArray().size(), 0);
    QCOMPARE(created.value(QLatin1String("model")).toString(), QStringLiteral("gpt-5-codex"));

    const QJsonObject callAdded = frameJson(frames, QStringLiteral("response.output_item.added"), 2).value(QLatin1String("item")).toObject();
    QCOMPARE(callAdded.value(QLatin1String("arguments")), QJsonValue(QString()));
    QCOMPARE(callAdded.value(QLatin1String("call_id")).toString(), QStringLiteral("toolu_01AbC"));
    const QJsonObject messageAdded = frameJson(frames, QStringLiteral("response.output_item.added"), 1).value(QLatin1String("item")).toObject();
    QCOMPARE(messageAdded.value(QLatin1String("content")).toArray(), QJsonArray());

    const QJsonObject completed = frameJson(frames, QStringLiteral("response.completed")).value(QLatin1String("response")).toObject();
    QCOMPARE(completed.value(QLatin1String("id")), created.value(QLatin1String("id")));
    QCOMPARE(completed.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(completed.value(QLatin1String("store")), QJsonValue(false));
    QCOMPARE(completed.value(QLatin1String("instructions")).toString(), QStringLiteral("You are Codex."));
    QCOMPARE(completed.value(QLatin1String("parallel_tool_calls")), QJsonValue(false));
    const QJsonArray output = completed.value(QLatin1String("output")).toArray();
    QCOMPARE(output.size(), 3);
    const QJsonObject reasoning = output.at(0).toObject();
    // Another provider's signature is enveloped, so it is recognised when Codex sends it back.
    QCOMPARE(reasoning.value(QLatin1String("encrypted_content")).toString(),
             SignatureEnvelope::wrap(QString(), QStringLiteral("EqQBCkgIARABsig")));
    QCOMPARE(reasoning.value(QLatin1String("summary")).toArray().at(0).toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("Let me look at the files."));
    QCOMPARE(output.at(1).toObject().value(QLatin1String("content")).toArray().at(0).toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("Checking files."));
    const QJsonObject call = output.at(2).toObject();
    QCOMPARE(call.value(QLatin1String("arguments")).toString(), QStringLiteral("{\"command\":[\"ls\"]}"));
    QCOMPARE(call.value(QLatin1String("name")).toString(), QStringLiteral("shell"));
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    const QJsonObject usage = completed.value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.value(QLatin1String("input_tokens")).toInt(), 100);
    QCOMPARE(usage.value(QLatin1String("input_tokens_details")).toObject().value(QLatin1String("cached_tokens")).toInt(), 80);
    QCOMPARE(usage.value(QLatin1String("output_tokens")).toInt(), 42);
    QCOMPARE(usage.value(QLatin1String("total_tokens")).toInt(), 142);

    // Same request id, same ids: a replayed stream is byte-identical but for timestamps.
    static const QRegularExpression createdAt(QStringLiteral("\"created_at\":\\d+"));
    QCOMPARE(QString::fromUtf8(kit.encodeAll(anthropicLikeToolTurn(), codexOptions())).remove(createdAt),
             QString::fromUtf8(kit.encodeAll(anthropicLikeToolTurn(), codexOptions())).remove(createdAt));
}

void TestCodecOpenAIResponses::encodeStreamMaxTokensIsIncomplete()
{
    const StreamEvents events{streamEvent(Type::MessageStart), streamEvent(Type::TextDelta, 0, QStringLiteral("cut sho")),
                              finish(StopReason::MaxTokens), usageEvent(10, 16, 0), streamEvent(Type::End)};
    const QList<SseEvent> frames = SseParser::parseAll(kit.encodeAll(events, codexOptions()));
    QCOMPARE(strictClientViolation(frames), QString());
    QCOMPARE(eventNames(frames).last(), QStringLiteral("response.incomplete"));
    const QJsonObject r = frameJson(frames, QStringLiteral("response.incomplete")).value(QLatin1String("response")).toObject();
    QCOMPARE(r.value(QLatin1String("status")).toString(), QStringLiteral("incomplete"));
    QCOMPARE(r.value(QLatin1String("incomplete_details")).toObject().value(QLatin1String("reason")).toString(),
             QStringLiteral("max_output_tokens"));
    QCOMPARE(r.value(QLatin1String("usage")).toObject().value(QLatin1String("output_tokens")).toInt(), 16);
}

// Decoders of formats without block boundaries (Gemini, Chat) may send bare deltas.
void TestCodecOpenAIResponses::encoderToleratesMissingBlockEvents()
{
    OpenAIResponsesCodec codec;
    const std::unique_ptr<StreamEncoder> encoder = codec.newStreamEncoder(codexOptions());
    QByteArray bytes;
    for (const StreamEvent &e : StreamEvents{streamEvent(Type::TextDelta, 0, QStringLiteral("a")), streamEvent(Type::ToolArgsDelta, 1, QStringLiteral("{}")),
                                             streamEvent(Type::BlockStop, 7), streamEvent(Type::TextDelta, 0, QString()), streamEvent(Type::End)})
        bytes += encoder->encode(e);
    QVERIFY(encoder->encode(streamEvent(Type::TextDelta, 0, QStringLiteral("late"))).isEmpty());
    QVERIFY(encoder->encode(streamEvent(Type::End)).isEmpty());
    QVERIFY(encoder->encodeError(RelayError::make(ErrorCode::Upstream, QStringLiteral("x"))).isEmpty());

    const QList<SseEvent> frames = SseParser::parseAll(bytes);
    QCOMPARE(strictClientViolation(frames), QString());
    QCOMPARE(eventNames(frames).first(), QStringLiteral("response.created"));
    QCOMPARE(eventNames(frames).count(QStringLiteral("response.output_item.added")), 2);
    QCOMPARE(eventNames(frames).count(QStringLiteral("response.output_item.done")), 2);
    const QJsonObject completed = frameJson(frames, QStringLiteral("response.completed")).value(QLatin1String("response")).toObject();
    const QJsonObject call = completed.value(QLatin1String("output")).toArray().at(1).toObject();
    QVERIFY(call.value(QLatin1String("call_id")).toString().startsWith(QLatin1String("call_")));
    QCOMPARE(call.value(QLatin1String("call_id")).toString().size(), 29);
}

// A Chat upstream never closes its blocks: the message must still be done before the calls.
void TestCodecOpenAIResponses::encoderFinishesTextBeforeLaterBlocks()
{
    const StreamEvents events{streamEvent(Type::MessageStart), blockStart(0, Kind::Text), streamEvent(Type::TextDelta, 0, QStringLiteral("Two calls.")),
                              blockStart(1, Kind::ToolCall, QStringLiteral("call_a"), QStringLiteral("f")),
                              streamEvent(Type::ToolArgsDelta, 1, QStringLiteral("{\"x\":")),
                              blockStart(2, Kind::ToolCall, QStringLiteral("call_b"), QStringLiteral("g")),
                              streamEvent(Type::ToolArgsDelta, 2, QStringLiteral("{}")), streamEvent(Type::ToolArgsDelta, 1, QStringLiteral("1}")),
                              finish(StopReason::ToolUse), streamEvent(Type::End)};
    const QList<SseEvent> frames = SseParser::parseAll(kit.encodeAll(events, codexOptions()));
    QCOMPARE(strictClientViolation(frames), QString());
    QStringList doneOrder;
    for (const SseEvent &f : frames) {
        if (f.event == "response.output_item.done")
            doneOrder << QJsonDocument::fromJson(f.data).object().value(QLatin1String("item")).toObject().value(QLatin1String("type")).toString();
    }
    QCOMPARE(doneOrder, (QStringList{QStringLiteral("message"), QStringLiteral("function_call"), QStringLiteral("function_call")}));
    QCOMPARE(eventNames(frames).indexOf(QStringLiteral("response.output_item.done")),
             eventNames(frames).indexOf(QStringLiteral("response.output_item.added"), 3) - 1);
    const QJsonArray output = frameJson(frames, QStringLiteral("response.completed")).value(QLatin1String("response")).toObject()
                                  .value(QLatin1String("output")).toArray();
    // Interleaved arguments still land in their own call.
    QCOMPARE(output.at(1).toObject().value(QLatin1String("arguments")).toString(), QStringLiteral("{\"x\":1}"));
    QCOMPARE(output.at(2).toObject().value(QLatin1String("arguments")).toString(), QStringLiteral("{}"));
}

void TestCodecOpenAIResponses::encoderSkipsRedactedThinking()
{
    StreamEvent redacted = blockStart(0, Kind::RedactedThinking);
    redacted.text = QStringLiteral("opaque");
    const StreamEvents events{streamEvent(Type::MessageStart), redacted, streamEvent(Type::SignatureDelta, 0, QStringLiteral("x")), streamEvent(Type::BlockStop, 0),
                              blockStart(1, Kind::Text), streamEvent(Type::TextDelta, 1, QStringLiteral("ok")), streamEvent(Type::BlockStop, 1),
                              streamEvent(Type::End)};
    const QList<SseEvent> frames = SseParser::parseAll(kit.encodeAll(events, codexOptions()));
    QCOMPARE(strictClientViolation(frames), QString());
    const QJsonObject completed = frameJson(frames, QStringLiteral("response.completed")).value(QLatin1String("response")).toObject();
    QCOMPARE(completed.value(QLatin1String("output")).toArray().size(), 1);
}

void TestCodecOpenAIResponses::encodeErrorEndsWithResponseFailed()
{
    OpenAIResponsesCodec codec;
    const std::unique_ptr<StreamEncoder> encoder = codec.newStreamEncoder(codexOptions());
    QByteArray bytes = encoder->encode(streamEvent(Type::TextDelta, 0, QStringLiteral("Looking")));
    StreamEvent error = streamEvent(Type::Error);
    error.error = RelayError::make(ErrorCode::RateLimit, QStringLiteral("Rate limit reached"));
    bytes += encoder->encode(error); // an upstream error event goes the same way
    QVERIFY(encoder->encode(streamEvent(Type::End)).isEmpty());
    QVERIFY(encoder->encodeError(error.error).isEmpty());

    const QList<SseEvent> frames = SseParser::parseAll(bytes);
    QCOMPARE(eventNames(frames).mid(eventNames(frames).size() - 2),
             (QStringList{QStringLiteral("error"), QStringLiteral("response.failed")}));
    QCOMPARE(strictClientViolation(frames), QString());
    const QJsonObject errorEvent = frameJson(frames, QStringLiteral("error"));
    QCOMPARE(errorEvent.value(QLatin1String("code")).toString(), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(errorEvent.value(QLatin1String("message")).toString(), QStringLiteral("Rate limit reached"));
    QVERIFY(errorEvent.contains(QLatin1String("param")));
    const QJsonObject failed = frameJson(frames, QStringLiteral("response.failed")).value(QLatin1String("response")).toObject();
    QCOMPARE(failed.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(failed.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(failed.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString(), QStringLiteral("Rate limit reached"));

    // Before anything was sent, the error is still well-formed and numbered from 0.
    const std::unique_ptr<StreamEncoder> fresh = codec.newStreamEncoder(codexOptions());
    const QList<SseEvent> early = SseParser::parseAll(fresh->encodeError(RelayError::make(ErrorCode::Timeout, QString())));
    QCOMPARE(eventNames(early), (QStringList{QStringLiteral("error"), QStringLiteral("response.failed")}));
    QCOMPARE(strictClientViolation(early), QString());
    QVERIFY(!frameJson(early, QStringLiteral("error")).value(QLatin1String("message")).toString().isEmpty());
}

void TestCodecOpenAIResponses::streamRoundTripKeepsContent_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &f : {QStringLiteral("stream_text.sse"), QStringLiteral("stream_tool_calls.sse"),
                             QStringLiteral("stream_reasoning.sse"), QStringLiteral("stream_max_tokens.sse"),
                             QStringLiteral("stream_items_only.sse")})
        QTest::newRow(qPrintable(f)) << f;
}

// Upstream Responses stream -> canonical -> client Responses stream -> canonical: same answer.
void TestCodecOpenAIResponses::streamRoundTripKeepsContent()
{
    QFETCH(QString, fixture);
    const StreamEvents first = kit.decodeAll(SseParser::parseAll(kit.fixture(fixture)));
    const QList<SseEvent> encoded = SseParser::parseAll(kit.encodeAll(first, codexOptions()));
    QCOMPARE(strictClientViolation(encoded), QString());
    const StreamEvents second = kit.decodeAll(encoded);
    ResponseAssembler a, b;
    a.add(first);
    b.add(second);
    QVERIFY(b.ended());
    QCOMPARE(describeResponse(b.response()), describeResponse(a.response()));
    QCOMPARE(b.response().id, a.response().id);
    QCOMPARE(b.response().model, QStringLiteral("gpt-5-codex"));
}

// ---- non-stream responses -------------------------------------------------------------------

void TestCodecOpenAIResponses::decodeResponseReadsOutputItems_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("expected");
    QTest::addRow("text") << QStringLiteral("response_text.json")
                          << QStringLiteral("end_turn | usage 2048/17/1920/0 | text:Relays hum softly—\npackets cross the night.");
    QTest::addRow("tool calls") << QStringLiteral("response_tool_calls.json")
                                << QStringLiteral("tool_use | usage 1311/96/1024/64 | "
                                                  "thinking(rs_68b0b2c4112233445566,gAAAAABosEncryptedReasoning_1==):**Planning weather lookups**\n\nTwo cities, two calls. | "
                                                  "text:I'll check both cities. | call(call_paris,get_weather):{\"city\":\"Paris\",\"unit\":\"c\"} | "
                                                  "call(call_oslo,get_weather):{\"city\":\"Oslo\",\"unit\":\"c\"}");
    QTest::addRow("incomplete") << QStringLiteral("response_incomplete.json")
                                << QStringLiteral("max_tokens | usage 40/16/0/0 | text:{\"ok\": true, \"status\": \"all green\", \"det");
}

void TestCodecOpenAIResponses::decodeResponseReadsOutputItems()
{
    QFETCH(QString, fixture);
    QFETCH(QString, expected);
    const QJsonObject body = kit.json(fixture);
    const Response r = kit.codec().decodeResponse(body);
    QCOMPARE(describeResponse(r), expected);
    QCOMPARE(r.id, body.value(QLatin1String("id")).toString());
    // Encoding it back for a Responses client keeps the same answer.
    const Response again = kit.codec().decodeResponse(kit.codec().encodeResponse(r, codexOptions()));
    QCOMPARE(describeResponse(again), expected);
}

void TestCodecOpenAIResponses::encodeResponseHasEverythingClientsRead()
{
    Response r;
    r.id = QStringLiteral("msg_01Anthropic");
    r.model = QStringLiteral("claude-sonnet-4-5");
    ContentPart thinking;
    thinking.kind = Kind::Thinking;
    thinking.text = QStringLiteral("plan");
    thinking.signature = QStringLiteral("sig");
    ContentPart call;
    call.kind = Kind::ToolCall;
    call.toolName = QStringLiteral("shell");
    call.arguments = QStringLiteral("{\"command\":[\"pwd\"]}");
    r.content = {thinking, ContentPart::makeText(QStringLiteral("Running pwd.")), call};
    r.stopReason = StopReason::ToolUse;
    r.usage.known = true;
    r.usage.inputTokens = 500;
    r.usage.cachedInputTokens = 300;
    r.usage.outputTokens = 20;
    r.usage.reasoningTokens = 5;

    const EncoderOptions options = codexOptions();
    const QJsonObject body = kit.codec().encodeResponse(r, options);
    QVERIFY(body.value(QLatin1String("id")).toString().startsWith(QLatin1String("resp_")));
    QCOMPARE(body.value(QLatin1String("object")).toString(), QStringLiteral("response"));
    QCOMPARE(body.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("gpt-5-codex"));
    QVERIFY(body.value(QLatin1String("created_at")).toInteger() > 1700000000);
    QVERIFY(body.value(QLatin1String("error")).isNull());
    QVERIFY(body.value(QLatin1String("incomplete_details")).isNull());
    QCOMPARE(body.value(QLatin1String("store")), QJsonValue(false));
    QCOMPARE(body.value(QLatin1String("metadata")).toObject(), QJsonObject());
    QCOMPARE(body.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject().value(QLatin1String("type")).toString(),
             QStringLiteral("text"));
    QCOMPARE(body.value(QLatin1String("tools")).toArray().at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("shell"));
    QCOMPARE(body.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort")).toString(), QStringLiteral("medium"));

    const QJsonArray output = body.value(QLatin1String("output")).toArray();
    QCOMPARE(output.size(), 3);
    const QJsonObject reasoning = output.at(0).toObject();
    QCOMPARE(reasoning.value(QLatin1String("type")).toString(), QStringLiteral("reasoning"));
    QVERIFY(reasoning.value(QLatin1String("id")).toString().startsWith(QLatin1String("rs_")));
    QCOMPARE(reasoning.value(QLatin1String("encrypted_content")).toString(),
             SignatureEnvelope::wrap(QString(), QStringLiteral("sig")));
    const QJsonObject message = output.at(1).toObject();
    QVERIFY(message.value(QLatin1String("id")).toString().startsWith(QLatin1String("msg_")));
    QCOMPARE(message.value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
    QCOMPARE(message.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    const QJsonObject text = message.value(QLatin1String("content")).toArray().at(0).toObject();
    QCOMPARE(text.value(QLatin1String("type")).toString(), QStringLiteral("output_text"));
    QCOMPARE(text.value(QLatin1String("text")).toString(), QStringLiteral("Running pwd."));
    QCOMPARE(text.value(QLatin1String("annotations")).toArray(), QJsonArray());
    const QJsonObject fc = output.at(2).toObject();
    QVERIFY(fc.value(QLatin1String("id")).toString().startsWith(QLatin1String("fc_")));
    QVERIFY(fc.value(QLatin1String("call_id")).toString().startsWith(QLatin1String("call_")));
    QCOMPARE(fc.value(QLatin1String("arguments")).toString(), QStringLiteral("{\"command\":[\"pwd\"]}"));
    // Generated ids are stable for the same request.
    QCOMPARE(kit.codec().encodeResponse(r, options).value(QLatin1String("output")), body.value(QLatin1String("output")));

    const QJsonObject usage = body.value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.value(QLatin1String("input_tokens")).toInt(), 500);
    QCOMPARE(usage.value(QLatin1String("input_tokens_details")).toObject().value(QLatin1String("cached_tokens")).toInt(), 300);
    QCOMPARE(usage.value(QLatin1String("output_tokens_details")).toObject().value(QLatin1String("reasoning_tokens")).toInt(), 5);
    QCOMPARE(usage.value(QLatin1String("total_tokens")).toInt(), 520);
}

void TestCodecOpenAIResponses::encodeResponseMaxTokensIsIncomplete()
{
    Response r;
    r.content = {ContentPart::makeText(QStringLiteral("cut"))};
    r.stopReason = StopReason::MaxTokens;
    EncoderOptions options;
    options.clientModel = QStringLiteral("gpt-4.1");
    options.request.maxOutputTokens = 16;
    const QJsonObject body = kit.codec().encodeResponse(r, options);
    QCOMPARE(body.value(QLatin1String("status")).toString(), QStringLiteral("incomplete"));
    QCOMPARE(body.value(QLatin1String("incomplete_details")).toObject().value(QLatin1String("reason")).toString(),
             QStringLiteral("max_output_tokens"));
    QCOMPARE(body.value(QLatin1String("max_output_tokens")).toInt(), 16);
    QCOMPARE(kit.codec().decodeResponse(body).stopReason, StopReason::MaxTokens);
}

// Codex returns the reasoning item the relay made from an Anthropic thinking block: it must
// decode as that provider's thinking (no reasoning id), so an Anthropic channel replays it.
void TestCodecOpenAIResponses::envelopedSignatureComesBackAsForeignThinking()
{
    const QJsonObject item{{QStringLiteral("type"), QStringLiteral("reasoning")},
                           {QStringLiteral("id"), QStringLiteral("rs_generated")},
                           {QStringLiteral("summary"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                                                             {QStringLiteral("text"), QStringLiteral("Think.")}}}},
                           {QStringLiteral("encrypted_content"), SignatureEnvelope::wrap(QString(), QStringLiteral("SIG"))}};
    const QJsonObject body{{QStringLiteral("model"), QStringLiteral("m")},
                           {QStringLiteral("input"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                            {QStringLiteral("content"), QStringLiteral("hi")}},
                                                                item}}};
    QString error;
    const auto r = kit.codec().decodeRequest(body, QString(), false, &error);
    QVERIFY2(r, qPrintable(error));
    const ContentPart &thinking = r->messages.last().parts.first();
    QCOMPARE(thinking.kind, ContentPart::Kind::Thinking);
    QCOMPARE(thinking.signature, QStringLiteral("SIG"));
    QVERIFY(thinking.reasoningId.isEmpty());
}

QTEST_GUILESS_MAIN(TestCodecOpenAIResponses)
#include "tst_codec_openai_responses.moc"
