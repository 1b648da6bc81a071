#pragma once

#include <QString>

// The data folder chosen in the GUI's Settings, used when --data-dir is not given. It cannot
// live in the data folder itself, so it is one line in
// $XDG_CONFIG_HOME/RelayDesk/data-dir (~/.config when unset).
namespace DataDirChoice {
QString file();
QString read();                                     // "" when none was chosen
bool write(const QString &dir, QString *error);     // "" removes the choice
} // namespace DataDirChoice
