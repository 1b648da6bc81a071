#pragma once

#include "config/config.h"

#include <QHash>
#include <QList>
#include <QRandomGenerator>
#include <QString>

// One (channel, upstream key) pair to try.
struct RouteCandidate
{
    qsizetype channelIndex = -1; // into Config::channels
    int keyIndex = -1;           // into Channel::keys
};

// Chooses where a request goes: enabled channels that serve the model, lowest priority
// first, weighted random among equal priorities; within a channel the keys rotate
// round-robin. Lives on the relay thread (not thread-safe).
class Router
{
public:
    Router();

    // Ordered candidates for a request, at most maxAttempts, over channels of every type (a
    // channel of another format than the client's is reached through translation).
    // `pinnedChannel` ("" = none) restricts the choice to that channel.
    QList<RouteCandidate> plan(const Config &config, const QString &model, int maxAttempts,
                               const QString &pinnedChannel = QString());

private:
    QList<qsizetype> orderByPriorityAndWeight(const Config &config, QList<qsizetype> channels);

    QHash<QString, quint32> m_roundRobin; // channel name -> next key index
    QRandomGenerator m_random;
};
