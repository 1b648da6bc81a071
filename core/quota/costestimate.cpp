#include "costestimate.h"

#include "pricing.h"
#include "store/keybudget.h"
#include "tokenestimate.h"

#include <cmath>

CostEstimate CostEstimate::forTokens(const Config &config, const QuotaPolicy &policy, qint64 inputTokens,
                                     qint64 outputTokens, const QString &clientModel, const QStringList &upstreamModels)
{
    CostEstimate e;
    e.inputTokens = inputTokens;
    e.outputTokens = outputTokens;
    double worstUsd = 0;
    const QStringList models = upstreamModels.isEmpty() ? QStringList{clientModel} : upstreamModels;
    for (const QString &upstream : models) {
        bool defaulted = false;
        const Price p = priceFor(config, clientModel, upstream, policy, &defaulted);
        e.priceDefaulted = e.priceDefaulted || defaulted;
        worstUsd = std::max(worstUsd, (inputTokens * p.input + outputTokens * p.output) / 1e6);
    }
    e.nanoUsd = qint64(std::ceil(worstUsd * kNanoPerUsd));
    return e;
}

CostEstimate CostEstimate::forRequest(const Config &config, const QuotaPolicy &policy, ApiFormat clientFormat,
                                      const QByteArray &rawBody, const QJsonObject &body, const QString &clientModel,
                                      const QStringList &upstreamModels)
{
    const qint64 requested = TokenEstimate::requestedMaxOutputTokens(clientFormat, body);
    return forTokens(config, policy, TokenEstimate::inputTokens(rawBody),
                     requested > 0 ? requested : policy.defaultMaxOutputTokens, clientModel, upstreamModels);
}
