#pragma once

#include "commandline.h"

#include <QObject>
#include <memory>

class Store;
class RelayService;
class MainWindow;
class TrayIcon;
class QSocketNotifier;
class SingleInstance;

// Wires the parts for one run of the binary: store, config import, relay thread, and (unless
// headless) the window and tray icon. Exit codes: 0 ok, 2 bad flags/config, port in use,
// unreachable database (SPEC.md).
class AppController : public QObject
{
    Q_OBJECT
public:
    explicit AppController(const CommandLine &commandLine, QObject *parent = nullptr);
    ~AppController() override;

    int run(); // returns the process exit code

private:
    bool openStoreAndImport(QString *error);
    int exportConfig();
    int runRelay();
    bool claimInstance(int *exitCode);
    void installSignalHandlers();
    void shutdown();

    CommandLine m_cl;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RelayService> m_relay;
    std::unique_ptr<MainWindow> m_window;
    TrayIcon *m_tray = nullptr;
    QSocketNotifier *m_signalNotifier = nullptr;
    SingleInstance *m_instance = nullptr;
    bool m_shuttingDown = false;
};
