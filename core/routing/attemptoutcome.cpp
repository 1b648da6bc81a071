#include "attemptoutcome.h"

AttemptOutcome AttemptOutcome::failed(int httpStatus, qint64 retryAfterMs, const QString &error)
{
    AttemptOutcome o;
    o.httpStatus = httpStatus;
    o.error = error;
    if (httpStatus == 429) {
        o.kind = Kind::RateLimited;
        o.retryAfterMs = retryAfterMs;
    } else if (httpStatus == 401 || httpStatus == 403) {
        o.kind = Kind::KeyRejected;
    } else if (httpStatus >= 400 && httpStatus < 500 && httpStatus != 408) {
        o.kind = Kind::Neutral; // the request's fault: another target would refuse it too
    } else {
        o.kind = Kind::Failure; // 0, 408, 5xx, or an error event inside a 200 stream
    }
    return o;
}
