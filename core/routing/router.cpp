#include "router.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>

namespace {
QString keyId(const Channel &channel, int keyIndex)
{
    return channel.name + u'\n' + channel.keys.at(keyIndex);
}

bool isAvailable(TargetHealth::State s)
{
    return s == TargetHealth::State::Healthy || s == TargetHealth::State::HalfOpen;
}
} // namespace

QString RoutePlan::describeSkipped(const Config &config, qint64 nowMs) const
{
    QStringList parts;
    for (const RouteSkip &s : skipped) {
        QString part = config.channels[s.channelIndex].name + u'#' + QString::number(s.keyIndex) + QLatin1String(" (")
            + TargetHealth::stateName(s.state);
        if (s.untilMs > nowMs)
            part += QStringLiteral(" for %1 s more").arg((s.untilMs - nowMs + 999) / 1000);
        parts.append(part + u')');
    }
    return parts.join(QLatin1String(", "));
}

qint64 RoutePlan::retryAfterMs(qint64 nowMs) const
{
    qint64 first = -1;
    for (const RouteSkip &s : skipped)
        if (s.untilMs > nowMs && (first < 0 || s.untilMs - nowMs < first))
            first = s.untilMs - nowMs;
    return first;
}

Router::Router()
    : m_random(QRandomGenerator::securelySeeded()), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

void Router::setPolicy(const RoutingPolicy &policy)
{
    m_policyOverride = policy;
    m_pins.setCapacity(policy.sessionPinCapacity);
}

RoutingPolicy Router::policyFor(const Config &config) const
{
    return m_policyOverride ? *m_policyOverride : RoutingPolicy::fromSettings(config.settings);
}

QList<qsizetype> Router::orderByPriorityAndWeight(const Config &config, QList<qsizetype> channels)
{
    std::stable_sort(channels.begin(), channels.end(), [&](qsizetype a, qsizetype b) {
        return config.channels[a].priority < config.channels[b].priority;
    });
    // Within each run of equal priority: weighted random order (draw one at a time).
    QList<qsizetype> ordered;
    ordered.reserve(channels.size());
    for (qsizetype start = 0; start < channels.size();) {
        qsizetype end = start;
        const int prio = config.channels[channels[start]].priority;
        while (end < channels.size() && config.channels[channels[end]].priority == prio)
            ++end;
        QList<qsizetype> group(channels.begin() + start, channels.begin() + end);
        while (!group.isEmpty()) {
            qint64 total = 0;
            for (qsizetype idx : group)
                total += qMax(0, config.channels[idx].weight);
            qsizetype pick = 0;
            if (total > 0) {
                qint64 r = qint64(m_random.bounded(quint64(total)));
                for (qsizetype i = 0; i < group.size(); ++i) {
                    r -= qMax(0, config.channels[group[i]].weight);
                    if (r < 0) {
                        pick = i;
                        break;
                    }
                }
            }
            ordered.append(group.takeAt(pick));
        }
        start = end;
    }
    return ordered;
}

QList<qsizetype> Router::eligibleChannels(const Config &config, const RouteQuery &query) const
{
    QList<qsizetype> eligible;
    for (qsizetype i = 0; i < config.channels.size(); ++i) {
        const Channel &c = config.channels[i];
        if (!c.enabled || c.keys.isEmpty() || !c.servesModel(query.model))
            continue;
        if (!query.channel.isEmpty() && c.name != query.channel)
            continue;
        eligible.append(i);
    }
    return eligible;
}

QList<Router::Target> Router::orderedTargets(const Config &config, const QList<qsizetype> &channels)
{
    QList<Target> targets;
    for (qsizetype idx : orderByPriorityAndWeight(config, channels)) {
        const Channel &c = config.channels[idx];
        quint32 &next = m_roundRobin[c.name];
        const int first = int(next % quint32(c.keys.size()));
        ++next;
        for (int k = 0; k < c.keys.size(); ++k)
            targets.append(Target{idx, (first + k) % int(c.keys.size())});
    }
    return targets;
}

bool Router::moveToFront(const Config &config, QList<Target> &targets, const QString &sessionKey)
{
    const auto pin = m_pins.find(sessionKey);
    if (!pin)
        return false;
    for (qsizetype i = 0; i < targets.size(); ++i) {
        if (config.channels[targets[i].channelIndex].name == pin->channel && targets[i].keyIndex == pin->keyIndex) {
            targets.move(i, 0);
            return true;
        }
    }
    return false;
}

TargetHealth &Router::keyHealthOf(const Channel &channel, int keyIndex)
{
    return m_keys[keyId(channel, keyIndex)];
}

const TargetHealth *Router::keyHealthOf(const Channel &channel, int keyIndex) const
{
    const auto it = m_keys.constFind(keyId(channel, keyIndex));
    return it == m_keys.constEnd() ? nullptr : &*it;
}

TargetHealth::State Router::stateOf(const Config &config, const Target &t, qint64 now, const RoutingPolicy &p)
{
    const Channel &c = config.channels[t.channelIndex];
    return std::max(channelHealthOf(c.name).state(now, p), keyHealthOf(c, t.keyIndex).state(now, p));
}

void Router::takeProbes(const Config &config, const Target &t, qint64 now, const RoutingPolicy &p)
{
    const Channel &c = config.channels[t.channelIndex];
    for (TargetHealth *h : {&channelHealthOf(c.name), &keyHealthOf(c, t.keyIndex)})
        if (h->state(now, p) == TargetHealth::State::HalfOpen)
            h->takeProbe(now);
}

RoutePlan Router::plan(const Config &config, const RouteQuery &query)
{
    const qint64 now = m_clock();
    const RoutingPolicy policy = policyFor(config);
    const QList<qsizetype> channels = eligibleChannels(config, query);
    RoutePlan plan;
    plan.anyChannel = !channels.isEmpty();
    QList<Target> targets = orderedTargets(config, channels);
    const bool pinFirst = moveToFront(config, targets, query.sessionKey);
    QList<Target> fallbacks;
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const Target &t = targets[i];
        const TargetHealth::State s = stateOf(config, t, now, policy);
        if (isAvailable(s)) {
            if (plan.candidates.size() < query.maxAttempts) {
                takeProbes(config, t, now, policy);
                plan.candidates.append(RouteCandidate{t.channelIndex, t.keyIndex, pinFirst && i == 0, false});
            }
            continue;
        }
        const Channel &c = config.channels[t.channelIndex];
        const qint64 until = std::max(channelHealthOf(c.name).untilMs(now), keyHealthOf(c, t.keyIndex).untilMs(now));
        plan.skipped.append(RouteSkip{t.channelIndex, t.keyIndex, s, until});
        if (s != TargetHealth::State::Cooling)
            fallbacks.append(t);
    }
    addFallbacks(config, fallbacks, plan, query.maxAttempts);
    return plan;
}

// Nothing healthy left for the remaining attempts: the unhealthy targets, least recently
// failed first (the likeliest to have recovered). Cooling keys stay out: the upstream told
// us when to come back.
void Router::addFallbacks(const Config &config, QList<Target> fallbacks, RoutePlan &plan, int maxAttempts)
{
    const auto lastFailure = [&](const Target &t) {
        const Channel &c = config.channels[t.channelIndex];
        return std::max(channelHealthOf(c.name).lastFailureMs(), keyHealthOf(c, t.keyIndex).lastFailureMs());
    };
    std::stable_sort(fallbacks.begin(), fallbacks.end(),
                     [&](const Target &a, const Target &b) { return lastFailure(a) < lastFailure(b); });
    for (const Target &t : fallbacks) {
        if (plan.candidates.size() >= maxAttempts)
            break;
        plan.candidates.append(RouteCandidate{t.channelIndex, t.keyIndex, false, true});
    }
}

QList<RouteCandidate> Router::plan(const Config &config, const QString &model, int maxAttempts,
                                   const QString &pinnedChannel)
{
    return plan(config, RouteQuery{model, maxAttempts, pinnedChannel, QString()}).candidates;
}

void Router::reportOutcome(const Config &config, const RouteCandidate &candidate, const AttemptOutcome &outcome,
                           const QString &sessionKey)
{
    if (candidate.channelIndex < 0 || candidate.channelIndex >= config.channels.size())
        return;
    const Channel &c = config.channels[candidate.channelIndex];
    if (candidate.keyIndex < 0 || candidate.keyIndex >= c.keys.size())
        return;
    const qint64 now = m_clock();
    const RoutingPolicy policy = policyFor(config);
    channelHealthOf(c.name).record(outcome, false, now, policy);
    keyHealthOf(c, candidate.keyIndex).record(outcome, true, now, policy);
    const bool works = outcome.kind == AttemptOutcome::Kind::Success || outcome.kind == AttemptOutcome::Kind::Connected;
    if (works && !sessionKey.isEmpty())
        m_pins.pin(sessionKey, SessionPins::Pin{c.name, candidate.keyIndex});
}

void Router::releaseUntried(const Config &config, const QList<RouteCandidate> &untried)
{
    for (const RouteCandidate &rc : untried) {
        if (rc.channelIndex < 0 || rc.channelIndex >= config.channels.size())
            continue;
        const Channel &c = config.channels[rc.channelIndex];
        if (rc.keyIndex < 0 || rc.keyIndex >= c.keys.size())
            continue;
        channelHealthOf(c.name).releaseProbe();
        keyHealthOf(c, rc.keyIndex).releaseProbe();
    }
}

QJsonObject Router::channelJson(const Channel &channel, qint64 now, const RoutingPolicy &policy) const
{
    const auto ch = m_channels.constFind(channel.name);
    QJsonObject o = ch == m_channels.constEnd() ? TargetHealth().toJson(now, policy) : ch->toJson(now, policy);
    QJsonArray keys;
    for (int k = 0; k < channel.keys.size(); ++k) {
        const TargetHealth *h = keyHealthOf(channel, k);
        QJsonObject key = h ? h->toJson(now, policy) : TargetHealth().toJson(now, policy);
        key.insert(QStringLiteral("index"), k);
        keys.append(key);
    }
    o.insert(QStringLiteral("keys"), keys);
    return o;
}

QJsonObject Router::healthSnapshot(const Config &config) const
{
    const qint64 now = m_clock();
    const RoutingPolicy policy = policyFor(config);
    QJsonObject out;
    for (const Channel &c : config.channels)
        out.insert(c.name, channelJson(c, now, policy));
    return out;
}

QJsonObject Router::channelHealth(const Config &config, const QString &channel) const
{
    const Channel *c = config.channelByName(channel);
    return c ? channelJson(*c, m_clock(), policyFor(config)) : QJsonObject();
}
