#include "errorlogtable.h"

#include "sqlutil.h"
#include "usagetable.h"

#include <QHash>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QVariant>

namespace {

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// A null QString binds as SQL NULL; the text columns hold "" for "none".
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// One signature's share of a batch.
struct Aggregate
{
    ErrorEntry last;         // the newest entry
    QDateTime firstSeen;
    qint64 count = 0;
    QSet<QString> channels;
    QList<ErrorEntry> samples; // the newest kSamplesPerGroup, oldest first
    QMap<QString, qint64> hours; // occurrences per hour bucket (trends)
};

QList<Aggregate> aggregate(const QList<ErrorEntry> &entries)
{
    QHash<QString, qsizetype> index;
    QList<Aggregate> out;
    for (const ErrorEntry &e : entries) {
        auto it = index.find(e.signature);
        if (it == index.end()) {
            it = index.insert(e.signature, out.size());
            out.append(Aggregate{e, e.at, 0, {}, {}, {}});
        }
        Aggregate &a = out[*it];
        ++a.count;
        ++a.hours[UsageTable::hourBucket(e.at)];
        if (e.at < a.firstSeen)
            a.firstSeen = e.at;
        if (e.at >= a.last.at)
            a.last = e;
        if (!e.channel.isEmpty())
            a.channels.insert(e.channel);
        a.samples.append(e);
        if (a.samples.size() > ErrorLogTable::kSamplesPerGroup)
            a.samples.removeFirst();
    }
    return out;
}

QString upsertGroupSql()
{
    // SET expressions see the row as it was before the update (SQLite and PostgreSQL alike).
    const QString newer = QStringLiteral("excluded.last_seen >= error_groups.last_seen");
    const auto pick = [&](const char *column) {
        return QStringLiteral("%1 = CASE WHEN %2 THEN excluded.%1 ELSE error_groups.%1 END")
            .arg(QLatin1String(column), newer);
    };
    return QStringLiteral(
               "INSERT INTO error_groups (signature, kind, channel_type, occurrences, first_seen, last_seen, "
               "last_message, last_channel, last_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (signature) DO UPDATE SET occurrences = error_groups.occurrences + excluded.occurrences, "
               "first_seen = CASE WHEN excluded.first_seen < error_groups.first_seen THEN excluded.first_seen "
               "ELSE error_groups.first_seen END, ")
        + QStringList{pick("last_seen"), pick("last_message"), pick("last_channel"), pick("last_request_id")}
              .join(QLatin1String(", "));
}

bool writeGroup(QSqlQuery &q, const Aggregate &a, QString *error)
{
    const QVariantList values{a.last.signature, errorKindName(a.last.kind), text(a.last.channelType), a.count,
                              isoUtc(a.firstSeen), isoUtc(a.last.at), text(a.last.message), text(a.last.channel),
                              text(a.last.requestId)};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    return SqlUtil::exec(q, error);
}

bool writeSample(QSqlQuery &q, const ErrorEntry &e, QString *error)
{
    const QVariantList values{e.signature, isoUtc(e.at), e.requestId, e.keyName, e.channel, e.model, e.message,
                              QString::fromUtf8(QJsonDocument(e.detail).toJson(QJsonDocument::Compact))};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    return SqlUtil::exec(q, error);
}

struct Statements
{
    QSqlQuery group, channel, sample, prune, hourly;
    explicit Statements(QSqlDatabase &db) : group(db), channel(db), sample(db), prune(db), hourly(db) {}

    bool prepare(QString *error)
    {
        const bool ok = group.prepare(upsertGroupSql())
            && channel.prepare(QStringLiteral("INSERT INTO error_group_channels (signature, channel) VALUES (?, ?) "
                                              "ON CONFLICT (signature, channel) DO NOTHING"))
            && sample.prepare(QStringLiteral("INSERT INTO error_samples (signature, at, request_id, key_name, channel, "
                                             "model, message, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"))
            && prune.prepare(QStringLiteral(
                "DELETE FROM error_samples WHERE signature = ? AND id < (SELECT MIN(id) FROM "
                "(SELECT id FROM error_samples WHERE signature = ? ORDER BY id DESC LIMIT %1) recent)")
                                 .arg(ErrorLogTable::kSamplesPerGroup))
            && hourly.prepare(QStringLiteral(
                "INSERT INTO error_hourly (signature, bucket, occurrences) VALUES (?, ?, ?) ON CONFLICT "
                "(signature, bucket) DO UPDATE SET occurrences = error_hourly.occurrences + excluded.occurrences"));
        if (!ok)
            *error = QStringLiteral("error log: cannot prepare statements");
        return ok;
    }
};

bool writeAggregate(Statements &s, const Aggregate &a, QString *error)
{
    if (!writeGroup(s.group, a, error))
        return false;
    for (const QString &channel : a.channels) {
        s.channel.bindValue(0, a.last.signature);
        s.channel.bindValue(1, channel);
        if (!SqlUtil::exec(s.channel, error))
            return false;
    }
    for (const ErrorEntry &e : a.samples)
        if (!writeSample(s.sample, e, error))
            return false;
    for (auto it = a.hours.cbegin(); it != a.hours.cend(); ++it) {
        s.hourly.bindValue(0, a.last.signature);
        s.hourly.bindValue(1, it.key());
        s.hourly.bindValue(2, it.value());
        if (!SqlUtil::exec(s.hourly, error))
            return false;
    }
    s.prune.bindValue(0, a.last.signature);
    s.prune.bindValue(1, a.last.signature);
    return SqlUtil::exec(s.prune, error);
}

ErrorGroup groupFromQuery(const QSqlQuery &q)
{
    ErrorGroup g;
    g.signature = q.value(0).toString();
    g.kind = q.value(1).toString();
    g.channelType = q.value(2).toString();
    g.count = q.value(3).toLongLong();
    g.firstSeen = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
    g.lastSeen = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    g.lastMessage = q.value(6).toString();
    g.lastChannel = q.value(7).toString();
    g.lastRequestId = q.value(8).toString();
    g.acknowledgedAt = QDateTime::fromString(q.value(9).toString(), Qt::ISODateWithMs);
    return g;
}

const char *kGroupColumns = "signature, kind, channel_type, occurrences, first_seen, last_seen, last_message, "
                            "last_channel, last_request_id, acknowledged_at";

bool fillChannels(QSqlDatabase &db, QList<ErrorGroup> &groups, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT channel FROM error_group_channels WHERE signature = ? ORDER BY channel"))) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    for (ErrorGroup &g : groups) {
        q.bindValue(0, g.signature);
        if (!SqlUtil::exec(q, error))
            return false;
        while (q.next())
            g.channels.append(q.value(0).toString());
    }
    return true;
}

} // namespace

namespace ErrorLogTable {

bool write(QSqlDatabase &db, const SqlDialect &, const QList<ErrorEntry> &entries, QString *error)
{
    if (entries.isEmpty())
        return true;
    Statements s(db);
    if (!s.prepare(error))
        return false;
    for (const Aggregate &a : aggregate(entries))
        if (!writeAggregate(s, a, error))
            return false;
    return true;
}

QList<ErrorGroup> groups(QSqlDatabase &db, const ErrorGroupQuery &query, QString *error)
{
    QStringList where;
    QVariantList values;
    if (!query.kind.isEmpty()) {
        where.append(QStringLiteral("kind = ?"));
        values.append(query.kind);
    }
    if (!query.channel.isEmpty()) {
        where.append(QStringLiteral("signature IN (SELECT signature FROM error_group_channels WHERE channel = ?)"));
        values.append(query.channel);
    }
    if (query.since.isValid()) {
        where.append(QStringLiteral("last_seen >= ?"));
        values.append(isoUtc(query.since));
    }
    if (!query.includeAcknowledged)
        where.append(QStringLiteral("(acknowledged_at IS NULL OR last_seen > acknowledged_at)"));
    values.append(qBound(1, query.limit, 1000));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + QLatin1String(kGroupColumns) + QLatin1String(" FROM error_groups")
              + (where.isEmpty() ? QString() : QLatin1String(" WHERE ") + where.join(QLatin1String(" AND ")))
              + QLatin1String(" ORDER BY last_seen DESC, signature LIMIT ?"));
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!SqlUtil::exec(q, error))
        return {};
    QList<ErrorGroup> out;
    while (q.next())
        out.append(groupFromQuery(q));
    q.finish();
    if (!fillChannels(db, out, error))
        return {};
    return out;
}

std::optional<ErrorGroup> group(QSqlDatabase &db, const QString &signature, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + QLatin1String(kGroupColumns)
              + QLatin1String(" FROM error_groups WHERE signature = ?"));
    q.bindValue(0, signature);
    if (!SqlUtil::exec(q, error) || !q.next())
        return std::nullopt;
    QList<ErrorGroup> one{groupFromQuery(q)};
    q.finish();
    if (!fillChannels(db, one, error))
        return std::nullopt;
    return one.first();
}

QList<ErrorSample> samples(QSqlDatabase &db, const QString &signature, int limit, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, signature, at, request_id, key_name, channel, model, message, detail "
                             "FROM error_samples WHERE signature = ? ORDER BY id DESC LIMIT ?"));
    q.bindValue(0, signature);
    q.bindValue(1, qBound(1, limit, kSamplesPerGroup));
    if (!SqlUtil::exec(q, error))
        return {};
    QList<ErrorSample> out;
    while (q.next()) {
        ErrorSample s;
        s.id = q.value(0).toLongLong();
        s.signature = q.value(1).toString();
        s.at = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        s.requestId = q.value(3).toString();
        s.keyName = q.value(4).toString();
        s.channel = q.value(5).toString();
        s.model = q.value(6).toString();
        s.message = q.value(7).toString();
        s.detail = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
        out.append(s);
    }
    return out;
}

bool acknowledge(QSqlDatabase &db, const QString &signature, QString *error)
{
    // The group's own last_seen, not the clock: any later occurrence shows it again.
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE error_groups SET acknowledged_at = last_seen WHERE signature = ?"));
    q.bindValue(0, signature);
    return SqlUtil::exec(q, error);
}

QHash<QString, QList<qint64>> hourlyCounts(QSqlDatabase &db, const QDateTime &from, int hours, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT signature, bucket, occurrences FROM error_hourly WHERE bucket >= ? AND bucket < ?"));
    const QDateTime first = QDateTime::fromString(UsageTable::hourBucket(from), Qt::ISODate);
    q.bindValue(0, UsageTable::hourBucket(first));
    q.bindValue(1, UsageTable::hourBucket(first.addSecs(3600LL * hours)));
    if (!SqlUtil::exec(q, error))
        return {};
    QHash<QString, QList<qint64>> out;
    while (q.next()) {
        const qint64 slot = first.secsTo(QDateTime::fromString(q.value(1).toString(), Qt::ISODate)) / 3600;
        QList<qint64> &counts = out[q.value(0).toString()];
        if (counts.isEmpty())
            counts.fill(0, hours);
        if (slot >= 0 && slot < hours)
            counts[slot] += q.value(2).toLongLong();
    }
    return out;
}

qint64 groupCount(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM error_groups")) || !q.next()) {
        *error = SqlUtil::errorText(q.lastError());
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace ErrorLogTable
