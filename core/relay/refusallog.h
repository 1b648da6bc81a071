#pragma once

#include "formats/apiformat.h"
#include "obs/streamstatus.h"
#include "store/requestlogrow.h"

#include "obs/linethrottle.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <optional>

class Store;

// Requests the relay refuses outside any session (the raw-request guard's 400/408/413/431,
// an unknown path, a wrong method, a refused origin, a models list without a valid key, an
// exception while routing) still leave a request-log row (issue #8) and, for refusals, a
// line in the relay's log.
//
// A row names what was asked (method, path: bounded and masked), what the client got and
// why; never a key: what the client presented may be a credential and is not recorded. A
// flood of refusals costs one queued row each (the store's writer is bounded by
// log_buffer_rows and batches its writes) and at most kLinesPerWindow log lines a window;
// the lines left out are counted in the next one.
class RefusalLog
{
public:
    struct Refusal
    {
        QString requestId;
        QDateTime startedAt;   // UTC
        qint64 durationMs = 0;
        QByteArray method;     // "" when the request line never arrived whole
        QString path;          // as sent, without the query ("" as for method)
        int httpStatus = 400;
        QString message;       // why, as the client was told
        EndReason endReason = EndReason::Rejected; // Internal for an exception while routing
    };

    static constexpr int kMaxPathChars = 256;
    static constexpr int kLinesPerWindow = 20;
    static constexpr int kWindowMs = 60 * 1000;

    // The path as a row or message may carry it: at most kMaxPathChars, secrets masked.
    static QString boundedPath(const QString &path);
    // The client format a path alone names: /v1beta (Gemini), .../messages (Anthropic),
    // .../responses, .../chat/completions; none for anything else (/v1/models, unknown paths).
    static std::optional<ApiFormat> formatOfPath(const QString &path);

    // Builds the row, queues it in `store` (may be null), logs the refusal (rate-limited);
    // returns the row (for /metrics and the GUI's live view).
    RequestLogRow record(Store *store, const QString &node, const Refusal &refusal);

private:
    static RequestLogRow rowOf(const QString &node, const Refusal &refusal);
    void logLine(const RequestLogRow &row, const QByteArray &method);

    LineThrottle m_lines{kLinesPerWindow, kWindowMs};
};
