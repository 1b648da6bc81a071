#include "storesamples.h"

#include <QJsonObject>

namespace StoreSamples {

RequestLogRow requestRow(const QString &requestId, const QString &key)
{
    RequestLogRow row;
    row.requestId = requestId;
    row.startedAt = QDateTime(QDate(2025, 6, 1), QTime(12, 34, 56, 789), Qt::UTC);
    row.durationMs = 1234;
    row.node = QStringLiteral("node-a");
    row.clientFormat = QStringLiteral("anthropic");
    row.path = QStringLiteral("/v1/messages");
    row.keyName = key;
    row.channel = QStringLiteral("openai-main");
    row.keyIndex = 1;
    row.model = QStringLiteral("claude-sonnet-4-5");
    row.upstreamModel = QStringLiteral("gpt-5");
    row.stream = true;
    row.httpStatus = 200;
    row.streamStatus.events = 42;
    row.streamStatus.bytes = 4096;
    row.streamStatus.firstByteMs = 321;
    row.usage = Usage{100, 50, 20, 10, true};
    row.costUsd = 0.0125;
    row.upstreamResponseId = QStringLiteral("resp_123");
    row.detail = QJsonObject{{QStringLiteral("attempts"), 2}};
    return row;
}

} // namespace StoreSamples
