#pragma once

#include "config/settings.h"

#include <QtGlobal>

// How budgets are reserved and charged. Built from the settings; the defaults are the ones a
// fresh install runs with.
struct QuotaPolicy
{
    // Output reserved for a request that does not cap its own (no max_tokens or alike).
    qint64 defaultMaxOutputTokens = 4096;
    // USD per million tokens for a model missing from the price table (rows say
    // price_defaulted). Not zero: an unpriced model must not be free for a budgeted key.
    double defaultPriceInput = 3.0;
    double defaultPriceOutput = 15.0;

    static QuotaPolicy fromSettings(const Settings &settings);
};
