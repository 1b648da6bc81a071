#include "uisettings.h"

namespace {
QString &settingsFile()
{
    static QString file;
    return file;
}
} // namespace

namespace UiSettings {

void setFileName(const QString &iniPath)
{
    settingsFile() = iniPath;
}

QString fileName()
{
    return settingsFile();
}

std::unique_ptr<QSettings> open()
{
    if (!settingsFile().isEmpty())
        return std::make_unique<QSettings>(settingsFile(), QSettings::IniFormat);
    return std::make_unique<QSettings>(QStringLiteral("RelayDesk"), QStringLiteral("RelayDesk"));
}

} // namespace UiSettings
