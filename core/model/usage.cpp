#include "usage.h"

void Usage::mergeFrom(const Usage &other)
{
    if (!other.known)
        return;
    if (other.inputTokens)
        inputTokens = other.inputTokens;
    if (other.outputTokens)
        outputTokens = other.outputTokens;
    if (other.cachedInputTokens)
        cachedInputTokens = other.cachedInputTokens;
    if (other.reasoningTokens)
        reasoningTokens = other.reasoningTokens;
    known = true;
}

QJsonObject Usage::toJson() const
{
    return QJsonObject{{QStringLiteral("input_tokens"), inputTokens},
                       {QStringLiteral("output_tokens"), outputTokens},
                       {QStringLiteral("cached_input_tokens"), cachedInputTokens},
                       {QStringLiteral("reasoning_tokens"), reasoningTokens},
                       {QStringLiteral("known"), known}};
}

Usage Usage::fromJson(const QJsonObject &o)
{
    Usage u;
    u.inputTokens = o.value(QLatin1String("input_tokens")).toInteger();
    u.outputTokens = o.value(QLatin1String("output_tokens")).toInteger();
    u.cachedInputTokens = o.value(QLatin1String("cached_input_tokens")).toInteger();
    u.reasoningTokens = o.value(QLatin1String("reasoning_tokens")).toInteger();
    u.known = o.value(QLatin1String("known")).toBool();
    return u;
}
