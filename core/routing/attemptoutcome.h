#pragma once

#include <QByteArray>
#include <QString>

// What one upstream attempt tells the router about its target (channel and key).
struct AttemptOutcome
{
    enum class Kind {
        Success,     // the exchange completed
        Connected,   // a stream's content started flowing: the target works; its end comes later
        RateLimited, // 429 (or an in-stream rate-limit error before content): the key cools down
        Failure,     // connect error, timeout, 5xx, an error before content, a stream cut short
        KeyRejected, // 401/403: the upstream refuses this key
        Neutral      // the request's own fault (other 4xx) or the client left: says nothing
    };

    Kind kind = Kind::Neutral;
    int httpStatus = 0;       // 0: no HTTP answer
    qint64 retryAfterMs = -1; // what the upstream asked for with a 429; -1: nothing
    QString error;

    static AttemptOutcome success() { return AttemptOutcome{Kind::Success, 200, -1, {}}; }
    static AttemptOutcome connected() { return AttemptOutcome{Kind::Connected, 200, -1, {}}; }
    static AttemptOutcome neutral(const QString &why = {}) { return AttemptOutcome{Kind::Neutral, 0, -1, why}; }
    // A failed attempt classified by the upstream's status (0: no HTTP answer; 2xx: an error
    // event inside a 200 stream).
    static AttemptOutcome failed(int httpStatus, qint64 retryAfterMs, const QString &error);

    bool countsAsFailure() const { return kind == Kind::Failure || kind == Kind::KeyRejected; }
};
