#pragma once

#include <exception>
#include <QString>

// Test-only fault injection at the relay's request boundaries. Production never installs a
// hook, so hit() is one atomic load; a test installs one that throws at a named point to
// prove the session boundary turns any exception into a clean `internal` end.
namespace FaultPoint {

using Hook = void (*)(const char *point);

// Points: "server.route" (a request head arrived, before routing), "session.launch" (quota reserved, before the first upstream attempt),
// "session.unary_reply" (a non-stream upstream answer arrived), "pump.event" (each upstream
// stream event, before it is forwarded).
void setHook(Hook hook); // nullptr removes it
void hit(const char *point);

// What an exception caught at a boundary says, for the client's error and the log.
QString describe(const std::exception_ptr &error);

} // namespace FaultPoint
