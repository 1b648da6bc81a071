#pragma once

#include <QByteArray>
#include <QString>

// What went wrong, independent of the format it is reported in. Each FormatAdapter turns
// it into its own error body / in-stream error event.
enum class ErrorCode {
    InvalidRequest,    // 400: malformed JSON, missing model, bad field
    Authentication,    // 401: unknown/disabled/expired client key
    Permission,        // 403: key may not use the model; admin from a non-loopback caller
    NotFound,          // 404: no channel serves the model
    UnknownRoute,      // 404: no endpoint at that path (not a model problem)
    RequestTooLarge,   // 413
    RateLimit,         // 429 from upstream / cooldown
    InsufficientQuota, // 429: the key's budget is spent
    Timeout,           // 504 / in-stream: upstream too slow
    Upstream,          // 502: upstream failed (connect error, bad reply, premature close)
    Unavailable,       // 503: nothing could serve the request (all attempts failed)
    Overloaded,        // 529-style upstream overload
    Internal           // 500: relay bug
};

struct RelayError
{
    int httpStatus = 500;
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString param; // OpenAI's `param`, when one field is to blame

    static RelayError make(ErrorCode code, const QString &message);
    static int defaultStatus(ErrorCode code);
    // Maps an upstream HTTP status to the code used when re-reporting it to the client.
    static ErrorCode codeForHttpStatus(int status);
};

// Pulls a human message out of an upstream error body of any common shape
// (error.message, error (string), message, msg, error_msg, detail, errors[0].message).
// Falls back to the trimmed body text (bounded) when it is not JSON.
QString extractErrorMessage(const QByteArray &body);
