#include "budgetkey.h"

#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace BudgetKey {

QByteArray budgetConfig(double budgetUsd, const QJsonObject &price, const QJsonObject &settings)
{
    QJsonObject config = QJsonDocument::fromJson(RelayFixture::standardConfig(QStringLiteral("${UPSTREAM}"), settings))
                             .object();
    QJsonArray keys = config.value(QStringLiteral("keys")).toArray();
    keys.append(QJsonObject{{QStringLiteral("name"), kBudgetKeyName},
                            {QStringLiteral("key"), QString::fromLatin1(kBudgetKey)},
                            {QStringLiteral("budget_usd"), budgetUsd}});
    config.insert(QStringLiteral("keys"), keys);
    QJsonObject prices;
    if (!price.isEmpty())
        for (ApiFormat f : FormatCase::all())
            prices.insert(QString::fromUtf8(FormatCase::of(f).upstreamModel), price);
    config.insert(QStringLiteral("prices"), prices);
    return QJsonDocument(config).toJson(QJsonDocument::Compact);
}

QJsonObject price(double input, double output, double cachedInput)
{
    QJsonObject p{{QStringLiteral("input"), input}, {QStringLiteral("output"), output}};
    if (cachedInput >= 0)
        p.insert(QStringLiteral("cached_input"), cachedInput);
    return p;
}

KeyBudget ledgerRow(RelayFixture &fx)
{
    return fx.store()->quotaLedger()->keyBudget(kBudgetKeyName).value_or(KeyBudget());
}

bool waitForNothingReserved(RelayFixture &fx)
{
    return spinUntil([&] { return ledgerRow(fx).reservedNano == 0; }, 5000);
}

} // namespace BudgetKey
