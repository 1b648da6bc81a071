#pragma once

#include "model/usage.h"
#include "obs/streamstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// One row of the request (audit) log: every request the relay answered, streamed or not,
// successful or refused.
struct RequestLogRow
{
    qint64 id = 0;              // assigned by the store
    QString requestId;          // relay-generated, also sent to the client as X-Request-Id
    QDateTime startedAt;        // UTC
    qint64 durationMs = 0;
    QString node;               // host name of the relay node that served it
    QString clientFormat;       // apiFormatName() of the route
    QString path;               // request path without query
    QString keyName;            // "" when auth failed
    QString channel;            // "" when no channel was chosen
    QString channelType;        // apiFormatName() of that channel; not stored (error signatures use it)
    int keyIndex = -1;          // upstream key index within the channel
    QString model;              // client-visible model
    QString upstreamModel;
    bool stream = false;
    int httpStatus = 0;         // status the client got
    StreamStatus streamStatus;  // for non-stream requests too (end reason of the exchange)
    Usage usage;
    double costUsd = 0;
    QString errorMessage;       // "" when ok
    QString upstreamResponseId;
    QJsonObject detail;         // attempts, stream-close diagnostics, anything else

    bool ok() const { return streamStatus.ok() && httpStatus < 400; }
    QJsonObject toJson() const; // the /admin/logs item shape
};

// Filters and paging of a request-log query (newest first).
struct RequestLogQuery
{
    int limit = 50;
    qint64 beforeId = 0;        // 0: from the newest
    QString key, channel, model, status; // "" = any; status is "ok" or "error"
    QString endReason;
    QDateTime from, to;         // started_at in [from, to); invalid = open
    QString search;             // "" = any: substring of the request id, key, channel, models,
                                // error message or upstream response id
    QString requestId;          // "" = any: exactly this request

    bool operator==(const RequestLogQuery &) const = default;
};
