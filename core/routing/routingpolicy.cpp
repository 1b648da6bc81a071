#include "routingpolicy.h"

RoutingPolicy RoutingPolicy::fromSettings(const Settings &settings)
{
    RoutingPolicy p;
    p.cooldownBaseSeconds = settings.cooldownBaseSeconds;
    p.cooldownMaxSeconds = qMax(settings.cooldownBaseSeconds, settings.cooldownMaxSeconds);
    p.unhealthyAfterFailures = settings.unhealthyAfterFailures;
    p.unhealthySeconds = settings.unhealthySeconds;
    p.unhealthyMaxSeconds = qMax(settings.unhealthySeconds, settings.unhealthyMaxSeconds);
    return p;
}
