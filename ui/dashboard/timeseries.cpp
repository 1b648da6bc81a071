#include "timeseries.h"

#include <QHash>
#include <algorithm>

double TimeSeriesSet::maxValue() const
{
    double max = 0;
    for (const NamedSeries &s : series)
        for (double v : s.values)
            max = std::max(max, v);
    return max;
}

double TimeSeriesSet::maxStackedValue() const
{
    double max = 0;
    for (int i = 0; i < buckets.size(); ++i) {
        double sum = 0;
        for (const NamedSeries &s : series)
            sum += s.values.value(i);
        max = std::max(max, sum);
    }
    return max;
}

const NamedSeries *TimeSeriesSet::find(const QString &name) const
{
    for (const NamedSeries &s : series)
        if (!s.other && s.name == name)
            return &s;
    return nullptr;
}

namespace TimeSeries {

QList<QDateTime> bucketRange(UsageBucket bucket, const QDateTime &now, int count)
{
    const QDateTime utc = now.toUTC();
    QDateTime last = bucket == UsageBucket::Day ? QDateTime(utc.date(), QTime(0, 0), Qt::UTC)
                                                : QDateTime(utc.date(), QTime(utc.time().hour(), 0), Qt::UTC);
    QList<QDateTime> out;
    out.reserve(count);
    for (int i = count - 1; i >= 0; --i)
        out.append(bucket == UsageBucket::Day ? last.addDays(-i) : last.addSecs(-3600LL * i));
    return out;
}

double metricValue(const UsagePoint &point, UsageMetric metric)
{
    switch (metric) {
    case UsageMetric::Requests: return double(point.requests);
    case UsageMetric::Tokens: return double(point.inputTokens + point.outputTokens);
    case UsageMetric::Cost: return point.costUsd;
    }
    return 0;
}

TimeSeriesSet build(const QList<UsagePoint> &points, const QList<QDateTime> &buckets, UsageMetric metric, int topN)
{
    QHash<QDateTime, int> bucketIndex;
    for (int i = 0; i < buckets.size(); ++i)
        bucketIndex.insert(buckets.at(i), i);
    QHash<QString, QList<double>> byGroup;
    QHash<QString, double> totals;
    for (const UsagePoint &p : points) {
        const int i = bucketIndex.value(p.bucket, -1);
        const double v = metricValue(p, metric);
        if (i < 0 || v == 0)
            continue;
        QList<double> &values = byGroup[p.group];
        if (values.isEmpty())
            values.fill(0, buckets.size());
        values[i] += v;
        totals[p.group] += v;
    }
    QStringList groups = totals.keys();
    // Largest first; names break ties so the order (and the colours) stay put between refreshes.
    std::sort(groups.begin(), groups.end(), [&](const QString &a, const QString &b) {
        return totals.value(a) != totals.value(b) ? totals.value(a) > totals.value(b) : a < b;
    });
    TimeSeriesSet set;
    set.buckets = buckets;
    NamedSeries other{QString(), true, QList<double>(buckets.size(), 0)};
    for (int g = 0; g < groups.size(); ++g) {
        const QList<double> &values = byGroup.value(groups.at(g));
        if (g < topN) {
            set.series.append(NamedSeries{groups.at(g), false, values});
            continue;
        }
        for (int i = 0; i < values.size(); ++i)
            other.values[i] += values.at(i);
    }
    if (groups.size() > topN)
        set.series.append(other);
    return set;
}

} // namespace TimeSeries
