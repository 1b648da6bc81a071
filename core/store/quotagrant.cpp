#include "quotagrant.h"

QuotaGrant::QuotaGrant(QString keyName, qint64 reservedNano, Settler settler)
    : m_keyName(std::move(keyName)), m_reservedNano(reservedNano), m_settler(std::move(settler))
{
}

QuotaGrant::~QuotaGrant()
{
    release();
}

void QuotaGrant::settle(qint64 chargedNano)
{
    if (!m_open)
        return;
    m_open = false;
    if (m_settler)
        m_settler(m_reservedNano, qMax<qint64>(0, chargedNano));
}
