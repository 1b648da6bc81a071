#include "dashboardqueryworker.h"

#include "store/keybudget.h"
#include "store/quotaledger.h"
#include "store/store.h"

#include <QHash>
#include <limits>

namespace {
constexpr int kAll = std::numeric_limits<int>::max();

QList<BudgetGaugeRow> budgets(Store *store)
{
    QHash<QString, KeyBudget> ledger;
    for (const KeyBudget &row : store->quotaLedger()->keyBudgets())
        ledger.insert(row.keyName, row);
    QList<BudgetGaugeRow> out;
    for (const ClientKey &key : store->loadConfig().keys) {
        if (!key.budgetUsd)
            continue;
        // A key that never reserved anything has no ledger row yet: nothing spent.
        const KeyBudget row = ledger.value(key.name);
        out.append(BudgetGaugeRow{key.name, *key.budgetUsd, nanoToUsd(row.spentNano), nanoToUsd(row.reservedNano)});
    }
    return out;
}
} // namespace

DashboardSnapshot DashboardQueryWorker::query(Store *store, const DashboardRequest &request, const QDateTime &now)
{
    const QList<QDateTime> buckets = TimeSeries::bucketRange(request.bucket, now, request.bucketCount());
    UsageQuery q;
    q.bucket = request.bucket;
    q.from = buckets.constFirst();
    q.to = request.bucket == UsageBucket::Day ? buckets.constLast().addDays(1) : buckets.constLast().addSecs(3600);
    DashboardSnapshot snapshot;
    snapshot.request = request;
    q.by = request.by;
    snapshot.usage = TimeSeries::build(store->usage(q), buckets, request.metric, request.topN);
    q.by = UsageGroupBy::ErrorKind;
    snapshot.errors = TimeSeries::build(store->usage(q), buckets, UsageMetric::Requests, kAll);
    q.by = UsageGroupBy::EndReason;
    snapshot.endReasons = TimeSeries::build(store->usage(q), buckets, UsageMetric::Requests, kAll);
    snapshot.budgets = budgets(store);
    return snapshot;
}

void DashboardQueryWorker::run(const DashboardRequest &request, const QDateTime &now)
{
    Q_EMIT finished(query(m_store, request, now));
}
