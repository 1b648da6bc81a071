#include "autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace {
// Desktop Entry "Exec" quoting: every argument in double quotes, with ", `, $ and \ escaped.
QString quoted(const QString &arg)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : arg) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out + u'"';
}
} // namespace

namespace Autostart {

QString entryPath()
{
    QString base = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (base.isEmpty() || !QDir::isAbsolutePath(base)) // the spec says to ignore a relative one
        base = QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/autostart/relaydesk.desktop");
}

bool isEnabled()
{
    return QFileInfo::exists(entryPath());
}

QString execLine(const QString &program, const QString &dataDir)
{
    QString line = quoted(program);
    if (!dataDir.isEmpty())
        line += QStringLiteral(" --data-dir ") + quoted(dataDir);
    return line;
}

bool setEnabled(bool on, const QString &dataDir, QString *error)
{
    const QString path = entryPath();
    if (!on) {
        if (QFile::exists(path) && !QFile::remove(path)) {
            *error = QStringLiteral("cannot remove %1").arg(path);
            return false;
        }
        return true;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create %1").arg(QFileInfo(path).absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    const QString entry = QStringLiteral("[Desktop Entry]\nType=Application\nName=RelayDesk\n"
                                         "Comment=LLM API relay\nIcon=relaydesk\nExec=%1\nTerminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                              .arg(execLine(QCoreApplication::applicationFilePath(), dataDir));
    file.write(entry.toUtf8());
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace Autostart
