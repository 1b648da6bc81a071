#include "openaichatwire.h"

#include "formats/formatjson.h"

#include <QCryptographicHash>

using namespace FormatJson;

namespace OpenAIChatWire {

Usage usageFromJson(const QJsonObject &u)
{
    Usage usage;
    usage.known = true;
    usage.inputTokens = integer(u, QLatin1String("prompt_tokens"));
    usage.outputTokens = integer(u, QLatin1String("completion_tokens"));
    usage.cachedInputTokens = integer(u.value(QLatin1String("prompt_tokens_details")).toObject(),
                                      QLatin1String("cached_tokens"));
    // DeepSeek reports its cache hits beside the OpenAI fields.
    if (!usage.cachedInputTokens)
        usage.cachedInputTokens = integer(u, QLatin1String("prompt_cache_hit_tokens"));
    usage.reasoningTokens = integer(u.value(QLatin1String("completion_tokens_details")).toObject(),
                                    QLatin1String("reasoning_tokens"));
    return usage;
}

QJsonObject usageToJson(const Usage &usage)
{
    return QJsonObject{
        {QStringLiteral("prompt_tokens"), usage.inputTokens},
        {QStringLiteral("completion_tokens"), usage.outputTokens},
        {QStringLiteral("total_tokens"), usage.inputTokens + usage.outputTokens},
        {QStringLiteral("prompt_tokens_details"),
         QJsonObject{{QStringLiteral("cached_tokens"), usage.cachedInputTokens}}},
        {QStringLiteral("completion_tokens_details"),
         QJsonObject{{QStringLiteral("reasoning_tokens"), usage.reasoningTokens}}},
    };
}

StopReason stopReasonFromFinish(const QString &finishReason, bool sawToolCalls)
{
    if (finishReason == QLatin1String("tool_calls") || finishReason == QLatin1String("function_call"))
        return StopReason::ToolUse;
    if (finishReason == QLatin1String("length"))
        return StopReason::MaxTokens;
    if (finishReason == QLatin1String("content_filter"))
        return StopReason::ContentFilter;
    if (sawToolCalls)
        return StopReason::ToolUse;
    if (finishReason == QLatin1String("stop") || finishReason == QLatin1String("eos"))
        return StopReason::EndTurn;
    return finishReason.isEmpty() ? StopReason::EndTurn : StopReason::Unknown;
}

QString finishReasonName(StopReason reason, bool hasToolCalls)
{
    switch (reason) {
    case StopReason::MaxTokens: return QStringLiteral("length"); // truncated calls must not run
    case StopReason::ContentFilter: return QStringLiteral("content_filter");
    case StopReason::ToolUse:
    case StopReason::EndTurn:
    case StopReason::StopSequence:
    case StopReason::Error:
    case StopReason::Unknown: break;
    }
    // Gemini says STOP after function calls, and a tool stop whose calls were all filtered
    // out must not make the client wait for tools: the output decides.
    return hasToolCalls ? QStringLiteral("tool_calls") : QStringLiteral("stop");
}

bool isErrorChunk(const QJsonObject &chunk)
{
    const QJsonValue error = chunk.value(QLatin1String("error"));
    return (!error.isUndefined() && !error.isNull())
        || string(chunk, QLatin1String("object")) == QLatin1String("error");
}

namespace {

ErrorCode codeFromName(const QString &name)
{
    static const struct { const char *needle; ErrorCode code; } table[] = {
        {"insufficient_quota", ErrorCode::InsufficientQuota},
        {"rate_limit", ErrorCode::RateLimit},
        {"authentication", ErrorCode::Authentication},
        {"invalid_api_key", ErrorCode::Authentication},
        {"permission", ErrorCode::Permission},
        {"not_found", ErrorCode::NotFound},
        {"overloaded", ErrorCode::Overloaded},
        {"timeout", ErrorCode::Timeout},
        {"unavailable", ErrorCode::Unavailable},
        {"invalid_request", ErrorCode::InvalidRequest},
        {"context_length_exceeded", ErrorCode::InvalidRequest},
    };
    for (const auto &row : table) {
        if (name.contains(QLatin1String(row.needle)))
            return row.code;
    }
    return ErrorCode::Upstream;
}

} // namespace

RelayError errorFromChunk(const QJsonObject &chunk)
{
    const QJsonValue value = chunk.value(QLatin1String("error"));
    const bool nested = !value.isUndefined() && !value.isNull();
    const QJsonObject error = value.isObject() ? value.toObject() : chunk;
    RelayError e;
    e.message = nested ? errorMessage(value) : string(chunk, QLatin1String("message"));
    const QJsonValue code = error.value(QLatin1String("code"));
    const int status = code.isDouble() ? code.toInt() : error.value(QLatin1String("status")).toInt();
    if (status >= 400 && status < 600) {
        e.code = RelayError::codeForHttpStatus(status);
        e.httpStatus = status;
    } else {
        const QString name = string(error, QLatin1String("code")) + QLatin1Char(' ')
            + string(error, QLatin1String("type"));
        e.code = codeFromName(name);
        e.httpStatus = RelayError::defaultStatus(e.code);
    }
    e.param = string(error, QLatin1String("param"));
    return e;
}

QString deterministicId(QLatin1String prefix, const QString &seed, int index)
{
    const QByteArray material = seed.toUtf8() + ':' + QByteArray::number(index);
    const QByteArray hex = QCryptographicHash::hash(material, QCryptographicHash::Sha256).toHex();
    return prefix + QString::fromLatin1(hex.left(24));
}

QString completionId(const QString &upstreamId, const QString &requestId)
{
    return upstreamId.isEmpty() ? deterministicId(QLatin1String("chatcmpl-"), requestId, 0) : upstreamId;
}

bool isReasoningModel(const QString &model)
{
    // Routers spell it "openai/o3"; the family is what counts.
    const QString name = model.section(QLatin1Char('/'), -1).toLower();
    for (const char *family : {"o1", "o3", "o4", "gpt-5"}) {
        if (name.startsWith(QLatin1String(family)))
            return true;
    }
    return false;
}

bool splitDataUrl(const QString &url, QString *mediaType, QByteArray *base64Data)
{
    if (!url.startsWith(QLatin1String("data:")))
        return false;
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    if (comma < 0)
        return false;
    const QStringView header = QStringView(url).sliced(5, comma - 5);
    if (!header.endsWith(QLatin1String(";base64")))
        return false;
    *mediaType = header.chopped(7).toString();
    *base64Data = QStringView(url).sliced(comma + 1).toLatin1();
    return true;
}

} // namespace OpenAIChatWire
