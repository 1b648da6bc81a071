#pragma once

#include <QString>
#include <QtGlobal>

// Amounts of the quota ledger are integers of nano-USD: sums of many small costs stay exact
// on every backend (a REAL column would leave reserved at 1e-17 after a storm).
constexpr double kNanoPerUsd = 1e9;
inline qint64 usdToNano(double usd) { return qint64(usd * kNanoPerUsd + (usd >= 0 ? 0.5 : -0.5)); }
inline double nanoToUsd(qint64 nano) { return double(nano) / kNanoPerUsd; }

// One client key's row of the quota ledger.
struct KeyBudget
{
    QString keyName;
    qint64 budgetNano = 0;   // as last synced from the config
    qint64 spentNano = 0;    // settled costs, ever
    qint64 reservedNano = 0; // worst-case costs of requests in flight now
};
