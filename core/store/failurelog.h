#pragma once

#include "obs/errorentry.h"
#include "requestlogrow.h"

#include <QList>

// How a request row feeds the error log: which failures it records (its end, plus every
// attempt that failed before another answered) and with what diagnostics. The store's writer
// applies it to every row it writes, so every failure path of the relay (rejections, upstream
// errors, timeouts, stream-close events, internal errors) lands in the error log the same way.
//
// The kind of the final failure, first match wins: detail.error_kind (set by the session, e.g.
// "translation"), detail.close_event.kind, then the end reason (and for refusals the status:
// 401 auth, 429 quota, else rejected).
namespace FailureLog {
QList<ErrorKind> kindsFor(const RequestLogRow &row); // cheap: no messages, no signatures
QList<ErrorEntry> entriesFor(const RequestLogRow &row);
// The row with secrets masked in every free-text field (error, stream errors, attempts,
// close event message).
RequestLogRow masked(const RequestLogRow &row);
} // namespace FailureLog
