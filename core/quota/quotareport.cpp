#include "quotareport.h"

#include <QJsonArray>

namespace QuotaReport {

QJsonObject keyFields(const ClientKey &key, const std::optional<KeyBudget> &ledgerRow, const QDateTime &now)
{
    const qint64 spent = ledgerRow ? ledgerRow->spentNano : 0;
    const qint64 reserved = ledgerRow ? ledgerRow->reservedNano : 0;
    const QJsonValue budget = key.budgetUsd ? QJsonValue(*key.budgetUsd) : QJsonValue(QJsonValue::Null);
    const QJsonValue remaining = key.budgetUsd
        ? QJsonValue(qMax(0.0, *key.budgetUsd - nanoToUsd(spent) - nanoToUsd(reserved)))
        : QJsonValue(QJsonValue::Null);
    const QJsonValue expires = key.expiresAt ? QJsonValue(key.expiresAt->toUTC().toString(Qt::ISODate))
                                             : QJsonValue(QJsonValue::Null);
    return QJsonObject{
        {QStringLiteral("budget_usd"), budget},
        {QStringLiteral("spent_usd"), nanoToUsd(spent)},
        {QStringLiteral("reserved_usd"), nanoToUsd(reserved)},
        {QStringLiteral("remaining_usd"), remaining},
        {QStringLiteral("expires_at"), expires},
        {QStringLiteral("expired"), key.expired(now)},
        {QStringLiteral("enabled"), key.enabled},
        {QStringLiteral("models"), QJsonArray::fromStringList(key.models)},
    };
}

} // namespace QuotaReport
