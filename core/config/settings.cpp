#include "settings.h"

#include "settingsfields.h"

QJsonObject Settings::toJson() const
{
    QJsonObject o;
    for (const auto &f : SettingsFields::kInts)
        o.insert(QLatin1String(f.name), this->*f.member);
    for (const auto &f : SettingsFields::kInt64s)
        o.insert(QLatin1String(f.name), this->*f.member);
    for (const auto &f : SettingsFields::kBools)
        o.insert(QLatin1String(f.name), this->*f.member);
    return o;
}
