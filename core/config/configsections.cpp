#include "configsections.h"

#include "jsonreader.h"
#include "settingsfields.h"

namespace ConfigIO {

std::optional<ConfigError> parseSettings(const QJsonObject &o, const QString &basePath, Settings &out)
{
    QStringList known;
    for (const auto &f : SettingsFields::kInts)
        known.append(QLatin1String(f.name));
    for (const auto &f : SettingsFields::kInt64s)
        known.append(QLatin1String(f.name));
    for (const auto &f : SettingsFields::kBools)
        known.append(QLatin1String(f.name));
    for (const auto &f : SettingsFields::kDoubles)
        known.append(QLatin1String(f.name));
    for (const auto &f : SettingsFields::kStringLists)
        known.append(QLatin1String(f.name));
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        if (!known.contains(it.key()))
            return ConfigError{jsonChildPath(basePath, it.key()), QStringLiteral("unknown field")};

    JsonReader r(o, basePath);
    Settings s = out;
    for (const auto &f : SettingsFields::kInts)
        r.readInt(f.name, f.min, f.max, s.*f.member);
    for (const auto &f : SettingsFields::kInt64s)
        r.readInt64(f.name, f.min, f.max, s.*f.member);
    for (const auto &f : SettingsFields::kBools)
        r.readBool(f.name, s.*f.member);
    for (const auto &f : SettingsFields::kDoubles)
        r.readNumber(f.name, f.min, s.*f.member);
    for (const auto &f : SettingsFields::kStringLists) {
        QStringList list;
        if (!r.readStringList(f.name, list))
            continue;
        for (qsizetype i = 0; i < list.size() && r.ok(); ++i)
            if (!f.valid(list.at(i)))
                r.fail(jsonIndexPath(r.pathOf(f.name), i), QString::fromLatin1(f.expected));
        s.*f.member = list;
    }
    if (!r.ok())
        return r.error();
    out = s;
    return std::nullopt;
}

std::optional<ConfigError> parsePrice(const QJsonObject &o, const QString &basePath, Price &out)
{
    JsonReader r(o, basePath);
    r.rejectUnknown({"input", "output", "cached_input"});
    r.require("input");
    r.require("output");
    Price p;
    r.readNumber("input", 0, p.input);
    r.readNumber("output", 0, p.output);
    r.readNumber("cached_input", 0, p.cachedInput);
    if (!r.ok())
        return r.error();
    out = p;
    return std::nullopt;
}

QJsonObject priceToJson(const Price &p)
{
    QJsonObject o{{QStringLiteral("input"), p.input}, {QStringLiteral("output"), p.output}};
    if (p.cachedInput >= 0)
        o.insert(QStringLiteral("cached_input"), p.cachedInput);
    return o;
}

bool isMaskedSecret(QStringView value)
{
    return value == QLatin1String("****") || value.contains(QChar(0x2026));
}

} // namespace ConfigIO
