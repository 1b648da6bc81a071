#pragma once

#include "config/config.h"
#include "formats/apiformat.h"
#include "quotapolicy.h"

#include <QJsonObject>
#include <QStringList>

// The most a request can cost, reserved against the key's budget before it goes upstream:
// estimated input tokens plus the output cap (the request's own, else the policy's default),
// at the highest price among the upstream models it may be sent to, cached input not
// discounted.
struct CostEstimate
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 nanoUsd = 0;
    bool priceDefaulted = false; // a model it may go to has no price: the default was used

    static CostEstimate forRequest(const Config &config, const QuotaPolicy &policy, ApiFormat clientFormat,
                                   const QByteArray &rawBody, const QJsonObject &body, const QString &clientModel,
                                   const QStringList &upstreamModels);
    // The same with the token counts given.
    static CostEstimate forTokens(const Config &config, const QuotaPolicy &policy, qint64 inputTokens,
                                  qint64 outputTokens, const QString &clientModel, const QStringList &upstreamModels);
};
