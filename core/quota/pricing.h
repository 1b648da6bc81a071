#pragma once

#include "config/config.h"
#include "model/usage.h"

// Cost of a usage report in USD from the price table (per million tokens). Cached input is
// billed at its own price (falls back to the input price). The price is looked up by the
// upstream model first, then the client model; `*defaulted` tells when neither had one.
double costUsd(const Config &config, const QString &clientModel, const QString &upstreamModel,
               const Usage &usage, bool *defaulted = nullptr);
