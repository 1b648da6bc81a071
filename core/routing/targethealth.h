#pragma once

#include "attemptoutcome.h"
#include "routingpolicy.h"

#include <QJsonObject>
#include <QString>

// The health of one routing target: a channel, or one key of a channel. A small circuit
// breaker: failures in a row open it (unhealthy) for a while; when the while is over one
// trial request may go through (half-open); its success closes the circuit, its failure
// opens it again for twice as long. Keys also cool down after a 429.
class TargetHealth
{
public:
    // Ordered by severity: the state of a (channel, key) pair is the worse of the two.
    enum class State { Healthy, HalfOpen, Probing, Unhealthy, Cooling };
    static QString stateName(State state); // "healthy", "half_open", "probing", "unhealthy", "cooling"

    State state(qint64 nowMs, const RoutingPolicy &policy) const;
    // When the current Cooling or Unhealthy period ends (ms since the epoch); 0 when none.
    qint64 untilMs(qint64 nowMs) const;
    qint64 lastFailureMs() const { return m_lastFailureMs; }

    // The half-open trial goes to a request now; others skip the target until it reports.
    void takeProbe(qint64 nowMs);
    // The trial's request never reached this target: another request may try.
    void releaseProbe() { m_probing = false; }

    // `isKey`: rate limits and rejected keys concern the key; for its channel they only prove
    // the upstream is reachable.
    void record(const AttemptOutcome &outcome, bool isKey, qint64 nowMs, const RoutingPolicy &policy);

    QJsonObject toJson(qint64 nowMs, const RoutingPolicy &policy) const;

private:
    void close();
    void open(qint64 nowMs, const RoutingPolicy &policy);
    void noteFailure(const AttemptOutcome &outcome, qint64 nowMs);

    int m_failuresInARow = 0;
    int m_trips = 0;            // times opened without a success in between
    qint64 m_openUntilMs = 0;
    bool m_probing = false;
    qint64 m_probeSinceMs = 0;
    int m_rateLimitsInARow = 0;
    qint64 m_coolUntilMs = 0;
    qint64 m_lastFailureMs = 0;
    int m_lastStatus = 0;
    QString m_lastError;
};
