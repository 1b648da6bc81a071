#pragma once

#include "config/config.h"
#include "store/keybudget.h"

#include <QJsonObject>
#include <optional>

// The quota fields of a client key for GET /admin/keys/{name} (and the GUI).
namespace QuotaReport {
// {"budget_usd": n|null, "spent_usd", "reserved_usd", "remaining_usd": n|null, "expires_at": iso|null,
//  "expired", "enabled", "models": [...]}. `ledgerRow` from QuotaLedger::keyBudget(key.name)
// (nullopt: the key never reserved anything, so spent and reserved are 0).
QJsonObject keyFields(const ClientKey &key, const std::optional<KeyBudget> &ledgerRow, const QDateTime &now);
} // namespace QuotaReport
