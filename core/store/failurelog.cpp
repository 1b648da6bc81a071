#include "failurelog.h"

#include "obs/secretmask.h"
#include "obs/streamcloseevent.h"

#include <QJsonArray>

namespace {

std::optional<ErrorKind> kindOfEnd(const RequestLogRow &row)
{
    if (const auto k = errorKindFromName(row.detail.value(QLatin1String("error_kind")).toString()))
        return k;
    const QJsonObject close = row.detail.value(QLatin1String("close_event")).toObject();
    if (const auto k = errorKindFromName(close.value(QLatin1String("kind")).toString()))
        return k;
    switch (row.streamStatus.endReason) {
    case EndReason::Done: return row.httpStatus >= 400 ? std::optional(ErrorKind::Rejected) : std::nullopt;
    case EndReason::Eof: return ErrorKind::UpstreamPremature;
    case EndReason::Timeout: return ErrorKind::Timeout;
    case EndReason::ClientGone: return ErrorKind::ClientAbort;
    case EndReason::ScannerError: return ErrorKind::ScannerError;
    case EndReason::PingFail: return ErrorKind::ClientWriteFailed;
    case EndReason::UpstreamError: return ErrorKind::UpstreamError;
    case EndReason::Internal: return ErrorKind::Internal;
    case EndReason::Rejected:
        if (row.httpStatus == 401)
            return ErrorKind::Auth;
        return row.httpStatus == 429 ? ErrorKind::Quota : ErrorKind::Rejected;
    }
    return ErrorKind::Internal;
}

// Attempts that failed while a later one went on (bootstrap retries).
QJsonArray retriedAttempts(const RequestLogRow &row)
{
    const QJsonArray attempts = row.detail.value(QLatin1String("attempts")).toArray();
    QJsonArray out;
    for (qsizetype i = 0; i + 1 < attempts.size(); ++i)
        if (!attempts[i].toObject().value(QLatin1String("error")).toString().isEmpty())
            out.append(attempts[i]);
    return out;
}

QDateTime endTime(const RequestLogRow &row)
{
    return row.startedAt.isValid() ? row.startedAt.addMSecs(row.durationMs) : QDateTime::currentDateTimeUtc();
}

ErrorEntry entryOf(const RequestLogRow &row, ErrorKind kind, const QString &channelType, const QString &message)
{
    ErrorEntry e = ErrorEntry::make(kind, channelType, message, endTime(row));
    e.requestId = row.requestId;
    e.keyName = row.keyName;
    e.channel = row.channel;
    e.model = row.model;
    return e;
}

QString finalMessage(const RequestLogRow &row)
{
    const QString close = row.detail.value(QLatin1String("close_event")).toObject()
                              .value(QLatin1String("message")).toString();
    if (!close.isEmpty())
        return close;
    if (!row.errorMessage.isEmpty())
        return row.errorMessage;
    return row.streamStatus.errors.isEmpty() ? endReasonName(row.streamStatus.endReason) : row.streamStatus.errors.last();
}

// What the sample keeps: the close event when there is one, else the row's diagnostics.
QJsonObject finalDetail(const RequestLogRow &row)
{
    const QJsonObject close = row.detail.value(QLatin1String("close_event")).toObject();
    if (!close.isEmpty())
        return close;
    QJsonObject d{{QStringLiteral("end_reason"), endReasonName(row.streamStatus.endReason)},
                  {QStringLiteral("http_status"), row.httpStatus},
                  {QStringLiteral("stream"), row.stream},
                  {QStringLiteral("client_format"), row.clientFormat},
                  {QStringLiteral("path"), row.path},
                  {QStringLiteral("key_index"), row.keyIndex},
                  {QStringLiteral("upstream_model"), row.upstreamModel},
                  {QStringLiteral("stream_status"), row.streamStatus.toJson()}};
    const QJsonValue attempts = row.detail.value(QLatin1String("attempts"));
    if (!attempts.isUndefined())
        d.insert(QStringLiteral("attempts"), attempts);
    return d;
}

QJsonArray maskedAttempts(const QJsonArray &attempts)
{
    QJsonArray out;
    for (const QJsonValue &v : attempts) {
        QJsonObject a = v.toObject();
        if (a.contains(QLatin1String("error")))
            a.insert(QStringLiteral("error"), SecretMask::apply(a.value(QLatin1String("error")).toString()));
        out.append(a);
    }
    return out;
}

} // namespace

namespace FailureLog {

QList<ErrorKind> kindsFor(const RequestLogRow &row)
{
    QList<ErrorKind> kinds(retriedAttempts(row).size(), ErrorKind::UpstreamRetried);
    if (!row.ok())
        if (const auto k = kindOfEnd(row))
            kinds.append(*k);
    return kinds;
}

QList<ErrorEntry> entriesFor(const RequestLogRow &row)
{
    QList<ErrorEntry> out;
    for (const QJsonValue &v : retriedAttempts(row)) {
        const QJsonObject a = v.toObject();
        const QString channel = a.value(QLatin1String("channel")).toString();
        // Only the final channel's type is known; another channel's attempt groups without one.
        ErrorEntry e = entryOf(row, ErrorKind::UpstreamRetried, channel == row.channel ? row.channelType : QString(),
                               a.value(QLatin1String("error")).toString());
        e.channel = channel;
        e.detail = a;
        e.detail.insert(QStringLiteral("error"), e.message);
        out.append(e);
    }
    if (row.ok())
        return out;
    const auto kind = kindOfEnd(row);
    if (!kind)
        return out;
    ErrorEntry e = entryOf(row, *kind, row.channelType, finalMessage(row));
    e.detail = finalDetail(masked(row));
    out.append(e);
    return out;
}

RequestLogRow masked(const RequestLogRow &row)
{
    if (row.ok() && row.errorMessage.isEmpty() && retriedAttempts(row).isEmpty())
        return row; // nothing free-text worth a regex pass
    RequestLogRow r = row;
    r.errorMessage = SecretMask::apply(r.errorMessage);
    for (QString &e : r.streamStatus.errors)
        e = SecretMask::apply(e);
    // Only the relay's own attempt list is rewritten; anything else stored there is kept as is.
    if (r.detail.value(QLatin1String("attempts")).isArray())
        r.detail.insert(QStringLiteral("attempts"), maskedAttempts(r.detail.value(QLatin1String("attempts")).toArray()));
    if (r.detail.value(QLatin1String("close_event")).isObject()) {
        QJsonObject close = r.detail.value(QLatin1String("close_event")).toObject();
        close.insert(QStringLiteral("message"), SecretMask::apply(close.value(QLatin1String("message")).toString()));
        r.detail.insert(QStringLiteral("close_event"), close);
    }
    return r;
}

} // namespace FailureLog
