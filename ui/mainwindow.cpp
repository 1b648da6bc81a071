#include "mainwindow.h"

#include "dashboard/dashboardtab.h"
#include "dashboard/recentrequestsmodel.h"
#include "relay/relayservice.h"
#include "store/store.h"
#include "config/channelstab.h"
#include "config/configapplier.h"
#include "config/keystab.h"
#include "config/settingstab.h"
#include "errors/errorstab.h"
#include "requests/requeststab.h"
#include "trayicon.h"
#include "uisettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
constexpr int kStatusMessageMs = 4000;
// How long Stop lets in-flight streams finish (off the GUI thread; the window shows
// "Stopping…" meanwhile); streams still open afterwards are aborted and logged as such.
constexpr int kStopDrainMs = 5000;
} // namespace

MainWindow::MainWindow(RelayService *relay, QWidget *parent)
    : MainWindow(relay, nullptr, parent)
{
}

MainWindow::MainWindow(RelayService *relay, Store *store, QWidget *parent)
    : QMainWindow(parent)
    , m_relay(relay)
    , m_store(store)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(appIcon());
    m_tabs = new QTabWidget(this);
    m_dashboard = new DashboardTab(m_store, m_tabs);
    m_tabs->addTab(m_dashboard, QString());
    if (m_store)
        createStoreTabs();
    setCentralWidget(m_tabs);
    statusBar();
    createActions();
    createMenus();

    connect(m_dashboard, &DashboardTab::startStopClicked, this, &MainWindow::toggleRelay);
    connect(m_dashboard, &DashboardTab::copyBaseUrlClicked, this, &MainWindow::copyBaseUrl);
    connect(m_relay, &RelayService::runningChanged, this, &MainWindow::updateRelayState);
    connect(m_relay, &RelayService::stoppingChanged, this, &MainWindow::updateRelayState);
    connect(m_relay, &RelayService::requestFinished, m_dashboard->recentRequests(),
            &RecentRequestsModel::addRow);
    // Refused connections leave no request row: the window is the place to learn of them.
    connect(m_relay, &RelayService::connectionsRefused, this, [this](qint64 total, int max) {
        m_dashboard->setConnectionsRefused(total, max);
        statusBar()->showMessage(connectionsRefusedText(total, max), kStatusMessageMs);
    });
    connect(m_relay, &RelayService::runningChanged, this, [this](bool running) {
        if (running) // a new start counts from zero
            m_dashboard->setConnectionsRefused(0, 0);
    });
    // The database refusing writes (down, read-only, full) must show here, not only in the log.
    if (m_store)
        connect(m_store, &Store::logWriteStateChanged, this, [this] {
            const Store::LogWriteState s = m_store->logWriteState();
            if (s.ok)
                statusBar()->showMessage(tr("Database writes work again; log rows lost in all: %1").arg(s.droppedRows),
                                         kStatusMessageMs);
            else
                statusBar()->showMessage(logWriteProblemText(s.ok, s.error, s.pendingRows, s.droppedRows));
        }, Qt::QueuedConnection);

    retranslate();
    updateRelayState();
    restoreWindowGeometry();
}

MainWindow::~MainWindow()
{
    saveWindowGeometry();
}

void MainWindow::setListenAddress(const QHostAddress &host, quint16 port)
{
    m_host = host;
    m_port = port;
}

void MainWindow::setTrayIcon(TrayIcon *tray)
{
    m_tray = tray;
}

RelayState MainWindow::relayState() const
{
    return relayStateOf(m_relay->isRunning(), m_lastError, m_relay->isStopping());
}

bool MainWindow::startRelay()
{
    if (m_relay->isRunning())
        return true;
    QString error;
    const bool ok = m_relay->start(m_host, m_port, &error);
    if (ok)
        m_lastError.clear();
    else
        m_lastError = error.isEmpty() ? tr("unknown error") : error;
    updateRelayState();
    return ok;
}

void MainWindow::stopRelay()
{
    m_relay->stopAsync(kStopDrainMs); // stoppingChanged/runningChanged update the window
    updateRelayState();
}

void MainWindow::toggleRelay()
{
    if (m_relay->isRunning())
        stopRelay();
    else
        startRelay();
}

void MainWindow::copyBaseUrl()
{
    if (!m_relay->isRunning())
        return;
    const QString url = m_relay->baseUrl();
    QGuiApplication::clipboard()->setText(url);
    statusBar()->showMessage(tr("Copied %1 to the clipboard").arg(url), kStatusMessageMs);
}

void MainWindow::showAndActivate()
{
    if (isMinimized())
        setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
}

void MainWindow::quitApplication()
{
    saveWindowGeometry();
    QCoreApplication::quit();
}

void MainWindow::updateRelayState()
{
    const RelayState state = relayState();
    const bool running = state == RelayState::Running;
    m_dashboard->setRelayState(state, running ? m_relay->baseUrl() : QString(), m_lastError);
    m_copyUrlAction->setEnabled(running);
    m_startStopAction->setEnabled(state != RelayState::Stopping);
    retranslate();
    Q_EMIT relayStateChanged(state);
}

void MainWindow::createActions()
{
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quitApplication);
    addAction(m_quitAction); // the shortcut works even while the menu bar is hidden

    m_startStopAction = new QAction(this);
    connect(m_startStopAction, &QAction::triggered, this, &MainWindow::toggleRelay);

    m_copyUrlAction = new QAction(this);
    m_copyUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyUrlAction, &QAction::triggered, this, &MainWindow::copyBaseUrl);

    m_aboutAction = new QAction(this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_startStopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    // Ctrl+1 .. Ctrl+9: the n-th tab, in the order shown.
    for (int i = 0; i < 9; ++i) {
        auto *tabAction = new QAction(this);
        tabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(tabAction, &QAction::triggered, this, [this, i] {
            if (i < m_tabs->count())
                m_tabs->setCurrentIndex(i);
        });
        addAction(tabAction);
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About RelayDesk"),
                       tr("<h3>RelayDesk %1</h3>"
                          "<p>A desktop LLM API relay: OpenAI, Anthropic and Gemini clients "
                          "reach any upstream channel through one local address, with quotas "
                          "per key and a log of every request.</p>")
                           .arg(QStringLiteral(RELAYDESK_VERSION)));
}

void MainWindow::showErrorGroup(const QString &signature)
{
    showAndActivate();
    if (!m_errors)
        return;
    m_tabs->setCurrentWidget(m_errors);
    const QList<ErrorGroup> groups = m_errors->groups();
    for (int r = 0; r < groups.size(); ++r)
        if (groups.at(r).signature == signature)
            m_errors->groupsTable()->selectRow(r);
}

void MainWindow::createStoreTabs()
{
    m_applier = new ConfigApplier(m_store, m_relay, this);
    m_requests = new RequestsTab(m_store, m_tabs);
    m_errors = new ErrorsTab(m_store, m_tabs);
    m_channels = new ChannelsTab(m_applier, m_tabs);
    m_keys = new KeysTab(m_applier, m_tabs);
    m_settings = new SettingsTab(m_applier, m_tabs);
    for (QWidget *tab : {static_cast<QWidget *>(m_requests), static_cast<QWidget *>(m_errors),
                         static_cast<QWidget *>(m_channels), static_cast<QWidget *>(m_keys),
                         static_cast<QWidget *>(m_settings)})
        m_tabs->addTab(tab, QString());
    connect(m_relay, &RelayService::requestFinished, m_requests, &RequestsTab::addLiveRow);
    // A finished request may have added an error group: re-read them (throttled).
    connect(m_relay, &RelayService::requestFinished, m_errors, &ErrorsTab::scheduleRefresh);
    connect(m_errors, &ErrorsTab::requestActivated, this, [this](const QString &requestId) {
        m_tabs->setCurrentWidget(m_requests);
        m_requests->showRequest(requestId);
    });
    connect(m_settings, &SettingsTab::listenAddressChanged, this, &MainWindow::setListenAddress);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_quitAction);
    m_relayMenu = menuBar()->addMenu(QString());
    m_relayMenu->addAction(m_startStopAction);
    m_relayMenu->addAction(m_copyUrlAction);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("RelayDesk"));
    m_tabs->setTabText(m_tabs->indexOf(m_dashboard), tr("Dashboard"));
    if (m_requests) {
        m_tabs->setTabText(m_tabs->indexOf(m_requests), tr("Requests"));
        m_tabs->setTabText(m_tabs->indexOf(m_errors), tr("Errors"));
        m_tabs->setTabText(m_tabs->indexOf(m_channels), tr("Channels"));
        m_tabs->setTabText(m_tabs->indexOf(m_keys), tr("Keys"));
        m_tabs->setTabText(m_tabs->indexOf(m_settings), tr("Settings"));
    }
    m_fileMenu->setTitle(tr("&File"));
    m_relayMenu->setTitle(tr("&Relay"));
    m_quitAction->setText(tr("&Quit"));
    m_startStopAction->setText(m_relay->isRunning() ? tr("S&top relay") : tr("&Start relay"));
    m_copyUrlAction->setText(tr("&Copy base URL"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About RelayDesk"));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::showEvent(QShowEvent *event)
{
    m_everShown = true;
    QMainWindow::showEvent(event);
}

// Only the user's own close (title bar button, window manager) hides into the tray or quits.
// A close sent by code is not spontaneous: above all, Qt 6's QCoreApplication::quit() first
// closes every window and gives up quitting if one refuses, so it must always be accepted.
void MainWindow::closeEvent(QCloseEvent *event)
{
    const bool byUser = event->spontaneous();
    if (byUser && hideToTray()) {
        event->ignore();
        return;
    }
    saveWindowGeometry();
    event->accept();
    if (byUser)
        QCoreApplication::quit();
}

// Closing the window of a tray app keeps the relay running; tell the user where it went, once.
bool MainWindow::hideToTray()
{
    if (!m_tray || !m_tray->isVisible())
        return false;
    saveWindowGeometry();
    hide();
    if (!m_trayHintShown) {
        m_trayHintShown = true;
        m_tray->showMessage(tr("RelayDesk is still running"),
                            tr("The relay keeps serving requests. Use the tray icon to open the "
                               "window again, or choose Quit to stop it."));
    }
    return true;
}

void MainWindow::restoreWindowGeometry()
{
    const auto settings = UiSettings::open();
    if (!restoreGeometry(settings->value(kGeometryKey).toByteArray()))
        resize(960, 600);
    restoreState(settings->value(kStateKey).toByteArray());
}

// Only a window that was shown has a geometry worth keeping (a tray-only run must not
// overwrite the user's last layout with the default one).
void MainWindow::saveWindowGeometry()
{
    if (!m_everShown)
        return;
    const auto settings = UiSettings::open();
    settings->setValue(kGeometryKey, saveGeometry());
    settings->setValue(kStateKey, saveState());
}
