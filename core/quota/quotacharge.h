#pragma once

#include "config/config.h"
#include "costestimate.h"
#include "model/usage.h"
#include "quotapolicy.h"

// What happened to a request, as far as its cost is concerned.
struct ChargeInput
{
    QString clientModel;
    QString upstreamModel;
    Usage usage;                 // from the upstream (known when it reported usage)
    bool contentDelivered = false; // upstream content reached the client (or was drained)
    qint64 bytesDelivered = 0;   // body bytes written to the client
    qint64 eventsDelivered = 0;  // upstream events passed on
    CostEstimate estimate;       // the worst case reserved (or computed for the estimate)
};

// What a finished request costs: the real cost when the upstream reported usage; an estimate
// of what was streamed when content reached the client but no usage came (client gone without
// draining, a stream cut short); nothing when nothing came back.
struct QuotaCharge
{
    qint64 nanoUsd = 0;
    bool estimated = false;      // not from upstream usage
    bool priceDefaulted = false; // the model has no price: the default was used

    static QuotaCharge compute(const Config &config, const QuotaPolicy &policy, const ChargeInput &input);
    // Output tokens guessed from what was streamed: the bytes less a per-event framing allowance.
    static qint64 streamedOutputTokens(qint64 bytes, qint64 events);
};
