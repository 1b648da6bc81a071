#include "quotapolicy.h"

QuotaPolicy QuotaPolicy::fromSettings(const Settings &settings)
{
    // The quota settings are not in Settings yet (see docs/routing-and-budgets.md): until they
    // are, every install runs with the defaults above.
    Q_UNUSED(settings);
    return QuotaPolicy();
}
