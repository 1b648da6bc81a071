#include "appcontroller.h"
#include "backupcommand.h"
#include "commandline.h"
#include "translatecommand.h"

#include <QApplication>
#include <QCoreApplication>
#include <cstdio>
#include <memory>

namespace {
// Whether this invocation needs widgets: decided before any QCoreApplication exists, since
// QApplication cannot start without a display.
bool wantsGui(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--headless" || a == "export-config" || a == "translate" || a == "backup" || a == "--version" || a == "--help" || a == "-h")
            return false;
    }
    return true;
}

bool displayAvailable()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}
} // namespace

int main(int argc, char **argv)
{
    const bool gui = wantsGui(argc, argv);
    if (gui && !displayAvailable()) {
        std::fprintf(stderr, "relaydesk: no display found (DISPLAY/WAYLAND_DISPLAY unset); run with --headless\n");
        return 2;
    }
    // Headless: Qt's own UNIX event dispatcher instead of glib's for every thread
    // (the relay thread included): glib's dispatch costs about twice the instructions per
    // event (docs/benchmarks.md, profiling). Only without a GUI: a desktop's platform theme may
    // expect a glib main loop. An explicit QT_NO_GLIB from the environment wins.
    if (!gui && !qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    std::unique_ptr<QCoreApplication> app;
    if (gui)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("RelayDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("RelayDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELAYDESK_VERSION));

    QString error;
    const auto cl = CommandLine::parse(QCoreApplication::arguments(), &error);
    if (!cl) {
        std::fprintf(stderr, "relaydesk: %s\n", qPrintable(error));
        return 2;
    }
    if (cl->command == CommandLine::Command::Help) {
        std::fputs(qPrintable(cl->helpText), stdout);
        return 0;
    }
    if (cl->command == CommandLine::Command::Version) {
        std::printf("relaydesk %s\n", RELAYDESK_VERSION);
        return 0;
    }
    if (cl->command == CommandLine::Command::Translate)
        return runTranslateCommand(cl->fromFormat, cl->toFormat, cl->stream, cl->response);
    if (cl->command == CommandLine::Command::Backup)
        return runBackupCommand(cl->databaseUrl, cl->dataDir, cl->backupTarget);
    AppController controller(*cl);
    return controller.run();
}
