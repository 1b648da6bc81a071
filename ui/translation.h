#pragma once

#include <QString>
#include <QStringList>

class QApplication;

// Installs the RelayDesk translation for `language` ("" = the system's UI languages, "en",
// "zh_CN"), replacing the one installed before, so it can be called again to switch languages
// at run time (widgets retranslate on QEvent::LanguageChange). Falls back to the English source
// strings when no translation matches. The .qm files are compiled into relayui under ":/i18n".
void installTranslator(QApplication &app, const QString &language);

// The languages the GUI ships, as codes accepted by installTranslator().
QStringList availableLanguages();
