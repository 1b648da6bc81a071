#include "settings.h"

#include "settingsfields.h"

#include <QJsonArray>
#include <QUrl>

QJsonObject Settings::toJson() const
{
    QJsonObject o;
    for (const auto &f : SettingsFields::kInts)
        o.insert(QLatin1String(f.name), this->*f.member);
    for (const auto &f : SettingsFields::kInt64s)
        o.insert(QLatin1String(f.name), this->*f.member);
    for (const auto &f : SettingsFields::kBools)
        o.insert(QLatin1String(f.name), this->*f.member);
    for (const auto &f : SettingsFields::kDoubles)
        o.insert(QLatin1String(f.name), this->*f.member);
    for (const auto &f : SettingsFields::kStringLists)
        o.insert(QLatin1String(f.name), QJsonArray::fromStringList(this->*f.member));
    return o;
}

namespace SettingsFields {

bool isHostPattern(const QString &text)
{
    const QUrl url(QStringLiteral("http://") + text + u'/', QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() && url.userInfo().isEmpty() && url.path() == QLatin1String("/")
        && !text.contains(u'/') && !text.contains(u'@');
}

bool isOriginValue(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty() && url.userInfo().isEmpty()
        && url.path().isEmpty() && !url.hasQuery() && !url.hasFragment();
}

} // namespace SettingsFields
