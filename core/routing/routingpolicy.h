#pragma once

#include "config/settings.h"

// How the router treats targets (a channel, or one key of a channel) that fail. Built from
// the settings; the defaults are the ones a fresh install runs with.
struct RoutingPolicy
{
    // A 429 without Retry-After cools the key down for base * 2^(n-1) seconds, n being the
    // number of 429s in a row, capped at cooldownMaxSeconds.
    int cooldownBaseSeconds = 5;
    int cooldownMaxSeconds = 300;
    // An upstream's Retry-After is honoured up to this (guards against nonsense values).
    int maxRetryAfterSeconds = 86400;
    // This many failures in a row (connect error, timeout, 5xx, a stream cut short) make a
    // target unhealthy for unhealthySeconds; each failed trial after that doubles the period,
    // up to unhealthyMaxSeconds.
    int unhealthyAfterFailures = 3;
    int unhealthySeconds = 30;
    int unhealthyMaxSeconds = 600;
    // A half-open trial that never reported back (its request was never attempted) frees the
    // slot for another trial after this long.
    int probeTimeoutSeconds = 180;
    // Session pins remembered at once (least recently used dropped first).
    int sessionPinCapacity = 10000;

    static RoutingPolicy fromSettings(const Settings &settings);
};
