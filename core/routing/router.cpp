#include "router.h"


Router::Router() : m_random(QRandomGenerator::securelySeeded()) {}

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

QList<RouteCandidate> Router::plan(const Config &config, const QString &model, int maxAttempts,
                                   const QString &pinnedChannel)
{
    QList<qsizetype> eligible;
    for (qsizetype i = 0; i < config.channels.size(); ++i) {
        const Channel &c = config.channels[i];
        if (!c.enabled || c.keys.isEmpty() || !c.servesModel(model))
            continue;
        if (!pinnedChannel.isEmpty() && c.name != pinnedChannel)
            continue;
        eligible.append(i);
    }
    QList<RouteCandidate> out;
    for (qsizetype idx : orderByPriorityAndWeight(config, eligible)) {
        const Channel &c = config.channels[idx];
        quint32 &next = m_roundRobin[c.name];
        const int first = int(next % quint32(c.keys.size()));
        ++next;
        for (int k = 0; k < c.keys.size() && out.size() < maxAttempts; ++k)
            out.append(RouteCandidate{idx, (first + k) % int(c.keys.size())});
        if (out.size() >= maxAttempts)
            break;
    }
    return out;
}
