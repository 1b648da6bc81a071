#include "pricing.h"

double costUsd(const Config &config, const QString &clientModel, const QString &upstreamModel,
               const Usage &usage, bool *defaulted)
{
    auto it = config.prices.constFind(upstreamModel);
    if (it == config.prices.constEnd())
        it = config.prices.constFind(clientModel);
    if (defaulted)
        *defaulted = it == config.prices.constEnd();
    if (it == config.prices.constEnd() || !usage.known)
        return 0;
    const Price &p = *it;
    const double cachedPrice = p.cachedInput < 0 ? p.input : p.cachedInput;
    const qint64 cached = qMin(usage.cachedInputTokens, usage.inputTokens);
    const qint64 uncached = usage.inputTokens - cached;
    return (uncached * p.input + cached * cachedPrice + usage.outputTokens * p.output) / 1e6;
}
