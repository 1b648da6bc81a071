#include "pricing.h"

Price priceFor(const Config &config, const QString &clientModel, const QString &upstreamModel,
               const QuotaPolicy &policy, bool *defaulted)
{
    auto it = config.prices.constFind(upstreamModel);
    if (it == config.prices.constEnd())
        it = config.prices.constFind(clientModel);
    if (defaulted)
        *defaulted = it == config.prices.constEnd();
    if (it != config.prices.constEnd())
        return *it;
    Price p;
    p.input = policy.defaultPriceInput;
    p.output = policy.defaultPriceOutput;
    return p;
}

double costUsd(const Price &p, const Usage &usage)
{
    if (!usage.known)
        return 0;
    const double cachedPrice = p.cachedInput < 0 ? p.input : p.cachedInput;
    const qint64 cached = qBound<qint64>(0, usage.cachedInputTokens, usage.inputTokens);
    const qint64 uncached = usage.inputTokens - cached;
    return (uncached * p.input + cached * cachedPrice + usage.outputTokens * p.output) / 1e6;
}

double costUsd(const Config &config, const QString &clientModel, const QString &upstreamModel,
               const Usage &usage, bool *defaulted)
{
    const Price p = priceFor(config, clientModel, upstreamModel, QuotaPolicy::fromSettings(config.settings), defaulted);
    return costUsd(p, usage);
}
