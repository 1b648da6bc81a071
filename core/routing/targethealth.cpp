#include "targethealth.h"

#include <QDateTime>

namespace {
// base * 2^(n-1) seconds, capped; in ms.
qint64 backoffMs(int base, int n, int cap)
{
    const int shift = qBound(0, n - 1, 20);
    return qMin<qint64>(qint64(base) << shift, cap) * 1000;
}

QJsonValue timeOrNull(qint64 ms)
{
    if (ms <= 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

QString TargetHealth::stateName(State state)
{
    switch (state) {
    case State::Healthy: return QStringLiteral("healthy");
    case State::HalfOpen: return QStringLiteral("half_open");
    case State::Probing: return QStringLiteral("probing");
    case State::Unhealthy: return QStringLiteral("unhealthy");
    case State::Cooling: return QStringLiteral("cooling");
    }
    return QString();
}

TargetHealth::State TargetHealth::state(qint64 nowMs, const RoutingPolicy &policy) const
{
    if (m_coolUntilMs > nowMs)
        return State::Cooling;
    if (m_openUntilMs > nowMs)
        return State::Unhealthy;
    if (m_trips == 0)
        return State::Healthy;
    const bool trialRunning = m_probing && nowMs - m_probeSinceMs < qint64(policy.probeTimeoutSeconds) * 1000;
    return trialRunning ? State::Probing : State::HalfOpen;
}

qint64 TargetHealth::untilMs(qint64 nowMs) const
{
    if (m_coolUntilMs > nowMs)
        return m_coolUntilMs;
    return m_openUntilMs > nowMs ? m_openUntilMs : 0;
}

void TargetHealth::takeProbe(qint64 nowMs)
{
    m_probing = true;
    m_probeSinceMs = nowMs;
}

void TargetHealth::close()
{
    m_trips = 0;
    m_openUntilMs = 0;
    m_probing = false;
}

void TargetHealth::open(qint64 nowMs, const RoutingPolicy &policy)
{
    m_openUntilMs = nowMs + backoffMs(policy.unhealthySeconds, m_trips, policy.unhealthyMaxSeconds);
    m_probing = false;
}

void TargetHealth::noteFailure(const AttemptOutcome &outcome, qint64 nowMs)
{
    m_lastFailureMs = nowMs;
    m_lastStatus = outcome.httpStatus;
    m_lastError = outcome.error;
}

void TargetHealth::record(const AttemptOutcome &outcome, bool isKey, qint64 nowMs, const RoutingPolicy &policy)
{
    using Kind = AttemptOutcome::Kind;
    switch (outcome.kind) {
    case Kind::Success:
        m_failuresInARow = 0;
        m_rateLimitsInARow = 0;
        m_coolUntilMs = 0;
        close();
        return;
    case Kind::Connected:
        // Not a full success: a stream cut short later still counts as a failure in the row.
        m_rateLimitsInARow = 0;
        close();
        return;
    case Kind::RateLimited:
        close(); // it answered: whatever made it unhealthy is over
        if (!isKey)
            return;
        noteFailure(outcome, nowMs);
        ++m_rateLimitsInARow;
        m_coolUntilMs = nowMs + (outcome.retryAfterMs >= 0
                                     ? qMin<qint64>(outcome.retryAfterMs, qint64(policy.maxRetryAfterSeconds) * 1000)
                                     : backoffMs(policy.cooldownBaseSeconds, m_rateLimitsInARow, policy.cooldownMaxSeconds));
        return;
    case Kind::KeyRejected:
        if (!isKey) {
            close();
            return;
        }
        [[fallthrough]];
    case Kind::Failure:
        noteFailure(outcome, nowMs);
        ++m_failuresInARow;
        if (m_trips > 0 || m_failuresInARow >= policy.unhealthyAfterFailures) {
            ++m_trips; // a failed trial (or a forced attempt) opens it for longer
            open(nowMs, policy);
        }
        return;
    case Kind::Neutral:
        m_probing = false;
        return;
    }
}

QJsonObject TargetHealth::toJson(qint64 nowMs, const RoutingPolicy &policy) const
{
    const State s = state(nowMs, policy);
    return QJsonObject{
        {QStringLiteral("state"), stateName(s)},
        {QStringLiteral("consecutive_failures"), m_failuresInARow},
        {QStringLiteral("unhealthy_until"), timeOrNull(m_openUntilMs > nowMs ? m_openUntilMs : 0)},
        {QStringLiteral("cooldown_until"), timeOrNull(m_coolUntilMs > nowMs ? m_coolUntilMs : 0)},
        {QStringLiteral("rate_limited_in_a_row"), m_rateLimitsInARow},
        {QStringLiteral("last_failure_at"), timeOrNull(m_lastFailureMs)},
        {QStringLiteral("last_status"), m_lastStatus},
        {QStringLiteral("last_error"), m_lastError},
    };
}
