#include "retention.h"

#include "sqlutil.h"

#include <QVariant>

namespace {

// Runs `sql` with `values` bound; the number of rows it changed, -1 on failure.
int run(QSqlDatabase &db, const QString &sql, const QVariantList &values, QString *error)
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!SqlUtil::exec(q, error))
        return -1;
    return q.numRowsAffected();
}

// The id at and below which rows exceed the row limit, 0 when within it.
qint64 rowLimitCutoff(QSqlDatabase &db, qint64 keep, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM request_log ORDER BY id DESC LIMIT 1 OFFSET ?"));
    q.bindValue(0, keep);
    if (!SqlUtil::exec(q, error))
        return -1;
    return q.next() ? q.value(0).toLongLong() : 0;
}

int pruneOldRows(QSqlDatabase &db, const QString &cutoff, QString *error)
{
    return run(db, QStringLiteral("DELETE FROM request_log WHERE id IN (SELECT id FROM request_log "
                                  "WHERE started_at < ? ORDER BY id LIMIT %1)").arg(Retention::kStepRows),
               {cutoff}, error);
}

int pruneOldErrors(QSqlDatabase &db, const QString &cutoff, QString *error)
{
    const int samples = run(db, QStringLiteral("DELETE FROM error_samples WHERE id IN (SELECT id FROM error_samples "
                                               "WHERE at < ? ORDER BY id LIMIT %1)").arg(Retention::kStepRows),
                            {cutoff}, error);
    if (samples != 0)
        return samples;
    const int groups = run(db, QStringLiteral("DELETE FROM error_groups WHERE last_seen < ?"), {cutoff}, error);
    if (groups <= 0)
        return groups;
    const int channels = run(db, QStringLiteral("DELETE FROM error_group_channels WHERE signature NOT IN "
                                                "(SELECT signature FROM error_groups)"), {}, error);
    // Hourly counts (trend lines) go with their group.
    const int hours = channels < 0 ? -1 : run(db, QStringLiteral("DELETE FROM error_hourly WHERE signature NOT IN "
                                                                 "(SELECT signature FROM error_groups)"), {}, error);
    return hours < 0 ? -1 : groups;
}

int pruneStepInTransaction(QSqlDatabase &db, const RetentionPolicy &policy, const QDateTime &now, QString *error)
{
    if (policy.days > 0) {
        const QString cutoff = now.toUTC().addDays(-policy.days).toString(Qt::ISODateWithMs);
        if (const int n = pruneOldRows(db, cutoff, error); n != 0)
            return n;
        if (const int n = pruneOldErrors(db, cutoff, error); n != 0)
            return n;
    }
    if (policy.rows > 0) {
        const qint64 cutoff = rowLimitCutoff(db, policy.rows, error);
        if (cutoff <= 0)
            return int(cutoff);
        return run(db, QStringLiteral("DELETE FROM request_log WHERE id IN (SELECT id FROM request_log "
                                      "WHERE id <= ? ORDER BY id LIMIT %1)").arg(Retention::kStepRows),
                   {cutoff}, error);
    }
    return 0;
}

} // namespace

namespace Retention {

int pruneStep(QSqlDatabase &db, const SqlDialect &dialect, const RetentionPolicy &policy, const QDateTime &now,
              QString *error)
{
    if (policy.isNone())
        return 0;
    SqlTransaction txn(db, dialect);
    if (!txn.begin(error))
        return -1;
    const int n = pruneStepInTransaction(db, policy, now, error);
    if (n < 0 || !txn.commit(error))
        return -1;
    return n;
}

} // namespace Retention
