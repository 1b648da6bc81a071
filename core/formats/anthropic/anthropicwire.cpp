#include "anthropicwire.h"

#include "formats/formatjson.h"

#include <QCryptographicHash>
#include <QHash>

using namespace FormatJson;

namespace AnthropicWire {

namespace {

QString hashedId(const QString &prefix, const QString &seed)
{
    const QByteArray digest = QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256);
    return prefix + QString::fromLatin1(digest.toHex().left(24));
}

} // namespace

QString errorType(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidRequest: return QStringLiteral("invalid_request_error");
    case ErrorCode::Authentication: return QStringLiteral("authentication_error");
    case ErrorCode::Permission: return QStringLiteral("permission_error");
    case ErrorCode::NotFound:
    case ErrorCode::UnknownRoute: return QStringLiteral("not_found_error");
    case ErrorCode::RequestTooLarge: return QStringLiteral("request_too_large");
    case ErrorCode::RateLimit:
    case ErrorCode::InsufficientQuota: return QStringLiteral("rate_limit_error");
    case ErrorCode::Overloaded: return QStringLiteral("overloaded_error");
    case ErrorCode::Timeout:
    case ErrorCode::Upstream:
    case ErrorCode::Unavailable:
    case ErrorCode::Internal: return QStringLiteral("api_error");
    }
    return QStringLiteral("api_error"); // never null: clients switch on it
}

ErrorCode errorCodeFromType(const QString &type)
{
    static const QHash<QString, ErrorCode> codes{
        {QStringLiteral("invalid_request_error"), ErrorCode::InvalidRequest},
        {QStringLiteral("authentication_error"), ErrorCode::Authentication},
        {QStringLiteral("permission_error"), ErrorCode::Permission},
        {QStringLiteral("not_found_error"), ErrorCode::NotFound},
        {QStringLiteral("request_too_large"), ErrorCode::RequestTooLarge},
        {QStringLiteral("rate_limit_error"), ErrorCode::RateLimit},
        {QStringLiteral("overloaded_error"), ErrorCode::Overloaded},
        {QStringLiteral("timeout_error"), ErrorCode::Timeout},
    };
    return codes.value(type, ErrorCode::Upstream);
}

QJsonObject errorBody(const RelayError &error)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                       {QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("type"), errorType(error.code)},
                                    {QStringLiteral("message"), messageOrDefault(error)}}}};
}

Usage usageFromJson(const QJsonObject &u)
{
    Usage usage;
    usage.known = true;
    usage.outputTokens = integer(u, QLatin1String("output_tokens"));
    if (u.contains(QLatin1String("input_tokens"))) {
        usage.cachedInputTokens = integer(u, QLatin1String("cache_read_input_tokens"));
        usage.inputTokens = integer(u, QLatin1String("input_tokens")) + usage.cachedInputTokens
            + integer(u, QLatin1String("cache_creation_input_tokens"));
    }
    return usage;
}

QJsonObject usageToJson(const Usage &usage)
{
    const qint64 cached = qBound<qint64>(0, usage.cachedInputTokens, usage.inputTokens);
    return QJsonObject{{QStringLiteral("input_tokens"), usage.inputTokens - cached},
                       {QStringLiteral("cache_creation_input_tokens"), 0},
                       {QStringLiteral("cache_read_input_tokens"), cached},
                       {QStringLiteral("output_tokens"), usage.outputTokens}};
}

StopReason stopReasonFromName(const QString &name)
{
    static const QHash<QString, StopReason> reasons{
        {QStringLiteral("end_turn"), StopReason::EndTurn},
        {QStringLiteral("pause_turn"), StopReason::EndTurn},
        {QStringLiteral("max_tokens"), StopReason::MaxTokens},
        {QStringLiteral("model_context_window_exceeded"), StopReason::MaxTokens},
        {QStringLiteral("tool_use"), StopReason::ToolUse},
        {QStringLiteral("stop_sequence"), StopReason::StopSequence},
        {QStringLiteral("refusal"), StopReason::ContentFilter},
    };
    if (name.isEmpty())
        return StopReason::EndTurn;
    return reasons.value(name, StopReason::Unknown);
}

QString stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxTokens: return QStringLiteral("max_tokens");
    case StopReason::ToolUse: return QStringLiteral("tool_use");
    case StopReason::StopSequence: return QStringLiteral("stop_sequence");
    case StopReason::ContentFilter: return QStringLiteral("refusal");
    case StopReason::EndTurn:
    case StopReason::Error:
    case StopReason::Unknown: break;
    }
    return QStringLiteral("end_turn"); // clients switch on a closed set
}

QJsonValue stopSequenceValue(StopReason reason, const QString &sequence)
{
    if (reason == StopReason::StopSequence && !sequence.isEmpty())
        return sequence;
    return QJsonValue::Null;
}

QString messageId(const QString &seed)
{
    return hashedId(QStringLiteral("msg_"), seed);
}

QString toolUseId(const QString &seed, int index)
{
    return hashedId(QStringLiteral("toolu_"), seed % QLatin1Char(':') % QString::number(index));
}

} // namespace AnthropicWire
