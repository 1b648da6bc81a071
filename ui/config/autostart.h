#pragma once

#include <QString>

// Start at login, the freedesktop way: an autostart entry
// $XDG_CONFIG_HOME/autostart/relaydesk.desktop (~/.config when XDG_CONFIG_HOME is unset) that
// runs this binary with the current data dir.
namespace Autostart {
QString entryPath();
bool isEnabled();
// Writes (on) or removes (off) the entry; false + *error when the file cannot be changed.
bool setEnabled(bool on, const QString &dataDir, QString *error);
// The Exec= line: program and arguments, quoted as the Desktop Entry spec asks.
QString execLine(const QString &program, const QString &dataDir);
} // namespace Autostart
