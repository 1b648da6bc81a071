#pragma once

#include "store/usagerollup.h"

#include <QDateTime>
#include <QList>
#include <QString>

// What a dashboard chart plots: one value per bucket for each named series, already ranked
// and folded (top N, the rest summed into one "other" series). Built off the GUI thread from
// the store's rollups, so the charts only copy numbers into their series.
enum class UsageMetric { Requests, Tokens, Cost };

struct NamedSeries
{
    QString name;        // the group as stored ("" = none, e.g. a request without a key)
    bool other = false;  // the sum of every group past the top N
    QList<double> values; // aligned with TimeSeriesSet::buckets
};

struct TimeSeriesSet
{
    QList<QDateTime> buckets; // every bucket of the range, oldest first, UTC
    QList<NamedSeries> series; // largest total first; the "other" series last

    double maxValue() const;        // of any single value (0 when empty)
    double maxStackedValue() const; // of the per-bucket sums
    const NamedSeries *find(const QString &name) const;
};

namespace TimeSeries {
// The buckets shown: the last `count` hours or days, ending with the one holding `now`.
QList<QDateTime> bucketRange(UsageBucket bucket, const QDateTime &now, int count);
double metricValue(const UsagePoint &point, UsageMetric metric); // tokens: input + output
// Points (any order) spread over `buckets`: the `topN` groups with the largest totals of
// `metric`, each a series, the rest summed as one "other" series; groups whose total is 0 are left out.
TimeSeriesSet build(const QList<UsagePoint> &points, const QList<QDateTime> &buckets, UsageMetric metric,
                    int topN);
} // namespace TimeSeries
