#include "sessionpins.h"

std::optional<SessionPins::Pin> SessionPins::find(const QString &session)
{
    if (session.isEmpty())
        return std::nullopt;
    const Pin *pin = m_pins.object(session);
    if (!pin)
        return std::nullopt;
    return *pin;
}

void SessionPins::pin(const QString &session, const Pin &pin)
{
    if (session.isEmpty())
        return;
    m_pins.insert(session, new Pin(pin), 1);
}
