#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

// The hourly usage rollups (table usage_hourly), maintained by the store's writer from the
// request rows it writes, read as series for the charts and /admin/usage.
enum class UsageBucket { Hour, Day };
// EndReason and ErrorKind read the outcome rollups (usage_hourly_outcomes): a point's group is
// the endReasonName() or errorKindName() and `requests` its count (every other sum is 0).
// Error kinds count error-log entries (a retried request adds one per failed attempt).
enum class UsageGroupBy { None, Key, Channel, Model, EndReason, ErrorKind };

std::optional<UsageBucket> usageBucketFromName(QStringView name);  // "hour" | "day"
std::optional<UsageGroupBy> usageGroupByFromName(QStringView name); // "" | "key" | "channel" | "model" | ...
QString usageGroupByName(UsageGroupBy by);                            // "", "key", ..., "end_reason", "error_kind"

struct UsageQuery
{
    UsageBucket bucket = UsageBucket::Hour;
    QDateTime from; // inclusive, UTC
    QDateTime to;   // exclusive
    UsageGroupBy by = UsageGroupBy::None;
};

// One point of a series: a bucket (and group) with its sums.
struct UsagePoint
{
    QDateTime bucket;  // start of the hour or day, UTC
    QString group;     // key, channel or model name ("" when not grouped)
    qint64 requests = 0;
    qint64 errors = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedInputTokens = 0;
    qint64 reasoningTokens = 0;
    double costUsd = 0;

    QJsonObject toJson(UsageGroupBy by) const; // the group under its own name ("key": ...)
};
