#include "translation.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace {

// Ours and Qt's own (standard dialog buttons), so that a second call replaces them. QPointer:
// they are children of the application and die with it.
struct InstalledTranslators
{
    QPointer<QTranslator> relaydesk;
    QPointer<QTranslator> qt;
};

InstalledTranslators &installed()
{
    static InstalledTranslators t;
    return t;
}

void removeInstalled()
{
    for (QPointer<QTranslator> *t : {&installed().relaydesk, &installed().qt}) {
        if (*t) {
            QApplication::removeTranslator(*t);
            delete t->data();
        }
    }
}

QTranslator *loadRelayDesk(const QLocale &locale, QObject *parent)
{
    auto *t = new QTranslator(parent);
    if (t->load(locale, QStringLiteral("relaydesk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        return t;
    delete t;
    return nullptr;
}

// Optional: Debian ships these in qt6-translations-l10n; without it standard buttons stay English.
QTranslator *loadQtBase(const QLocale &locale, QObject *parent)
{
    auto *t = new QTranslator(parent);
    if (t->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        return t;
    delete t;
    return nullptr;
}

} // namespace

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

void installTranslator(QApplication &app, const QString &language)
{
    removeInstalled();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale); // numbers and dates follow the chosen language too

    installed().relaydesk = loadRelayDesk(locale, &app);
    if (installed().relaydesk)
        QApplication::installTranslator(installed().relaydesk);
    else if (!language.isEmpty() && language != QLatin1String("en"))
        qWarning("RelayDesk: no translation for language \"%s\", using English", qPrintable(language));

    installed().qt = loadQtBase(locale, &app);
    if (installed().qt)
        QApplication::installTranslator(installed().qt);
}
