#include "requestlogrow.h"

static QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonObject RequestLogRow::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("request_id"), requestId},
        {QStringLiteral("started_at"), isoOrNull(startedAt)},
        {QStringLiteral("duration_ms"), durationMs},
        {QStringLiteral("node"), node},
        {QStringLiteral("client_format"), clientFormat},
        {QStringLiteral("path"), path},
        {QStringLiteral("key"), keyName},
        {QStringLiteral("channel"), channel},
        {QStringLiteral("key_index"), keyIndex},
        {QStringLiteral("model"), model},
        {QStringLiteral("upstream_model"), upstreamModel},
        {QStringLiteral("stream"), stream},
        {QStringLiteral("http_status"), httpStatus},
        {QStringLiteral("status"), ok() ? QStringLiteral("ok") : QStringLiteral("error")},
        {QStringLiteral("stream_status"), streamStatus.toJson()},
        {QStringLiteral("usage"), usage.toJson()},
        {QStringLiteral("cost_usd"), costUsd},
        {QStringLiteral("error"), errorMessage},
        {QStringLiteral("upstream_response_id"), upstreamResponseId},
        {QStringLiteral("detail"), detail},
    };
}
