#include "geminicodec.h"

#include "geminicallids.h"
#include "geminiparts.h"
#include "geminirequestdecoder.h"
#include "geministreamdecoder.h"
#include "geministreamencoder.h"
#include "geminiwire.h"
#include "formats/formatjson.h"

#include <QHash>
#include <QJsonArray>

using namespace FormatJson;

namespace {

constexpr int MaxStopSequences = 5;     // Gemini refuses more
constexpr int MinThinkingBudget = 128;  // Gemini 2.5 Pro's floor
constexpr int MaxThinkingBudget = 24576; // Gemini 2.5 Flash's ceiling (Pro allows 32768)

QHash<QString, QString> toolNamesById(const Request &request)
{
    QHash<QString, QString> names;
    for (const Message &message : request.messages)
        for (const ContentPart &part : message.parts)
            if (part.kind == ContentPart::Kind::ToolCall && !part.toolCallId.isEmpty())
                names.insert(part.toolCallId, part.toolName);
    return names;
}

// Appends a content, joining it to the previous one of the same role: Gemini wants all the
// results of one step in one user turn, and OpenAI-style requests send them one per message.
void appendContent(QJsonArray &contents, const QString &role, const QJsonArray &parts)
{
    if (parts.isEmpty())
        return;
    if (!contents.isEmpty()) {
        QJsonObject last = contents.last().toObject();
        if (last.value(QLatin1String("role")).toString() == role) {
            QJsonArray joined = last.value(QLatin1String("parts")).toArray();
            for (const QJsonValue &p : parts)
                joined.append(p);
            last.insert(QStringLiteral("parts"), joined);
            contents.replace(contents.size() - 1, last);
            return;
        }
    }
    contents.append(QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("parts"), parts}});
}

// System text of the request and of any system message in the conversation (Gemini has no
// system turn: instructions given mid-conversation join the system instruction).
QJsonObject systemInstruction(const Request &request)
{
    QJsonArray parts;
    auto addText = [&parts](const QList<ContentPart> &list) {
        for (const ContentPart &part : list)
            if (!part.text.isEmpty() && part.kind == ContentPart::Kind::Text)
                parts.append(QJsonObject{{QStringLiteral("text"), part.text}});
    };
    addText(request.system);
    for (const Message &message : request.messages)
        if (message.role == Role::System)
            addText(message.parts);
    return parts.isEmpty() ? QJsonObject() : QJsonObject{{QStringLiteral("parts"), parts}};
}

QJsonArray encodeContents(const Request &request)
{
    const QHash<QString, QString> toolNames = toolNamesById(request);
    QJsonArray contents;
    for (const Message &message : request.messages) {
        if (message.role == Role::System)
            continue;
        GeminiParts::EncodeOptions options;
        options.toolNames = &toolNames;
        options.signFunctionCalls = message.role == Role::Assistant;
        const QString role = message.role == Role::Assistant ? QStringLiteral("model") : QStringLiteral("user");
        appendContent(contents, role, GeminiParts::encode(message.parts, options));
    }
    return contents;
}

QJsonArray encodeTools(const QList<ToolDefinition> &tools)
{
    QJsonArray declarations;
    for (const ToolDefinition &tool : tools) {
        QJsonObject declaration{{QStringLiteral("name"), tool.name}};
        if (!tool.description.isEmpty())
            declaration.insert(QStringLiteral("description"), tool.description);
        if (!tool.parameters.isEmpty())
            declaration.insert(QStringLiteral("parametersJsonSchema"), tool.parameters);
        declarations.append(declaration);
    }
    return QJsonArray{QJsonObject{{QStringLiteral("functionDeclarations"), declarations}}};
}

QJsonObject encodeToolConfig(const ToolChoice &choice)
{
    QJsonObject calling;
    switch (choice.mode) {
    case ToolChoice::Mode::Auto: return QJsonObject();
    case ToolChoice::Mode::None: calling.insert(QStringLiteral("mode"), QStringLiteral("NONE")); break;
    case ToolChoice::Mode::Required: calling.insert(QStringLiteral("mode"), QStringLiteral("ANY")); break;
    case ToolChoice::Mode::Specific:
        calling.insert(QStringLiteral("mode"), QStringLiteral("ANY"));
        calling.insert(QStringLiteral("allowedFunctionNames"), QJsonArray{choice.name});
        break;
    }
    return QJsonObject{{QStringLiteral("functionCallingConfig"), calling}};
}

int thinkingBudget(const ReasoningOptions &reasoning)
{
    if (reasoning.budgetTokens > 0)
        return qBound(MinThinkingBudget, reasoning.budgetTokens, MaxThinkingBudget);
    if (reasoning.effort == QLatin1String("minimal") || reasoning.effort == QLatin1String("low"))
        return 1024;
    if (reasoning.effort == QLatin1String("medium"))
        return 8192;
    if (reasoning.effort == QLatin1String("high") || reasoning.effort == QLatin1String("xhigh"))
        return MaxThinkingBudget;
    return -1; // dynamic: the model decides
}

// Thinking is left to the model's default unless the request asks for it; "off" is never
// sent (Gemini 2.5 Pro cannot think less than its floor and refuses a budget of 0).
QJsonObject thinkingConfig(const ReasoningOptions &reasoning)
{
    const bool asked = reasoning.enabled || reasoning.budgetTokens > 0
        || (!reasoning.effort.isEmpty() && reasoning.effort != QLatin1String("none"));
    if (!asked)
        return QJsonObject();
    return QJsonObject{{QStringLiteral("thinkingBudget"), thinkingBudget(reasoning)},
                       {QStringLiteral("includeThoughts"), reasoning.enabled || reasoning.includeSummary}};
}

// OpenAI's response_format (Chat: json_schema.schema; Responses: schema at the top).
void encodeResponseFormat(const QJsonObject &format, QJsonObject &config)
{
    const QString type = string(format, QLatin1String("type"));
    if (type != QLatin1String("json_object") && type != QLatin1String("json_schema"))
        return;
    config.insert(QStringLiteral("responseMimeType"), QStringLiteral("application/json"));
    QJsonValue schema = format.value(QLatin1String("json_schema")).toObject().value(QLatin1String("schema"));
    if (!schema.isObject())
        schema = format.value(QLatin1String("schema"));
    if (schema.isObject())
        config.insert(QStringLiteral("responseJsonSchema"), schema);
}

QJsonObject generationConfig(const Request &request)
{
    QJsonObject config;
    if (request.temperature)
        config.insert(QStringLiteral("temperature"), *request.temperature);
    if (request.topP)
        config.insert(QStringLiteral("topP"), *request.topP);
    if (request.topK)
        config.insert(QStringLiteral("topK"), *request.topK);
    if (request.maxOutputTokens)
        config.insert(QStringLiteral("maxOutputTokens"), *request.maxOutputTokens);
    if (!request.stopSequences.isEmpty())
        config.insert(QStringLiteral("stopSequences"), QJsonArray::fromStringList(request.stopSequences.mid(0, MaxStopSequences)));
    if (const QJsonObject thinking = thinkingConfig(request.reasoning); !thinking.isEmpty())
        config.insert(QStringLiteral("thinkingConfig"), thinking);
    encodeResponseFormat(request.responseFormat, config);
    return config;
}

} // namespace

std::optional<Request> GeminiCodec::decodeRequest(const QJsonObject &body, const QString &pathModel,
                                                  bool streamRoute, QString *error) const
{
    return GeminiRequestDecoder().decode(body, pathModel, streamRoute, error);
}

// The model travels in the URL (GeminiFormat::upstreamUrl), not in the body.
QJsonObject GeminiCodec::encodeRequest(const Request &request) const
{
    QJsonObject body{{QStringLiteral("contents"), encodeContents(request)}};
    if (const QJsonObject system = systemInstruction(request); !system.isEmpty())
        body.insert(QStringLiteral("systemInstruction"), system);
    if (!request.tools.isEmpty()) {
        body.insert(QStringLiteral("tools"), encodeTools(request.tools));
        if (const QJsonObject config = encodeToolConfig(request.toolChoice); !config.isEmpty())
            body.insert(QStringLiteral("toolConfig"), config);
    }
    if (const QJsonObject config = generationConfig(request); !config.isEmpty())
        body.insert(QStringLiteral("generationConfig"), config);
    return body;
}

Response GeminiCodec::decodeResponse(const QJsonObject &body) const
{
    Response response;
    response.id = string(body, QLatin1String("responseId"));
    response.model = string(body, QLatin1String("modelVersion"));
    const QJsonValue usage = body.value(QLatin1String("usageMetadata"));
    if (usage.isObject())
        response.usage = GeminiWire::usageFromJson(usage.toObject());
    const QJsonArray candidates = body.value(QLatin1String("candidates")).toArray();
    if (candidates.isEmpty()) {
        const bool blocked = !string(body.value(QLatin1String("promptFeedback")).toObject(),
                                     QLatin1String("blockReason")).isEmpty();
        response.stopReason = blocked ? StopReason::ContentFilter : StopReason::Unknown;
        return response;
    }
    const QJsonObject candidate = candidates.at(0).toObject(); // one candidate: candidateCount is never asked for
    const QJsonArray parts = candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray();
    GeminiCallIds ids(response.id);
    bool sawToolCalls = false;
    for (const QJsonValue &part : parts) {
        QList<ContentPart> decoded;
        QString ignored; // an unreadable part of an answer is skipped, not fatal
        GeminiParts::decode(part, QString(), decoded, &ignored);
        for (ContentPart &p : decoded) {
            if (p.kind == ContentPart::Kind::ToolCall) {
                ids.assign(p);
                sawToolCalls = true;
            }
            response.content.append(std::move(p));
        }
    }
    GeminiParts::mergeThoughts(response.content);
    response.stopReason = GeminiWire::stopReasonFromFinish(string(candidate, QLatin1String("finishReason")), sawToolCalls);
    return response;
}

QJsonObject GeminiCodec::encodeResponse(const Response &response, const EncoderOptions &options) const
{
    QJsonArray parts = GeminiParts::encode(response.content, GeminiParts::EncodeOptions());
    if (parts.isEmpty())
        parts.append(QJsonObject{{QStringLiteral("text"), QString()}});
    const QJsonObject candidate{
        {QStringLiteral("content"), QJsonObject{{QStringLiteral("role"), QStringLiteral("model")}, {QStringLiteral("parts"), parts}}},
        {QStringLiteral("finishReason"), GeminiWire::finishReasonName(response.stopReason)},
        {QStringLiteral("index"), 0}};
    return QJsonObject{
        {QStringLiteral("candidates"), QJsonArray{candidate}},
        {QStringLiteral("usageMetadata"), GeminiWire::usageToJson(response.usage)},
        {QStringLiteral("modelVersion"), options.clientModel.isEmpty() ? response.model : options.clientModel},
        {QStringLiteral("responseId"), GeminiWire::responseId(response.id, options.requestId)}};
}

std::unique_ptr<StreamDecoder> GeminiCodec::newStreamDecoder() const
{
    return std::make_unique<GeminiStreamDecoder>();
}

std::unique_ptr<StreamEncoder> GeminiCodec::newStreamEncoder(const EncoderOptions &options) const
{
    return std::make_unique<GeminiStreamEncoder>(options);
}
