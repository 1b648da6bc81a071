#pragma once

#include "timeseries.h"

#include <QList>
#include <QMetaType>
#include <algorithm>

// What the dashboard asks for: the range and how to group and measure usage.
struct DashboardRequest
{
    UsageBucket bucket = UsageBucket::Hour;
    UsageGroupBy by = UsageGroupBy::Key;
    UsageMetric metric = UsageMetric::Requests;
    int topN = 5;

    // Four weeks of days, a day of hours: within these, the day of month and the hour of day
    // name a bucket uniquely (the bar chart's categories must be unique).
    int bucketCount() const { return bucket == UsageBucket::Day ? 28 : 24; }
    bool operator==(const DashboardRequest &) const = default;
};

// One client key with a budget: what the quota ledger says it has spent and holds reserved.
struct BudgetGaugeRow
{
    QString key;
    double budgetUsd = 0;
    double spentUsd = 0;
    double reservedUsd = 0;

    double leftUsd() const { return std::max(0.0, budgetUsd - spentUsd - reservedUsd); }
};

// Everything the dashboard's charts show, read in one go off the GUI thread.
struct DashboardSnapshot
{
    DashboardRequest request;
    TimeSeriesSet usage;      // request.metric by request.by, top N + other
    TimeSeriesSet errors;     // error-log entries by kind
    TimeSeriesSet endReasons; // requests by end reason (endReasonName)
    QList<BudgetGaugeRow> budgets; // keys with a budget, in config order
};
Q_DECLARE_METATYPE(DashboardSnapshot)
