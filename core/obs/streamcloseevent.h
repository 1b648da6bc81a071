#pragma once

#include "errorkind.h"

#include <QJsonObject>
#include <QString>
#include <optional>

// The diagnostics of a stream (or non-stream exchange) that ended badly in one of the four
// ways of SPEC.md: client-abort, client-write-failed, upstream-error, upstream-premature.
// Recorded twice: in the request row (detail.close_event) and as an error-log entry.
struct StreamCloseEvent
{
    ErrorKind kind = ErrorKind::UpstreamPremature; // one of the four stream-close kinds
    QString message;            // what happened, secrets masked
    QString requestId;
    QString keyName;            // client key name
    QString channel;
    QString channelType;        // apiFormatName() of the channel
    int keyIndex = -1;          // upstream key index within the channel
    QString clientModel;
    QString upstreamModel;
    QString upstreamResponseId;
    int upstreamStatus = 0;     // HTTP status the upstream answered (0: none)
    bool stream = true;         // false: a non-stream exchange
    qint64 eventsSeen = 0;      // upstream events seen
    qint64 chunksWritten = 0;   // chunks written to the client
    qint64 bytesWritten = 0;    // body bytes written to the client
    QString lastEventSent;      // event type of the last event forwarded to the client
    bool terminalSent = false;  // the terminal event reached the client
    bool reasoningSeen = false; // reasoning/thinking content was seen

    QJsonObject toJson() const;
    // nullopt when `o` is not a close event (no known stream-close "kind").
    static std::optional<StreamCloseEvent> fromJson(const QJsonObject &o);
};
