#include "configio.h"
#include "configsections.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QTimeZone>

namespace {

bool isSha256Hex(const QString &text)
{
    if (text.size() != 64)
        return false;
    for (QChar c : text)
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return false;
    return true;
}

// "key" (plain, hashed here) or "key_sha256" + optional "key_prefix" (as exported).
void readSecret(JsonReader &r, ClientKey &k)
{
    if (r.has("key") && (r.has("key_sha256") || r.has("key_prefix")))
        return r.failField(r.has("key_sha256") ? "key_sha256" : "key_prefix",
                           QStringLiteral("give either \"key\" or \"key_sha256\" (+ \"key_prefix\"), not both"));
    QString text;
    if (r.readNonEmptyString("key", text)) {
        k.keyHash = ClientKey::hashKey(text.toUtf8());
        k.keyPrefix = ClientKey::displayPrefix(text);
        return;
    }
    if (r.readString("key_sha256", text)) {
        if (!isSha256Hex(text))
            return r.failField("key_sha256", QStringLiteral("must be 64 hexadecimal characters (SHA-256)"));
        const QByteArray hash = text.toLatin1().toLower();
        if (hash != k.keyHash)
            k.keyPrefix.clear(); // a prefix belongs to one key: never keep the old key's
        k.keyHash = hash;
    }
    if (r.readString("key_prefix", text)) {
        if (text.size() > 16)
            return r.failField("key_prefix", QStringLiteral("must be at most 16 characters"));
        k.keyPrefix = text;
    }
}

void readBudget(JsonReader &r, std::optional<double> &out)
{
    if (!r.ok() || !r.has("budget_usd"))
        return;
    if (r.value("budget_usd").isNull()) {
        out.reset();
        return;
    }
    double budget = 0;
    if (r.readNumber("budget_usd", 0, budget))
        out = budget;
}

void readExpiry(JsonReader &r, std::optional<QDateTime> &out)
{
    if (!r.ok() || !r.has("expires_at"))
        return;
    const QJsonValue v = r.value("expires_at");
    if (v.isNull()) {
        out.reset();
        return;
    }
    QDateTime at = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!v.isString() || !v.toString().contains(u'T') || !at.isValid())
        return r.failField("expires_at", QStringLiteral("must be null or an ISO-8601 date-time such as 2026-01-31T00:00:00Z"));
    if (at.timeSpec() == Qt::LocalTime)
        at.setTimeZone(QTimeZone::utc()); // no offset given: read as UTC, like every time we write
    out = at.toUTC();
}

} // namespace

namespace ConfigIO {

std::optional<ConfigError> parseKey(const QJsonObject &o, const QString &basePath, ClientKey &out)
{
    JsonReader r(o, basePath);
    r.rejectUnknown({"name", "key", "key_sha256", "key_prefix", "budget_usd", "models",
                     "expires_at", "enabled"});
    if (out.name.isEmpty())
        r.require("name");
    if (r.ok() && out.keyHash.isEmpty() && !r.has("key") && !r.has("key_sha256"))
        r.failField("key", QStringLiteral("is required for a new key (or \"key_sha256\")"));
    ClientKey k = out;
    readEntityName(r, k.name);
    readSecret(r, k);
    readBudget(r, k.budgetUsd);
    r.readStringList("models", k.models);
    readExpiry(r, k.expiresAt);
    r.readBool("enabled", k.enabled);
    if (!r.ok())
        return r.error();
    out = k;
    return std::nullopt;
}

QJsonObject keyToJson(const ClientKey &k)
{
    return QJsonObject{
        {QStringLiteral("name"), k.name},
        {QStringLiteral("key_prefix"), k.keyPrefix},
        {QStringLiteral("key_sha256"), QString::fromLatin1(k.keyHash)},
        {QStringLiteral("budget_usd"), k.budgetUsd ? QJsonValue(*k.budgetUsd) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("models"), QJsonArray::fromStringList(k.models)},
        {QStringLiteral("expires_at"), k.expiresAt ? QJsonValue(k.expiresAt->toUTC().toString(Qt::ISODateWithMs))
                                                   : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("enabled"), k.enabled},
    };
}

} // namespace ConfigIO
