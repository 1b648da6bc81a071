#include "usagetable.h"

#include "sqlutil.h"

#include <QMap>
#include <QVariant>
#include <tuple>

namespace {

using Key = std::tuple<QString, QString, QString, QString>; // bucket, key, channel, model

struct Sums
{
    qint64 requests = 0, errors = 0, input = 0, output = 0, cached = 0, reasoning = 0;
    double cost = 0;
};

QString addSql()
{
    QStringList sets;
    for (const char *c : {"requests", "errors", "input_tokens", "output_tokens", "cached_input_tokens",
                          "reasoning_tokens", "cost_usd"})
        sets.append(QStringLiteral("%1 = usage_hourly.%1 + excluded.%1").arg(QLatin1String(c)));
    return QStringLiteral("INSERT INTO usage_hourly (bucket, key_name, channel, model, requests, errors, input_tokens, "
                          "output_tokens, cached_input_tokens, reasoning_tokens, cost_usd) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (bucket, key_name, channel, model) DO UPDATE SET ")
        + sets.join(QLatin1String(", "));
}

QString hourOf(const QDateTime &t)
{
    return UsageTable::hourBucket(t.isValid() ? t : QDateTime::currentDateTimeUtc());
}

QString groupColumn(UsageGroupBy by)
{
    switch (by) {
    case UsageGroupBy::None: return QStringLiteral("''");
    case UsageGroupBy::Key: return QStringLiteral("key_name");
    case UsageGroupBy::Channel: return QStringLiteral("channel");
    case UsageGroupBy::Model: return QStringLiteral("model");
    case UsageGroupBy::EndReason:
    case UsageGroupBy::ErrorKind: return QStringLiteral("name"); // of usage_hourly_outcomes
    }
    return QStringLiteral("''");
}

bool addSums(QSqlDatabase &db, const QList<RequestLogRow> &rows, QString *error)
{
    QMap<Key, Sums> sums;
    for (const RequestLogRow &r : rows) {
        Sums &s = sums[{hourOf(r.startedAt), r.keyName, r.channel, r.model}];
        ++s.requests;
        s.errors += r.ok() ? 0 : 1;
        if (r.usage.known) {
            s.input += r.usage.inputTokens;
            s.output += r.usage.outputTokens;
            s.cached += r.usage.cachedInputTokens;
            s.reasoning += r.usage.reasoningTokens;
        }
        s.cost += r.costUsd;
    }
    if (sums.isEmpty())
        return true;
    QSqlQuery q(db);
    if (!q.prepare(addSql())) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
        const auto &[bucket, key, channel, model] = it.key();
        const Sums &s = it.value();
        // Null strings would bind as NULL: "" is the "none" of these key columns.
        const auto text = [](const QString &v) { return v.isNull() ? QStringLiteral("") : v; };
        const QVariantList values{bucket, text(key), text(channel), text(model), s.requests, s.errors, s.input,
                                  s.output, s.cached, s.reasoning, s.cost};
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values[i]);
        if (!SqlUtil::exec(q, error))
            return false;
    }
    return true;
}

// Counts per (hour, dimension, name): the rows' end reasons and the entries' error kinds.
bool addOutcomes(QSqlDatabase &db, const QList<RequestLogRow> &rows, const QList<ErrorEntry> &entries,
                 QString *error)
{
    using OutcomeKey = std::tuple<QString, UsageGroupBy, QString>; // bucket, dimension, name
    QMap<OutcomeKey, qint64> counts;
    for (const RequestLogRow &r : rows)
        ++counts[{hourOf(r.startedAt), UsageGroupBy::EndReason, endReasonName(r.streamStatus.endReason)}];
    for (const ErrorEntry &e : entries)
        ++counts[{hourOf(e.at), UsageGroupBy::ErrorKind, errorKindName(e.kind)}];
    if (counts.isEmpty())
        return true;
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("INSERT INTO usage_hourly_outcomes (bucket, dimension, name, occurrences) "
                                  "VALUES (?, ?, ?, ?) ON CONFLICT (bucket, dimension, name) DO UPDATE SET "
                                  "occurrences = usage_hourly_outcomes.occurrences + excluded.occurrences"))) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const auto &[bucket, dimension, name] = it.key();
        q.bindValue(0, bucket);
        q.bindValue(1, usageGroupByName(dimension));
        q.bindValue(2, name);
        q.bindValue(3, it.value());
        if (!SqlUtil::exec(q, error))
            return false;
    }
    return true;
}

} // namespace

namespace UsageTable {

QString hourBucket(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    return QDateTime(utc.date(), QTime(utc.time().hour(), 0), Qt::UTC).toString(Qt::ISODate);
}

bool add(QSqlDatabase &db, const QList<RequestLogRow> &rows, const QList<ErrorEntry> &entries, QString *error)
{
    return addSums(db, rows, error) && addOutcomes(db, rows, entries, error);
}

QList<UsagePoint> query(QSqlDatabase &db, const UsageQuery &query, QString *error)
{
    // Buckets are ISO strings: a day is the first 10 characters of its hours.
    const QString bucket = query.bucket == UsageBucket::Day ? QStringLiteral("substr(bucket, 1, 10)")
                                                            : QStringLiteral("bucket");
    const QString group = groupColumn(query.by);
    const bool outcomes = query.by == UsageGroupBy::EndReason || query.by == UsageGroupBy::ErrorKind;
    // Grouped by position: PostgreSQL refuses a constant (GROUP BY '') when not grouping.
    // Outcome rows fill only the request count (the other sums are constant zeros).
    const QString sums = outcomes ? QStringLiteral("SUM(occurrences), 0, 0, 0, 0, 0, 0 FROM usage_hourly_outcomes "
                                                   "WHERE dimension = ? AND")
                                  : QStringLiteral("SUM(requests), SUM(errors), SUM(input_tokens), "
                                                   "SUM(output_tokens), SUM(cached_input_tokens), "
                                                   "SUM(reasoning_tokens), SUM(cost_usd) FROM usage_hourly WHERE");
    const QString sql = QStringLiteral("SELECT %1 AS b, %2 AS g, %3 bucket >= ? AND bucket < ? "
                                       "GROUP BY 1, 2 ORDER BY b, g").arg(bucket, group, sums);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    if (outcomes)
        q.addBindValue(usageGroupByName(query.by));
    q.addBindValue(hourBucket(query.from));
    q.addBindValue(query.to.toUTC().toString(Qt::ISODate));
    if (!SqlUtil::exec(q, error))
        return {};
    QList<UsagePoint> out;
    while (q.next()) {
        UsagePoint p;
        const QString b = q.value(0).toString();
        p.bucket = query.bucket == UsageBucket::Day ? QDateTime(QDate::fromString(b, Qt::ISODate), QTime(0, 0), Qt::UTC)
                                                    : QDateTime::fromString(b, Qt::ISODate);
        p.group = q.value(1).toString();
        p.requests = q.value(2).toLongLong();
        p.errors = q.value(3).toLongLong();
        p.inputTokens = q.value(4).toLongLong();
        p.outputTokens = q.value(5).toLongLong();
        p.cachedInputTokens = q.value(6).toLongLong();
        p.reasoningTokens = q.value(7).toLongLong();
        p.costUsd = q.value(8).toDouble();
        out.append(p);
    }
    return out;
}

} // namespace UsageTable
