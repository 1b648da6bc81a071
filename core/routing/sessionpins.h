#pragma once

#include <QCache>
#include <QString>
#include <optional>

// Which (channel, key) served a client session last, so that its next requests go there too
// and the upstream's prompt cache keeps hitting. Bounded: the least recently used session is
// forgotten first.
class SessionPins
{
public:
    struct Pin
    {
        QString channel;
        int keyIndex = -1;
    };

    explicit SessionPins(int capacity = 10000) { m_pins.setMaxCost(capacity); }

    void setCapacity(int capacity) { m_pins.setMaxCost(qMax(1, capacity)); }
    // The session's pin (and marks it recently used).
    std::optional<Pin> find(const QString &session);
    void pin(const QString &session, const Pin &pin);
    qsizetype size() const { return m_pins.size(); }

private:
    QCache<QString, Pin> m_pins;
};
