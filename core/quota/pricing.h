#pragma once

#include "config/config.h"
#include "model/usage.h"
#include "quotapolicy.h"

// The price of a model (USD per million tokens): the upstream model's row first, then the
// client model's; neither: the policy's default price, and `*defaulted` says so.
Price priceFor(const Config &config, const QString &clientModel, const QString &upstreamModel,
               const QuotaPolicy &policy, bool *defaulted = nullptr);

// Cost of a usage report in USD. Cached input is billed at its own price (falls back to the
// input price); usage.inputTokens includes the cached tokens.
double costUsd(const Price &price, const Usage &usage);

// Cost of a usage report with the config's prices (default price when the model has none,
// `*defaulted` set). 0 when the usage is unknown.
double costUsd(const Config &config, const QString &clientModel, const QString &upstreamModel,
               const Usage &usage, bool *defaulted = nullptr);
