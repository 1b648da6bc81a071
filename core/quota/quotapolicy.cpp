#include "quotapolicy.h"

QuotaPolicy QuotaPolicy::fromSettings(const Settings &settings)
{
    QuotaPolicy p;
    p.defaultMaxOutputTokens = settings.defaultMaxOutputTokens;
    p.defaultPriceInput = settings.defaultPriceInput;
    p.defaultPriceOutput = settings.defaultPriceOutput;
    return p;
}
