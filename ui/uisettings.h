#pragma once

#include <QSettings>
#include <QString>
#include <memory>

// Where the GUI keeps its own preferences (window geometry, later language and table layouts).
// Default: the platform's QSettings for organisation and application "RelayDesk". main() may
// point it at a file inside --data-dir; tests either do that or enable QStandardPaths' test mode
// so that nothing lands in the user's real settings.
namespace UiSettings {
void setFileName(const QString &iniPath); // "" restores the platform default
QString fileName();                        // as set ("" = platform default)
std::unique_ptr<QSettings> open();
}
