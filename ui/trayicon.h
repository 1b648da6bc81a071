#pragma once

#include "relaystate.h"

#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>
#include <memory>

class QAction;
class QMenu;
class MainWindow;
class RelayService;
struct RequestLogRow;

// The tray icon: the relay's state at a glance (icon and tooltip: state, base URL, failed
// requests since the relay started) and a menu to open the window, start/stop the relay,
// copy the base URL, jump to a recent error group and quit. Where the desktop has no system
// tray (offscreen, a bare X server) no icon is shown and the window stays the main UI.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    TrayIcon(RelayService *relay, MainWindow *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    bool available() const { return m_icon != nullptr; }
    bool isVisible() const { return m_icon && m_icon->isVisible(); }
    int failedRequestCount() const { return m_failedRequests; }
    void showMessage(const QString &title, const QString &message);
    QMenu *menu() const { return m_menu.get(); }
    QMenu *recentErrorsMenu() const { return m_errorsMenu; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createMenu();
    void fillRecentErrors();
    void updateState();
    void retranslate();
    void countRequest(const RequestLogRow &row);
    void onActivated(QSystemTrayIcon::ActivationReason reason);

    QPointer<RelayService> m_relay; // the app may destroy it before this icon
    QPointer<MainWindow> m_window;
    QSystemTrayIcon *m_icon = nullptr;
    std::unique_ptr<QMenu> m_menu; // a top-level widget: QObject parenting cannot own it
    QAction *m_openAction = nullptr;
    QAction *m_startStopAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_quitAction = nullptr;
    QMenu *m_errorsMenu = nullptr; // owned by m_menu
    int m_failedRequests = 0;
};
