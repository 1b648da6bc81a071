#include "openairesponsesjson.h"

#include "formats/formatjson.h"
#include "formats/openai_chat/openaierror.h"

#include <QCryptographicHash>
#include <QHash>

using namespace FormatJson;

namespace ResponsesJson {

Usage usageFromJson(const QJsonObject &u)
{
    Usage usage;
    usage.known = true;
    usage.inputTokens = integer(u, QLatin1String("input_tokens"));
    usage.outputTokens = integer(u, QLatin1String("output_tokens"));
    usage.cachedInputTokens = integer(u.value(QLatin1String("input_tokens_details")).toObject(),
                                      QLatin1String("cached_tokens"));
    usage.reasoningTokens = integer(u.value(QLatin1String("output_tokens_details")).toObject(),
                                    QLatin1String("reasoning_tokens"));
    return usage;
}

QJsonObject usageToJson(const Usage &usage)
{
    return QJsonObject{
        {QStringLiteral("input_tokens"), usage.inputTokens},
        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), usage.cachedInputTokens}}},
        {QStringLiteral("output_tokens"), usage.outputTokens},
        {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), usage.reasoningTokens}}},
        {QStringLiteral("total_tokens"), usage.inputTokens + usage.outputTokens},
    };
}

QString deterministicId(QLatin1String prefix, const QString &seed, const QString &salt)
{
    const QByteArray digest = QCryptographicHash::hash((seed + QLatin1Char('/') + salt).toUtf8(),
                                                       QCryptographicHash::Sha256);
    return prefix + QString::fromLatin1(digest.toHex().left(24));
}

QJsonObject outputTextPart(const QString &text)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                       {QStringLiteral("annotations"), QJsonArray()},
                       {QStringLiteral("logprobs"), QJsonArray()},
                       {QStringLiteral("text"), text}};
}

QJsonObject messageItem(const QString &id, const QString &status, const QString &text, bool withContent)
{
    QJsonArray content;
    if (withContent)
        content.append(outputTextPart(text));
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("type"), QStringLiteral("message")},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("content"), content},
                       {QStringLiteral("role"), QStringLiteral("assistant")}};
}

QJsonObject functionCallItem(const QString &id, const QString &status, const QString &callId,
                             const QString &name, const QString &arguments)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("type"), QStringLiteral("function_call")},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("arguments"), arguments},
                       {QStringLiteral("call_id"), callId},
                       {QStringLiteral("name"), name}};
}

QJsonObject reasoningItem(const QString &id, const QString &summaryText, const QString &encryptedContent)
{
    QJsonArray summary;
    if (!summaryText.isEmpty())
        summary.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                   {QStringLiteral("text"), summaryText}});
    QJsonObject item{{QStringLiteral("id"), id},
                     {QStringLiteral("type"), QStringLiteral("reasoning")},
                     {QStringLiteral("summary"), summary}};
    if (!encryptedContent.isEmpty())
        item.insert(QStringLiteral("encrypted_content"), encryptedContent);
    return item;
}

namespace {

QString joinedTexts(const QJsonArray &parts, std::initializer_list<QLatin1String> types, QLatin1String key,
                    QLatin1String separator)
{
    QStringList texts;
    for (const QJsonValue &v : parts) {
        const QJsonObject part = v.toObject();
        const QString type = string(part, QLatin1String("type"));
        for (QLatin1String t : types) {
            if (type == t) {
                texts << string(part, key);
                break;
            }
        }
    }
    return texts.join(separator);
}

} // namespace

QString messageText(const QJsonObject &item)
{
    const QJsonArray content = item.value(QLatin1String("content")).toArray();
    QString text = joinedTexts(content, {QLatin1String("output_text"), QLatin1String("input_text")},
                               QLatin1String("text"), QLatin1String(""));
    text += joinedTexts(content, {QLatin1String("refusal")}, QLatin1String("refusal"), QLatin1String(""));
    return text;
}

QString reasoningText(const QJsonObject &item)
{
    const QString summary = joinedTexts(item.value(QLatin1String("summary")).toArray(),
                                        {QLatin1String("summary_text")}, QLatin1String("text"),
                                        QLatin1String("\n\n"));
    if (!summary.isEmpty())
        return summary;
    return joinedTexts(item.value(QLatin1String("content")).toArray(), {QLatin1String("reasoning_text")},
                       QLatin1String("text"), QLatin1String("\n\n"));
}

QJsonArray toolsJson(const QList<ToolDefinition> &tools)
{
    QJsonArray out;
    for (const ToolDefinition &t : tools) {
        QJsonObject params = t.parameters;
        if (params.isEmpty())
            params = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                 {QStringLiteral("properties"), QJsonObject()}};
        QJsonObject tool{{QStringLiteral("type"), QStringLiteral("function")},
                         {QStringLiteral("name"), t.name},
                         {QStringLiteral("parameters"), params},
                         // Responses defaults to strict schemas, which most foreign schemas fail.
                         {QStringLiteral("strict"), false}};
        if (!t.description.isEmpty())
            tool.insert(QStringLiteral("description"), t.description);
        out.append(tool);
    }
    return out;
}

QJsonValue toolChoiceJson(const ToolChoice &choice)
{
    switch (choice.mode) {
    case ToolChoice::Mode::Auto: return QStringLiteral("auto");
    case ToolChoice::Mode::None: return QStringLiteral("none");
    case ToolChoice::Mode::Required: return QStringLiteral("required");
    case ToolChoice::Mode::Specific:
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                           {QStringLiteral("name"), choice.name}};
    }
    return QStringLiteral("auto");
}

namespace {

// A thinking budget (Anthropic / Gemini) expressed as an OpenAI effort.
QString effortForBudget(int budgetTokens)
{
    if (budgetTokens <= 0)
        return QStringLiteral("medium");
    if (budgetTokens < 4096)
        return QStringLiteral("low");
    return budgetTokens < 16384 ? QStringLiteral("medium") : QStringLiteral("high");
}

} // namespace

QJsonObject reasoningJson(const ReasoningOptions &reasoning)
{
    if (!reasoning.enabled && reasoning.effort.isEmpty())
        return QJsonObject();
    const QString effort = reasoning.effort.isEmpty() ? effortForBudget(reasoning.budgetTokens) : reasoning.effort;
    // A client that turned thinking on wants to see it: only a summary carries reasoning text.
    return QJsonObject{{QStringLiteral("effort"), effort}, {QStringLiteral("summary"), QStringLiteral("auto")}};
}

namespace {

QJsonValue optionalNumber(const std::optional<double> &v, double fallback)
{
    return v ? *v : fallback;
}

QJsonObject textJson(const QJsonObject &responseFormat)
{
    QJsonObject format{{QStringLiteral("type"), QStringLiteral("text")}};
    const QString type = string(responseFormat, QLatin1String("type"));
    if (type == QLatin1String("json_object")) {
        format = QJsonObject{{QStringLiteral("type"), type}};
    } else if (type == QLatin1String("json_schema")) {
        format = responseFormat.value(QLatin1String("json_schema")).toObject();
        format.insert(QStringLiteral("type"), type);
    }
    return QJsonObject{{QStringLiteral("format"), format}};
}

QJsonValue instructionsJson(const QList<ContentPart> &system)
{
    QStringList texts;
    for (const ContentPart &p : system) {
        if (p.kind == ContentPart::Kind::Text && !p.text.isEmpty())
            texts << p.text;
    }
    return texts.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(texts.join(QLatin1String("\n\n")));
}

} // namespace

QJsonObject responseObject(const ResponseShell &shell, const Request &echo)
{
    const bool done = shell.status != QLatin1String("in_progress");
    const QString incomplete = shell.status == QLatin1String("incomplete") ? incompleteReasonFor(shell.stopReason)
                                                                           : QString();
    const QJsonObject reasoning = reasoningJson(echo.reasoning);
    return QJsonObject{
        {QStringLiteral("id"), shell.id},
        {QStringLiteral("object"), QStringLiteral("response")},
        {QStringLiteral("created_at"), shell.createdAt},
        {QStringLiteral("status"), shell.status},
        {QStringLiteral("background"), false},
        {QStringLiteral("error"), shell.error},
        {QStringLiteral("incomplete_details"),
         incomplete.isEmpty() ? QJsonValue(QJsonValue::Null)
                              : QJsonValue(QJsonObject{{QStringLiteral("reason"), incomplete}})},
        {QStringLiteral("instructions"), instructionsJson(echo.system)},
        {QStringLiteral("max_output_tokens"),
         echo.maxOutputTokens ? QJsonValue(*echo.maxOutputTokens) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("model"), shell.model},
        {QStringLiteral("output"), shell.output},
        {QStringLiteral("parallel_tool_calls"), echo.parallelToolCalls.value_or(true)},
        {QStringLiteral("previous_response_id"), QJsonValue::Null},
        {QStringLiteral("reasoning"),
         reasoning.isEmpty() ? QJsonObject{{QStringLiteral("effort"), QJsonValue::Null},
                                           {QStringLiteral("summary"), QJsonValue::Null}}
                             : reasoning},
        {QStringLiteral("store"), false},
        {QStringLiteral("temperature"), optionalNumber(echo.temperature, 1.0)},
        {QStringLiteral("text"), textJson(echo.responseFormat)},
        {QStringLiteral("tool_choice"), toolChoiceJson(echo.toolChoice)},
        {QStringLiteral("tools"), toolsJson(echo.tools)},
        {QStringLiteral("top_p"), optionalNumber(echo.topP, 1.0)},
        {QStringLiteral("truncation"), QStringLiteral("disabled")},
        {QStringLiteral("usage"), done ? QJsonValue(usageToJson(shell.usage)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("user"), QJsonValue::Null},
        {QStringLiteral("metadata"), QJsonObject()},
    };
}

QString statusFor(StopReason reason)
{
    return incompleteReasonFor(reason).isEmpty() ? QStringLiteral("completed") : QStringLiteral("incomplete");
}

QString incompleteReasonFor(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxTokens: return QStringLiteral("max_output_tokens");
    case StopReason::ContentFilter: return QStringLiteral("content_filter");
    default: return QString();
    }
}

QString errorCodeString(const RelayError &error)
{
    const QJsonValue code = OpenAIError::code(error.code);
    return code.isString() ? code.toString() : OpenAIError::type(error.code);
}

ErrorCode errorCodeFromString(const QString &code)
{
    static const QHash<QString, ErrorCode> codes{
        {QStringLiteral("rate_limit_exceeded"), ErrorCode::RateLimit},
        {QStringLiteral("rate_limit_error"), ErrorCode::RateLimit},
        {QStringLiteral("insufficient_quota"), ErrorCode::InsufficientQuota},
        {QStringLiteral("invalid_api_key"), ErrorCode::Authentication},
        {QStringLiteral("authentication_error"), ErrorCode::Authentication},
        {QStringLiteral("permission_denied"), ErrorCode::Permission},
        {QStringLiteral("model_not_found"), ErrorCode::NotFound},
        {QStringLiteral("invalid_request_error"), ErrorCode::InvalidRequest},
        {QStringLiteral("invalid_prompt"), ErrorCode::InvalidRequest},
        {QStringLiteral("context_length_exceeded"), ErrorCode::InvalidRequest},
        {QStringLiteral("server_overloaded"), ErrorCode::Overloaded},
        {QStringLiteral("overloaded_error"), ErrorCode::Overloaded},
        {QStringLiteral("timeout"), ErrorCode::Timeout},
        {QStringLiteral("service_unavailable"), ErrorCode::Unavailable},
    };
    return codes.value(code, ErrorCode::Upstream);
}

// {code, message} or {type, message}, possibly nested once in {"error": {...}}.
RelayError relayErrorFrom(const QJsonObject &error)
{
    const QJsonValue nested = error.value(QLatin1String("error"));
    const QJsonObject o = nested.isObject() ? nested.toObject() : error;
    QString code = string(o, QLatin1String("code"));
    if (code.isEmpty())
        code = string(o, QLatin1String("type"));
    QString message = string(o, QLatin1String("message"));
    if (message.isEmpty() && nested.isString())
        message = nested.toString();
    RelayError e = RelayError::make(errorCodeFromString(code), message);
    if (message.isEmpty())
        e.message = messageOrDefault(e);
    return e;
}

} // namespace ResponsesJson
