#pragma once

#include "relaystate.h"

#include <QHostAddress>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QMenu;
class QTabWidget;
class DashboardTab;
class RelayService;
class ChannelsTab;
class ConfigApplier;
class ErrorsTab;
class KeysTab;
class RequestsTab;
class SettingsTab;
class Store;
class TrayIcon;

// The main window: tabs over the relay and its logs. It owns what the GUI knows about the
// relay beyond RelayService itself (the address to listen on, the last start error), so the
// dashboard, the menus and the tray icon all act through it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    static constexpr quint16 kDefaultPort = 8645;

    explicit MainWindow(RelayService *relay, QWidget *parent = nullptr);
    // With a store, the window also has the Requests, Errors, Channels, Keys and Settings tabs
    // (they read and edit it).
    MainWindow(RelayService *relay, Store *store, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Where startRelay() listens (default 127.0.0.1:8645; port 0 = any free port).
    void setListenAddress(const QHostAddress &host, quint16 port);
    QHostAddress listenHost() const { return m_host; }
    quint16 listenPort() const { return m_port; }

    RelayState relayState() const;
    QString lastError() const { return m_lastError; } // "" after a successful start
    RelayService *relay() const { return m_relay; }
    Store *store() const { return m_store; }
    QTabWidget *tabs() const { return m_tabs; }
    ErrorsTab *errorsTab() const { return m_errors; } // null without a store

    // The tray icon closing the window hides into (TrayIcon registers itself).
    void setTrayIcon(TrayIcon *tray);

public Q_SLOTS:
    bool startRelay();
    void stopRelay();
    void toggleRelay();
    void copyBaseUrl();
    void showAndActivate();
    void quitApplication();
    void showAbout();
    void showErrorGroup(const QString &signature); // the Errors tab with that group selected

Q_SIGNALS:
    void relayStateChanged(RelayState state);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createStoreTabs();
    void retranslate();
    void updateRelayState();
    void restoreWindowGeometry();
    void saveWindowGeometry();
    bool hideToTray();

    RelayService *m_relay;
    Store *m_store = nullptr;
    QPointer<TrayIcon> m_tray;
    QTabWidget *m_tabs = nullptr;
    DashboardTab *m_dashboard = nullptr;
    RequestsTab *m_requests = nullptr;
    ErrorsTab *m_errors = nullptr;
    ChannelsTab *m_channels = nullptr;
    KeysTab *m_keys = nullptr;
    SettingsTab *m_settings = nullptr;
    ConfigApplier *m_applier = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_relayMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_startStopAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QHostAddress m_host{QHostAddress::LocalHost};
    quint16 m_port = kDefaultPort;
    QString m_lastError;
    bool m_everShown = false;
    bool m_trayHintShown = false;
};
