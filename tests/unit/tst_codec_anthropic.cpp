// The Anthropic Messages codec: client requests to canonical and back, upstream streams and
// bodies to canonical events, and canonical events to the exact frames Anthropic clients
// (the SDKs, Claude Code) parse. Fixtures: tests/fixtures/translate/anthropic/.
#include "formats/anthropic/anthropiccodec.h"
#include "codecsubject.h"
#include "model/signatureenvelope.h"
#include "wire/sseparser.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <QTest>

Q_DECLARE_METATYPE(Request)
Q_DECLARE_METATYPE(StreamEvent)

namespace {

const CodecSubject<AnthropicCodec> kit("anthropic");
using CodecKit::blockStart;
using CodecKit::finish;
using CodecKit::kindName;
using CodecKit::usage;
using CodecKit::streamEvent;

SseEvent namedEvent(const QByteArray &name, const QByteArray &data)
{
    SseEvent e;
    e.event = name;
    e.data = data;
    e.raw = "event: " + name + "\ndata: " + data + "\n\n";
    return e;
}

QString compactText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString hashedId(const QString &prefix, const QString &seed)
{
    return prefix + QString::fromLatin1(QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256).toHex().left(24));
}

// ---- readable descriptions of canonical values -------------------------------------------

QString roleName(Role role)
{
    switch (role) {
    case Role::System: return QStringLiteral("system");
    case Role::User: return QStringLiteral("user");
    case Role::Assistant: return QStringLiteral("assistant");
    case Role::Tool: return QStringLiteral("tool");
    }
    return QString();
}

QString describePart(const ContentPart &p)
{
    switch (p.kind) {
    case ContentPart::Kind::Text: return u"text "_qs + p.text;
    case ContentPart::Kind::Image:
    case ContentPart::Kind::Document: {
        QString s = p.kind == ContentPart::Kind::Image ? u"image "_qs : u"document "_qs;
        if (!p.base64Data.isEmpty())
            s += p.mediaType + u" data="_qs
                + (p.mediaType.startsWith(u"text/"_qs) ? QString::fromUtf8(QByteArray::fromBase64(p.base64Data))
                                                        : QString::fromLatin1(p.base64Data.left(12)));
        else
            s += u"url="_qs + p.url;
        return p.fileName.isEmpty() ? s : s + u" title="_qs + p.fileName;
    }
    case ContentPart::Kind::Thinking: return u"thinking "_qs + p.text + u" sig="_qs + p.signature;
    case ContentPart::Kind::RedactedThinking: return u"redacted "_qs + p.signature;
    case ContentPart::Kind::ToolCall: return u"call "_qs + p.toolCallId + u' ' + p.toolName + u' ' + p.arguments;
    case ContentPart::Kind::ToolResult: {
        QString s = u"result "_qs + p.toolCallId + u' ' + p.toolName + (p.isError ? u" error "_qs : u" "_qs) + p.text;
        for (const ContentPart &inner : p.resultParts)
            s += u" [" + describePart(inner) + u']';
        return s;
    }
    }
    return QString();
}

QString describeParts(const QList<ContentPart> &parts)
{
    QStringList out;
    for (const ContentPart &p : parts)
        out << describePart(p);
    return out.join(u" | "_qs);
}

QString toolChoiceName(const ToolChoice &tc)
{
    switch (tc.mode) {
    case ToolChoice::Mode::Auto: return u"auto"_qs;
    case ToolChoice::Mode::None: return u"none"_qs;
    case ToolChoice::Mode::Required: return u"required"_qs;
    case ToolChoice::Mode::Specific: return u"specific "_qs + tc.name;
    }
    return QString();
}

void describeOptions(const Request &r, QStringList &out)
{
    if (!r.tools.isEmpty() || r.toolChoice.mode != ToolChoice::Mode::Auto || r.parallelToolCalls)
        out << u"choice "_qs + toolChoiceName(r.toolChoice)
                + (r.parallelToolCalls ? (*r.parallelToolCalls ? u" parallel"_qs : u" serial"_qs) : QString());
    if (r.maxOutputTokens)
        out << u"max "_qs + QString::number(*r.maxOutputTokens);
    if (r.temperature)
        out << u"temperature "_qs + QString::number(*r.temperature);
    if (r.topP)
        out << u"top_p "_qs + QString::number(*r.topP);
    if (r.topK)
        out << u"top_k "_qs + QString::number(*r.topK);
    if (!r.stopSequences.isEmpty())
        out << u"stop "_qs + r.stopSequences.join(u',');
    if (r.reasoning.enabled || !r.reasoning.effort.isEmpty())
        out << u"reasoning budget="_qs + QString::number(r.reasoning.budgetTokens) + u" effort="_qs
                + r.reasoning.effort + (r.reasoning.includeSummary ? u" summary"_qs : QString());
    if (!r.userId.isEmpty())
        out << u"user "_qs + r.userId;
    if (r.stream)
        out << u"stream"_qs;
}

// One line per field that matters to the upstream, e.g. "assistant: text Hi | call id f {}".
QStringList describe(const Request &r)
{
    QStringList out{u"model "_qs + r.model};
    for (const ContentPart &p : r.system)
        out << u"system "_qs + p.text;
    for (const Message &m : r.messages)
        out << roleName(m.role) + u": "_qs + describeParts(m.parts);
    for (const ToolDefinition &t : r.tools)
        out << u"tool "_qs + t.name + u' '
                + QString::number(t.parameters.value(u"properties"_qs).toObject().size()) + u" params"_qs;
    describeOptions(r, out);
    return out;
}

QString usageText(const Usage &u)
{
    return QString::number(u.inputTokens) + u'/' + QString::number(u.outputTokens) + u'/'
        + QString::number(u.cachedInputTokens);
}

// One line per stream event, e.g. "block+ 1 tool toolu_x get_weather", "args 1 {\"a\"".
QStringList trace(const StreamEvents &events)
{
    QStringList out;
    for (const StreamEvent &e : events) {
        const QString i = QString::number(e.index);
        switch (e.type) {
        case StreamEvent::Type::MessageStart: out << u"start "_qs + e.id + u' ' + e.model + u' ' + usageText(e.usage); break;
        case StreamEvent::Type::BlockStart:
            out << u"block+ "_qs + i + u' ' + kindName(e.blockKind)
                    + (e.blockKind == ContentPart::Kind::ToolCall ? u' ' + e.toolCallId + u' ' + e.toolName : QString());
            break;
        case StreamEvent::Type::TextDelta: out << u"text "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::ThinkingDelta: out << u"think "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::SignatureDelta: out << u"sig "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::ToolArgsDelta: out << u"args "_qs + i + u' ' + e.text; break;
        case StreamEvent::Type::BlockStop: out << u"block- "_qs + i; break;
        case StreamEvent::Type::Finish:
            out << (u"finish "_qs + stopReasonName(e.stopReason) + (e.stopSequence.isEmpty() ? QString() : u' ' + e.stopSequence));
            break;
        case StreamEvent::Type::Usage: out << u"usage "_qs + usageText(e.usage); break;
        case StreamEvent::Type::Error: out << u"error "_qs + QString::number(e.error.httpStatus) + u' ' + e.error.message; break;
        case StreamEvent::Type::End: out << u"end"_qs; break;
        }
    }
    return out;
}

EncoderOptions clientOptions()
{
    EncoderOptions o;
    o.clientModel = u"claude-sonnet-4-5"_qs;
    o.requestId = u"req-42"_qs;
    return o;
}

struct Frame
{
    QByteArray name;
    QJsonObject data;
};

QList<Frame> frames(const QByteArray &sse)
{
    QList<Frame> out;
    for (const SseEvent &e : SseParser::parseAll(sse))
        out << Frame{e.event, QJsonDocument::fromJson(e.data).object()};
    return out;
}

QStringList frameNames(const QList<Frame> &list)
{
    QStringList out;
    for (const Frame &f : list) {
        QString name = QString::fromUtf8(f.name);
        if (f.name.startsWith("content_block"))
            name += u' ' + QString::number(f.data.value(u"index"_qs).toInt());
        if (f.name == "content_block_start")
            name += u' ' + f.data.value(u"content_block"_qs).toObject().value(u"type"_qs).toString();
        if (f.name == "content_block_delta")
            name += u' ' + f.data.value(u"delta"_qs).toObject().value(u"type"_qs).toString();
        out << name;
    }
    return out;
}

// ---- what strict Anthropic clients check -------------------------------------------------

QString checkMessageStart(const Frame &f)
{
    const QJsonObject m = f.data.value(u"message"_qs).toObject();
    if (f.name != "message_start" || !m.value(u"id"_qs).isString() || m.value(u"type"_qs) != u"message"_qs
        || m.value(u"role"_qs) != u"assistant"_qs || !m.value(u"model"_qs).isString()
        || m.value(u"content"_qs) != QJsonArray() || !m.value(u"stop_reason"_qs).isNull()
        || !m.value(u"stop_sequence"_qs).isNull()
        || !m.value(u"usage"_qs).toObject().value(u"input_tokens"_qs).isDouble()
        || !m.value(u"usage"_qs).toObject().value(u"output_tokens"_qs).isDouble())
        return u"bad message_start: "_qs + compactText(f.data);
    return QString();
}

QString blockTypeForDelta(const QString &deltaType)
{
    if (deltaType == u"text_delta"_qs)
        return u"text"_qs;
    if (deltaType == u"thinking_delta"_qs || deltaType == u"signature_delta"_qs)
        return u"thinking"_qs;
    return deltaType == u"input_json_delta"_qs ? u"tool_use"_qs : QString();
}

struct StreamCheck
{
    int nextIndex = 0;
    int openIndex = -1;
    QString openType;
    QString toolJson;
    bool sawDelta = false;
    bool ended = false;
    bool checkToolInput = true; // accumulated input_json_delta must parse as an object
};

QString checkBlockFrame(const Frame &f, StreamCheck &s)
{
    const int index = f.data.value(u"index"_qs).toInt(-1);
    if (f.name == "content_block_start") {
        const QJsonObject block = f.data.value(u"content_block"_qs).toObject();
        if (s.openIndex >= 0 || index != s.nextIndex)
            return u"block start out of order at index "_qs + QString::number(index);
        s.openType = block.value(u"type"_qs).toString();
        if (s.openType == u"tool_use"_qs
            && (!block.value(u"id"_qs).isString() || block.value(u"id"_qs).toString().isEmpty()
                || !block.value(u"name"_qs).isString() || block.value(u"input"_qs) != QJsonObject()))
            return u"bad tool_use start: "_qs + compactText(block);
        s.openIndex = s.nextIndex++;
        s.toolJson.clear();
        return QString();
    }
    if (index != s.openIndex)
        return u"Content block not found: "_qs + QString::number(index);
    if (f.name == "content_block_delta") {
        const QJsonObject delta = f.data.value(u"delta"_qs).toObject();
        if (blockTypeForDelta(delta.value(u"type"_qs).toString()) != s.openType)
            return u"delta "_qs + delta.value(u"type"_qs).toString() + u" in a "_qs + s.openType + u" block"_qs;
        s.toolJson += delta.value(u"partial_json"_qs).toString();
        return QString();
    }
    if (s.checkToolInput && s.openType == u"tool_use"_qs && !s.toolJson.isEmpty()
        && !QJsonDocument::fromJson(s.toolJson.toUtf8()).isObject())
        return u"tool input is not a JSON object: "_qs + s.toolJson;
    s.openIndex = -1;
    return QString();
}

QString checkFrame(const Frame &f, StreamCheck &s)
{
    if (s.ended)
        return u"frame after the end: "_qs + QString::fromUtf8(f.name);
    if (f.name == "error") {
        s.ended = true;
        const QJsonObject error = f.data.value(u"error"_qs).toObject();
        const bool ok = f.data.value(u"type"_qs) == u"error"_qs && !error.value(u"type"_qs).toString().isEmpty()
            && error.value(u"message"_qs).isString();
        return ok ? QString() : u"bad error: "_qs + compactText(f.data);
    }
    if (f.data.value(u"type"_qs).toString().toUtf8() != f.name)
        return u"event name differs from data.type: "_qs + QString::fromUtf8(f.name);
    if (f.name.startsWith("content_block"))
        return checkBlockFrame(f, s);
    if (f.name == "message_delta") {
        static const QStringList reasons{u"end_turn"_qs, u"max_tokens"_qs, u"stop_sequence"_qs, u"tool_use"_qs,
                                         u"pause_turn"_qs, u"refusal"_qs};
        const QJsonObject delta = f.data.value(u"delta"_qs).toObject();
        if (s.openIndex >= 0 || s.sawDelta || !reasons.contains(delta.value(u"stop_reason"_qs).toString())
            || !f.data.value(u"usage"_qs).toObject().value(u"output_tokens"_qs).isDouble())
            return u"bad message_delta: "_qs + compactText(f.data);
        s.sawDelta = true;
        return QString();
    }
    if (f.name == "message_stop") {
        s.ended = true;
        return s.sawDelta ? QString() : u"message_stop without message_delta"_qs;
    }
    return u"unexpected event "_qs + QString::fromUtf8(f.name);
}

// "" when `sse` is a stream an Anthropic SDK accepts, else the first problem.
QString checkClientStream(const QByteArray &sse, bool checkToolInput = true)
{
    const QList<Frame> list = frames(sse);
    if (list.isEmpty())
        return u"empty stream"_qs;
    if (list.first().name == "error")
        return list.size() == 1 ? QString() : u"frames after an error"_qs;
    QString problem = checkMessageStart(list.first());
    StreamCheck state;
    state.checkToolInput = checkToolInput;
    for (qsizetype i = 1; i < list.size() && problem.isEmpty(); ++i)
        problem = checkFrame(list.at(i), state);
    if (problem.isEmpty() && !state.ended)
        problem = u"stream never ends"_qs;
    return problem;
}

Request userRequest(const QString &text)
{
    Request r;
    r.model = u"claude-sonnet-4-5"_qs;
    Message m;
    m.parts << ContentPart::makeText(text);
    r.messages << m;
    return r;
}

ContentPart toolCall(const QString &id, const QString &name, const QString &args)
{
    ContentPart p;
    p.kind = ContentPart::Kind::ToolCall;
    p.toolCallId = id;
    p.toolName = name;
    p.arguments = args;
    return p;
}

ContentPart toolResult(const QString &id, const QString &name, const QString &text, bool isError = false)
{
    ContentPart p;
    p.kind = ContentPart::Kind::ToolResult;
    p.toolCallId = id;
    p.toolName = name;
    p.text = text;
    p.isError = isError;
    return p;
}

ContentPart thinking(const QString &text, const QString &signature, const QString &reasoningId = QString())
{
    ContentPart p;
    p.kind = ContentPart::Kind::Thinking;
    p.text = text;
    p.signature = signature;
    p.reasoningId = reasoningId;
    return p;
}

Message message(Role role, const QList<ContentPart> &parts)
{
    Message m;
    m.role = role;
    m.parts = parts;
    return m;
}

QStringList blockTypes(const QJsonArray &blocks)
{
    QStringList out;
    for (const QJsonValue &b : blocks)
        out << b.toObject().value(u"type"_qs).toString();
    return out;
}

QStringList roles(const QJsonArray &messages)
{
    QStringList out;
    for (const QJsonValue &m : messages) {
        const QJsonValue content = m.toObject().value(u"content"_qs);
        out << m.toObject().value(u"role"_qs).toString() + u':'
                + (content.isString() ? u"text"_qs : blockTypes(content.toArray()).join(u','));
    }
    return out;
}

// Every tool_use (id, name, input) and tool_result (id) of a request body, in order.
QStringList toolTraffic(const QJsonObject &body)
{
    QStringList out;
    for (const QJsonValue &m : body.value(u"messages"_qs).toArray()) {
        for (const QJsonValue &b : m.toObject().value(u"content"_qs).toArray()) {
            const QJsonObject block = b.toObject();
            if (block.value(u"type"_qs) == u"tool_use"_qs)
                out << u"use "_qs + block.value(u"id"_qs).toString() + u' ' + block.value(u"name"_qs).toString() + u' '
                        + compactText(block.value(u"input"_qs).toObject());
            else if (block.value(u"type"_qs) == u"tool_result"_qs)
                out << u"result "_qs + block.value(u"tool_use_id"_qs).toString()
                        + (block.value(u"is_error"_qs).toBool() ? u" error"_qs : QString());
        }
    }
    return out;
}

const QStringList streamFixtures{u"stream_text.sse"_qs, u"stream_parallel_tools.sse"_qs, u"stream_thinking.sse"_qs,
                                 u"stream_max_tokens.sse"_qs, u"stream_stop_sequence.sse"_qs,
                                 u"stream_server_tool.sse"_qs, u"stream_error.sse"_qs};
const QStringList requestFixtures{u"request_text.json"_qs, u"request_system.json"_qs, u"request_tools.json"_qs,
                                  u"request_images.json"_qs, u"request_thinking.json"_qs};

} // namespace

class TestCodecAnthropic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // requests from Anthropic clients
    void requestDecodesToCanonical_data();
    void requestDecodesToCanonical();
    void requestSurvivesRoundTrip_data();
    void requestSurvivesRoundTrip();
    void roundTripKeepsToolCallsExactly();
    void invalidRequestNamesJsonPath_data();
    void invalidRequestNamesJsonPath();
    void decodeLeavesOutServerTools();
    void decodeReadsSearchResultsAsText();
    void decodeJoinsSystemMessagesToSystem();
    void openAIReasoningRoundTripsThroughSignature();

    // requests to Anthropic upstreams
    void encodeMergesTurnsToAlternate();
    void encodePutsToolResultsFirst();
    void encodePairsResultsWithoutIds();
    void encodeFillsRequiredFields();
    void encodeToolChoice_data();
    void encodeToolChoice();
    void encodeThinkingRules_data();
    void encodeThinkingRules();
    void encodeMediaSources();
    void encodeKeepsOnlyAnthropicThinking();
    void encodeKeepsEachSideToItsParts();

    // upstream streams
    void streamDecodesToEvents_data();
    void streamDecodesToEvents();
    void truncatedStreamHasNoEnd_data();
    void truncatedStreamHasNoEnd();
    void streamDecoderSurvivesGarbage_data();
    void streamDecoderSurvivesGarbage();
    void streamDecoderSurvivesRandomBytes();
    void streamDecoderOpensUnstartedBlocks();

    // streams to Anthropic clients
    void streamEncoderWritesExactFrames();
    void reencodedFixtureIsAValidClientStream_data();
    void reencodedFixtureIsAValidClientStream();
    void streamEncoderToleratesMissingBlockEvents();
    void streamEncoderHoldsFinishUntilEnd();
    void streamEncoderEndsWithoutFinish_data();
    void streamEncoderEndsWithoutFinish();
    void streamEncoderErrorClosesOpenBlock();
    void streamEncoderWritesNothingAfterEnd();
    void streamEncoderWritesRedactedThinkingWhole();
    void streamEncoderDropsSignatureOutsideThinking();

    // non-stream answers
    void responseDecodes_data();
    void responseDecodes();
    void responseRoundTripKeepsBody_data();
    void responseRoundTripKeepsBody();
    void responseEncodeFillsMissingIds();
    void usageSplitsCachedTokens_data();
    void usageSplitsCachedTokens();
    void stopReasonsMapBothWays_data();
    void stopReasonsMapBothWays();
};

// ---- requests from Anthropic clients -----------------------------------------------------

void TestCodecAnthropic::requestDecodesToCanonical_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("plain text") << u"request_text.json"_qs
                                << QStringList{u"model claude-sonnet-4-5"_qs, u"user: text Hello, Claude"_qs,
                                               u"max 1024"_qs, u"temperature 0.7"_qs, u"stop \n\nHuman:"_qs,
                                               u"user user-7f3a"_qs, u"stream"_qs};
    QTest::newRow("system blocks, multi-turn") << u"request_system.json"_qs
        << QStringList{u"model claude-opus-4-1"_qs, u"system You are a careful contract lawyer."_qs,
                       u"system Answer in one sentence."_qs, u"user: text What notice does clause 12 require?"_qs,
                       u"assistant: text Thirty days' written notice."_qs, u"user: text And clause 14?"_qs,
                       u"max 2048"_qs, u"top_k 40"_qs};
    QTest::newRow("parallel tool calls and results") << u"request_tools.json"_qs
        << QStringList{
               u"model claude-sonnet-4-5"_qs,
               u"user: text What's the weather and time in San Francisco?"_qs,
               u"assistant: text I'll check both. | call toolu_01A09q90qw90lq917835lq9 get_weather {\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"} | call toolu_01B7cGxUm3T4qJd9bR2xWv8n get_time {\"timezone\":\"America/Los_Angeles\"}"_qs,
               u"tool: result toolu_01A09q90qw90lq917835lq9 get_weather 59°F, mostly cloudy"_qs,
               u"tool: result toolu_01B7cGxUm3T4qJd9bR2xWv8n get_time 14:05\nPDT"_qs,
               u"assistant: text It's 59°F and cloudy; the local time is 14:05 PDT."_qs,
               u"user: text And in Paris?"_qs,
               u"assistant: call toolu_01C3nPq8Zr5Vw2kLm4Xy7Tb get_weather {\"location\":\"Paris, France\",\"unit\":\"celsius\"}"_qs,
               u"tool: result toolu_01C3nPq8Zr5Vw2kLm4Xy7Tb get_weather error weather service unavailable"_qs,
               u"user: text Try again please."_qs,
               u"tool get_weather 2 params"_qs,
               u"tool get_time 1 params"_qs,
               u"choice auto parallel"_qs,
               u"max 4096"_qs};
    QTest::newRow("images and documents") << u"request_images.json"_qs
        << QStringList{u"model claude-sonnet-4-5"_qs,
                       u"user: image image/png data=iVBORw0KGgoA | image url=https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg | document application/pdf data=JVBERi0xLjQK title=invoice.pdf | document text/plain data=Grass is green. The sky is blue. | text Compare the two images and summarise both documents."_qs,
                       u"max 1024"_qs};
    QTest::newRow("thinking with tools") << u"request_thinking.json"_qs
        << QStringList{u"model claude-sonnet-4-5"_qs, u"user: text What is 27 * 453?"_qs,
                       u"assistant: thinking I should use the calculator for 27 * 453. sig=EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds | redacted EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB4URj2pLmN3kHb | call toolu_01NRLabsLyVHZPKxbKvkfSMn calculator {\"expression\":\"27 * 453\"}"_qs,
                       u"tool: result toolu_01NRLabsLyVHZPKxbKvkfSMn calculator 12231"_qs,
                       u"tool calculator 1 params"_qs, u"choice auto"_qs, u"max 16000"_qs,
                       u"reasoning budget=10000 effort= summary"_qs, u"stream"_qs};
}

void TestCodecAnthropic::requestDecodesToCanonical()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    QString error;
    const std::optional<Request> r = kit.request(fixture, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(describe(*r), expected);
}

void TestCodecAnthropic::requestSurvivesRoundTrip_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &f : requestFixtures)
        QTest::newRow(qPrintable(f)) << f;
}

// Anthropic -> canonical -> Anthropic -> canonical: the upstream sees what the client asked.
void TestCodecAnthropic::requestSurvivesRoundTrip()
{
    QFETCH(QString, fixture);
    QString error;
    const std::optional<Request> first = kit.request(fixture, &error);
    QVERIFY2(first, qPrintable(error));
    const QJsonObject encoded = kit.codec().encodeRequest(*first);
    const std::optional<Request> second = kit.codec().decodeRequest(encoded, QString(), false, &error);
    QVERIFY2(second, qPrintable(error + u" in "_qs + compactText(encoded)));
    QCOMPARE(describe(*second), describe(*first));
}

void TestCodecAnthropic::roundTripKeepsToolCallsExactly()
{
    for (const QString &fixture : {u"request_tools.json"_qs, u"request_thinking.json"_qs}) {
        const QJsonObject original = kit.json(fixture);
        const std::optional<Request> r = kit.codec().decodeRequest(original, QString(), false, nullptr);
        QVERIFY(r);
        const QJsonObject encoded = kit.codec().encodeRequest(*r);
        QVERIFY(!toolTraffic(original).isEmpty());
        QCOMPARE(toolTraffic(encoded), toolTraffic(original));
        QCOMPARE(roles(encoded.value(u"messages"_qs).toArray()), roles(original.value(u"messages"_qs).toArray()));
    }
}

void TestCodecAnthropic::invalidRequestNamesJsonPath_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const QByteArray m = R"("model":"claude-sonnet-4-5",)";
    QTest::newRow("no model") << QByteArray(R"({"messages":[]})") << u"$.model: must be a string"_qs;
    QTest::newRow("no messages") << ("{" + m + R"("max_tokens":5})") << u"$.messages: must be an array"_qs;
    QTest::newRow("message not object") << ("{" + m + R"("messages":[7]})") << u"$.messages[0]: must be an object"_qs;
    QTest::newRow("bad role") << ("{" + m + R"("messages":[{"role":"robot","content":"x"}]})")
                              << u"$.messages[0].role: unknown role 'robot'"_qs;
    QTest::newRow("content number") << ("{" + m + R"("messages":[{"role":"user","content":5}]})")
                                    << u"$.messages[0].content: must be a string or an array"_qs;
    QTest::newRow("unknown block") << ("{" + m + R"("messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"foo"}]}]})")
                                   << u"$.messages[1].content[0].type: unknown part type 'foo'"_qs;
    QTest::newRow("block not object") << ("{" + m + R"("messages":[{"role":"user","content":["hi"]}]})")
                                      << u"$.messages[0].content[0]: must be an object"_qs;
    QTest::newRow("text not string") << ("{" + m + R"("messages":[{"role":"user","content":[{"type":"text","text":3}]}]})")
                                     << u"$.messages[0].content[0].text: must be a string"_qs;
    QTest::newRow("image file source") << ("{" + m + R"("messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]})")
                                       << u"$.messages[0].content[0].source.type: unsupported source type 'file'"_qs;
    QTest::newRow("image without source") << ("{" + m + R"("messages":[{"role":"user","content":[{"type":"image"}]}]})")
                                          << u"$.messages[0].content[0].source: must be an object"_qs;
    QTest::newRow("tool_use without name") << ("{" + m + R"("messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","input":{}}]}]})")
                                           << u"$.messages[0].content[0].name: required"_qs;
    QTest::newRow("tool_use input array") << ("{" + m + R"("messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":[1]}]}]})")
                                          << u"$.messages[0].content[0].input: must be an object"_qs;
    QTest::newRow("tool_result nesting a call") << ("{" + m + R"("messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"tool_use","id":"x","name":"f"}]}]}]})")
                                                << u"$.messages[0].content[0].content[0].type: not allowed in a tool result"_qs;
    QTest::newRow("system number") << ("{" + m + R"("system":1,"messages":[]})") << u"$.system: must be a string or an array"_qs;
    QTest::newRow("system image") << ("{" + m + R"("system":[{"type":"image","source":{"type":"url","url":"u"}}],"messages":[]})")
                                  << u"$.system[0].type: only text blocks are allowed"_qs;
    QTest::newRow("tools object") << ("{" + m + R"("messages":[],"tools":{}})") << u"$.tools: must be an array"_qs;
    QTest::newRow("tool without name") << ("{" + m + R"("messages":[],"tools":[{"input_schema":{}}]})") << u"$.tools[0].name: required"_qs;
    QTest::newRow("tool_choice type") << ("{" + m + R"("messages":[],"tool_choice":{"type":"maybe"}})")
                                      << u"$.tool_choice.type: unknown tool choice 'maybe'"_qs;
    QTest::newRow("tool_choice tool without name") << ("{" + m + R"("messages":[],"tool_choice":{"type":"tool"}})")
                                                   << u"$.tool_choice.name: required"_qs;
    QTest::newRow("temperature string") << ("{" + m + R"("messages":[],"temperature":"hot"})") << u"$.temperature: must be a number"_qs;
    QTest::newRow("max_tokens fraction") << ("{" + m + R"("messages":[],"max_tokens":1.5})") << u"$.max_tokens: must be a non-negative integer"_qs;
    QTest::newRow("max_tokens negative") << ("{" + m + R"("messages":[],"max_tokens":-5})") << u"$.max_tokens: must be a non-negative integer"_qs;
    QTest::newRow("stop sequence number") << ("{" + m + R"("messages":[],"stop_sequences":[1]})") << u"$.stop_sequences[0]: must be a string"_qs;
    QTest::newRow("thinking type") << ("{" + m + R"("messages":[],"thinking":{"type":"sometimes"}})")
                                   << u"$.thinking.type: unknown thinking type 'sometimes'"_qs;
}

void TestCodecAnthropic::invalidRequestNamesJsonPath()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QJsonParseError parseError{};
    const QJsonObject o = QJsonDocument::fromJson(body, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QString actual;
    QVERIFY(!kit.codec().decodeRequest(o, QString(), false, &actual));
    QCOMPARE(actual, error);
}

// Server tools run at Anthropic; another upstream can neither call nor continue them.
void TestCodecAnthropic::decodeLeavesOutServerTools()
{
    const QByteArray body = R"({"model":"m","messages":[{"role":"user","content":"weather?"},
        {"role":"assistant","content":[{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"q"}},
         {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},{"type":"text","text":"Sunny."}]}],
        "tools":[{"type":"web_search_20250305","name":"web_search"},{"type":"custom","name":"f","input_schema":{"type":"object"}}]})";
    const std::optional<Request> r = kit.codec().decodeRequest(QJsonDocument::fromJson(body).object(), QString(), false, nullptr);
    QVERIFY(r);
    QCOMPARE(describe(*r), (QStringList{u"model m"_qs, u"user: text weather?"_qs, u"assistant: text Sunny."_qs,
                                        u"tool f 0 params"_qs, u"choice auto"_qs}));
}

void TestCodecAnthropic::decodeReadsSearchResultsAsText()
{
    const QByteArray body = R"({"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1",
        "content":[{"type":"search_result","source":"https://docs.example/a","title":"A","content":[{"type":"text","text":"alpha"}]},
                   {"type":"text","text":"done"}]}]}]})";
    const std::optional<Request> r = kit.codec().decodeRequest(QJsonDocument::fromJson(body).object(), QString(), false, nullptr);
    QVERIFY(r);
    QCOMPARE(describe(*r), (QStringList{u"model m"_qs, u"tool: result t1  A\nhttps://docs.example/a\nalpha\ndone"_qs}));
}

// Claude Code puts its environment block in a role "system" message at the end of messages.
void TestCodecAnthropic::decodeJoinsSystemMessagesToSystem()
{
    const QByteArray body = R"({"model":"m","system":"Be brief.","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},
        {"role":"system","content":[{"type":"text","text":"# Environment","cache_control":{"type":"ephemeral"}}]}]})";
    QString error;
    const std::optional<Request> r = kit.codec().decodeRequest(QJsonDocument::fromJson(body).object(), QString(), false, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->system.size(), 2);
    QCOMPARE(r->system.at(1).text, u"# Environment"_qs);
    QCOMPARE(r->messages.size(), 1);
    QCOMPARE(r->messages.at(0).role, Role::User);
}

// Claude Code on a Responses channel: the reasoning item reaches it as a thinking block whose
// signature envelopes the item id and encrypted content, and comes back as that item.
void TestCodecAnthropic::openAIReasoningRoundTripsThroughSignature()
{
    ContentPart thinking;
    thinking.kind = ContentPart::Kind::Thinking;
    thinking.text = u"Plan."_qs;
    thinking.reasoningId = u"rs_abc"_qs;
    thinking.signature = u"ENC"_qs;
    Response resp;
    resp.content << thinking << ContentPart::makeText(u"ok"_qs);
    const QJsonObject encoded = kit.codec().encodeResponse(resp, EncoderOptions());
    const QJsonObject block = encoded.value(u"content"_qs).toArray().at(0).toObject();
    QCOMPARE(block.value(u"signature"_qs).toString(), SignatureEnvelope::wrap(u"rs_abc"_qs, u"ENC"_qs));
    const QJsonObject next{{u"model"_qs, u"m"_qs},
                           {u"messages"_qs, QJsonArray{QJsonObject{{u"role"_qs, u"user"_qs}, {u"content"_qs, u"hi"_qs}},
                                                      QJsonObject{{u"role"_qs, u"assistant"_qs},
                                                                  {u"content"_qs, QJsonArray{block}}}}}};
    QString error;
    const auto r = kit.codec().decodeRequest(next, QString(), false, &error);
    QVERIFY2(r, qPrintable(error));
    const ContentPart &back = r->messages.last().parts.first();
    QCOMPARE(back.reasoningId, u"rs_abc"_qs);
    QCOMPARE(back.signature, u"ENC"_qs);
}

// ---- requests to Anthropic upstreams -----------------------------------------------------

void TestCodecAnthropic::encodeMergesTurnsToAlternate()
{
    Request r = userRequest(u"hi"_qs);
    r.system << ContentPart::makeText(u"Be brief."_qs);
    r.messages << message(Role::System, {ContentPart::makeText(u"Also be kind."_qs)})
               << message(Role::User, {ContentPart::makeText(u"again"_qs)})
               << message(Role::Assistant, {ContentPart::makeText(u"ok"_qs), toolCall(u"c1"_qs, u"f"_qs, u"{\"x\":1}"_qs),
                                            toolCall(u"c2"_qs, u"g"_qs, QString())})
               << message(Role::Tool, {toolResult(u"c1"_qs, u"f"_qs, u"r1"_qs)})
               << message(Role::Tool, {toolResult(u"c2"_qs, u"g"_qs, u"r2"_qs, true)})
               << message(Role::User, {ContentPart::makeText(u"thanks"_qs)})
               << message(Role::Assistant, {ContentPart::makeText(QString())});
    const QJsonObject body = kit.codec().encodeRequest(r);
    const QJsonArray messages = body.value(u"messages"_qs).toArray();
    QCOMPARE(roles(messages), (QStringList{u"user:text,text"_qs, u"assistant:text,tool_use,tool_use"_qs,
                                           u"user:tool_result,tool_result,text"_qs}));
    QCOMPARE(toolTraffic(body), (QStringList{u"use c1 f {\"x\":1}"_qs, u"use c2 g {}"_qs, u"result c1"_qs, u"result c2 error"_qs}));
    const QJsonArray results = messages.at(2).toObject().value(u"content"_qs).toArray();
    QCOMPARE(results.at(0).toObject().value(u"content"_qs).toString(), u"r1"_qs);
    QCOMPARE(body.value(u"system"_qs).toArray(),
             (QJsonArray{QJsonObject{{u"type"_qs, u"text"_qs}, {u"text"_qs, u"Be brief."_qs}},
                         QJsonObject{{u"type"_qs, u"text"_qs}, {u"text"_qs, u"Also be kind."_qs}}}));
}

void TestCodecAnthropic::encodePutsToolResultsFirst()
{
    Request r = userRequest(u"go"_qs);
    ContentPart image;
    image.kind = ContentPart::Kind::Image;
    image.url = u"https://example.com/a.png"_qs;
    ContentPart withImage = toolResult(u"c1"_qs, u"shot"_qs, u"see image"_qs);
    withImage.resultParts << image;
    r.messages << message(Role::Assistant, {toolCall(u"c1"_qs, u"shot"_qs, u"{}"_qs)})
               << message(Role::User, {ContentPart::makeText(u"note"_qs)})
               << message(Role::Tool, {withImage});
    const QJsonArray messages = kit.codec().encodeRequest(r).value(u"messages"_qs).toArray();
    QCOMPARE(roles(messages), (QStringList{u"user:text"_qs, u"assistant:tool_use"_qs, u"user:tool_result,text"_qs}));
    const QJsonArray content = messages.at(2).toObject().value(u"content"_qs).toArray().at(0).toObject().value(u"content"_qs).toArray();
    QCOMPARE(blockTypes(content), (QStringList{u"text"_qs, u"image"_qs}));
}

// Gemini has no call ids: calls get made-up ids, and results take them in order, by name.
void TestCodecAnthropic::encodePairsResultsWithoutIds()
{
    Request r = userRequest(u"weather and time"_qs);
    r.messages << message(Role::Assistant, {toolCall(QString(), u"get_weather"_qs, u"{\"city\":\"Oslo\"}"_qs),
                                            toolCall(QString(), u"get_time"_qs, u"{}"_qs)})
               << message(Role::Tool, {toolResult(QString(), u"get_time"_qs, u"12:00"_qs)})
               << message(Role::Tool, {toolResult(QString(), u"get_weather"_qs, u"rain"_qs)});
    const QStringList traffic = toolTraffic(kit.codec().encodeRequest(r));
    QCOMPARE(traffic.size(), 4);
    const QString weatherId = traffic.at(0).section(u' ', 1, 1);
    const QString timeId = traffic.at(1).section(u' ', 1, 1);
    QVERIFY(weatherId.startsWith(u"toolu_"_qs));
    QVERIFY(weatherId != timeId);
    QCOMPARE(traffic.at(2), u"result "_qs + timeId);
    QCOMPARE(traffic.at(3), u"result "_qs + weatherId);
    QCOMPARE(toolTraffic(kit.codec().encodeRequest(r)), traffic); // deterministic
}

void TestCodecAnthropic::encodeFillsRequiredFields()
{
    Request r = userRequest(u"hello"_qs);
    r.model = u"claude-haiku-4-5"_qs;
    r.toolChoice.mode = ToolChoice::Mode::Required; // without tools Anthropic refuses a tool_choice
    r.temperature = 0.3;
    r.topP = 0.9; // recent models refuse both: temperature wins
    r.stopSequences = QStringList{u"END"_qs};
    r.userId = u"u-1"_qs;
    r.stream = true;
    const QJsonObject body = kit.codec().encodeRequest(r);
    QCOMPARE(body.value(u"model"_qs).toString(), u"claude-haiku-4-5"_qs);
    QCOMPARE(body.value(u"max_tokens"_qs).toInt(), 8192);
    QVERIFY(!body.contains(u"system"_qs));
    QVERIFY(!body.contains(u"tools"_qs));
    QVERIFY(!body.contains(u"tool_choice"_qs));
    QVERIFY(!body.contains(u"thinking"_qs));
    QVERIFY(!body.contains(u"top_p"_qs));
    QCOMPARE(body.value(u"temperature"_qs).toDouble(), 0.3);
    QCOMPARE(body.value(u"stop_sequences"_qs).toArray(), QJsonArray{u"END"_qs});
    QCOMPARE(body.value(u"metadata"_qs).toObject().value(u"user_id"_qs).toString(), u"u-1"_qs);
    QCOMPARE(body.value(u"stream"_qs), QJsonValue(true));
    QCOMPARE(body.value(u"messages"_qs).toArray(),
             (QJsonArray{QJsonObject{{u"role"_qs, u"user"_qs},
                                     {u"content"_qs, QJsonArray{QJsonObject{{u"type"_qs, u"text"_qs}, {u"text"_qs, u"hello"_qs}}}}}}));

    ToolDefinition bare; // no schema: Anthropic still wants an object schema
    bare.name = u"ping"_qs;
    r.tools << bare;
    r.maxOutputTokens = 300;
    const QJsonObject withTool = kit.codec().encodeRequest(r);
    QCOMPARE(withTool.value(u"max_tokens"_qs).toInt(), 300);
    QCOMPARE(withTool.value(u"tools"_qs).toArray(),
             (QJsonArray{QJsonObject{{u"name"_qs, u"ping"_qs},
                                     {u"input_schema"_qs, QJsonObject{{u"type"_qs, u"object"_qs}, {u"properties"_qs, QJsonObject()}}}}}));
    QCOMPARE(withTool.value(u"tool_choice"_qs).toObject(), (QJsonObject{{u"type"_qs, u"any"_qs}}));
}

void TestCodecAnthropic::encodeToolChoice_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("parallel"); // -1 unset, 0 false, 1 true
    QTest::addColumn<QString>("expected");
    QTest::newRow("auto default") << int(ToolChoice::Mode::Auto) << QString() << -1 << QString();
    QTest::newRow("auto serial") << int(ToolChoice::Mode::Auto) << QString() << 0
                                 << u"{\"disable_parallel_tool_use\":true,\"type\":\"auto\"}"_qs;
    QTest::newRow("none") << int(ToolChoice::Mode::None) << QString() << 0 << u"{\"type\":\"none\"}"_qs;
    QTest::newRow("required") << int(ToolChoice::Mode::Required) << QString() << -1 << u"{\"type\":\"any\"}"_qs;
    QTest::newRow("specific") << int(ToolChoice::Mode::Specific) << u"get_weather"_qs << 1
                              << u"{\"disable_parallel_tool_use\":false,\"name\":\"get_weather\",\"type\":\"tool\"}"_qs;
}

void TestCodecAnthropic::encodeToolChoice()
{
    QFETCH(int, mode);
    QFETCH(QString, name);
    QFETCH(int, parallel);
    QFETCH(QString, expected);
    Request r = userRequest(u"x"_qs);
    ToolDefinition tool;
    tool.name = u"get_weather"_qs;
    r.tools << tool;
    r.toolChoice.mode = ToolChoice::Mode(mode);
    r.toolChoice.name = name;
    if (parallel >= 0)
        r.parallelToolCalls = parallel == 1;
    const QJsonObject body = kit.codec().encodeRequest(r);
    QCOMPARE(body.contains(u"tool_choice"_qs), !expected.isEmpty());
    if (!expected.isEmpty())
        QCOMPARE(compactText(body.value(u"tool_choice"_qs).toObject()), expected);
}

void TestCodecAnthropic::encodeThinkingRules_data()
{
    QTest::addColumn<Request>("request");
    QTest::addColumn<int>("budget"); // 0: no thinking
    QTest::addColumn<int>("maxTokens");
    QTest::addColumn<bool>("keepsTemperature");

    auto make = [](bool enabled, int budget, const QString &effort, std::optional<int> max) {
        Request r = userRequest(u"think"_qs);
        r.reasoning.enabled = enabled;
        r.reasoning.budgetTokens = budget;
        r.reasoning.effort = effort;
        r.maxOutputTokens = max;
        r.temperature = 0.5;
        return r;
    };
    QTest::newRow("budget below max") << make(true, 4000, QString(), 16000) << 4000 << 16000 << false;
    QTest::newRow("enabled, max open") << make(true, 0, QString(), std::nullopt) << 8192 << 16384 << false;
    QTest::newRow("effort high") << make(false, 0, u"high"_qs, std::nullopt) << 16384 << 24576 << false;
    QTest::newRow("small budget raised") << make(true, 100, QString(), 8000) << 1024 << 8000 << false;
    QTest::newRow("budget halves client max") << make(false, 0, u"low"_qs, 3000) << 1500 << 3000 << false;
    QTest::newRow("budget at least the minimum") << make(false, 0, u"low"_qs, 2000) << 1024 << 2000 << false;
    QTest::newRow("client max too small") << make(false, 0, u"low"_qs, 1000) << 0 << 1000 << true;
    QTest::newRow("effort none") << make(false, 0, u"none"_qs, std::nullopt) << 0 << 8192 << true;
    QTest::newRow("not asked") << make(false, 0, QString(), std::nullopt) << 0 << 8192 << true;
    Request forced = make(true, 4000, QString(), 16000);
    ToolDefinition tool;
    tool.name = u"f"_qs;
    forced.tools << tool;
    forced.toolChoice.mode = ToolChoice::Mode::Required;
    QTest::newRow("forced tool") << forced << 0 << 16000 << true;
    Request foreignTurn = make(true, 4000, QString(), 16000);
    foreignTurn.messages << message(Role::Assistant, {ContentPart::makeText(u"calling"_qs), toolCall(u"c"_qs, u"f"_qs, u"{}"_qs)})
                         << message(Role::Tool, {toolResult(u"c"_qs, u"f"_qs, u"done"_qs)});
    QTest::newRow("tool turn without signed thinking") << foreignTurn << 0 << 16000 << true;
    Request signedTurn = make(true, 4000, QString(), 16000);
    signedTurn.messages << message(Role::Assistant, {thinking(u"hmm"_qs, u"sig"_qs), toolCall(u"c"_qs, u"f"_qs, u"{}"_qs)})
                        << message(Role::Tool, {toolResult(u"c"_qs, u"f"_qs, u"done"_qs)});
    QTest::newRow("tool turn with signed thinking") << signedTurn << 4000 << 16000 << false;
}

void TestCodecAnthropic::encodeThinkingRules()
{
    QFETCH(Request, request);
    QFETCH(int, budget);
    QFETCH(int, maxTokens);
    QFETCH(bool, keepsTemperature);
    const QJsonObject body = kit.codec().encodeRequest(request);
    QCOMPARE(body.value(u"max_tokens"_qs).toInt(), maxTokens);
    if (budget == 0) {
        QVERIFY(!body.contains(u"thinking"_qs));
    } else {
        QCOMPARE(body.value(u"thinking"_qs).toObject(),
                 (QJsonObject{{u"type"_qs, u"enabled"_qs}, {u"budget_tokens"_qs, budget}}));
        QVERIFY(body.value(u"max_tokens"_qs).toInt() > budget);
    }
    QCOMPARE(body.contains(u"temperature"_qs), keepsTemperature);
}

void TestCodecAnthropic::encodeMediaSources()
{
    auto media = [](ContentPart::Kind kind, const QString &mediaType, const QByteArray &data, const QString &url) {
        ContentPart p;
        p.kind = kind;
        p.mediaType = mediaType;
        p.base64Data = data;
        p.url = url;
        return p;
    };
    ContentPart pdf = media(ContentPart::Kind::Document, u"application/pdf"_qs, "JVBERi0x", QString());
    pdf.fileName = u"a.pdf"_qs;
    Request r = userRequest(u"look"_qs);
    r.messages.first().parts = {
        media(ContentPart::Kind::Image, QString(), QByteArray(), u"data:image/jpeg;base64,/9j/4AAQ"_qs),
        media(ContentPart::Kind::Image, QString(), QByteArray(), u"https://example.com/cat.png"_qs),
        pdf,
        media(ContentPart::Kind::Document, u"text/plain"_qs, QByteArray("plain words").toBase64(), QString()),
        media(ContentPart::Kind::Image, u"image/png"_qs, QByteArray(), QString()), // nothing to send
    };
    const QJsonArray content = kit.codec().encodeRequest(r).value(u"messages"_qs).toArray().at(0).toObject().value(u"content"_qs).toArray();
    QStringList sources;
    for (const QJsonValue &b : content)
        sources << compactText(b.toObject());
    QCOMPARE(sources, (QStringList{
        uR"({"source":{"data":"/9j/4AAQ","media_type":"image/jpeg","type":"base64"},"type":"image"})"_qs,
        uR"({"source":{"type":"url","url":"https://example.com/cat.png"},"type":"image"})"_qs,
        uR"({"source":{"data":"JVBERi0x","media_type":"application/pdf","type":"base64"},"title":"a.pdf","type":"document"})"_qs,
        uR"({"source":{"data":"plain words","media_type":"text/plain","type":"text"},"type":"document"})"_qs}));
}

// Anthropic checks thinking signatures: unsigned thinking, or reasoning from a Responses
// upstream, would fail the request, so only its own signed blocks go back.
void TestCodecAnthropic::encodeKeepsOnlyAnthropicThinking()
{
    Request r = userRequest(u"q"_qs);
    ContentPart redacted;
    redacted.kind = ContentPart::Kind::RedactedThinking;
    redacted.signature = u"opaque"_qs;
    r.messages << message(Role::Assistant, {thinking(u"unsigned"_qs, QString()), thinking(u"openai"_qs, u"gAAAA"_qs, u"rs_1"_qs),
                                            thinking(u"mine"_qs, u"EqQB"_qs), redacted, ContentPart::makeText(u"answer"_qs)})
               << message(Role::User, {ContentPart::makeText(u"more"_qs)});
    const QJsonArray content = kit.codec().encodeRequest(r).value(u"messages"_qs).toArray().at(1).toObject().value(u"content"_qs).toArray();
    QCOMPARE(blockTypes(content), (QStringList{u"thinking"_qs, u"redacted_thinking"_qs, u"text"_qs}));
    QCOMPARE(compactText(content.at(0).toObject()), uR"({"signature":"EqQB","thinking":"mine","type":"thinking"})"_qs);
    QCOMPARE(content.at(1).toObject().value(u"data"_qs).toString(), u"opaque"_qs);
}

// Anthropic refuses images from the assistant and calls from the user; an empty result is
// written without content; a schema without "type" (OpenAI clients send {}) gets one.
void TestCodecAnthropic::encodeKeepsEachSideToItsParts()
{
    ContentPart image;
    image.kind = ContentPart::Kind::Image;
    image.url = u"https://example.com/out.png"_qs;
    Request r = userRequest(u"draw"_qs);
    r.messages.first().parts << toolCall(u"x"_qs, u"f"_qs, u"{}"_qs);
    r.messages << message(Role::Assistant, {image, toolCall(u"c1"_qs, u"f"_qs, u"{}"_qs)})
               << message(Role::Tool, {toolResult(u"c1"_qs, u"f"_qs, QString())});
    ToolDefinition tool;
    tool.name = u"f"_qs;
    tool.parameters = QJsonObject{{u"properties"_qs, QJsonObject{{u"a"_qs, QJsonObject{{u"type"_qs, u"string"_qs}}}}}};
    r.tools << tool;
    const QJsonObject body = kit.codec().encodeRequest(r);
    const QJsonArray messages = body.value(u"messages"_qs).toArray();
    QCOMPARE(roles(messages), (QStringList{u"user:text"_qs, u"assistant:tool_use"_qs, u"user:tool_result"_qs}));
    QCOMPARE(compactText(messages.at(2).toObject().value(u"content"_qs).toArray().at(0).toObject()),
             uR"({"tool_use_id":"c1","type":"tool_result"})"_qs);
    QCOMPARE(compactText(body.value(u"tools"_qs).toArray().at(0).toObject().value(u"input_schema"_qs).toObject()),
             uR"({"properties":{"a":{"type":"string"}},"type":"object"})"_qs);
}

// ---- upstream streams --------------------------------------------------------------------

void TestCodecAnthropic::streamDecodesToEvents_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("text with ping") << u"stream_text.sse"_qs
        << QStringList{u"start msg_01XFDUDYJgAACzvnptvVoYEL claude-sonnet-4-5-20250929 25/1/0"_qs, u"usage 25/1/0"_qs,
                       u"block+ 0 text"_qs, u"text 0 Hello"_qs, u"text 0 ! How can I help you today?"_qs, u"block- 0"_qs,
                       u"finish end_turn"_qs, u"usage 0/12/0"_qs, u"end"_qs};
    QTest::newRow("parallel tools") << u"stream_parallel_tools.sse"_qs
        << QStringList{u"start msg_014p7gG3wDgGV9EUtLvnow3U claude-sonnet-4-5-20250929 472/2/0"_qs, u"usage 472/2/0"_qs,
                       u"block+ 0 text"_qs, u"text 0 I'll check both."_qs, u"block- 0"_qs,
                       u"block+ 1 tool toolu_01T1x1fJ34qAmk2tNTrN7Up6 get_weather"_qs, u"args 1 {\"location\":"_qs,
                       u"args 1  \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"_qs, u"block- 1"_qs,
                       u"block+ 2 tool toolu_01B7cGxUm3T4qJd9bR2xWv8n get_time"_qs,
                       u"args 2 {\"timezone\": \"America/Los_Angeles\"}"_qs, u"block- 2"_qs,
                       u"finish tool_use"_qs, u"usage 0/89/0"_qs, u"end"_qs};
    QTest::newRow("thinking, redacted, cached usage") << u"stream_thinking.sse"_qs
        << QStringList{u"start msg_01NwzYDz3GzBBw7jgNPi3qrS claude-sonnet-4-5-20250929 2196/4/2048"_qs, u"usage 2196/4/2048"_qs,
                       u"block+ 0 thinking"_qs, u"think 0 27 * 400 = 10800, 27 * 53 = 1431."_qs,
                       u"think 0  10800 + 1431 = 12231."_qs, u"sig 0 EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"_qs,
                       u"block- 0"_qs, u"block+ 1 redacted"_qs, u"sig 1 EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"_qs,
                       u"block- 1"_qs, u"block+ 2 text"_qs, u"text 2 27 * 453 = **12,231**"_qs, u"block- 2"_qs,
                       u"finish end_turn"_qs, u"usage 2196/96/2048"_qs, u"end"_qs};
    QTest::newRow("max tokens") << u"stream_max_tokens.sse"_qs
        << QStringList{u"start msg_01MaxTk9bQ2LmW7sXcVz4RtY claude-haiku-4-5-20251001 18/1/0"_qs, u"usage 18/1/0"_qs,
                       u"block+ 0 text"_qs, u"text 0 Once upon a time, in a land far"_qs, u"block- 0"_qs,
                       u"finish max_tokens"_qs, u"usage 0/10/0"_qs, u"end"_qs};
    QTest::newRow("stop sequence, no event names") << u"stream_stop_sequence.sse"_qs
        << QStringList{u"start msg_01StopSeq4hJ8kLp2QwErTyU claude-sonnet-4-5-20250929 30/1/0"_qs, u"usage 30/1/0"_qs,
                       u"block+ 0 text"_qs, u"text 0 1, 2, 3"_qs, u"block- 0"_qs,
                       u"finish stop_sequence 4"_qs, u"usage 0/7/0"_qs, u"end"_qs};
    QTest::newRow("server tool blocks left out") << u"stream_server_tool.sse"_qs
        << QStringList{u"start msg_01SrvTool8xKq2LmN5pRtWvYz claude-sonnet-4-5-20250929 2679/3/0"_qs, u"usage 2679/3/0"_qs,
                       u"block+ 0 text"_qs, u"text 0 I'll search for that."_qs, u"block- 0"_qs,
                       u"block+ 1 text"_qs, u"text 1 It is sunny in New York."_qs, u"block- 1"_qs,
                       u"finish end_turn"_qs, u"usage 0/510/0"_qs, u"end"_qs};
    QTest::newRow("error mid-stream") << u"stream_error.sse"_qs
        << QStringList{u"start msg_01ErrR3ZcF9RkXgkqXGpn1ZK claude-sonnet-4-5-20250929 310/1/0"_qs, u"usage 310/1/0"_qs,
                       u"block+ 0 text"_qs, u"text 0 Let me think about"_qs, u"error 529 Overloaded"_qs};
}

void TestCodecAnthropic::streamDecodesToEvents()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    QCOMPARE(trace(kit.decodeAll(SseParser::parseAll(kit.fixture(fixture)))), expected);
}

void TestCodecAnthropic::truncatedStreamHasNoEnd_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &f : streamFixtures)
        QTest::newRow(qPrintable(f)) << f;
}

// A stream cut anywhere before message_stop must never look finished.
void TestCodecAnthropic::truncatedStreamHasNoEnd()
{
    QFETCH(QString, fixture);
    const QList<SseEvent> all = SseParser::parseAll(kit.fixture(fixture));
    for (qsizetype keep = 0; keep < all.size(); ++keep) {
        if (all.at(keep).event == "message_stop" || all.at(keep).data.contains("message_stop"))
            break;
        for (const StreamEvent &e : kit.decodeAll(all.mid(0, keep + 1)))
            QVERIFY2(e.type != StreamEvent::Type::End, qPrintable(u"End after "_qs + QString::number(keep + 1) + u" frames"_qs));
    }
}

void TestCodecAnthropic::streamDecoderSurvivesGarbage_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("expected"); // after a normal message_start
    QTest::newRow("not json") << QByteArray("content_block_delta") << QByteArray("{not json") << QStringList();
    QTest::newRow("json array") << QByteArray("content_block_start") << QByteArray("[1,2]") << QStringList();
    QTest::newRow("unknown event") << QByteArray("mystery") << QByteArray(R"({"type":"mystery"})") << QStringList();
    QTest::newRow("no name, no type") << QByteArray() << QByteArray(R"({"index":0})") << QStringList();
    QTest::newRow("block is array") << QByteArray("content_block_start")
                                    << QByteArray(R"({"type":"content_block_start","index":0,"content_block":[]})") << QStringList();
    QTest::newRow("delta is number") << QByteArray("content_block_delta")
                                     << QByteArray(R"({"type":"content_block_delta","index":0,"delta":5})") << QStringList();
    QTest::newRow("text is number") << QByteArray("content_block_delta")
                                    << QByteArray(R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":7}})")
                                    << QStringList{u"block+ 0 text"_qs};
    QTest::newRow("index is string") << QByteArray("content_block_delta")
                                     << QByteArray(R"({"type":"content_block_delta","index":"x","delta":{"type":"text_delta","text":"a"}})")
                                     << QStringList{u"block+ 0 text"_qs, u"text 0 a"_qs};
    QTest::newRow("huge index") << QByteArray("content_block_stop") << QByteArray(R"({"type":"content_block_stop","index":1e300})") << QStringList();
    QTest::newRow("stop reason number") << QByteArray("message_delta")
                                        << QByteArray(R"({"type":"message_delta","delta":{"stop_reason":3},"usage":"x"})") << QStringList();
    QTest::newRow("error not json") << QByteArray("error") << QByteArray("upstream exploded")
                                    << QStringList{u"error 502 upstream exploded"_qs};
    QTest::newRow("error without type") << QByteArray("error") << QByteArray(R"({"type":"error","error":{"message":"boom"}})")
                                        << QStringList{u"error 502 boom"_qs};
    QTest::newRow("empty data") << QByteArray("message_stop") << QByteArray() << QStringList();
}

void TestCodecAnthropic::streamDecoderSurvivesGarbage()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, data);
    QFETCH(QStringList, expected);
    const std::unique_ptr<StreamDecoder> decoder = kit.codec().newStreamDecoder();
    decoder->decode(namedEvent("message_start", R"({"type":"message_start","message":{"id":"msg_1","model":"m"}})"));
    QCOMPARE(trace(decoder->decode(namedEvent(name, data))), expected);
}

void TestCodecAnthropic::streamDecoderSurvivesRandomBytes()
{
    QRandomGenerator rng(20250101);
    const QByteArray real = kit.fixture(u"stream_thinking.sse"_qs) + kit.fixture(u"stream_parallel_tools.sse"_qs);
    for (int round = 0; round < 200; ++round) {
        QByteArray bytes = real;
        for (int i = 0; i < 40; ++i) // flip bytes anywhere, frames and JSON alike
            bytes[rng.bounded(int(bytes.size()))] = char(rng.bounded(256));
        const StreamEvents events = kit.decodeAll(SseParser::parseAll(bytes)) + StreamEvents{streamEvent(StreamEvent::Type::End)};
        // Whatever the decoder made of it, the encoder still writes a stream the SDK parses.
        const QByteArray out = kit.encodeAll(events, clientOptions());
        QCOMPARE(checkClientStream(out, false), QString());
    }
}

void TestCodecAnthropic::streamDecoderOpensUnstartedBlocks()
{
    const std::unique_ptr<StreamDecoder> decoder = kit.codec().newStreamDecoder();
    StreamEvents events = decoder->decode(namedEvent("content_block_delta",
        R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{}"}})"));
    events += decoder->decode(namedEvent("message_stop", R"({"type":"message_stop"})"));
    events += decoder->decode(namedEvent("message_stop", R"({"type":"message_stop"})"));
    QCOMPARE(trace(events), (QStringList{u"start   0/0/0"_qs, u"block+ 0 tool  "_qs, u"args 0 {}"_qs, u"block- 0"_qs, u"end"_qs}));
}

// ---- streams to Anthropic clients --------------------------------------------------------

void TestCodecAnthropic::streamEncoderWritesExactFrames()
{
    StreamEvent start = streamEvent(StreamEvent::Type::MessageStart);
    start.model = u"gpt-5"_qs; // the upstream's name: the client sees its own
    start.usage.inputTokens = 100;
    start.usage.cachedInputTokens = 40;
    start.usage.known = true;
    const StreamEvents events{start,
                              blockStart(0, ContentPart::Kind::Text),
                              streamEvent(StreamEvent::Type::TextDelta, 0, u"Hi \"there\""_qs),
                              streamEvent(StreamEvent::Type::BlockStop, 0),
                              blockStart(1, ContentPart::Kind::ToolCall, u"call_abc"_qs, u"get_weather"_qs),
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 1, u"{\"city\":"_qs),
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 1, u"\"Oslo\"}"_qs),
                              streamEvent(StreamEvent::Type::BlockStop, 1),
                              finish(StopReason::ToolUse),
                              usage(0, 7, 0),
                              streamEvent(StreamEvent::Type::End)};
    const QString id = hashedId(u"msg_"_qs, u"req-42"_qs);
    const QByteArray expected =
        "event: message_start\ndata: {\"message\":{\"content\":[],\"id\":\"" + id.toLatin1()
        + "\",\"model\":\"claude-sonnet-4-5\",\"role\":\"assistant\",\"stop_reason\":null,\"stop_sequence\":null,"
          "\"type\":\"message\",\"usage\":{\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":40,"
          "\"input_tokens\":60,\"output_tokens\":0}},\"type\":\"message_start\"}\n\n"
          "event: content_block_start\ndata: {\"content_block\":{\"text\":\"\",\"type\":\"text\"},\"index\":0,\"type\":\"content_block_start\"}\n\n"
          "event: content_block_delta\ndata: {\"delta\":{\"text\":\"Hi \\\"there\\\"\",\"type\":\"text_delta\"},\"index\":0,\"type\":\"content_block_delta\"}\n\n"
          "event: content_block_stop\ndata: {\"index\":0,\"type\":\"content_block_stop\"}\n\n"
          "event: content_block_start\ndata: {\"content_block\":{\"id\":\"call_abc\",\"input\":{},\"name\":\"get_weather\",\"type\":\"tool_use\"},\"index\":1,\"type\":\"content_block_start\"}\n\n"
          "event: content_block_delta\ndata: {\"delta\":{\"partial_json\":\"{\\\"city\\\":\",\"type\":\"input_json_delta\"},\"index\":1,\"type\":\"content_block_delta\"}\n\n"
          "event: content_block_delta\ndata: {\"delta\":{\"partial_json\":\"\\\"Oslo\\\"}\",\"type\":\"input_json_delta\"},\"index\":1,\"type\":\"content_block_delta\"}\n\n"
          "event: content_block_stop\ndata: {\"index\":1,\"type\":\"content_block_stop\"}\n\n"
          "event: message_delta\ndata: {\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"type\":\"message_delta\","
          "\"usage\":{\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":40,\"input_tokens\":60,\"output_tokens\":7}}\n\n"
          "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    const QByteArray actual = kit.encodeAll(events, clientOptions());
    QCOMPARE(actual, expected);
    QCOMPARE(checkClientStream(actual), QString());
}

void TestCodecAnthropic::reencodedFixtureIsAValidClientStream_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &f : streamFixtures)
        QTest::newRow(qPrintable(f)) << f;
}

// Anthropic upstream -> canonical -> Anthropic client: valid for the SDK, same content.
void TestCodecAnthropic::reencodedFixtureIsAValidClientStream()
{
    QFETCH(QString, fixture);
    const StreamEvents decoded = kit.decodeAll(SseParser::parseAll(kit.fixture(fixture)));
    const QByteArray encoded = kit.encodeAll(decoded, clientOptions());
    QCOMPARE(checkClientStream(encoded), QString());
    const StreamEvents again = kit.decodeAll(SseParser::parseAll(encoded));
    auto content = [](const StreamEvents &events) {
        QStringList lines;
        Usage total;
        for (const QString &line : trace(events)) {
            if (line.startsWith(u"start "_qs) || line.startsWith(u"usage "_qs))
                continue;
            // The encoder closes the open block before an error; the upstream did not.
            if (line.startsWith(u"error "_qs) && !lines.isEmpty() && lines.last().startsWith(u"block- "_qs))
                lines.removeLast();
            lines << line;
        }
        for (const StreamEvent &e : events)
            total.mergeFrom(e.usage);
        return lines << usageText(total);
    };
    QCOMPARE(content(again), content(decoded));
    QCOMPARE(frames(encoded).first().data.value(u"message"_qs).toObject().value(u"model"_qs).toString(), u"claude-sonnet-4-5"_qs);
}

void TestCodecAnthropic::streamEncoderToleratesMissingBlockEvents()
{
    StreamEvent call = streamEvent(StreamEvent::Type::ToolArgsDelta, 1, u"{}"_qs);
    call.toolCallId = u"call_1"_qs;
    call.toolName = u"f"_qs;
    const QByteArray out = kit.encodeAll({streamEvent(StreamEvent::Type::TextDelta, 0, u"a"_qs), call,
                                      streamEvent(StreamEvent::Type::TextDelta, 0, u"b"_qs),
                                      streamEvent(StreamEvent::Type::ThinkingDelta, 0, u"c"_qs),
                                      finish(StopReason::EndTurn), streamEvent(StreamEvent::Type::End)},
                                     clientOptions());
    QCOMPARE(checkClientStream(out), QString());
    const QList<Frame> list = frames(out);
    QCOMPARE(frameNames(list), (QStringList{u"message_start"_qs,
                                            u"content_block_start 0 text"_qs, u"content_block_delta 0 text_delta"_qs, u"content_block_stop 0"_qs,
                                            u"content_block_start 1 tool_use"_qs, u"content_block_delta 1 input_json_delta"_qs, u"content_block_stop 1"_qs,
                                            u"content_block_start 2 text"_qs, u"content_block_delta 2 text_delta"_qs, u"content_block_stop 2"_qs,
                                            u"content_block_start 3 thinking"_qs, u"content_block_delta 3 thinking_delta"_qs, u"content_block_stop 3"_qs,
                                            u"message_delta"_qs, u"message_stop"_qs}));
    // A turn that called tools ends with tool_use even when the upstream said "stop".
    QCOMPARE(list.at(13).data.value(u"delta"_qs).toObject().value(u"stop_reason"_qs).toString(), u"tool_use"_qs);
}

void TestCodecAnthropic::streamEncoderHoldsFinishUntilEnd()
{
    const std::unique_ptr<StreamEncoder> encoder = kit.codec().newStreamEncoder(clientOptions());
    encoder->encode(streamEvent(StreamEvent::Type::MessageStart));
    encoder->encode(streamEvent(StreamEvent::Type::TextDelta, 0, u"Once upon"_qs));
    const QByteArray atFinish = encoder->encode(finish(StopReason::MaxTokens));
    QCOMPARE(frameNames(frames(atFinish)), QStringList{u"content_block_stop 0"_qs});
    QVERIFY(encoder->encode(usage(30, 50, 10)).isEmpty());
    const QList<Frame> end = frames(encoder->encode(streamEvent(StreamEvent::Type::End)));
    QCOMPARE(frameNames(end), (QStringList{u"message_delta"_qs, u"message_stop"_qs}));
    QCOMPARE(compactText(end.first().data),
             uR"({"delta":{"stop_reason":"max_tokens","stop_sequence":null},"type":"message_delta","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":10,"input_tokens":20,"output_tokens":50}})"_qs);
}

void TestCodecAnthropic::streamEncoderEndsWithoutFinish_data()
{
    QTest::addColumn<StreamEvents>("events");
    QTest::addColumn<QString>("stopReason");
    QTest::addColumn<QString>("stopSequence");
    QTest::newRow("nothing at all") << StreamEvents{} << u"end_turn"_qs << QString();
    QTest::newRow("text, no finish") << StreamEvents{streamEvent(StreamEvent::Type::TextDelta, 0, u"x"_qs)} << u"end_turn"_qs << QString();
    QTest::newRow("stop sequence") << StreamEvents{finish(StopReason::StopSequence, u"###"_qs)} << u"stop_sequence"_qs << u"###"_qs;
    QTest::newRow("content filter") << StreamEvents{finish(StopReason::ContentFilter)} << u"refusal"_qs << QString();
    QTest::newRow("unknown") << StreamEvents{finish(StopReason::Unknown)} << u"end_turn"_qs << QString();
}

void TestCodecAnthropic::streamEncoderEndsWithoutFinish()
{
    QFETCH(StreamEvents, events);
    QFETCH(QString, stopReason);
    QFETCH(QString, stopSequence);
    const QByteArray out = kit.encodeAll(events + StreamEvents{streamEvent(StreamEvent::Type::End)}, clientOptions());
    QCOMPARE(checkClientStream(out), QString());
    const QList<Frame> list = frames(out);
    const QJsonObject delta = list.at(list.size() - 2).data.value(u"delta"_qs).toObject();
    QCOMPARE(delta.value(u"stop_reason"_qs).toString(), stopReason);
    QCOMPARE(delta.value(u"stop_sequence"_qs).toString(), stopSequence);
    QCOMPARE(delta.value(u"stop_sequence"_qs).isNull(), stopSequence.isEmpty());
}

void TestCodecAnthropic::streamEncoderErrorClosesOpenBlock()
{
    const std::unique_ptr<StreamEncoder> encoder = kit.codec().newStreamEncoder(clientOptions());
    QByteArray out = encoder->encode(streamEvent(StreamEvent::Type::MessageStart));
    out += encoder->encode(streamEvent(StreamEvent::Type::TextDelta, 0, u"Let me"_qs));
    StreamEvent error = streamEvent(StreamEvent::Type::Error);
    error.error = RelayError::make(ErrorCode::Overloaded, u"Overloaded"_qs);
    const QByteArray tail = encoder->encode(error);
    QCOMPARE(tail, QByteArray("event: content_block_stop\ndata: {\"index\":0,\"type\":\"content_block_stop\"}\n\n"
                              "event: error\ndata: {\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"},\"type\":\"error\"}\n\n"));
    QCOMPARE(checkClientStream(out + tail), QString());
    QVERIFY(encoder->encode(streamEvent(StreamEvent::Type::End)).isEmpty());

    // Before anything was sent, only the error frame; its type is never empty.
    const std::unique_ptr<StreamEncoder> fresh = kit.codec().newStreamEncoder(clientOptions());
    const QByteArray only = fresh->encodeError(RelayError::make(ErrorCode::Internal, QString()));
    QCOMPARE(checkClientStream(only), QString());
    QVERIFY(only.contains("\"type\":\"api_error\""));
    QVERIFY(fresh->encodeError(RelayError::make(ErrorCode::Internal, u"again"_qs)).isEmpty());
}

void TestCodecAnthropic::streamEncoderWritesNothingAfterEnd()
{
    const std::unique_ptr<StreamEncoder> encoder = kit.codec().newStreamEncoder(clientOptions());
    QVERIFY(!encoder->encode(streamEvent(StreamEvent::Type::End)).isEmpty());
    QVERIFY(encoder->encode(streamEvent(StreamEvent::Type::TextDelta, 0, u"late"_qs)).isEmpty());
    QVERIFY(encoder->encode(streamEvent(StreamEvent::Type::End)).isEmpty());
    QVERIFY(encoder->encode(streamEvent(StreamEvent::Type::MessageStart)).isEmpty());
}

void TestCodecAnthropic::streamEncoderWritesRedactedThinkingWhole()
{
    const QByteArray out = kit.encodeAll({streamEvent(StreamEvent::Type::MessageStart), blockStart(0, ContentPart::Kind::RedactedThinking),
                                      streamEvent(StreamEvent::Type::SignatureDelta, 0, u"abc"_qs),
                                      streamEvent(StreamEvent::Type::SignatureDelta, 0, u"def"_qs), streamEvent(StreamEvent::Type::BlockStop, 0),
                                      blockStart(1, ContentPart::Kind::Thinking), streamEvent(StreamEvent::Type::ThinkingDelta, 1, u"t"_qs),
                                      streamEvent(StreamEvent::Type::SignatureDelta, 1, u"sig"_qs), streamEvent(StreamEvent::Type::End)},
                                     clientOptions());
    QCOMPARE(checkClientStream(out), QString());
    const QList<Frame> list = frames(out);
    QCOMPARE(frameNames(list), (QStringList{u"message_start"_qs, u"content_block_start 0 redacted_thinking"_qs, u"content_block_stop 0"_qs,
                                            u"content_block_start 1 thinking"_qs, u"content_block_delta 1 thinking_delta"_qs,
                                            u"content_block_delta 1 signature_delta"_qs, u"content_block_stop 1"_qs,
                                            u"message_delta"_qs, u"message_stop"_qs}));
    QCOMPARE(list.at(1).data.value(u"content_block"_qs).toObject().value(u"data"_qs).toString(), u"abcdef"_qs);
}

// Gemini signs text and function-call parts; Anthropic clients only accept signatures on thinking.
void TestCodecAnthropic::streamEncoderDropsSignatureOutsideThinking()
{
    const QByteArray out = kit.encodeAll({blockStart(0, ContentPart::Kind::Text), streamEvent(StreamEvent::Type::TextDelta, 0, u"x"_qs),
                                      streamEvent(StreamEvent::Type::SignatureDelta, 0, u"sig"_qs),
                                      blockStart(1, ContentPart::Kind::ToolCall, QString(), u"f"_qs),
                                      streamEvent(StreamEvent::Type::SignatureDelta, 1, u"sig"_qs), streamEvent(StreamEvent::Type::End)},
                                     clientOptions());
    QCOMPARE(checkClientStream(out), QString());
    QVERIFY(!out.contains("signature_delta"));
    // A call without an id gets a deterministic toolu_ id.
    QVERIFY(out.contains(hashedId(u"toolu_"_qs, u"req-42:1"_qs).toLatin1()));
}

// ---- non-stream answers ------------------------------------------------------------------

void TestCodecAnthropic::responseDecodes_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("text") << u"response_text.json"_qs
        << QStringList{u"msg_013Zva2CMHLNnXjNJJKqJ2EF claude-sonnet-4-5-20250929"_qs, u"text Hi! My name is Claude."_qs,
                       u"end_turn"_qs, u"2095/503/0"_qs};
    QTest::newRow("tools") << u"response_tools.json"_qs
        << QStringList{u"msg_01Aq9w938a90dw8q claude-sonnet-4-5-20250929"_qs, u"text I'll check both."_qs,
                       u"call toolu_01A09q90qw90lq917835lq9 get_weather {\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}"_qs,
                       u"call toolu_01B7cGxUm3T4qJd9bR2xWv8n get_time {\"timezone\":\"America/Los_Angeles\"}"_qs,
                       u"tool_use"_qs, u"472/89/0"_qs};
    QTest::newRow("thinking") << u"response_thinking.json"_qs
        << QStringList{u"msg_01NwzYDz3GzBBw7jgNPi3qrS claude-sonnet-4-5-20250929"_qs,
                       u"thinking 27 * 400 = 10800, 27 * 53 = 1431. 10800 + 1431 = 12231. sig=EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"_qs,
                       u"redacted EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"_qs, u"text 27 * 453 = **12,231**"_qs,
                       u"end_turn"_qs, u"2196/96/2048"_qs};
    QTest::newRow("max tokens") << u"response_max_tokens.json"_qs
        << QStringList{u"msg_01MaxTk9bQ2LmW7sXcVz4RtY claude-haiku-4-5-20251001"_qs, u"text Once upon a time, in a land far"_qs,
                       u"max_tokens"_qs, u"18/10/0"_qs};
}

void TestCodecAnthropic::responseDecodes()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    const Response r = kit.codec().decodeResponse(kit.json(fixture));
    QStringList actual{r.id + u' ' + r.model};
    for (const ContentPart &p : r.content)
        actual << describePart(p);
    actual << stopReasonName(r.stopReason) << usageText(r.usage);
    QCOMPARE(actual, expected);
}

void TestCodecAnthropic::responseRoundTripKeepsBody_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &f : {u"response_text.json"_qs, u"response_tools.json"_qs, u"response_thinking.json"_qs, u"response_max_tokens.json"_qs})
        QTest::newRow(qPrintable(f)) << f;
}

void TestCodecAnthropic::responseRoundTripKeepsBody()
{
    QFETCH(QString, fixture);
    QJsonObject original = kit.json(fixture);
    EncoderOptions options = clientOptions();
    options.clientModel = original.value(u"model"_qs).toString();
    QJsonObject encoded = kit.codec().encodeResponse(kit.codec().decodeResponse(original), options);
    // Usage is re-split: cache writes count as plain input.
    const QJsonObject u = original.take(u"usage"_qs).toObject();
    const QJsonObject e = encoded.take(u"usage"_qs).toObject();
    QCOMPARE(e.value(u"input_tokens"_qs).toInt(),
             u.value(u"input_tokens"_qs).toInt() + u.value(u"cache_creation_input_tokens"_qs).toInt());
    QCOMPARE(e.value(u"cache_read_input_tokens"_qs).toInt(), u.value(u"cache_read_input_tokens"_qs).toInt());
    QCOMPARE(e.value(u"output_tokens"_qs).toInt(), u.value(u"output_tokens"_qs).toInt());
    QCOMPARE(encoded, original);
}

void TestCodecAnthropic::responseEncodeFillsMissingIds()
{
    Response r;
    r.model = u"gemini-2.5-pro"_qs;
    r.content << ContentPart::makeText(QString()) << ContentPart::makeText(u"Calling."_qs)
              << toolCall(QString(), u"lookup"_qs, u"{\"q\":\"x\"}"_qs) << thinking(u"why"_qs, QString());
    r.stopReason = StopReason::EndTurn; // Gemini says STOP even after function calls
    r.usage.inputTokens = 10;
    r.usage.outputTokens = 5;
    r.usage.known = true;
    const QJsonObject body = kit.codec().encodeResponse(r, clientOptions());
    QCOMPARE(body.value(u"id"_qs).toString(), hashedId(u"msg_"_qs, u"req-42"_qs));
    QCOMPARE(body.value(u"model"_qs).toString(), u"claude-sonnet-4-5"_qs);
    QCOMPARE(body.value(u"type"_qs).toString(), u"message"_qs);
    QCOMPARE(body.value(u"role"_qs).toString(), u"assistant"_qs);
    QCOMPARE(body.value(u"stop_reason"_qs).toString(), u"tool_use"_qs);
    QVERIFY(body.value(u"stop_sequence"_qs).isNull());
    const QJsonArray content = body.value(u"content"_qs).toArray();
    QCOMPARE(blockTypes(content), (QStringList{u"text"_qs, u"tool_use"_qs, u"thinking"_qs}));
    QCOMPARE(content.at(1).toObject().value(u"id"_qs).toString(), hashedId(u"toolu_"_qs, u"req-42:2"_qs));
    QCOMPARE(content.at(1).toObject().value(u"input"_qs).toObject(), (QJsonObject{{u"q"_qs, u"x"_qs}}));
    QCOMPARE(content.at(2).toObject().value(u"signature"_qs).toString(), QString()); // present, as the SDK types want
    QCOMPARE(kit.codec().encodeResponse(r, clientOptions()), body);
}

void TestCodecAnthropic::usageSplitsCachedTokens_data()
{
    QTest::addColumn<QByteArray>("anthropic");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cached");
    QTest::addColumn<qint64>("reencodedInput");
    QTest::newRow("no cache") << QByteArray(R"({"input_tokens":25,"output_tokens":3})") << qint64(25) << qint64(0) << qint64(25);
    QTest::newRow("cache read") << QByteArray(R"({"input_tokens":12,"cache_read_input_tokens":2048,"output_tokens":3})")
                                << qint64(2060) << qint64(2048) << qint64(12);
    QTest::newRow("cache read and write") << QByteArray(R"({"input_tokens":12,"cache_creation_input_tokens":300,"cache_read_input_tokens":2048,"output_tokens":3})")
                                          << qint64(2360) << qint64(2048) << qint64(312);
}

void TestCodecAnthropic::usageSplitsCachedTokens()
{
    QFETCH(QByteArray, anthropic);
    QFETCH(qint64, input);
    QFETCH(qint64, cached);
    QFETCH(qint64, reencodedInput);
    QJsonObject body = kit.json(u"response_text.json"_qs);
    body.insert(u"usage"_qs, QJsonDocument::fromJson(anthropic).object());
    const Response r = kit.codec().decodeResponse(body);
    QCOMPARE(r.usage.inputTokens, input);
    QCOMPARE(r.usage.cachedInputTokens, cached);
    QCOMPARE(r.usage.outputTokens, qint64(3));
    const QJsonObject u = kit.codec().encodeResponse(r, clientOptions()).value(u"usage"_qs).toObject();
    QCOMPARE(u.value(u"input_tokens"_qs).toInteger(), reencodedInput);
    QCOMPARE(u.value(u"cache_read_input_tokens"_qs).toInteger(), cached);
}

void TestCodecAnthropic::stopReasonsMapBothWays_data()
{
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("back");
    QTest::newRow("end_turn") << u"end_turn"_qs << u"end_turn"_qs << u"end_turn"_qs;
    QTest::newRow("max_tokens") << u"max_tokens"_qs << u"max_tokens"_qs << u"max_tokens"_qs;
    QTest::newRow("tool_use") << u"tool_use"_qs << u"tool_use"_qs << u"tool_use"_qs;
    QTest::newRow("stop_sequence") << u"stop_sequence"_qs << u"stop_sequence"_qs << u"stop_sequence"_qs;
    QTest::newRow("refusal") << u"refusal"_qs << u"content_filter"_qs << u"refusal"_qs;
    QTest::newRow("pause_turn") << u"pause_turn"_qs << u"end_turn"_qs << u"end_turn"_qs;
    QTest::newRow("context window") << u"model_context_window_exceeded"_qs << u"max_tokens"_qs << u"max_tokens"_qs;
    QTest::newRow("unknown") << u"something_new"_qs << u"unknown"_qs << u"end_turn"_qs;
}

void TestCodecAnthropic::stopReasonsMapBothWays()
{
    QFETCH(QString, anthropic);
    QFETCH(QString, canonical);
    QFETCH(QString, back);
    QJsonObject body = kit.json(u"response_max_tokens.json"_qs);
    body.insert(u"stop_reason"_qs, anthropic);
    const Response r = kit.codec().decodeResponse(body);
    QCOMPARE(stopReasonName(r.stopReason), canonical);
    QCOMPARE(kit.codec().encodeResponse(r, clientOptions()).value(u"stop_reason"_qs).toString(), back);
}

QTEST_GUILESS_MAIN(TestCodecAnthropic)
#include "tst_codec_anthropic.moc"
