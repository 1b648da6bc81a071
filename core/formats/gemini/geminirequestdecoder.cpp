#include "geminirequestdecoder.h"

#include "geminiparts.h"
#include "geminischema.h"
#include "geminiwire.h"
#include "formats/formatjson.h"

#include <QJsonArray>

using namespace FormatJson;
using GeminiWire::field;

namespace {

QString indexed(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

// A function declared without parameters still gets a schema: Anthropic requires one.
QJsonObject emptyObjectSchema()
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), QJsonObject()}};
}

} // namespace

std::optional<Request> GeminiRequestDecoder::decode(const QJsonObject &body, const QString &pathModel,
                                                    bool streamRoute, QString *error)
{
    Request request;
    request.model = GeminiWire::stripModelsPrefix(pathModel.isEmpty() ? string(body, QLatin1String("model")) : pathModel);
    request.stream = streamRoute;
    request.includeUsage = true; // Gemini always reports usage
    const bool ok = decodeSystem(field(body, QLatin1String("systemInstruction"), QLatin1String("system_instruction")), request)
        && decodeContents(body.value(QLatin1String("contents")), request)
        && decodeTools(body.value(QLatin1String("tools")), request)
        && decodeGenerationConfig(field(body, QLatin1String("generationConfig"), QLatin1String("generation_config")), request);
    if (!ok) {
        if (error)
            *error = m_error;
        return std::nullopt;
    }
    decodeToolConfig(field(body, QLatin1String("toolConfig"), QLatin1String("tool_config")).toObject(), request);
    return request;
}

bool GeminiRequestDecoder::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool GeminiRequestDecoder::decodeContents(const QJsonValue &contents, Request &request)
{
    if (!contents.isArray())
        return fail(QStringLiteral("$.contents: must be an array of contents"));
    const QJsonArray list = contents.toArray();
    if (list.isEmpty())
        return fail(QStringLiteral("$.contents: must not be empty"));
    for (qsizetype i = 0; i < list.size(); ++i)
        if (!decodeContent(list.at(i), indexed(QStringLiteral("$.contents"), i), request))
            return false;
    return true;
}

bool GeminiRequestDecoder::decodeContent(const QJsonValue &value, const QString &path, Request &request)
{
    if (!value.isObject())
        return fail(path + QLatin1String(": a content must be an object"));
    const QJsonObject content = value.toObject();
    const QString role = string(content, QLatin1String("role"));
    // "function" is the role of function responses in older Gemini clients.
    const bool modelTurn = role == QLatin1String("model");
    if (!modelTurn && !role.isEmpty() && role != QLatin1String("user") && role != QLatin1String("function"))
        return fail(path + QLatin1String(".role: unknown role '") + role + QLatin1Char('\''));
    const QJsonValue parts = content.value(QLatin1String("parts"));
    if (!parts.isArray() && !parts.isUndefined() && !parts.isNull())
        return fail(path + QLatin1String(".parts: must be an array"));
    QList<ContentPart> decoded;
    if (!decodeParts(parts.toArray(), path + QLatin1String(".parts"), modelTurn, decoded))
        return false;
    if (decoded.isEmpty())
        return true;
    if (modelTurn) {
        GeminiParts::mergeThoughts(decoded);
        request.messages.append(Message{Role::Assistant, decoded, QString()});
    } else {
        appendUserParts(decoded, request);
    }
    return true;
}

bool GeminiRequestDecoder::decodeParts(const QJsonArray &parts, const QString &path, bool modelTurn,
                                       QList<ContentPart> &out)
{
    for (qsizetype j = 0; j < parts.size(); ++j) {
        const QString partPath = indexed(path, j);
        QList<ContentPart> decoded;
        if (GeminiParts::decode(parts.at(j), partPath, decoded, &m_error) == GeminiParts::Decoded::Invalid)
            return false;
        for (ContentPart &part : decoded) {
            if (part.kind == ContentPart::Kind::ToolCall) {
                if (!modelTurn)
                    return fail(partPath + QLatin1String(".functionCall: only a model turn may call functions"));
                assignCallId(part);
            } else if (part.kind == ContentPart::Kind::ToolResult) {
                if (modelTurn)
                    return fail(partPath + QLatin1String(".functionResponse: a model turn cannot answer a call"));
                assignResultId(part);
            }
            out.append(std::move(part));
        }
    }
    return true;
}

// A user turn may mix function responses and other parts; canonical keeps results in Tool
// messages, so each run of results becomes one Tool message, in order.
void GeminiRequestDecoder::appendUserParts(const QList<ContentPart> &parts, Request &request) const
{
    bool first = true;
    for (const ContentPart &part : parts) {
        const Role role = part.kind == ContentPart::Kind::ToolResult ? Role::Tool : Role::User;
        if (first || request.messages.last().role != role)
            request.messages.append(Message{role, {part}, QString()});
        else
            request.messages.last().parts.append(part);
        first = false;
    }
}

bool GeminiRequestDecoder::decodeSystem(const QJsonValue &system, Request &request)
{
    if (system.isUndefined() || system.isNull())
        return true;
    if (system.isString()) {
        if (!system.toString().isEmpty())
            request.system.append(ContentPart::makeText(system.toString()));
        return true;
    }
    if (!system.isObject())
        return fail(QStringLiteral("$.systemInstruction: must be a content object"));
    // Gemini system instructions are text only.
    for (const QJsonValue &part : system.toObject().value(QLatin1String("parts")).toArray()) {
        const QString text = string(part.toObject(), QLatin1String("text"));
        if (!text.isEmpty())
            request.system.append(ContentPart::makeText(text));
    }
    return true;
}

bool GeminiRequestDecoder::decodeTools(const QJsonValue &tools, Request &request)
{
    if (tools.isUndefined() || tools.isNull())
        return true;
    if (!tools.isArray())
        return fail(QStringLiteral("$.tools: must be an array"));
    const QJsonArray list = tools.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = indexed(QStringLiteral("$.tools"), i);
        // googleSearch, codeExecution, urlContext...: Gemini's own server tools, which no other
        // provider can run; only function declarations translate.
        const QJsonValue declarations =
            field(list.at(i).toObject(), QLatin1String("functionDeclarations"), QLatin1String("function_declarations"));
        if (declarations.isArray()
            && !decodeFunctions(declarations.toArray(), path + QLatin1String(".functionDeclarations"), request))
            return false;
    }
    return true;
}

bool GeminiRequestDecoder::decodeFunctions(const QJsonArray &declarations, const QString &path, Request &request)
{
    for (qsizetype j = 0; j < declarations.size(); ++j) {
        const QJsonObject declaration = declarations.at(j).toObject();
        ToolDefinition tool;
        tool.name = string(declaration, QLatin1String("name"));
        if (tool.name.isEmpty())
            return fail(indexed(path, j) + QLatin1String(".name: missing"));
        tool.description = string(declaration, QLatin1String("description"));
        const QJsonValue jsonSchema =
            field(declaration, QLatin1String("parametersJsonSchema"), QLatin1String("parameters_json_schema"));
        const QJsonValue openApi = declaration.value(QLatin1String("parameters"));
        if (jsonSchema.isObject())
            tool.parameters = jsonSchema.toObject();
        else if (openApi.isObject())
            tool.parameters = GeminiSchema::toJsonSchema(openApi.toObject());
        else
            tool.parameters = emptyObjectSchema();
        request.tools.append(tool);
    }
    return true;
}

void GeminiRequestDecoder::decodeToolConfig(const QJsonObject &toolConfig, Request &request) const
{
    const QJsonObject calling =
        field(toolConfig, QLatin1String("functionCallingConfig"), QLatin1String("function_calling_config")).toObject();
    const QString mode = string(calling, QLatin1String("mode")).toUpper();
    const QJsonArray allowed =
        field(calling, QLatin1String("allowedFunctionNames"), QLatin1String("allowed_function_names")).toArray();
    if (mode == QLatin1String("NONE")) {
        request.toolChoice.mode = ToolChoice::Mode::None;
    } else if (mode == QLatin1String("ANY")) {
        // One allowed name is "call this function"; several cannot be said elsewhere, and
        // "call one of the tools" is the nearest.
        request.toolChoice.mode = allowed.size() == 1 ? ToolChoice::Mode::Specific : ToolChoice::Mode::Required;
        if (allowed.size() == 1)
            request.toolChoice.name = allowed.first().toString();
    }
}

bool GeminiRequestDecoder::decodeGenerationConfig(const QJsonValue &value, Request &request)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject())
        return fail(QStringLiteral("$.generationConfig: must be an object"));
    const QJsonObject config = value.toObject();
    const auto number = [&config](const char *camel, const char *snake) {
        return field(config, QLatin1String(camel), QLatin1String(snake));
    };
    if (const QJsonValue v = number("temperature", "temperature"); v.isDouble())
        request.temperature = v.toDouble();
    if (const QJsonValue v = number("topP", "top_p"); v.isDouble())
        request.topP = v.toDouble();
    if (const QJsonValue v = number("topK", "top_k"); v.isDouble())
        request.topK = int(qBound(0.0, v.toDouble(), 1e9));
    if (const QJsonValue v = number("maxOutputTokens", "max_output_tokens"); v.isDouble())
        request.maxOutputTokens = int(qBound(0.0, v.toDouble(), 2e9));
    for (const QJsonValue &stop : number("stopSequences", "stop_sequences").toArray())
        if (stop.isString())
            request.stopSequences.append(stop.toString());
    decodeThinking(number("thinkingConfig", "thinking_config").toObject(), request);
    decodeResponseFormat(config, request);
    return true;
}

void GeminiRequestDecoder::decodeThinking(const QJsonObject &thinking, Request &request) const
{
    if (thinking.isEmpty())
        return;
    ReasoningOptions &reasoning = request.reasoning;
    const QJsonValue budget = field(thinking, QLatin1String("thinkingBudget"), QLatin1String("thinking_budget"));
    const QString level =
        field(thinking, QLatin1String("thinkingLevel"), QLatin1String("thinking_level")).toString().toLower();
    reasoning.includeSummary =
        field(thinking, QLatin1String("includeThoughts"), QLatin1String("include_thoughts")).toBool();
    // Budget -1 is "dynamic": thinking on, size left to the model; 0 turns thinking off.
    const int tokens = budget.isDouble() ? int(qBound(-1.0, budget.toDouble(), 1e9)) : -1;
    reasoning.budgetTokens = qMax(0, tokens);
    reasoning.enabled = !(budget.isDouble() && tokens == 0)
        && (budget.isDouble() || !level.isEmpty() || reasoning.includeSummary);
    if (level == QLatin1String("minimal") || level == QLatin1String("low"))
        reasoning.effort = QStringLiteral("low");
    else if (level == QLatin1String("medium") || level == QLatin1String("high"))
        reasoning.effort = level;
}

void GeminiRequestDecoder::decodeResponseFormat(const QJsonObject &config, Request &request) const
{
    const QString mimeType =
        field(config, QLatin1String("responseMimeType"), QLatin1String("response_mime_type")).toString();
    if (mimeType != QLatin1String("application/json"))
        return;
    QJsonObject schema =
        field(config, QLatin1String("responseJsonSchema"), QLatin1String("response_json_schema")).toObject();
    if (schema.isEmpty())
        schema = GeminiSchema::toJsonSchema(
            field(config, QLatin1String("responseSchema"), QLatin1String("response_schema")).toObject());
    if (schema.isEmpty()) {
        request.responseFormat = QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}};
        return;
    }
    request.responseFormat = QJsonObject{
        {QStringLiteral("type"), QStringLiteral("json_schema")},
        {QStringLiteral("json_schema"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("response")}, {QStringLiteral("schema"), schema}}}};
}

void GeminiRequestDecoder::assignCallId(ContentPart &call)
{
    const int ordinal = m_callsByName[call.toolName]++;
    if (call.toolCallId.isEmpty())
        call.toolCallId = GeminiWire::callId(call.toolName + QLatin1Char('#') + QString::number(ordinal));
    m_unanswered[call.toolName].append(call.toolCallId);
    m_callIds.insert(call.toolCallId);
}

void GeminiRequestDecoder::assignResultId(ContentPart &result)
{
    const int ordinal = m_resultsByName[result.toolName]++;
    QStringList &pending = m_unanswered[result.toolName];
    if (!result.toolCallId.isEmpty() && m_callIds.contains(result.toolCallId))
        pending.removeOne(result.toolCallId);
    else if (!pending.isEmpty())
        result.toolCallId = pending.takeFirst();
    else if (result.toolCallId.isEmpty())
        result.toolCallId = GeminiWire::callId(result.toolName + QLatin1Char('#') + QString::number(ordinal));
}
