// Gemini generateContent <-> canonical: client requests decoded and re-encoded for Gemini
// upstreams, upstream answers (streamed and not) decoded, canonical answers encoded for Gemini
// clients exactly as the google-genai SDKs read them. Fixtures: tests/fixtures/translate/gemini/
// and the pass-through transcripts in tests/fixtures/sse/gemini/.
#include "codecsubject.h"
#include "formats/gemini/geminicodec.h"
#include "formats/gemini/geminiwire.h"
#include "formats/gemini/geminischema.h"
#include "wire/sseparser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

Q_DECLARE_METATYPE(StopReason)

namespace {

const QLatin1String Sentinel("skip_thought_signature_validator");

using CodecKit::blockStart;
using CodecKit::kindName;
constexpr auto readFixture = CodecKit::fixture;
using CodecKit::streamEvent;
constexpr auto usageEvent = CodecKit::usage;
StreamEvent finishEvent(StopReason reason) { return CodecKit::finish(reason); }
const CodecSubject<GeminiCodec> kit("gemini");

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}


// "start +0:text t0 -0 finish:end_turn usage end": the shape of an event sequence.
QString trace(const StreamEvents &events)
{
    QStringList out;
    for (const StreamEvent &e : events) {
        const QString i = QString::number(e.index);
        switch (e.type) {
        case StreamEvent::Type::MessageStart: out << QStringLiteral("start"); break;
        case StreamEvent::Type::BlockStart: out << QLatin1Char('+') + i + QLatin1Char(':') + kindName(e.blockKind); break;
        case StreamEvent::Type::TextDelta: out << QLatin1Char('t') + i; break;
        case StreamEvent::Type::ThinkingDelta: out << QLatin1Char('k') + i; break;
        case StreamEvent::Type::SignatureDelta: out << QLatin1Char('s') + i; break;
        case StreamEvent::Type::ToolArgsDelta: out << QLatin1Char('a') + i; break;
        case StreamEvent::Type::BlockStop: out << QLatin1Char('-') + i; break;
        case StreamEvent::Type::Finish: out << QLatin1String("finish:") + stopReasonName(e.stopReason); break;
        case StreamEvent::Type::Usage: out << QStringLiteral("usage"); break;
        case StreamEvent::Type::Error: out << QStringLiteral("error"); break;
        case StreamEvent::Type::End: out << QStringLiteral("end"); break;
        }
    }
    return out.join(QLatin1Char(' '));
}

// What a client of any format would see of a stream, whatever its block layout.
struct StreamSummary
{
    QString text, thinking;
    QStringList signatures, toolCalls, toolIds;
    QString stop;
    Usage usage;
    QString error;
    bool ended = false;
};

StreamSummary summarize(const StreamEvents &events)
{
    StreamSummary s;
    for (const StreamEvent &e : events) {
        switch (e.type) {
        case StreamEvent::Type::TextDelta: s.text += e.text; break;
        case StreamEvent::Type::ThinkingDelta: s.thinking += e.text; break;
        case StreamEvent::Type::SignatureDelta: s.signatures << e.text; break;
        case StreamEvent::Type::BlockStart:
            if (e.blockKind == ContentPart::Kind::ToolCall)
                s.toolIds << e.toolCallId;
            break;
        case StreamEvent::Type::ToolArgsDelta: s.toolCalls << e.toolName + e.text; break;
        case StreamEvent::Type::Finish: s.stop = stopReasonName(e.stopReason); break;
        case StreamEvent::Type::MessageStart:
        case StreamEvent::Type::Usage: s.usage.mergeFrom(e.usage); break;
        case StreamEvent::Type::Error: s.error = e.error.message; break;
        case StreamEvent::Type::End: s.ended = true; break;
        default: break;
        }
    }
    return s;
}

QList<QByteArray> encodeAll(const StreamEvents &events, const EncoderOptions &options)
{
    const std::unique_ptr<StreamEncoder> encoder = kit.codec().newStreamEncoder(options);
    QList<QByteArray> frames;
    for (const StreamEvent &e : events)
        for (const SseEvent &frame : SseParser::parseAll(encoder->encode(e)))
            frames << frame.raw;
    return frames;
}

// The JSON of a `data: <json>\n\n` frame; fails the test when the frame is not exactly that.
QJsonObject frameJson(const QByteArray &frame)
{
    if (!frame.startsWith("data: ") || !frame.endsWith("\n\n") || frame.count('\n') != 2)
        qWarning() << "not a Gemini SSE frame:" << frame;
    return parse(frame.mid(6));
}

QJsonArray partsOf(const QJsonObject &chunk)
{
    return chunk[QLatin1String("candidates")][0][QLatin1String("content")][QLatin1String("parts")].toArray();
}

Request decodeOk(const QJsonObject &body, const QString &pathModel = QStringLiteral("models/gemini-2.5-pro"))
{
    QString error;
    const std::optional<Request> request = kit.codec().decodeRequest(body, pathModel, false, &error);
    if (!request)
        qWarning() << "decode failed:" << error;
    return request.value_or(Request());
}

// One canonical part as text, every field a round trip must keep.
QString describe(const ContentPart &p)
{
    QStringList nested;
    for (const ContentPart &r : p.resultParts)
        nested << describe(r);
    return QStringList{kindName(p.kind) + QString::number(int(p.kind)), p.text, p.signature, p.toolCallId, p.toolName,
                       p.arguments, p.mediaType, QString::fromLatin1(p.base64Data), p.url,
                       p.isError ? QStringLiteral("error") : QString(), nested.join(QLatin1Char('|'))}
        .join(QLatin1Char(';'));
}

QStringList describe(const Request &r)
{
    QStringList out;
    for (const Message &m : r.messages) {
        QStringList parts;
        for (const ContentPart &p : m.parts)
            parts << describe(p);
        out << QString::number(int(m.role)) + QLatin1String(": ") + parts.join(QLatin1String(" // "));
    }
    return out;
}

QJsonValue camelOrSnake(const QJsonObject &o, const char *camel, const char *snake)
{
    return o.contains(QLatin1String(camel)) ? o.value(QLatin1String(camel)) : o.value(QLatin1String(snake));
}

// functionResponse.response, with the single-string shapes ({"result"}, {"output"},
// {"content"}) that all mean "this text" made one.
QString responseMeaning(const QJsonObject &response)
{
    if (response.size() == 1 && response.begin().value().isString()
        && response.begin().key() != QLatin1String("error"))
        return QStringLiteral("text:") + response.begin().value().toString();
    return QString::fromUtf8(QJsonDocument(response).toJson(QJsonDocument::Compact));
}

// One Gemini part as text; thoughts are joined and the validation sentinel dropped (see
// semanticContents).
QStringList partMeaning(const QJsonObject &part)
{
    QStringList out;
    const QString text = part.value(QLatin1String("text")).toString();
    const QJsonObject inline_ = camelOrSnake(part, "inlineData", "inline_data").toObject();
    const QJsonObject file = camelOrSnake(part, "fileData", "file_data").toObject();
    const QJsonObject call = camelOrSnake(part, "functionCall", "function_call").toObject();
    const QJsonObject result = camelOrSnake(part, "functionResponse", "function_response").toObject();
    if (part.value(QLatin1String("thought")).toBool())
        out << QLatin1String("thought:") + text;
    else if (!text.isEmpty())
        out << QLatin1String("text:") + text;
    else if (!inline_.isEmpty())
        out << QLatin1String("inline:") + camelOrSnake(inline_, "mimeType", "mime_type").toString() + QLatin1Char(':')
                + inline_.value(QLatin1String("data")).toString();
    else if (!file.isEmpty())
        out << QLatin1String("file:") + camelOrSnake(file, "mimeType", "mime_type").toString() + QLatin1Char(':')
                + camelOrSnake(file, "fileUri", "file_uri").toString();
    else if (!call.isEmpty())
        out << QLatin1String("call:") + call.value(QLatin1String("name")).toString() + QLatin1Char(':')
                + QString::fromUtf8(QJsonDocument(call.value(QLatin1String("args")).toObject()).toJson(QJsonDocument::Compact));
    else if (!result.isEmpty())
        out << QLatin1String("result:") + result.value(QLatin1String("name")).toString() + QLatin1Char(':')
                + responseMeaning(result.value(QLatin1String("response")).toObject());
    const QString signature = camelOrSnake(part, "thoughtSignature", "thought_signature").toString();
    if (!signature.isEmpty() && signature != Sentinel)
        out << QLatin1String("sig:") + signature;
    return out;
}

// What Gemini makes of a request's contents: roles and parts in order, consecutive thought
// fragments joined (streamed thoughts replayed in pieces mean one thought).
QStringList semanticContents(const QJsonObject &body)
{
    QStringList out;
    for (const QJsonValue &content : body.value(QLatin1String("contents")).toArray()) {
        QStringList parts;
        for (const QJsonValue &part : content[QLatin1String("parts")].toArray()) {
            for (const QString &m : partMeaning(part.toObject())) {
                if (m.startsWith(QLatin1String("thought:")) && !parts.isEmpty() && parts.last().startsWith(QLatin1String("thought:")))
                    parts.last() += m.mid(8);
                else
                    parts << m;
            }
        }
        out << content[QLatin1String("role")].toString(QStringLiteral("user")) + QLatin1String(" = ") + parts.join(QLatin1String(" | "));
    }
    return out;
}

QJsonObject schemaOf(const QJsonObject &holder, const char *jsonCamel, const char *jsonSnake, const char *apiCamel,
                     const char *apiSnake)
{
    const QJsonObject json = camelOrSnake(holder, jsonCamel, jsonSnake).toObject();
    return json.isEmpty() ? GeminiSchema::toJsonSchema(camelOrSnake(holder, apiCamel, apiSnake).toObject()) : json;
}

// Everything else of a request that Gemini acts on.
QJsonObject semanticSettings(const QJsonObject &body)
{
    QJsonObject out;
    QJsonArray system;
    for (const QJsonValue &p : camelOrSnake(body, "systemInstruction", "system_instruction")[QLatin1String("parts")].toArray())
        system << p[QLatin1String("text")];
    out[QStringLiteral("system")] = system;
    QJsonArray tools;
    for (const QJsonValue &tool : body.value(QLatin1String("tools")).toArray())
        for (const QJsonValue &d : camelOrSnake(tool.toObject(), "functionDeclarations", "function_declarations").toArray())
            tools << QJsonObject{{QStringLiteral("name"), d[QLatin1String("name")]},
                                 {QStringLiteral("description"), d[QLatin1String("description")]},
                                 {QStringLiteral("schema"), schemaOf(d.toObject(), "parametersJsonSchema", "parameters_json_schema",
                                                                      "parameters", "parameters")}};
    out[QStringLiteral("tools")] = tools;
    const QJsonObject calling = camelOrSnake(camelOrSnake(body, "toolConfig", "tool_config").toObject(),
                                             "functionCallingConfig", "function_calling_config").toObject();
    const QString mode = calling.value(QLatin1String("mode")).toString(QStringLiteral("AUTO"));
    out[QStringLiteral("mode")] = mode;
    out[QStringLiteral("allowed")] = camelOrSnake(calling, "allowedFunctionNames", "allowed_function_names");
    const QJsonObject config = camelOrSnake(body, "generationConfig", "generation_config").toObject();
    for (const auto &[camel, snake] : {std::pair{"temperature", "temperature"}, {"topP", "top_p"}, {"topK", "top_k"},
                                       {"maxOutputTokens", "max_output_tokens"}, {"stopSequences", "stop_sequences"},
                                       {"responseMimeType", "response_mime_type"}})
        out[QLatin1String(camel)] = camelOrSnake(config, camel, snake);
    const QJsonObject thinking = camelOrSnake(config, "thinkingConfig", "thinking_config").toObject();
    out[QStringLiteral("thinkingBudget")] = camelOrSnake(thinking, "thinkingBudget", "thinking_budget");
    out[QStringLiteral("includeThoughts")] = camelOrSnake(thinking, "includeThoughts", "include_thoughts");
    out[QStringLiteral("responseSchema")] = schemaOf(config, "responseJsonSchema", "response_json_schema",
                                                     "responseSchema", "response_schema");
    return out;
}

const char *const requestFixtures[] = {"request_text.json",      "request_system.json",      "request_tools.json",
                                       "request_parallel_tools.json", "request_images.json", "request_thinking.json",
                                       "request_snake_case.json", "request_snake_tools.json", "request_camel_tools.json"};

} // namespace

class TestCodecGemini : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- requests from Gemini clients --------------------------------------------------
    void decodeTakesModelFromPathAndStreamFromRoute();
    void decodeKeepsSystemAndGenerationConfig();
    void decodeGivesResultsTheIdOfTheirCall();
    void decodePairsParallelResultsByNameAndOrder();
    void decodeKeepsClientIdsAndPairsStrayOnes();
    void decodeReadsInlineAndFileMedia();
    void decodeJoinsThoughtsWithTheirSignature();
    void decodeAcceptsSnakeCase_data();
    void decodeAcceptsSnakeCase();
    void decodeConvertsOpenApiSchemaToJsonSchema();
    void decodeToolConfig_data();
    void decodeToolConfig();
    void decodeThinkingConfig_data();
    void decodeThinkingConfig();
    void decodeRejectsInvalidRequests_data();
    void decodeRejectsInvalidRequests();
    void requestRoundTripKeepsMeaning_data();
    void requestRoundTripKeepsMeaning();
    void requestRoundTripIsExactInCanonicalForm_data();
    void requestRoundTripIsExactInCanonicalForm();

    // ---- requests for Gemini upstreams ---------------------------------------------------
    void encodeMergesToolResultsIntoOneTurnWithCallNames();
    void encodeNeverSendsFunctionCallIds();
    void encodeSignsReplayedFunctionCalls();
    void encodePassesJsonSchemaUntouched();
    void encodeMapsSettings();
    void encodeMapsReasoning_data();
    void encodeMapsReasoning();
    void encodeMapsMedia();
    void encodeToolResultShapes_data();
    void encodeToolResultShapes();

    // ---- streamed answers from Gemini upstreams ------------------------------------------
    void decodeTranscript_data();
    void decodeTranscript();
    void streamIdsAreDeterministicAndMatchNonStream();
    void truncatedTranscriptHasNoEnd();
    void decoderIgnoresEverythingAfterTheEnd();
    void decoderSurvivesGarbage_data();
    void decoderSurvivesGarbage();

    // ---- streamed answers to Gemini clients ----------------------------------------------
    void encodeTextStreamExactFrames();
    void encodeToolCallsAsCompleteParts();
    void encodeIsTolerantOfMissingBlockEvents();
    void encodeFinishReasons_data();
    void encodeFinishReasons();
    void encodeErrorClosesTheStream();
    void streamRoundTripThroughGeminiClient_data();
    void streamRoundTripThroughGeminiClient();

    // ---- non-stream answers ----------------------------------------------------------------
    void decodeResponse_data();
    void decodeResponse();
    void encodeResponseForGeminiClient();
    void responseRoundTrip_data();
    void responseRoundTrip();
    void decodeResponseSurvivesGarbage();
};

// ---- requests from Gemini clients ------------------------------------------------------------

void TestCodecGemini::decodeTakesModelFromPathAndStreamFromRoute()
{
    QString error;
    const std::optional<Request> r =
        kit.codec().decodeRequest(kit.json(QStringLiteral("request_text.json")), QStringLiteral("models/gemini-2.5-flash"), true, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->model, QStringLiteral("gemini-2.5-flash"));
    QVERIFY(r->stream);
    QVERIFY(r->includeUsage);
    QCOMPARE(r->messages.size(), 1);
    QCOMPARE(r->messages[0].role, Role::User);
    QCOMPARE(r->messages[0].parts[0].text, QStringLiteral("Explain how AI works in a few words"));
    QVERIFY(!kit.codec().decodeRequest(kit.json(QStringLiteral("request_text.json")), QStringLiteral("gemini-x"), false, &error)->stream);
}

void TestCodecGemini::decodeKeepsSystemAndGenerationConfig()
{
    const Request r = decodeOk(kit.json(QStringLiteral("request_system.json")));
    QCOMPARE(r.system.size(), 2);
    QCOMPARE(r.system[1].text, QStringLiteral("Answer in one sentence."));
    QCOMPARE(r.messages.size(), 3);
    QCOMPARE(r.messages[1].role, Role::Assistant);
    QCOMPARE(r.messages[1].parts[0].text, QStringLiteral("Meow, I am Neko and I was napping."));
    QCOMPARE(r.temperature.value_or(-1), 0.7);
    QCOMPARE(r.topP.value_or(-1), 0.95);
    QCOMPARE(r.topK.value_or(-1), 40);
    QCOMPARE(r.maxOutputTokens.value_or(-1), 800);
    QCOMPARE(r.stopSequences, (QStringList{QStringLiteral("Title"), QStringLiteral("END")}));
    QCOMPARE(r.responseFormat[QLatin1String("type")].toString(), QStringLiteral("json_schema"));
    const QJsonObject schema = r.responseFormat[QLatin1String("json_schema")][QLatin1String("schema")].toObject();
    QCOMPARE(schema[QLatin1String("type")].toString(), QStringLiteral("object"));
    QCOMPARE(schema[QLatin1String("required")].toArray(), QJsonArray{QStringLiteral("food")});
}

void TestCodecGemini::decodeGivesResultsTheIdOfTheirCall()
{
    const Request r = decodeOk(kit.json(QStringLiteral("request_tools.json")));
    QCOMPARE(r.messages.size(), 6);
    const QList<Role> roles{Role::User, Role::Assistant, Role::Tool, Role::Assistant, Role::Tool, Role::User};
    for (int i = 0; i < roles.size(); ++i)
        QCOMPARE(r.messages[i].role, roles[i]);

    const ContentPart &call = r.messages[1].parts[1];
    QCOMPARE(call.kind, ContentPart::Kind::ToolCall);
    QCOMPARE(call.toolName, QStringLiteral("get_current_weather"));
    QCOMPARE(call.toolCallId, GeminiWire::callId(QStringLiteral("get_current_weather#0")));
    QVERIFY(call.toolCallId.startsWith(QLatin1String("call_")));
    QCOMPARE(call.toolCallId.size(), 5 + 24);
    QCOMPARE(parse(call.arguments.toUtf8()), (QJsonObject{{"location", "Boston, MA"}, {"unit", "celsius"}}));

    const ContentPart &result = r.messages[2].parts[0];
    QCOMPARE(result.kind, ContentPart::Kind::ToolResult);
    QCOMPARE(result.toolCallId, call.toolCallId);
    QCOMPARE(parse(result.text.toUtf8()), (QJsonObject{{"temperature", 21}, {"condition", "sunny"}, {"unit", "celsius"}}));
    QVERIFY(!result.isError);

    const ContentPart &booking = r.messages[3].parts[0];
    QCOMPARE(parse(booking.arguments.toUtf8())[QLatin1String("notes")].toString(), QStringLiteral("window seat \"if possible\""));
    QCOMPARE(r.messages[4].parts[0].toolCallId, booking.toolCallId);
    QCOMPARE(r.messages[4].parts[0].text, QStringLiteral("Booked: confirmation #A1B2"));
    QCOMPARE(r.messages[5].parts[0].text, QStringLiteral("Thanks! Anything else I should know?"));

    // googleSearch is Gemini's own tool: only the function declarations translate.
    QCOMPARE(r.tools.size(), 2);
    QCOMPARE(r.tools[0].description, QStringLiteral("Get the current weather in a given location"));
    QCOMPARE(r.toolChoice.mode, ToolChoice::Mode::Auto);
}

void TestCodecGemini::decodePairsParallelResultsByNameAndOrder()
{
    const Request r = decodeOk(kit.json(QStringLiteral("request_parallel_tools.json")));
    const Message &calls = r.messages[1];
    QCOMPARE(calls.parts.size(), 4); // the signature first, then three calls
    QCOMPARE(calls.parts[0].kind, ContentPart::Kind::Thinking);
    QCOMPARE(calls.parts[0].signature, QStringLiteral("CiQBcsjafBqH5Zt0aX5KjKq9Tz0v"));
    QCOMPARE(calls.parts[1].toolCallId, GeminiWire::callId(QStringLiteral("get_weather#0")));
    QCOMPARE(calls.parts[2].toolCallId, GeminiWire::callId(QStringLiteral("get_weather#1")));
    QCOMPARE(calls.parts[3].toolCallId, GeminiWire::callId(QStringLiteral("get_time#0")));

    const Message &results = r.messages[2];
    QCOMPARE(results.role, Role::Tool);
    QCOMPARE(results.parts.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(results.parts[i].toolCallId, calls.parts[i + 1].toolCallId);
    QCOMPARE(results.parts[1].text, QStringLiteral("London: 14C, rain"));
    QVERIFY(results.parts[2].isError);
    QCOMPARE(results.parts[2].text, QStringLiteral("time service unavailable"));

    // A later call of the same name gets a new id, and its result follows it.
    QCOMPARE(r.messages[5].parts[1].toolCallId, GeminiWire::callId(QStringLiteral("get_weather#2")));
    QCOMPARE(r.messages[6].parts[0].toolCallId, r.messages[5].parts[1].toolCallId);
    QCOMPARE(r.toolChoice.mode, ToolChoice::Mode::Specific);
    QCOMPARE(r.toolChoice.name, QStringLiteral("get_weather"));
}

void TestCodecGemini::decodeKeepsClientIdsAndPairsStrayOnes()
{
    // gemini-cli style: the call carries an id, the response repeats it; another client made
    // up an id for a response only.
    const QJsonObject body = parse(R"({"contents":[
        {"role":"user","parts":[{"text":"go"}]},
        {"role":"model","parts":[{"functionCall":{"id":"read-1","name":"read_file","args":{"path":"a"}}},
                                 {"functionCall":{"name":"read_file","args":{"path":"b"}}}]},
        {"role":"user","parts":[{"functionResponse":{"id":"read-1","name":"read_file","response":{"output":"A"}}},
                                {"functionResponse":{"id":"made-up","name":"read_file","response":{"output":"B"}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"orphan","response":{"output":"?"}}}]}]})");
    const Request r = decodeOk(body);
    QCOMPARE(r.messages[1].parts[0].toolCallId, QStringLiteral("read-1"));
    const QString second = r.messages[1].parts[1].toolCallId;
    QCOMPARE(second, GeminiWire::callId(QStringLiteral("read_file#1")));
    QCOMPARE(r.messages[2].parts[0].toolCallId, QStringLiteral("read-1"));
    QCOMPARE(r.messages[2].parts[1].toolCallId, second);
    QCOMPARE(r.messages[3].parts[0].toolCallId, GeminiWire::callId(QStringLiteral("orphan#0")));
}

void TestCodecGemini::decodeReadsInlineAndFileMedia()
{
    const Request r = decodeOk(kit.json(QStringLiteral("request_images.json")));
    const QList<ContentPart> &parts = r.messages[0].parts;
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts[1].kind, ContentPart::Kind::Image);
    QCOMPARE(parts[1].mediaType, QStringLiteral("image/png"));
    QVERIFY(parts[1].base64Data.startsWith("iVBORw0KGgo"));
    QCOMPARE(parts[2].kind, ContentPart::Kind::Image);
    QCOMPARE(parts[2].url, QStringLiteral("https://storage.googleapis.com/generativeai-downloads/images/scones.jpg"));
    QCOMPARE(parts[3].kind, ContentPart::Kind::Document);
    QCOMPARE(parts[3].mediaType, QStringLiteral("application/pdf"));
}

void TestCodecGemini::decodeJoinsThoughtsWithTheirSignature()
{
    const Request r = decodeOk(kit.json(QStringLiteral("request_thinking.json")));
    const Message &first = r.messages[1];
    QCOMPARE(first.parts.size(), 2);
    QCOMPARE(first.parts[0].kind, ContentPart::Kind::Thinking);
    QCOMPARE(first.parts[0].text, QStringLiteral("**Comparing decimals**\n\nI should compare the tenths place. The calculator will confirm."));
    QCOMPARE(first.parts[0].signature, QStringLiteral("CiwBjz1rX3Jd0mM4dGhvdWdodHM="));
    QCOMPARE(first.parts[1].kind, ContentPart::Kind::ToolCall);
    QCOMPARE(r.messages[2].parts[0].text, QStringLiteral("0.79"));
    // A signature on the empty closing part stays after the text it closes.
    const Message &answer = r.messages[3];
    QCOMPARE(answer.parts.size(), 2);
    QCOMPARE(answer.parts[0].text, QStringLiteral("9.9 is larger than 9.11 by 0.79."));
    QCOMPARE(answer.parts[1].kind, ContentPart::Kind::Thinking);
    QVERIFY(answer.parts[1].text.isEmpty());
    QCOMPARE(answer.parts[1].signature, QStringLiteral("CiwBjz1rXzEndFNpZ25hdHVyZQ=="));
    QVERIFY(r.reasoning.enabled);
    QCOMPARE(r.reasoning.budgetTokens, 2048);
    QVERIFY(r.reasoning.includeSummary);
}

void TestCodecGemini::decodeAcceptsSnakeCase_data()
{
    QTest::addColumn<QString>("snake");
    QTest::addColumn<QString>("camel");
    QTest::addRow("system and generation config") << "request_snake_case.json" << "request_system.json";
    QTest::addRow("media, tools, tool config, thinking") << "request_snake_tools.json" << "request_camel_tools.json";
}

void TestCodecGemini::decodeAcceptsSnakeCase()
{
    QFETCH(QString, snake);
    QFETCH(QString, camel);
    const Request fromSnake = decodeOk(kit.json(snake));
    const Request fromCamel = decodeOk(kit.json(camel));
    QVERIFY(!fromSnake.messages.isEmpty());
    QCOMPARE(describe(fromSnake), describe(fromCamel));
    QCOMPARE(kit.codec().encodeRequest(fromSnake), kit.codec().encodeRequest(fromCamel));
}

void TestCodecGemini::decodeConvertsOpenApiSchemaToJsonSchema()
{
    const Request r = decodeOk(kit.json(QStringLiteral("request_system.json")));
    const QJsonObject schema = r.responseFormat[QLatin1String("json_schema")][QLatin1String("schema")].toObject();
    const QJsonObject expected = parse(R"({"type":"object","required":["food"],"properties":{
        "food":{"type":"string","description":"favourite food"},
        "times_per_day":{"type":["integer","null"]},
        "treats":{"type":"array","items":{"type":"string"},"maxItems":3}}})");
    QCOMPARE(schema, expected);

    const Request tools = decodeOk(kit.json(QStringLiteral("request_tools.json")));
    QCOMPARE(tools.tools[0].parameters, parse(R"({"type":"object","required":["location"],"properties":{
        "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
        "unit":{"type":"string","enum":["celsius","fahrenheit"],"format":"enum"}}})"));
    // parametersJsonSchema already is JSON Schema: kept as sent.
    const QJsonObject original = kit.json(QStringLiteral("request_tools.json"));
    QCOMPARE(tools.tools[1].parameters,
             original[QLatin1String("tools")][0][QLatin1String("functionDeclarations")][1][QLatin1String("parametersJsonSchema")].toObject());
}

void TestCodecGemini::decodeToolConfig_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("name");
    QTest::addRow("absent") << QByteArray("{}") << int(ToolChoice::Mode::Auto) << "";
    QTest::addRow("auto") << QByteArray(R"({"functionCallingConfig":{"mode":"AUTO"}})") << int(ToolChoice::Mode::Auto) << "";
    QTest::addRow("validated") << QByteArray(R"({"functionCallingConfig":{"mode":"VALIDATED"}})") << int(ToolChoice::Mode::Auto) << "";
    QTest::addRow("none") << QByteArray(R"({"functionCallingConfig":{"mode":"NONE"}})") << int(ToolChoice::Mode::None) << "";
    QTest::addRow("any") << QByteArray(R"({"functionCallingConfig":{"mode":"ANY"}})") << int(ToolChoice::Mode::Required) << "";
    QTest::addRow("any of two") << QByteArray(R"({"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["a","b"]}})")
                                << int(ToolChoice::Mode::Required) << "";
    QTest::addRow("any of one") << QByteArray(R"({"function_calling_config":{"mode":"ANY","allowed_function_names":["a"]}})")
                                << int(ToolChoice::Mode::Specific) << "a";
}

void TestCodecGemini::decodeToolConfig()
{
    QFETCH(QByteArray, config);
    QFETCH(int, mode);
    QFETCH(QString, name);
    QJsonObject body = kit.json(QStringLiteral("request_text.json"));
    body.insert(QStringLiteral("toolConfig"), parse(config));
    const Request r = decodeOk(body);
    QCOMPARE(int(r.toolChoice.mode), mode);
    QCOMPARE(r.toolChoice.name, name);
}

void TestCodecGemini::decodeThinkingConfig_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<int>("budget");
    QTest::addColumn<QString>("effort");
    QTest::addColumn<bool>("summary");
    QTest::addRow("budget") << QByteArray(R"({"thinkingBudget":1024})") << true << 1024 << "" << false;
    QTest::addRow("dynamic") << QByteArray(R"({"thinkingBudget":-1,"includeThoughts":true})") << true << 0 << "" << true;
    QTest::addRow("off") << QByteArray(R"({"thinkingBudget":0})") << false << 0 << "" << false;
    QTest::addRow("thoughts only") << QByteArray(R"({"includeThoughts":true})") << true << 0 << "" << true;
    QTest::addRow("level") << QByteArray(R"({"thinkingLevel":"HIGH"})") << true << 0 << "high" << false;
    QTest::addRow("minimal level") << QByteArray(R"({"thinking_level":"minimal"})") << true << 0 << "low" << false;
}

void TestCodecGemini::decodeThinkingConfig()
{
    QFETCH(QByteArray, config);
    QFETCH(bool, enabled);
    QFETCH(int, budget);
    QFETCH(QString, effort);
    QFETCH(bool, summary);
    QJsonObject body = kit.json(QStringLiteral("request_text.json"));
    body.insert(QStringLiteral("generationConfig"), QJsonObject{{QStringLiteral("thinkingConfig"), parse(config)}});
    const Request r = decodeOk(body);
    QCOMPARE(r.reasoning.enabled, enabled);
    QCOMPARE(r.reasoning.budgetTokens, budget);
    QCOMPARE(r.reasoning.effort, effort);
    QCOMPARE(r.reasoning.includeSummary, summary);
}

void TestCodecGemini::decodeRejectsInvalidRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addRow("no contents") << QByteArray("{}") << "$.contents: must be an array";
    QTest::addRow("contents not array") << QByteArray(R"({"contents":"hi"})") << "$.contents: must be an array";
    QTest::addRow("contents empty") << QByteArray(R"({"contents":[]})") << "$.contents: must not be empty";
    QTest::addRow("content not object") << QByteArray(R"({"contents":[42]})") << "$.contents[0]: a content must be an object";
    QTest::addRow("unknown role") << QByteArray(R"({"contents":[{"role":"system","parts":[{"text":"x"}]}]})")
                                  << "$.contents[0].role: unknown role 'system'";
    QTest::addRow("parts not array") << QByteArray(R"({"contents":[{"role":"user","parts":"x"}]})") << "$.contents[0].parts: must be an array";
    QTest::addRow("unknown part") << QByteArray(R"({"contents":[{"role":"user","parts":[{"text":"a"},{"foo":1}]}]})")
                                  << "$.contents[0].parts[1]: unknown part type 'foo'";
    QTest::addRow("part not object") << QByteArray(R"({"contents":[{"role":"user","parts":["text"]}]})")
                                     << "$.contents[0].parts[0]: a part must be an object";
    QTest::addRow("inline without data") << QByteArray(R"({"contents":[{"parts":[{"inlineData":{"mimeType":"image/png"}}]}]})")
                                         << "$.contents[0].parts[0].inlineData.data: missing";
    QTest::addRow("file without uri") << QByteArray(R"({"contents":[{"parts":[{"fileData":{"mimeType":"image/png"}}]}]})")
                                      << "$.contents[0].parts[0].fileData.fileUri: missing";
    QTest::addRow("call without name") << QByteArray(R"({"contents":[{"role":"model","parts":[{"functionCall":{"args":{}}}]}]})")
                                       << "$.contents[0].parts[0].functionCall.name: missing";
    QTest::addRow("call in user turn") << QByteArray(R"({"contents":[{"role":"user","parts":[{"functionCall":{"name":"f"}}]}]})")
                                       << "$.contents[0].parts[0].functionCall: only a model turn";
    QTest::addRow("response in model turn")
        << QByteArray(R"({"contents":[{"role":"model","parts":[{"functionResponse":{"name":"f","response":{}}}]}]})")
        << "$.contents[0].parts[0].functionResponse: a model turn";
    QTest::addRow("tools not array") << QByteArray(R"({"contents":[{"parts":[{"text":"hi"}]}],"tools":{}})") << "$.tools: must be an array";
    QTest::addRow("function without name")
        << QByteArray(R"({"contents":[{"parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"ok"},{"description":"x"}]}]})")
        << "$.tools[0].functionDeclarations[1].name: missing";
    QTest::addRow("system not object") << QByteArray(R"({"contents":[{"parts":[{"text":"hi"}]}],"systemInstruction":7})") << "$.systemInstruction";
    QTest::addRow("config not object") << QByteArray(R"({"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":[]})") << "$.generationConfig";
}

void TestCodecGemini::decodeRejectsInvalidRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString message;
    const std::optional<Request> r = kit.codec().decodeRequest(parse(body), QStringLiteral("gemini-2.5-pro"), false, &message);
    QVERIFY(!r);
    QVERIFY2(message.startsWith(error), qPrintable(message));
}

void TestCodecGemini::requestRoundTripKeepsMeaning_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *name : requestFixtures)
        QTest::addRow("%s", name) << QString::fromLatin1(name);
}

// Gemini client -> canonical -> Gemini upstream: what Gemini acts on is unchanged.
void TestCodecGemini::requestRoundTripKeepsMeaning()
{
    QFETCH(QString, fixture);
    const QJsonObject original = kit.json(fixture);
    const QJsonObject encoded = kit.codec().encodeRequest(decodeOk(original));
    QCOMPARE(semanticContents(encoded), semanticContents(original));
    QCOMPARE(semanticSettings(encoded), semanticSettings(original));
}

void TestCodecGemini::requestRoundTripIsExactInCanonicalForm_data()
{
    requestRoundTripKeepsMeaning_data();
}

// canonical -> Gemini -> canonical keeps every text, call, id, argument and signature.
void TestCodecGemini::requestRoundTripIsExactInCanonicalForm()
{
    QFETCH(QString, fixture);
    const Request first = decodeOk(kit.json(fixture));
    const Request second = decodeOk(kit.codec().encodeRequest(first));
    QCOMPARE(describe(second), describe(first));
    QCOMPARE(second.system.size(), first.system.size());
    QCOMPARE(second.tools.size(), first.tools.size());
    for (int i = 0; i < first.tools.size(); ++i)
        QCOMPARE(second.tools[i].parameters, first.tools[i].parameters);
    QCOMPARE(second.responseFormat, first.responseFormat);
    QCOMPARE(int(second.toolChoice.mode), int(first.toolChoice.mode));
    QCOMPARE(second.reasoning.budgetTokens, first.reasoning.budgetTokens);
    QCOMPARE(second.reasoning.includeSummary, first.reasoning.includeSummary);
}

// ---- requests for Gemini upstreams -------------------------------------------------------------

namespace {

// An OpenAI Chat-shaped conversation: one Tool message per result, a mid-conversation system
// message, a data-URL image, ids of the other provider.
Request chatStyleRequest()
{
    Request r;
    r.model = QStringLiteral("gemini-2.5-flash");
    r.system << ContentPart::makeText(QStringLiteral("Be brief."));
    Message user{Role::User, {ContentPart::makeText(QStringLiteral("Weather in Paris and Rome?"))}, QString()};
    ContentPart image;
    image.kind = ContentPart::Kind::Image;
    image.url = QStringLiteral("data:image/png;base64,iVBORw0KGgo=");
    user.parts << image;
    Message assistant{Role::Assistant, {ContentPart::makeText(QStringLiteral("Checking."))}, QString()};
    for (const char *city : {"Paris", "Rome"}) {
        ContentPart call;
        call.kind = ContentPart::Kind::ToolCall;
        call.toolCallId = QStringLiteral("call_abc_") + QLatin1String(city);
        call.toolName = QStringLiteral("get_weather");
        call.arguments = QString::fromUtf8(R"({"city":"%1"})").arg(QLatin1String(city));
        assistant.parts << call;
    }
    r.messages << user << assistant;
    for (const char *city : {"Paris", "Rome"}) {
        ContentPart result;
        result.kind = ContentPart::Kind::ToolResult;
        result.toolCallId = QStringLiteral("call_abc_") + QLatin1String(city);
        result.text = QLatin1String(city) + QStringLiteral(": 20C");
        r.messages << Message{Role::Tool, {result}, QString()};
    }
    r.messages << Message{Role::System, {ContentPart::makeText(QStringLiteral("Use Celsius."))}, QString()};
    r.messages << Message{Role::User, {ContentPart::makeText(QStringLiteral("Thanks"))}, QString()};
    r.tools << ToolDefinition{QStringLiteral("get_weather"), QStringLiteral("Weather for a city"),
                              parse(R"({"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                                       "properties":{"city":{"type":"string"}},"required":["city"],
                                       "additionalProperties":false})")};
    return r;
}

} // namespace

void TestCodecGemini::encodeMergesToolResultsIntoOneTurnWithCallNames()
{
    const QJsonObject body = kit.codec().encodeRequest(chatStyleRequest());
    QVERIFY(!body.contains(QLatin1String("model"))); // the model is in the URL
    const QJsonArray contents = body[QLatin1String("contents")].toArray();
    QCOMPARE(contents.size(), 3);
    QCOMPARE(contents[0][QLatin1String("role")].toString(), QStringLiteral("user"));
    QCOMPARE(contents[1][QLatin1String("role")].toString(), QStringLiteral("model"));
    const QJsonArray turn = contents[2][QLatin1String("parts")].toArray();
    QCOMPARE(contents[2][QLatin1String("role")].toString(), QStringLiteral("user"));
    QCOMPARE(turn.size(), 3);
    QCOMPARE(turn[0][QLatin1String("functionResponse")].toObject(),
             parse(R"({"name":"get_weather","response":{"result":"Paris: 20C"}})"));
    QCOMPARE(turn[1][QLatin1String("functionResponse")][QLatin1String("response")][QLatin1String("result")].toString(),
             QStringLiteral("Rome: 20C"));
    QCOMPARE(turn[2][QLatin1String("text")].toString(), QStringLiteral("Thanks"));
    // The mid-conversation system message joins the system instruction.
    QCOMPARE(body[QLatin1String("systemInstruction")].toObject(),
             parse(R"({"parts":[{"text":"Be brief."},{"text":"Use Celsius."}]})"));
}

void TestCodecGemini::encodeNeverSendsFunctionCallIds()
{
    const QJsonObject body = kit.codec().encodeRequest(chatStyleRequest());
    for (const QJsonValue &content : body[QLatin1String("contents")].toArray())
        for (const QJsonValue &part : content[QLatin1String("parts")].toArray()) {
            QVERIFY(!part[QLatin1String("functionCall")].toObject().contains(QLatin1String("id")));
            QVERIFY(!part[QLatin1String("functionResponse")].toObject().contains(QLatin1String("id")));
        }
    const QJsonArray calls = body[QLatin1String("contents")][1][QLatin1String("parts")].toArray();
    QCOMPARE(calls[1][QLatin1String("functionCall")].toObject(), parse(R"({"name":"get_weather","args":{"city":"Paris"}})"));
}

void TestCodecGemini::encodeSignsReplayedFunctionCalls()
{
    // Calls made by another provider have no Gemini signature: the first call of the turn gets
    // the sentinel Gemini 3 accepts, later ones none (as Gemini signs parallel calls).
    const QJsonObject body = kit.codec().encodeRequest(chatStyleRequest());
    const QJsonArray calls = body[QLatin1String("contents")][1][QLatin1String("parts")].toArray();
    QVERIFY(!calls[0].toObject().contains(QLatin1String("thoughtSignature")));
    QCOMPARE(calls[1][QLatin1String("thoughtSignature")].toString(), Sentinel);
    QVERIFY(!calls[2].toObject().contains(QLatin1String("thoughtSignature")));

    // A real signature is kept and wins over the sentinel.
    Request r = chatStyleRequest();
    ContentPart thinking;
    thinking.kind = ContentPart::Kind::Thinking;
    thinking.text = QStringLiteral("two cities");
    thinking.signature = QStringLiteral("CiQBrealsig");
    r.messages[1].parts.insert(1, thinking);
    const QJsonArray signedCalls = kit.codec().encodeRequest(r)[QLatin1String("contents")][1][QLatin1String("parts")].toArray();
    QCOMPARE(signedCalls[1].toObject(), parse(R"({"text":"two cities","thought":true})"));
    QCOMPARE(signedCalls[2][QLatin1String("thoughtSignature")].toString(), QStringLiteral("CiQBrealsig"));
    QVERIFY(!signedCalls[3].toObject().contains(QLatin1String("thoughtSignature")));
}

void TestCodecGemini::encodePassesJsonSchemaUntouched()
{
    const Request r = chatStyleRequest();
    const QJsonObject body = kit.codec().encodeRequest(r);
    const QJsonObject declaration = body[QLatin1String("tools")][0][QLatin1String("functionDeclarations")][0].toObject();
    QCOMPARE(declaration[QLatin1String("name")].toString(), QStringLiteral("get_weather"));
    QCOMPARE(declaration[QLatin1String("parametersJsonSchema")].toObject(), r.tools[0].parameters);
    QVERIFY(!declaration.contains(QLatin1String("parameters")));
    QVERIFY(!body.contains(QLatin1String("toolConfig"))); // auto is Gemini's default
}

void TestCodecGemini::encodeMapsSettings()
{
    Request r = chatStyleRequest();
    r.temperature = 0.2;
    r.topP = 0.9;
    r.topK = 20;
    r.maxOutputTokens = 1000;
    r.stopSequences = QStringList{"a", "b", "c", "d", "e", "f"};
    r.toolChoice = ToolChoice{ToolChoice::Mode::Specific, QStringLiteral("get_weather")};
    r.responseFormat = parse(R"({"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"}}})");
    const QJsonObject body = kit.codec().encodeRequest(r);
    const QJsonObject config = body[QLatin1String("generationConfig")].toObject();
    QCOMPARE(config[QLatin1String("temperature")].toDouble(), 0.2);
    QCOMPARE(config[QLatin1String("topP")].toDouble(), 0.9);
    QCOMPARE(config[QLatin1String("topK")].toInt(), 20);
    QCOMPARE(config[QLatin1String("maxOutputTokens")].toInt(), 1000);
    QCOMPARE(config[QLatin1String("stopSequences")].toArray().size(), 5); // Gemini's limit
    QCOMPARE(config[QLatin1String("responseMimeType")].toString(), QStringLiteral("application/json"));
    QCOMPARE(config[QLatin1String("responseJsonSchema")].toObject(), parse(R"({"type":"object"})"));
    QCOMPARE(body[QLatin1String("toolConfig")].toObject(),
             parse(R"({"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}})"));

    r.toolChoice = ToolChoice{ToolChoice::Mode::None, QString()};
    r.responseFormat = parse(R"({"type":"json_object"})");
    const QJsonObject none = kit.codec().encodeRequest(r);
    QCOMPARE(none[QLatin1String("toolConfig")].toObject(), parse(R"({"functionCallingConfig":{"mode":"NONE"}})"));
    QVERIFY(!none[QLatin1String("generationConfig")].toObject().contains(QLatin1String("responseJsonSchema")));

    const QJsonObject bare = kit.codec().encodeRequest(decodeOk(kit.json(QStringLiteral("request_text.json"))));
    QCOMPARE(bare.keys(), QStringList{QStringLiteral("contents")});
}

void TestCodecGemini::encodeMapsReasoning_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<int>("budget");
    QTest::addColumn<QString>("effort");
    QTest::addColumn<QByteArray>("expected"); // thinkingConfig, "" for none
    QTest::addRow("unset") << false << 0 << "" << QByteArray();
    QTest::addRow("anthropic budget") << true << 10000 << "" << QByteArray(R"({"thinkingBudget":10000,"includeThoughts":true})");
    QTest::addRow("budget above ceiling") << true << 64000 << "" << QByteArray(R"({"thinkingBudget":24576,"includeThoughts":true})");
    QTest::addRow("enabled, no budget") << true << 0 << "" << QByteArray(R"({"thinkingBudget":-1,"includeThoughts":true})");
    QTest::addRow("openai low") << false << 0 << "low" << QByteArray(R"({"thinkingBudget":1024,"includeThoughts":false})");
    QTest::addRow("openai high") << false << 0 << "high" << QByteArray(R"({"thinkingBudget":24576,"includeThoughts":false})");
    QTest::addRow("openai none") << false << 0 << "none" << QByteArray();
}

void TestCodecGemini::encodeMapsReasoning()
{
    QFETCH(bool, enabled);
    QFETCH(int, budget);
    QFETCH(QString, effort);
    QFETCH(QByteArray, expected);
    Request r = decodeOk(kit.json(QStringLiteral("request_text.json")));
    r.reasoning.enabled = enabled;
    r.reasoning.budgetTokens = budget;
    r.reasoning.effort = effort;
    const QJsonObject config = kit.codec().encodeRequest(r)[QLatin1String("generationConfig")][QLatin1String("thinkingConfig")].toObject();
    QCOMPARE(config, expected.isEmpty() ? QJsonObject() : parse(expected));
}

void TestCodecGemini::encodeMapsMedia()
{
    const QJsonObject body = kit.codec().encodeRequest(chatStyleRequest());
    QCOMPARE(body[QLatin1String("contents")][0][QLatin1String("parts")][1].toObject(),
             parse(R"({"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}})"));
    Request r;
    ContentPart url;
    url.kind = ContentPart::Kind::Image;
    url.url = QStringLiteral("https://example.com/photo.webp?size=large");
    ContentPart pdf;
    pdf.kind = ContentPart::Kind::Document;
    pdf.mediaType = QStringLiteral("application/pdf");
    pdf.base64Data = "JVBERi0xLjQ=";
    r.messages << Message{Role::User, {url, pdf}, QString()};
    const QJsonArray parts = kit.codec().encodeRequest(r)[QLatin1String("contents")][0][QLatin1String("parts")].toArray();
    const QJsonObject file = parse(R"({"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/photo.webp?size=large"}})");
    QCOMPARE(parts[0].toObject(), file);
    QCOMPARE(parts[1].toObject(), parse(R"({"inlineData":{"mimeType":"application/pdf","data":"JVBERi0xLjQ="}})"));
}

void TestCodecGemini::encodeToolResultShapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isError");
    QTest::addColumn<QByteArray>("response");
    QTest::addRow("plain text") << "sunny" << false << QByteArray(R"({"result":"sunny"})");
    QTest::addRow("json object") << R"({"temp": 21})" << false << QByteArray(R"({"temp":21})");
    QTest::addRow("json array") << "[1,2]" << false << QByteArray(R"({"result":"[1,2]"})");
    QTest::addRow("error text") << "no such file" << true << QByteArray(R"({"error":"no such file"})");
    QTest::addRow("error object") << R"({"code":404})" << true << QByteArray(R"({"error":{"code":404}})");
    QTest::addRow("empty") << "" << false << QByteArray(R"({"result":""})");
}

void TestCodecGemini::encodeToolResultShapes()
{
    QFETCH(QString, text);
    QFETCH(bool, isError);
    QFETCH(QByteArray, response);
    Request r;
    ContentPart result;
    result.kind = ContentPart::Kind::ToolResult;
    result.toolCallId = QStringLiteral("toolu_01");
    result.toolName = QStringLiteral("fallback_name");
    result.text = text;
    result.isError = isError;
    r.messages << Message{Role::Tool, {result}, QString()};
    const QJsonObject part = kit.codec().encodeRequest(r)[QLatin1String("contents")][0][QLatin1String("parts")][0].toObject();
    QCOMPARE(part[QLatin1String("functionResponse")][QLatin1String("response")].toObject(), parse(response));
    // No call with that id in the request: the result's own tool name is used.
    QCOMPARE(part[QLatin1String("functionResponse")][QLatin1String("name")].toString(), QStringLiteral("fallback_name"));
}

// ---- streamed answers from Gemini upstreams --------------------------------------------------

void TestCodecGemini::decodeTranscript_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("expectedTrace");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("thinking");
    QTest::addColumn<QStringList>("toolCalls");
    QTest::addColumn<qint64>("in");
    QTest::addColumn<qint64>("out");
    QTest::addColumn<qint64>("cached");
    QTest::addColumn<qint64>("reasoning");
    QTest::addRow("text") << "sse/gemini/text.sse" << "start +0:text t0 t0 -0 finish:end_turn usage end"
                          << "Hello! How can I help you today?\n" << "" << QStringList() << 6LL << 10LL << 0LL << 0LL;
    QTest::addRow("thinking") << "sse/gemini/thinking.sse" << "start +0:thinking k0 -0 +1:text t1 -1 finish:end_turn usage end"
                              << "9.9 is larger than 9.11." << "**Comparing the numbers**\n\nI'm looking at the tenths place: 1 against 9.\n"
                              << QStringList() << 14LL << 148LL << 0LL << 136LL;
    QTest::addRow("function call") << "sse/gemini/function_call.sse"
                                   << "start +0:thinking s0 -0 +1:tool a1 -1 finish:tool_use usage end" << "" << ""
                                   << QStringList{R"(get_weather{"location":"Boston, MA","unit":"celsius"})"} << 87LL << 76LL << 0LL << 54LL;
    QTest::addRow("cached") << "sse/gemini/cached_usage.sse" << "start +0:text t0 t0 -0 finish:end_turn usage end"
                            << "The report's main finding is that latency doubled after the cache change." << "" << QStringList()
                            << 40312LL << 109LL << 32768LL << 94LL;
    QTest::addRow("error") << "sse/gemini/error.sse" << "start +0:text t0 error" << "Here is the" << "" << QStringList()
                           << 512LL << 0LL << 0LL << 0LL;
    QTest::addRow("parallel calls") << "translate/gemini/stream_parallel_tools.sse"
                                    << "start +0:thinking k0 s0 -0 +1:tool a1 -1 +2:tool a2 -2 finish:tool_use usage end" << ""
                                    << "**Planning the lookups**\n\nThe user wants two cities, so I will call the weather tool twice."
                                    << QStringList{R"(get_weather{"city":"Paris"})",
                                                   R"(get_weather{"city":"London","detail":{"hourly":true,"hours":[9,12]}})"}
                                    << 120LL << 121LL << 0LL << 90LL;
    QTest::addRow("max tokens") << "translate/gemini/stream_max_tokens.sse" << "start +0:text t0 t0 -0 finish:max_tokens usage end"
                                << "Once upon a time, in a land far away, there lived a dragon" << "" << QStringList() << 9LL << 16LL
                                << 0LL << 0LL;
    QTest::addRow("safety") << "translate/gemini/stream_safety.sse" << "start +0:text t0 -0 finish:content_filter usage end"
                            << "I can tell you about" << "" << QStringList() << 15LL << 5LL << 0LL << 0LL;
    QTest::addRow("blocked prompt") << "translate/gemini/stream_blocked.sse" << "start finish:content_filter usage end" << ""
                                    << "" << QStringList() << 31LL << 0LL << 0LL << 0LL;
    QTest::addRow("closing signature") << "translate/gemini/stream_text_signature.sse"
                                       << "start +0:text t0 t0 -0 +1:thinking s1 -1 finish:end_turn usage end"
                                       << "The capital of France is Paris." << "" << QStringList() << 8LL << 142LL << 0LL << 136LL;
}

void TestCodecGemini::decodeTranscript()
{
    QFETCH(QString, fixture);
    QFETCH(QString, expectedTrace);
    QFETCH(QString, text);
    QFETCH(QString, thinking);
    QFETCH(QStringList, toolCalls);
    QFETCH(qint64, in);
    QFETCH(qint64, out);
    QFETCH(qint64, cached);
    QFETCH(qint64, reasoning);
    const StreamEvents events = kit.decodeAll(SseParser::parseAll(readFixture(fixture)));
    QCOMPARE(trace(events), expectedTrace);
    const StreamSummary s = summarize(events);
    QCOMPARE(s.text, text);
    QCOMPARE(s.thinking, thinking);
    QCOMPARE(s.toolCalls, toolCalls);
    QCOMPARE(s.usage.inputTokens, in);
    QCOMPARE(s.usage.outputTokens, out);
    QCOMPARE(s.usage.cachedInputTokens, cached);
    QCOMPARE(s.usage.reasoningTokens, reasoning);
    // MessageStart carries the upstream's ids.
    const QJsonObject first = parse(SseParser::parseAll(readFixture(fixture)).first().data);
    QCOMPARE(events.first().id, first[QLatin1String("responseId")].toString());
    QCOMPARE(events.first().model, first[QLatin1String("modelVersion")].toString());
    for (const StreamEvent &e : events)
        if (e.type == StreamEvent::Type::Error) {
            QCOMPARE(e.error.message, QStringLiteral("The model is overloaded. Please try again later."));
            QCOMPARE(e.error.code, ErrorCode::Unavailable);
            QCOMPARE(e.error.httpStatus, 503);
        }
}

void TestCodecGemini::streamIdsAreDeterministicAndMatchNonStream()
{
    const QList<SseEvent> frames = SseParser::parseAll(readFixture(QStringLiteral("translate/gemini/stream_parallel_tools.sse")));
    const StreamSummary a = summarize(kit.decodeAll(frames));
    const StreamSummary b = summarize(kit.decodeAll(frames));
    QCOMPARE(a.toolIds.size(), 2);
    QCOMPARE(a.toolIds, b.toolIds);
    QVERIFY(a.toolIds[0] != a.toolIds[1]);
    const Response response = kit.codec().decodeResponse(kit.json(QStringLiteral("response_tool_calls.json")));
    QCOMPARE(response.content[1].toolCallId, a.toolIds[0]);
    QCOMPARE(response.content[2].toolCallId, a.toolIds[1]);
}

void TestCodecGemini::truncatedTranscriptHasNoEnd()
{
    for (const char *fixture : {"sse/gemini/text.sse", "sse/gemini/thinking.sse", "translate/gemini/stream_max_tokens.sse",
                                "translate/gemini/stream_text_signature.sse"}) {
        QList<SseEvent> frames = SseParser::parseAll(readFixture(QLatin1String(fixture)));
        frames.removeLast();
        const QString t = trace(kit.decodeAll(frames));
        QVERIFY2(t.startsWith(QLatin1String("start")), fixture);
        QVERIFY2(!t.contains(QLatin1String("end")) && !t.contains(QLatin1String("finish")), qPrintable(t));
    }
}

void TestCodecGemini::decoderIgnoresEverythingAfterTheEnd()
{
    QList<SseEvent> frames = SseParser::parseAll(readFixture(QStringLiteral("sse/gemini/text.sse")));
    const std::unique_ptr<StreamDecoder> decoder = kit.codec().newStreamDecoder();
    for (const SseEvent &f : frames)
        decoder->decode(f);
    QVERIFY(decoder->decode(frames.first()).isEmpty());
}

void TestCodecGemini::decoderSurvivesGarbage_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addRow("not json") << QByteArray("{\"candidates\": [");
    QTest::addRow("array") << QByteArray("[1,2,3]");
    QTest::addRow("done marker") << QByteArray("[DONE]");
    QTest::addRow("empty") << QByteArray("");
    QTest::addRow("candidates string") << QByteArray(R"({"candidates":"x"})");
    QTest::addRow("content number") << QByteArray(R"({"candidates":[{"content":5}]})");
    QTest::addRow("parts mixed") << QByteArray(R"({"candidates":[{"content":{"parts":[1,"x",null,{"functionCall":"oops"},{"functionCall":{"args":[]}},{"inlineData":{"data":7}},{"text":5},{"text":"ok"}]}}]})");
    QTest::addRow("usage wrong types") << QByteArray(R"({"usageMetadata":{"promptTokenCount":"many","candidatesTokenCount":-3,"thoughtsTokenCount":1e300}})");
    QTest::addRow("finish number") << QByteArray(R"({"candidates":[{"finishReason":7}]})");
    QTest::addRow("error string") << QByteArray(R"({"error":"boom"})");
    QTest::addRow("error null") << QByteArray(R"({"error":null})");
    QTest::addRow("ids wrong types") << QByteArray(R"({"responseId":5,"modelVersion":{},"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":"{}","id":3}}]},"finishReason":"STOP"}]})");
}

void TestCodecGemini::decoderSurvivesGarbage()
{
    QFETCH(QByteArray, data);
    SseEvent event;
    event.data = data;
    event.raw = "data: " + data + "\n\n";
    const std::unique_ptr<StreamDecoder> decoder = kit.codec().newStreamDecoder();
    const StreamEvents first = decoder->decode(event);
    const StreamEvents second = decoder->decode(event);
    // Whatever came out is well formed: MessageStart first, and no event after End.
    const StreamEvents all = first + second;
    if (!all.isEmpty() && all.first().type != StreamEvent::Type::Error)
        QCOMPARE(all.first().type, StreamEvent::Type::MessageStart);
    for (int i = 0; i + 1 < all.size(); ++i)
        QVERIFY(all[i].type != StreamEvent::Type::End);
    // Random bytes neither.
    QRandomGenerator rng(42);
    for (int i = 0; i < 200; ++i) {
        QByteArray noise(int(rng.bounded(64)), Qt::Uninitialized);
        for (char &c : noise)
            c = char(rng.bounded(256));
        SseEvent e;
        e.data = QByteArray(R"({"candidates":[{"content":{"parts":[)") + noise;
        decoder->decode(e);
    }
}

// ---- streamed answers to Gemini clients -----------------------------------------------------

void TestCodecGemini::encodeTextStreamExactFrames()
{
    StreamEvent start = streamEvent(StreamEvent::Type::MessageStart);
    start.id = QStringLiteral("resp-1");
    start.model = QStringLiteral("claude-sonnet-4-5");
    const StreamEvents events{start,
                              blockStart(0, ContentPart::Kind::Text),
                              streamEvent(StreamEvent::Type::TextDelta, 0, QStringLiteral("Hel")),
                              streamEvent(StreamEvent::Type::TextDelta, 0, QStringLiteral("lo \"x\"")),
                              streamEvent(StreamEvent::Type::BlockStop, 0),
                              finishEvent(StopReason::EndTurn),
                              usageEvent(10, 5, 0, 0),
                              streamEvent(StreamEvent::Type::End)};
    EncoderOptions options;
    options.clientModel = QStringLiteral("gemini-2.5-flash");
    const QList<QByteArray> frames = encodeAll(events, options);
    const QList<QByteArray> expected{
        R"(data: {"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-1"})"
        "\n\n",
        R"(data: {"candidates":[{"content":{"parts":[{"text":"lo \"x\""}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-1"})"
        "\n\n",
        R"(data: {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-1","usageMetadata":{"candidatesTokenCount":5,"promptTokenCount":10,"totalTokenCount":15}})"
        "\n\n"};
    QCOMPARE(frames, expected);
}

void TestCodecGemini::encodeToolCallsAsCompleteParts()
{
    const StreamEvents events{streamEvent(StreamEvent::Type::MessageStart),
                              blockStart(0, ContentPart::Kind::Thinking),
                              streamEvent(StreamEvent::Type::ThinkingDelta, 0, QStringLiteral("Two lookups.")),
                              streamEvent(StreamEvent::Type::SignatureDelta, 0, QStringLiteral("sig-1")),
                              streamEvent(StreamEvent::Type::BlockStop, 0),
                              blockStart(1, ContentPart::Kind::ToolCall, QStringLiteral("toolu_01"), QStringLiteral("get_weather")),
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 1, QString::fromUtf8(R"({"city":)")),
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 1, QString::fromUtf8(R"( "Paris"})")),
                              streamEvent(StreamEvent::Type::BlockStop, 1),
                              blockStart(2, ContentPart::Kind::ToolCall, QStringLiteral("toolu_02"), QStringLiteral("get_time")),
                              streamEvent(StreamEvent::Type::ToolArgsDelta, 2, QStringLiteral("{not json")),
                              streamEvent(StreamEvent::Type::BlockStop, 2),
                              finishEvent(StopReason::ToolUse),
                              usageEvent(100, 50, 40, 20),
                              streamEvent(StreamEvent::Type::End)};
    EncoderOptions options;
    options.clientModel = QStringLiteral("gemini-2.5-pro");
    options.requestId = QStringLiteral("req-9");
    const QList<QByteArray> frames = encodeAll(events, options);
    QCOMPARE(frames.size(), 4);
    QCOMPARE(partsOf(frameJson(frames[0])), QJsonArray{parse(R"({"text":"Two lookups.","thought":true})")});
    QCOMPARE(partsOf(frameJson(frames[1])),
             QJsonArray{parse(R"({"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"sig-1"})")});
    QCOMPARE(partsOf(frameJson(frames[2])), QJsonArray{parse(R"({"functionCall":{"name":"get_time","args":{}}})")});
    const QJsonObject last = frameJson(frames[3]);
    QCOMPARE(last[QLatin1String("responseId")].toString(), QStringLiteral("req-9"));
    QCOMPARE(last[QLatin1String("candidates")][0][QLatin1String("finishReason")].toString(), QStringLiteral("STOP"));
    QCOMPARE(last[QLatin1String("usageMetadata")].toObject(),
             parse(R"({"promptTokenCount":100,"candidatesTokenCount":30,"thoughtsTokenCount":20,
                       "cachedContentTokenCount":40,"totalTokenCount":150})"));
    for (const QByteArray &f : frames)
        QCOMPARE(frameJson(f)[QLatin1String("modelVersion")].toString(), QStringLiteral("gemini-2.5-pro"));
}

void TestCodecGemini::encodeIsTolerantOfMissingBlockEvents()
{
    // No MessageStart, no BlockStart/BlockStop: text still streams, and the call is sent whole
    // at the end, taking the signature that was waiting for a part.
    StreamEvent args = streamEvent(StreamEvent::Type::ToolArgsDelta, 3, QString::fromUtf8(R"({"q":1})"));
    args.toolName = QStringLiteral("search");
    const StreamEvents events{streamEvent(StreamEvent::Type::TextDelta, 0, QStringLiteral("hi")), args,
                              streamEvent(StreamEvent::Type::SignatureDelta, 4, QStringLiteral("sig-end")), streamEvent(StreamEvent::Type::End),
                              streamEvent(StreamEvent::Type::TextDelta, 0, QStringLiteral("after the end"))};
    EncoderOptions options;
    options.requestId = QStringLiteral("req-7");
    const QList<QByteArray> frames = encodeAll(events, options);
    QCOMPARE(frames.size(), 3);
    QCOMPARE(partsOf(frameJson(frames[0])), QJsonArray{parse(R"({"text":"hi"})")});
    QCOMPARE(frameJson(frames[0])[QLatin1String("responseId")].toString(), QStringLiteral("req-7"));
    QCOMPARE(partsOf(frameJson(frames[1])), QJsonArray{parse(R"({"functionCall":{"name":"search","args":{"q":1}},"thoughtSignature":"sig-end"})")});
    QCOMPARE(partsOf(frameJson(frames[2])), QJsonArray{parse(R"({"text":""})")});
    QCOMPARE(frameJson(frames[2])[QLatin1String("candidates")][0][QLatin1String("finishReason")].toString(), QStringLiteral("STOP"));
}

void TestCodecGemini::encodeFinishReasons_data()
{
    QTest::addColumn<StopReason>("reason");
    QTest::addColumn<QString>("finishReason");
    QTest::addRow("end turn") << StopReason::EndTurn << "STOP";
    QTest::addRow("tool use") << StopReason::ToolUse << "STOP";
    QTest::addRow("stop sequence") << StopReason::StopSequence << "STOP";
    QTest::addRow("max tokens") << StopReason::MaxTokens << "MAX_TOKENS";
    QTest::addRow("content filter") << StopReason::ContentFilter << "SAFETY";
    QTest::addRow("error") << StopReason::Error << "OTHER";
    QTest::addRow("unknown") << StopReason::Unknown << "OTHER";
}

void TestCodecGemini::encodeFinishReasons()
{
    QFETCH(StopReason, reason);
    QFETCH(QString, finishReason);
    const QList<QByteArray> frames =
        encodeAll({streamEvent(StreamEvent::Type::MessageStart), finishEvent(reason), streamEvent(StreamEvent::Type::End)}, EncoderOptions());
    QCOMPARE(frames.size(), 1);
    QCOMPARE(frameJson(frames[0])[QLatin1String("candidates")][0][QLatin1String("finishReason")].toString(), finishReason);
    Response response;
    response.stopReason = reason;
    QCOMPARE(kit.codec().encodeResponse(response, EncoderOptions())[QLatin1String("candidates")][0][QLatin1String("finishReason")].toString(),
             finishReason);
}

void TestCodecGemini::encodeErrorClosesTheStream()
{
    const std::unique_ptr<StreamEncoder> encoder = kit.codec().newStreamEncoder(EncoderOptions());
    encoder->encode(streamEvent(StreamEvent::Type::MessageStart));
    QVERIFY(!encoder->encode(streamEvent(StreamEvent::Type::TextDelta, 0, QStringLiteral("partial"))).isEmpty());
    const QByteArray frame = encoder->encodeError(RelayError::make(ErrorCode::Unavailable, QStringLiteral("overloaded")));
    QCOMPARE(frame, QByteArray(R"(data: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}})" "\n\n"));
    QVERIFY(encoder->encode(streamEvent(StreamEvent::Type::TextDelta, 0, QStringLiteral("more"))).isEmpty());
    QVERIFY(encoder->encode(streamEvent(StreamEvent::Type::End)).isEmpty());

    // An Error event in the stream is written the same way.
    const std::unique_ptr<StreamEncoder> second = kit.codec().newStreamEncoder(EncoderOptions());
    StreamEvent error = streamEvent(StreamEvent::Type::Error);
    error.error = RelayError::make(ErrorCode::RateLimit, QStringLiteral("slow down"));
    QCOMPARE(frameJson(second->encode(error))[QLatin1String("error")][QLatin1String("status")].toString(),
             QStringLiteral("RESOURCE_EXHAUSTED"));
}

void TestCodecGemini::streamRoundTripThroughGeminiClient_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"sse/gemini/text.sse", "sse/gemini/thinking.sse", "sse/gemini/function_call.sse",
                          "sse/gemini/cached_usage.sse", "sse/gemini/error.sse", "translate/gemini/stream_parallel_tools.sse",
                          "translate/gemini/stream_max_tokens.sse", "translate/gemini/stream_safety.sse",
                          "translate/gemini/stream_blocked.sse", "translate/gemini/stream_text_signature.sse"})
        QTest::addRow("%s", f) << QString::fromLatin1(f);
}

// Gemini upstream -> events -> Gemini client bytes -> events: nothing a client sees changes.
void TestCodecGemini::streamRoundTripThroughGeminiClient()
{
    QFETCH(QString, fixture);
    const StreamEvents original = kit.decodeAll(SseParser::parseAll(readFixture(fixture)));
    QByteArray bytes;
    for (const QByteArray &f : encodeAll(original, EncoderOptions()))
        bytes += f;
    const StreamEvents again = kit.decodeAll(SseParser::parseAll(bytes));
    const StreamSummary a = summarize(original);
    const StreamSummary b = summarize(again);
    QCOMPARE(b.text, a.text);
    QCOMPARE(b.thinking, a.thinking);
    QCOMPARE(b.signatures, a.signatures);
    QCOMPARE(b.toolCalls, a.toolCalls);
    QCOMPARE(b.toolIds, a.toolIds);
    QCOMPARE(b.stop, a.stop);
    QCOMPARE(b.error, a.error);
    QCOMPARE(b.ended, a.ended);
    if (a.ended)
        QCOMPARE(b.usage.toJson(), a.usage.toJson());
}

// ---- non-stream answers ---------------------------------------------------------------------

void TestCodecGemini::decodeResponse_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("kinds");
    QTest::addColumn<StopReason>("stop");
    QTest::addColumn<qint64>("in");
    QTest::addColumn<qint64>("out");
    QTest::addColumn<qint64>("cached");
    QTest::addRow("text") << "response_text.json" << "text" << StopReason::EndTurn << 8LL << 10LL << 0LL;
    QTest::addRow("tool calls") << "response_tool_calls.json" << "thinking tool tool" << StopReason::ToolUse << 120LL << 121LL << 64LL;
    QTest::addRow("max tokens") << "response_max_tokens.json" << "text" << StopReason::MaxTokens << 9LL << 16LL << 0LL;
    QTest::addRow("blocked") << "response_blocked.json" << "" << StopReason::ContentFilter << 31LL << 0LL << 0LL;
}

void TestCodecGemini::decodeResponse()
{
    QFETCH(QString, fixture);
    QFETCH(QString, kinds);
    QFETCH(StopReason, stop);
    QFETCH(qint64, in);
    QFETCH(qint64, out);
    QFETCH(qint64, cached);
    const QJsonObject body = kit.json(fixture);
    const Response r = kit.codec().decodeResponse(body);
    QStringList names;
    for (const ContentPart &p : r.content)
        names << kindName(p.kind);
    QCOMPARE(names.join(QLatin1Char(' ')), kinds);
    QCOMPARE(r.stopReason, stop);
    QCOMPARE(r.usage.inputTokens, in);
    QCOMPARE(r.usage.outputTokens, out);
    QCOMPARE(r.usage.cachedInputTokens, cached);
    QCOMPARE(r.id, body[QLatin1String("responseId")].toString());
    QCOMPARE(r.model, body[QLatin1String("modelVersion")].toString());
    if (fixture == QLatin1String("response_tool_calls.json")) {
        QCOMPARE(r.content[0].signature, QStringLiteral("CiQBcsjafBqH5Zt0aX5KjKq9Tz0v"));
        QCOMPARE(r.content[1].toolCallId, GeminiWire::callId(QStringLiteral("pT-HaLm1Lp7u1MkPq9nB2Aw#0")));
        QCOMPARE(r.content[2].arguments, QString::fromUtf8(R"({"city":"London"})"));
        QCOMPARE(r.usage.reasoningTokens, qint64(90));
    }
}

void TestCodecGemini::encodeResponseForGeminiClient()
{
    Response r;
    r.id = QStringLiteral("msg_01");
    r.model = QStringLiteral("claude-sonnet-4-5");
    ContentPart thinking;
    thinking.kind = ContentPart::Kind::Thinking;
    thinking.text = QStringLiteral("Let me think.");
    thinking.signature = QStringLiteral("EqQBsig");
    ContentPart call;
    call.kind = ContentPart::Kind::ToolCall;
    call.toolCallId = QStringLiteral("toolu_01");
    call.toolName = QStringLiteral("get_weather");
    call.arguments = QString::fromUtf8(R"({"city":"Paris"})");
    r.content << thinking << ContentPart::makeText(QStringLiteral("Checking.")) << call;
    r.stopReason = StopReason::ToolUse;
    r.usage = Usage{200, 80, 150, 30, true};
    EncoderOptions options;
    options.clientModel = QStringLiteral("gemini-2.5-pro");
    const QJsonObject body = kit.codec().encodeResponse(r, options);
    const QJsonObject expected = parse(R"({
        "candidates":[{"content":{"role":"model","parts":[
            {"text":"Let me think.","thought":true},
            {"text":"Checking.","thoughtSignature":"EqQBsig"},
            {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},
          "finishReason":"STOP","index":0}],
        "usageMetadata":{"promptTokenCount":200,"candidatesTokenCount":50,"thoughtsTokenCount":30,
                         "cachedContentTokenCount":150,"totalTokenCount":280},
        "modelVersion":"gemini-2.5-pro","responseId":"msg_01"})");
    QCOMPARE(body, expected);

    // An empty answer still has a part: SDKs index into parts.
    const QJsonObject empty = kit.codec().encodeResponse(Response(), EncoderOptions());
    QCOMPARE(empty[QLatin1String("candidates")][0][QLatin1String("content")][QLatin1String("parts")].toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("text"), QString()}}}));
    QVERIFY(!empty[QLatin1String("responseId")].toString().isEmpty());
}

void TestCodecGemini::responseRoundTrip_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"response_text.json", "response_tool_calls.json", "response_max_tokens.json", "response_blocked.json"})
        QTest::addRow("%s", f) << QString::fromLatin1(f);
}

void TestCodecGemini::responseRoundTrip()
{
    QFETCH(QString, fixture);
    const Response first = kit.codec().decodeResponse(kit.json(fixture));
    EncoderOptions options;
    options.clientModel = first.model;
    const Response second = kit.codec().decodeResponse(kit.codec().encodeResponse(first, options));
    QCOMPARE(second.content.size(), first.content.size());
    for (int i = 0; i < first.content.size(); ++i)
        QCOMPARE(describe(second.content[i]), describe(first.content[i]));
    QCOMPARE(second.stopReason, first.stopReason);
    QCOMPARE(second.usage.toJson(), first.usage.toJson());
    QCOMPARE(second.id, first.id);
    QCOMPARE(second.model, first.model);
}

void TestCodecGemini::decodeResponseSurvivesGarbage()
{
    for (const char *json : {"{}", R"({"candidates":[]})", R"({"candidates":[7]})", R"({"candidates":[{"content":{"parts":{}}}]})",
                             R"({"candidates":[{"content":{"parts":[{"functionCall":{}},{"text":null},{"zzz":1}]},"finishReason":"WHAT"}]})"}) {
        const Response r = kit.codec().decodeResponse(parse(json));
        QVERIFY(r.content.isEmpty());
    }
    QCOMPARE(kit.codec().decodeResponse(parse(R"({"candidates":[{"finishReason":"WHAT"}]})")).stopReason, StopReason::Unknown);
}

QTEST_GUILESS_MAIN(TestCodecGemini)
#include "tst_codec_gemini.moc"
