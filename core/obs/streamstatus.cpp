#include "streamstatus.h"

#include <QJsonArray>
#include <array>

namespace {
struct ReasonName { EndReason reason; const char *name; };
constexpr std::array kReasonNames{
    ReasonName{EndReason::Done, "done"},
    ReasonName{EndReason::Eof, "eof"},
    ReasonName{EndReason::Timeout, "timeout"},
    ReasonName{EndReason::ClientGone, "client_gone"},
    ReasonName{EndReason::ScannerError, "scanner_error"},
    ReasonName{EndReason::PingFail, "ping_fail"},
    ReasonName{EndReason::UpstreamError, "upstream_error"},
    ReasonName{EndReason::Internal, "internal"},
    ReasonName{EndReason::Rejected, "rejected"},
};
} // namespace

QString endReasonName(EndReason r)
{
    for (const auto &n : kReasonNames)
        if (n.reason == r)
            return QLatin1String(n.name);
    return QStringLiteral("internal");
}

std::optional<EndReason> endReasonFromName(QStringView name)
{
    for (const auto &n : kReasonNames)
        if (name == QLatin1String(n.name))
            return n.reason;
    return std::nullopt;
}

void StreamStatus::addError(const QString &message)
{
    ++errorCount;
    errors.append(message);
    while (errors.size() > kMaxErrors)
        errors.removeFirst();
}

QJsonObject StreamStatus::toJson() const
{
    return QJsonObject{
        {QStringLiteral("status"), ok() ? QStringLiteral("ok") : QStringLiteral("error")},
        {QStringLiteral("end_reason"), endReasonName(endReason)},
        {QStringLiteral("error_count"), errorCount},
        {QStringLiteral("errors"), QJsonArray::fromStringList(errors)},
        {QStringLiteral("events"), events},
        {QStringLiteral("bytes"), bytes},
        {QStringLiteral("first_byte_ms"), firstByteMs},
    };
}

StreamStatus StreamStatus::fromJson(const QJsonObject &o)
{
    StreamStatus s;
    s.endReason = endReasonFromName(o.value(QLatin1String("end_reason")).toString())
                      .value_or(EndReason::Internal);
    s.errorCount = o.value(QLatin1String("error_count")).toInt();
    for (const auto &e : o.value(QLatin1String("errors")).toArray())
        s.errors.append(e.toString());
    s.events = o.value(QLatin1String("events")).toInteger();
    s.bytes = o.value(QLatin1String("bytes")).toInteger();
    s.firstByteMs = o.value(QLatin1String("first_byte_ms")).toInteger(-1);
    return s;
}
