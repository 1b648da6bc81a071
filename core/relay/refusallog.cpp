#include "refusallog.h"

#include "obs/logger.h"
#include "obs/secretmask.h"
#include "store/store.h"

namespace {
constexpr int kMaxMethodChars = 16;
} // namespace

QString RefusalLog::boundedPath(const QString &path)
{
    if (path.size() <= kMaxPathChars)
        return SecretMask::apply(path);
    return SecretMask::apply(path.left(kMaxPathChars)) + QStringLiteral("...");
}

std::optional<ApiFormat> RefusalLog::formatOfPath(const QString &path)
{
    if (path.startsWith(QLatin1String("/v1beta")))
        return ApiFormat::Gemini;
    if (path.contains(QLatin1String("/messages")))
        return ApiFormat::Anthropic;
    if (path.contains(QLatin1String("/responses")))
        return ApiFormat::OpenAIResponses;
    if (path.contains(QLatin1String("/chat/completions")))
        return ApiFormat::OpenAIChat;
    return std::nullopt;
}

RequestLogRow RefusalLog::rowOf(const QString &node, const Refusal &refusal)
{
    RequestLogRow row;
    row.requestId = refusal.requestId;
    row.startedAt = refusal.startedAt;
    row.durationMs = refusal.durationMs;
    row.node = node;
    const std::optional<ApiFormat> format = formatOfPath(refusal.path); // when the path tells it
    row.clientFormat = format ? apiFormatName(*format) : QString();
    row.path = boundedPath(refusal.path);
    row.httpStatus = refusal.httpStatus;
    row.streamStatus.endReason = refusal.endReason;
    row.streamStatus.addError(refusal.message);
    row.errorMessage = refusal.message;
    // The row has no method column; the detail carries it (the message often names it too).
    if (!refusal.method.isEmpty())
        row.detail.insert(QStringLiteral("method"), QString::fromLatin1(refusal.method.left(kMaxMethodChars)));
    row.detail.insert(QStringLiteral("refused_before_route"), true);
    return row;
}

RequestLogRow RefusalLog::record(Store *store, const QString &node, const Refusal &refusal)
{
    const RequestLogRow row = rowOf(node, refusal);
    if (store)
        store->appendRequestLog(row);
    if (refusal.endReason == EndReason::Rejected) // an internal error has its own critical line
        logLine(row, refusal.method.left(kMaxMethodChars));
    return row;
}

void RefusalLog::logLine(const RequestLogRow &row, const QByteArray &method)
{
    qint64 leftOut = 0;
    if (!m_lines.admit(&leftOut))
        return;
    const QString notLogged = leftOut > 0
        ? QStringLiteral(" [%1 earlier refusals not logged: at most %2 lines a minute]").arg(leftOut).arg(kLinesPerWindow)
        : QString();
    qCInfo(lcRelay).noquote() << "refused" << (method.isEmpty() ? QByteArray("request") : method)
                              << (row.path.isEmpty() ? QStringLiteral("(no request line)") : row.path) << "with"
                              << row.httpStatus << QStringLiteral("(%1):").arg(row.requestId) << row.errorMessage + notLogged;
}
