#include "geminiwire.h"

#include "formats/formatjson.h"

#include <QCryptographicHash>
#include <QHash>
#include <QUuid>

using namespace FormatJson;

namespace GeminiWire {

QString stripModelsPrefix(const QString &model)
{
    return model.startsWith(QLatin1String("models/")) ? model.mid(7) : model;
}

QJsonValue field(const QJsonObject &o, QLatin1String camel, QLatin1String snake)
{
    const auto it = o.constFind(camel);
    if (it != o.constEnd())
        return it.value();
    return o.value(snake);
}

Usage usageFromJson(const QJsonObject &u)
{
    Usage usage;
    usage.known = true;
    usage.inputTokens = integer(u, QLatin1String("promptTokenCount"))
        + integer(u, QLatin1String("toolUsePromptTokenCount"));
    usage.cachedInputTokens = integer(u, QLatin1String("cachedContentTokenCount"));
    usage.reasoningTokens = integer(u, QLatin1String("thoughtsTokenCount"));
    usage.outputTokens = integer(u, QLatin1String("candidatesTokenCount")) + usage.reasoningTokens;
    return usage;
}

QJsonObject usageToJson(const Usage &usage)
{
    const qint64 reasoning = qBound<qint64>(0, usage.reasoningTokens, usage.outputTokens);
    QJsonObject o{{QStringLiteral("promptTokenCount"), usage.inputTokens},
                  {QStringLiteral("candidatesTokenCount"), usage.outputTokens - reasoning},
                  {QStringLiteral("totalTokenCount"), usage.inputTokens + usage.outputTokens}};
    if (usage.cachedInputTokens > 0)
        o.insert(QStringLiteral("cachedContentTokenCount"), usage.cachedInputTokens);
    if (reasoning > 0)
        o.insert(QStringLiteral("thoughtsTokenCount"), reasoning);
    return o;
}

StopReason stopReasonFromFinish(const QString &finishReason, bool sawToolCalls)
{
    static const QHash<QString, StopReason> reasons{
        {QStringLiteral("STOP"), StopReason::EndTurn},
        {QStringLiteral("MAX_TOKENS"), StopReason::MaxTokens},
        {QStringLiteral("SAFETY"), StopReason::ContentFilter},
        {QStringLiteral("RECITATION"), StopReason::ContentFilter},
        {QStringLiteral("BLOCKLIST"), StopReason::ContentFilter},
        {QStringLiteral("PROHIBITED_CONTENT"), StopReason::ContentFilter},
        {QStringLiteral("SPII"), StopReason::ContentFilter},
        {QStringLiteral("IMAGE_SAFETY"), StopReason::ContentFilter},
        {QStringLiteral("IMAGE_PROHIBITED_CONTENT"), StopReason::ContentFilter},
        {QStringLiteral("MALFORMED_FUNCTION_CALL"), StopReason::Error},
        {QStringLiteral("UNEXPECTED_TOOL_CALL"), StopReason::Error},
        {QStringLiteral("TOO_MANY_TOOL_CALLS"), StopReason::Error},
    };
    if (finishReason.isEmpty())
        return sawToolCalls ? StopReason::ToolUse : StopReason::EndTurn;
    const StopReason reason = reasons.value(finishReason, StopReason::Unknown);
    return reason == StopReason::EndTurn && sawToolCalls ? StopReason::ToolUse : reason;
}

QString finishReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::EndTurn:
    case StopReason::ToolUse:
    case StopReason::StopSequence: return QStringLiteral("STOP");
    case StopReason::MaxTokens: return QStringLiteral("MAX_TOKENS");
    case StopReason::ContentFilter: return QStringLiteral("SAFETY");
    case StopReason::Error:
    case StopReason::Unknown: return QStringLiteral("OTHER");
    }
    return QStringLiteral("OTHER");
}

QString errorStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidRequest:
    case ErrorCode::RequestTooLarge: return QStringLiteral("INVALID_ARGUMENT");
    case ErrorCode::Authentication: return QStringLiteral("UNAUTHENTICATED");
    case ErrorCode::Permission: return QStringLiteral("PERMISSION_DENIED");
    case ErrorCode::NotFound:
    case ErrorCode::UnknownRoute: return QStringLiteral("NOT_FOUND");
    case ErrorCode::RateLimit:
    case ErrorCode::InsufficientQuota: return QStringLiteral("RESOURCE_EXHAUSTED");
    case ErrorCode::Timeout: return QStringLiteral("DEADLINE_EXCEEDED");
    case ErrorCode::Unavailable:
    case ErrorCode::Overloaded: return QStringLiteral("UNAVAILABLE");
    case ErrorCode::Upstream:
    case ErrorCode::Internal: return QStringLiteral("INTERNAL");
    }
    return QStringLiteral("INTERNAL");
}

ErrorCode errorCodeFromStatus(const QString &status, int httpStatus)
{
    static const QHash<QString, ErrorCode> codes{
        {QStringLiteral("INVALID_ARGUMENT"), ErrorCode::InvalidRequest},
        {QStringLiteral("FAILED_PRECONDITION"), ErrorCode::InvalidRequest},
        {QStringLiteral("UNAUTHENTICATED"), ErrorCode::Authentication},
        {QStringLiteral("PERMISSION_DENIED"), ErrorCode::Permission},
        {QStringLiteral("NOT_FOUND"), ErrorCode::NotFound},
        {QStringLiteral("RESOURCE_EXHAUSTED"), ErrorCode::RateLimit},
        {QStringLiteral("DEADLINE_EXCEEDED"), ErrorCode::Timeout},
        {QStringLiteral("UNAVAILABLE"), ErrorCode::Unavailable},
        {QStringLiteral("INTERNAL"), ErrorCode::Upstream},
    };
    const auto it = codes.constFind(status);
    if (it != codes.constEnd())
        return it.value();
    return httpStatus > 0 ? RelayError::codeForHttpStatus(httpStatus) : ErrorCode::Upstream;
}

QJsonObject errorBody(const RelayError &error)
{
    return QJsonObject{{QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("code"), error.httpStatus},
                                    {QStringLiteral("message"), messageOrDefault(error)},
                                    {QStringLiteral("status"), errorStatus(error.code)}}}};
}

RelayError errorFromBody(const QJsonObject &body)
{
    const QJsonValue value = body.value(QLatin1String("error"));
    const QJsonObject error = value.toObject();
    const int status = int(qMin<qint64>(integer(error, QLatin1String("code")), 999));
    RelayError relayError = RelayError::make(errorCodeFromStatus(string(error, QLatin1String("status")), status),
                                             errorMessage(value));
    if (status >= 400)
        relayError.httpStatus = status;
    return relayError;
}

QString callId(const QString &seed)
{
    const QByteArray digest = QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256);
    return QLatin1String("call_") + QString::fromLatin1(digest.toHex().left(24));
}

QString responseId(const QString &upstreamId, const QString &requestId)
{
    if (!upstreamId.isEmpty())
        return upstreamId;
    return requestId.isEmpty() ? QUuid::createUuid().toString(QUuid::Id128) : requestId;
}

} // namespace GeminiWire
