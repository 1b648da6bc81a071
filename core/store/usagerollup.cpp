#include "usagerollup.h"

std::optional<UsageBucket> usageBucketFromName(QStringView name)
{
    if (name == QLatin1String("hour"))
        return UsageBucket::Hour;
    if (name == QLatin1String("day"))
        return UsageBucket::Day;
    return std::nullopt;
}

std::optional<UsageGroupBy> usageGroupByFromName(QStringView name)
{
    for (UsageGroupBy by : {UsageGroupBy::None, UsageGroupBy::Key, UsageGroupBy::Channel, UsageGroupBy::Model,
                            UsageGroupBy::EndReason, UsageGroupBy::ErrorKind})
        if (name == usageGroupByName(by))
            return by;
    return std::nullopt;
}

QString usageGroupByName(UsageGroupBy by)
{
    switch (by) {
    case UsageGroupBy::None: return QString();
    case UsageGroupBy::Key: return QStringLiteral("key");
    case UsageGroupBy::Channel: return QStringLiteral("channel");
    case UsageGroupBy::Model: return QStringLiteral("model");
    case UsageGroupBy::EndReason: return QStringLiteral("end_reason");
    case UsageGroupBy::ErrorKind: return QStringLiteral("error_kind");
    }
    return QString();
}

QJsonObject UsagePoint::toJson(UsageGroupBy by) const
{
    QJsonObject o{
        {QStringLiteral("bucket"), bucket.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("requests"), requests},
        {QStringLiteral("errors"), errors},
        {QStringLiteral("input_tokens"), inputTokens},
        {QStringLiteral("output_tokens"), outputTokens},
        {QStringLiteral("cached_input_tokens"), cachedInputTokens},
        {QStringLiteral("reasoning_tokens"), reasoningTokens},
        {QStringLiteral("cost_usd"), costUsd},
    };
    if (by != UsageGroupBy::None)
        o.insert(usageGroupByName(by), group);
    return o;
}
