#include "datadirchoice.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace DataDirChoice {

QString file()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/RelayDesk/data-dir");
}

QString read()
{
    QFile f(file());
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    const QString dir = QString::fromUtf8(f.readLine()).trimmed();
    return QDir::isAbsolutePath(dir) ? dir : QString();
}

bool write(const QString &dir, QString *error)
{
    if (dir.isEmpty()) {
        if (QFile::exists(file()) && !QFile::remove(file())) {
            *error = QStringLiteral("cannot remove %1").arg(file());
            return false;
        }
        return true;
    }
    QDir().mkpath(QFileInfo(file()).absolutePath());
    QSaveFile f(file());
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    f.write(QDir(dir).absolutePath().toUtf8() + '\n');
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace DataDirChoice
