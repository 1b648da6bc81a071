#include "requestlogtable.h"

#include <QJsonDocument>
#include <QVariant>
#include <array>

namespace {

// Order matters: bind() and fromQuery() follow it.
constexpr std::array kColumns{
    "request_id", "started_at", "duration_ms", "node", "client_format", "path", "key_name",
    "channel", "key_index", "model", "upstream_model", "stream", "http_status", "status",
    "end_reason", "stream_status", "input_tokens", "output_tokens", "cached_input_tokens",
    "reasoning_tokens", "cost_usd", "error_message", "upstream_response_id", "detail"};

QString columnList()
{
    QStringList names;
    for (const char *c : kColumns)
        names.append(QLatin1String(c));
    return names.join(QLatin1String(", "));
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// Unknown usage is stored as NULL tokens, so SUM() and the charts skip it.
QVariant tokens(const Usage &u, qint64 value)
{
    return u.known ? QVariant(value) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace

namespace RequestLogTable {

QString insertSql(int rows)
{
    QStringList marks;
    for (size_t i = 0; i < kColumns.size(); ++i)
        marks.append(QStringLiteral("?"));
    const QString tuple = u'(' + marks.join(QLatin1String(", ")) + u')';
    QStringList tuples;
    for (int i = 0; i < rows; ++i)
        tuples.append(tuple);
    return QStringLiteral("INSERT INTO request_log (") + columnList() + QLatin1String(") VALUES ")
           + tuples.join(QLatin1String(", "));
}

QString statusText(const RequestLogRow &row)
{
    return row.ok() ? QStringLiteral("ok") : QStringLiteral("error");
}

void bind(QSqlQuery &q, const RequestLogRow &row, int position)
{
    const QVariantList values{
        row.requestId, isoUtc(row.startedAt), row.durationMs, row.node, row.clientFormat, row.path,
        row.keyName, row.channel, row.keyIndex, row.model, row.upstreamModel, int(row.stream),
        row.httpStatus, statusText(row), endReasonName(row.streamStatus.endReason),
        jsonText(row.streamStatus.toJson()), tokens(row.usage, row.usage.inputTokens),
        tokens(row.usage, row.usage.outputTokens), tokens(row.usage, row.usage.cachedInputTokens),
        tokens(row.usage, row.usage.reasoningTokens), row.costUsd, row.errorMessage,
        row.upstreamResponseId, jsonText(row.detail)};
    const int first = position * int(kColumns.size());
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(first + i, values.at(i));
}

QString selectColumns()
{
    return QStringLiteral("id, ") + columnList();
}

RequestLogRow fromQuery(const QSqlQuery &q)
{
    RequestLogRow row;
    int i = 0;
    row.id = q.value(i++).toLongLong();
    row.requestId = q.value(i++).toString();
    row.startedAt = QDateTime::fromString(q.value(i++).toString(), Qt::ISODateWithMs);
    row.durationMs = q.value(i++).toLongLong();
    row.node = q.value(i++).toString();
    row.clientFormat = q.value(i++).toString();
    row.path = q.value(i++).toString();
    row.keyName = q.value(i++).toString();
    row.channel = q.value(i++).toString();
    row.keyIndex = q.value(i++).toInt();
    row.model = q.value(i++).toString();
    row.upstreamModel = q.value(i++).toString();
    row.stream = q.value(i++).toInt() != 0;
    row.httpStatus = q.value(i++).toInt();
    i += 2; // status and end_reason: derived from stream_status and http_status
    row.streamStatus = StreamStatus::fromJson(jsonObject(q.value(i++)));
    row.usage.known = !q.value(i).isNull();
    row.usage.inputTokens = q.value(i++).toLongLong();
    row.usage.outputTokens = q.value(i++).toLongLong();
    row.usage.cachedInputTokens = q.value(i++).toLongLong();
    row.usage.reasoningTokens = q.value(i++).toLongLong();
    row.costUsd = q.value(i++).toDouble();
    row.errorMessage = q.value(i++).toString();
    row.upstreamResponseId = q.value(i++).toString();
    row.detail = jsonObject(q.value(i++));
    return row;
}

} // namespace RequestLogTable
