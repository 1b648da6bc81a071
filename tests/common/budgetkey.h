#pragma once

#include "store/quotaledger.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

class RelayFixture;

// A budgeted client key on top of RelayFixture's standard config, and its ledger row: for
// tests that check a request reserves, settles or releases its quota.
namespace BudgetKey {

constexpr const char *kBudgetKey = "rk-test-budget-0003";
inline const QString kBudgetKeyName = QStringLiteral("budgeted");

// The standard config plus a key "budgeted" with `budgetUsd` and, when `price` is not
// empty, that price for every format's upstream model.
QByteArray budgetConfig(double budgetUsd, const QJsonObject &price, const QJsonObject &settings = {});
// A price object (USD per million tokens); cachedInput < 0: none.
QJsonObject price(double input, double output, double cachedInput = -1);

KeyBudget ledgerRow(RelayFixture &fx);
bool waitForNothingReserved(RelayFixture &fx);

} // namespace BudgetKey
