#include "openaierror.h"

#include "formats/formatjson.h"

namespace OpenAIError {

QString type(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidRequest:
    case ErrorCode::NotFound:
    case ErrorCode::UnknownRoute:
    case ErrorCode::RequestTooLarge: return QStringLiteral("invalid_request_error");
    case ErrorCode::Authentication: return QStringLiteral("authentication_error");
    case ErrorCode::Permission: return QStringLiteral("permission_error");
    case ErrorCode::RateLimit: return QStringLiteral("rate_limit_error");
    case ErrorCode::InsufficientQuota: return QStringLiteral("insufficient_quota");
    case ErrorCode::Timeout: return QStringLiteral("timeout_error");
    case ErrorCode::Upstream:
    case ErrorCode::Unavailable:
    case ErrorCode::Overloaded:
    case ErrorCode::Internal: return QStringLiteral("server_error");
    }
    return QStringLiteral("server_error");
}

QJsonValue code(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidRequest: return QJsonValue::Null;
    case ErrorCode::Authentication: return QStringLiteral("invalid_api_key");
    case ErrorCode::Permission: return QStringLiteral("permission_denied");
    case ErrorCode::NotFound: return QStringLiteral("model_not_found");
    // Not "model_not_found": the path is wrong, and a client fixing its model would chase a ghost.
    case ErrorCode::UnknownRoute: return QStringLiteral("not_found");
    case ErrorCode::RequestTooLarge: return QStringLiteral("request_too_large");
    case ErrorCode::RateLimit: return QStringLiteral("rate_limit_exceeded");
    case ErrorCode::InsufficientQuota: return QStringLiteral("insufficient_quota");
    case ErrorCode::Timeout: return QStringLiteral("timeout");
    case ErrorCode::Upstream: return QStringLiteral("upstream_error");
    case ErrorCode::Unavailable: return QStringLiteral("service_unavailable");
    case ErrorCode::Overloaded: return QStringLiteral("server_overloaded");
    case ErrorCode::Internal: return QStringLiteral("internal_error");
    }
    return QJsonValue::Null;
}

QJsonObject errorObject(const RelayError &error)
{
    return QJsonObject{
        {QStringLiteral("message"), FormatJson::messageOrDefault(error)},
        {QStringLiteral("type"), type(error.code)},
        {QStringLiteral("param"), error.param.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error.param)},
        {QStringLiteral("code"), code(error.code)},
    };
}

bool isErrorBody(const QJsonObject &body)
{
    // Anthropic's top-level "type" and Gemini's "status" tell their look-alikes apart.
    const QJsonObject e = body.value(QLatin1String("error")).toObject();
    return e.contains(QLatin1String("message")) && !body.value(QLatin1String("type")).isString()
        && !e.value(QLatin1String("status")).isString();
}

} // namespace OpenAIError
