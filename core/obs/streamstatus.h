#pragma once

#include <QJsonObject>
#include <QStringList>
#include <optional>

// Why a stream (or a non-streaming exchange) ended. Strings only at the edges: see
// endReasonName()/endReasonFromName().
enum class EndReason {
    Done,         // the upstream's terminal event reached the client
    Eof,          // upstream closed without a terminal event (premature close)
    Timeout,      // upstream silent past first-byte or idle timeout
    ClientGone,   // the client disconnected before the terminal event
    ScannerError, // the upstream byte stream could not be framed (e.g. a line over the limit)
    PingFail,     // a keep-alive write to the client failed
    UpstreamError,// upstream answered with an error (HTTP status or in-stream error event)
    Internal,     // a bug or exception inside the relay
    Rejected      // refused by the relay before any upstream call (auth, bad request, no channel, quota)
};

QString endReasonName(EndReason r);
std::optional<EndReason> endReasonFromName(QStringView name);

// The one summary every stream ends with (SPEC.md "stream status").
struct StreamStatus
{
    EndReason endReason = EndReason::Done;
    int errorCount = 0;       // soft + hard errors
    QStringList errors;       // messages, most recent last, bounded (kMaxErrors)
    qint64 events = 0;        // upstream events seen
    qint64 bytes = 0;         // bytes written to the client (body only)
    qint64 firstByteMs = -1;  // ms from request start to first upstream byte; -1: none

    static constexpr int kMaxErrors = 20;

    bool ok() const { return endReason == EndReason::Done; }
    void addError(const QString &message);
    QJsonObject toJson() const; // {"status","end_reason","error_count","errors","events","bytes","first_byte_ms"}
    static StreamStatus fromJson(const QJsonObject &o);
};
