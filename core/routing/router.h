#pragma once

#include "attemptoutcome.h"
#include "config/config.h"
#include "routingpolicy.h"
#include "sessionpins.h"
#include "targethealth.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <functional>
#include <optional>

// One (channel, upstream key) pair to try.
struct RouteCandidate
{
    qsizetype channelIndex = -1; // into Config::channels
    int keyIndex = -1;           // into Channel::keys
    bool pinned = false;         // the session's pinned target
    bool forced = false;         // unhealthy, tried because nothing healthy was left
};

// A target the plan left out because of its health.
struct RouteSkip
{
    qsizetype channelIndex = -1;
    int keyIndex = -1;
    TargetHealth::State state = TargetHealth::State::Healthy;
    qint64 untilMs = 0; // when the state ends (ms since the epoch), 0 when unknown
};

struct RouteQuery
{
    QString model;
    int maxAttempts = 1;
    QString channel;    // X-RelayDesk-Channel: only this channel ("" = any)
    QString sessionKey; // "" = no session pinning
};

struct RoutePlan
{
    QList<RouteCandidate> candidates;
    QList<RouteSkip> skipped;
    bool anyChannel = false; // some enabled channel serves the model (health aside)

    // Skipped targets as "channel#key (state until ...)", for the 503 when nothing is left.
    QString describeSkipped(const Config &config, qint64 nowMs) const;
    // With no candidates: ms until the first skipped target comes back; -1 when unknown.
    qint64 retryAfterMs(qint64 nowMs) const;
};

// Chooses where a request goes: enabled channels that serve the model, lowest priority
// first, weighted random among equal priorities; within a channel the keys rotate
// round-robin. Keys that got a 429 cool down, targets that keep failing are skipped for a
// while (TargetHealth); a session stays on the (channel, key) that served it while that is
// healthy. Lives on the relay thread (not thread-safe).
//
// Skipped targets: a cooling key is never tried before its time (the upstream said so); an
// unhealthy one is tried only after every healthy candidate, least recently failed first.
class Router
{
public:
    Router();

    RoutePlan plan(const Config &config, const RouteQuery &query);
    // Candidates only (no session, no skip list): the plan for `model`.
    QList<RouteCandidate> plan(const Config &config, const QString &model, int maxAttempts,
                               const QString &pinnedChannel = QString());

    // How an attempt at `candidate` went. A success or a started stream pins `sessionKey`
    // ("" = none) to that target.
    void reportOutcome(const Config &config, const RouteCandidate &candidate, const AttemptOutcome &outcome,
                       const QString &sessionKey = QString());
    // Candidates of a plan that were never attempted (their half-open trials are free again).
    void releaseUntried(const Config &config, const QList<RouteCandidate> &untried);

    // For the admin API (relay thread): every channel of `config` with its state and its keys'.
    // {"<channel>": {"state", "consecutive_failures", "unhealthy_until", ..., "keys": [{"index", "state",
    //  "cooldown_until", ...}]}}
    QJsonObject healthSnapshot(const Config &config) const;
    // One channel's entry of healthSnapshot(); empty when no such channel.
    QJsonObject channelHealth(const Config &config, const QString &channel) const;
    qsizetype pinnedSessions() const { return m_pins.size(); }

    // Tests: fixed policy (else taken from the config's settings) and a fake clock.
    void setPolicy(const RoutingPolicy &policy);
    void setClock(std::function<qint64()> nowMs) { m_clock = std::move(nowMs); }
    qint64 nowMs() const { return m_clock(); }

private:
    struct Target
    {
        qsizetype channelIndex;
        int keyIndex;
    };

    RoutingPolicy policyFor(const Config &config) const;
    QList<qsizetype> eligibleChannels(const Config &config, const RouteQuery &query) const;
    QList<qsizetype> orderByPriorityAndWeight(const Config &config, QList<qsizetype> channels);
    QList<Target> orderedTargets(const Config &config, const QList<qsizetype> &channels);
    bool moveToFront(const Config &config, QList<Target> &targets, const QString &sessionKey);
    TargetHealth::State stateOf(const Config &config, const Target &t, qint64 now, const RoutingPolicy &p);
    void takeProbes(const Config &config, const Target &t, qint64 now, const RoutingPolicy &p);
    void addFallbacks(const Config &config, QList<Target> fallbacks, RoutePlan &plan, int maxAttempts);
    TargetHealth &channelHealthOf(const QString &channel) { return m_channels[channel]; }
    TargetHealth &keyHealthOf(const Channel &channel, int keyIndex);
    const TargetHealth *keyHealthOf(const Channel &channel, int keyIndex) const;
    QJsonObject channelJson(const Channel &channel, qint64 now, const RoutingPolicy &policy) const;

    QHash<QString, quint32> m_roundRobin;  // channel name -> next key index
    QHash<QString, TargetHealth> m_channels; // by channel name
    QHash<QString, TargetHealth> m_keys;     // by channel name + '\n' + key (keys may be reordered)
    SessionPins m_pins;
    QRandomGenerator m_random;
    std::optional<RoutingPolicy> m_policyOverride;
    std::function<qint64()> m_clock;
};
