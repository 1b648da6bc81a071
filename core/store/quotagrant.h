#pragma once

#include <QString>
#include <functional>

// A reservation held against a key's budget. Exactly one settlement reaches the ledger:
// settle() with the real cost, release() (nothing spent), or, when neither was called,
// the destructor releases it, so no exit path can leak a reservation.
class QuotaGrant
{
public:
    using Settler = std::function<void(qint64 reservedNano, qint64 chargedNano)>;

    QuotaGrant(QString keyName, qint64 reservedNano, Settler settler);
    ~QuotaGrant();
    QuotaGrant(const QuotaGrant &) = delete;
    QuotaGrant &operator=(const QuotaGrant &) = delete;

    const QString &keyName() const { return m_keyName; }
    qint64 reservedNano() const { return m_reservedNano; }
    bool isOpen() const { return m_open; }

    // Charges `chargedNano` (may exceed the reservation when the estimate was low) and frees
    // the reservation. Later calls do nothing.
    void settle(qint64 chargedNano);
    void release() { settle(0); }

private:
    QString m_keyName;
    qint64 m_reservedNano;
    Settler m_settler;
    bool m_open = true;
};
