#pragma once

#include <QByteArray>
#include <QDateTime>

// How long an upstream asks us to wait, from its `Retry-After` header (delay-seconds or an
// HTTP-date, RFC 9110 10.2.3) or OpenAI's `retry-after-ms`. -1 when neither is usable.
namespace RetryAfter {
qint64 parseMs(const QByteArray &retryAfter, const QByteArray &retryAfterMs, const QDateTime &now);
// An HTTP-date in any of the three forms RFC 9110 accepts (IMF-fixdate, RFC 850, asctime).
QDateTime parseHttpDate(const QByteArray &value);
} // namespace RetryAfter
