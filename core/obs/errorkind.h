#pragma once

#include <QString>
#include <QStringView>
#include <optional>

// What kind of failure an error-log entry is. The first four are the stream-close events of
// SPEC.md; the rest are the other failure paths. Strings only at the edges: errorKindName().
enum class ErrorKind {
    ClientAbort,       // "client-abort": the client disconnected before the answer was complete
    ClientWriteFailed, // "client-write-failed": a write to the client failed, or it read too slowly
    UpstreamError,     // "upstream-error": an upstream error status or in-stream error event
    UpstreamPremature, // "upstream-premature": the upstream closed before its terminal event
    UpstreamRetried,   // "upstream-retried": an attempt failed and another channel/key answered
    Timeout,           // "timeout": first byte, idle or total deadline
    ScannerError,      // "scanner-error": upstream bytes that could not be framed
    Auth,              // "auth": missing, unknown, disabled or expired client key
    Quota,             // "quota": the key's budget is spent
    Rejected,          // "rejected": any other request the relay refused (bad body, no channel)
    Translation,       // "translation": a request or answer that could not be translated
    Internal           // "internal": a relay bug, or the relay shutting down mid-request
};

QString errorKindName(ErrorKind kind);
std::optional<ErrorKind> errorKindFromName(QStringView name);
// The four kinds that are stream-close events (recorded in the request row's close_event too).
bool isStreamCloseKind(ErrorKind kind);
