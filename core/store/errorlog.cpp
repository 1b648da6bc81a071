#include "errorlog.h"

#include <QJsonArray>

static QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonObject ErrorGroup::toJson() const
{
    return QJsonObject{
        {QStringLiteral("signature"), signature},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("channel_type"), channelType},
        {QStringLiteral("count"), count},
        {QStringLiteral("first_seen"), isoOrNull(firstSeen)},
        {QStringLiteral("last_seen"), isoOrNull(lastSeen)},
        {QStringLiteral("last_message"), lastMessage},
        {QStringLiteral("channel"), lastChannel},
        {QStringLiteral("channels"), QJsonArray::fromStringList(channels)},
        {QStringLiteral("last_request_id"), lastRequestId},
    };
}

QJsonObject ErrorSample::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("at"), isoOrNull(at)},
        {QStringLiteral("request_id"), requestId},
        {QStringLiteral("key"), keyName},
        {QStringLiteral("channel"), channel},
        {QStringLiteral("model"), model},
        {QStringLiteral("message"), message},
        {QStringLiteral("detail"), detail},
    };
}
