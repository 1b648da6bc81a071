#include "faultpoint.h"

#include <atomic>
#include <stdexcept>

namespace {
std::atomic<FaultPoint::Hook> g_hook{nullptr};
} // namespace

void FaultPoint::setHook(Hook hook)
{
    g_hook.store(hook);
}

void FaultPoint::hit(const char *point)
{
    if (const Hook hook = g_hook.load(std::memory_order_relaxed))
        hook(point);
}

QString FaultPoint::describe(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("unknown exception");
    }
}
