#include "streamcloseevent.h"

QJsonObject StreamCloseEvent::toJson() const
{
    return QJsonObject{
        {QStringLiteral("kind"), errorKindName(kind)},
        {QStringLiteral("message"), message},
        {QStringLiteral("request_id"), requestId},
        {QStringLiteral("key"), keyName},
        {QStringLiteral("channel"), channel},
        {QStringLiteral("channel_type"), channelType},
        {QStringLiteral("key_index"), keyIndex},
        {QStringLiteral("client_model"), clientModel},
        {QStringLiteral("upstream_model"), upstreamModel},
        {QStringLiteral("upstream_response_id"), upstreamResponseId},
        {QStringLiteral("upstream_status"), upstreamStatus},
        {QStringLiteral("stream"), stream},
        {QStringLiteral("events_seen"), eventsSeen},
        {QStringLiteral("chunks_written"), chunksWritten},
        {QStringLiteral("bytes_written"), bytesWritten},
        {QStringLiteral("last_event_sent"), lastEventSent},
        {QStringLiteral("terminal_sent"), terminalSent},
        {QStringLiteral("reasoning_seen"), reasoningSeen},
    };
}

std::optional<StreamCloseEvent> StreamCloseEvent::fromJson(const QJsonObject &o)
{
    const auto kind = errorKindFromName(o.value(QLatin1String("kind")).toString());
    if (!kind || !isStreamCloseKind(*kind))
        return std::nullopt;
    StreamCloseEvent e;
    e.kind = *kind;
    e.message = o.value(QLatin1String("message")).toString();
    e.requestId = o.value(QLatin1String("request_id")).toString();
    e.keyName = o.value(QLatin1String("key")).toString();
    e.channel = o.value(QLatin1String("channel")).toString();
    e.channelType = o.value(QLatin1String("channel_type")).toString();
    e.keyIndex = o.value(QLatin1String("key_index")).toInt(-1);
    e.clientModel = o.value(QLatin1String("client_model")).toString();
    e.upstreamModel = o.value(QLatin1String("upstream_model")).toString();
    e.upstreamResponseId = o.value(QLatin1String("upstream_response_id")).toString();
    e.upstreamStatus = o.value(QLatin1String("upstream_status")).toInt();
    e.stream = o.value(QLatin1String("stream")).toBool(true);
    e.eventsSeen = o.value(QLatin1String("events_seen")).toInteger();
    e.chunksWritten = o.value(QLatin1String("chunks_written")).toInteger();
    e.bytesWritten = o.value(QLatin1String("bytes_written")).toInteger();
    e.lastEventSent = o.value(QLatin1String("last_event_sent")).toString();
    e.terminalSent = o.value(QLatin1String("terminal_sent")).toBool();
    e.reasoningSeen = o.value(QLatin1String("reasoning_seen")).toBool();
    return e;
}
