#include "trayicon.h"

#include "errors/errorstab.h"
#include "mainwindow.h"
#include "relay/relayservice.h"
#include "store/store.h"

#include <QAction>
#include <QCoreApplication>
#include <QEvent>
#include <QMenu>
#include <climits>

TrayIcon::TrayIcon(RelayService *relay, MainWindow *window, QObject *parent)
    : QObject(parent)
    , m_relay(relay)
    , m_window(window)
{
    createMenu();
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_icon = new QSystemTrayIcon(this);
    m_icon->setContextMenu(m_menu.get());
    connect(m_icon, &QSystemTrayIcon::activated, this, &TrayIcon::onActivated);
    connect(relay, &RelayService::runningChanged, this, [this](bool running) {
        if (running)
            m_failedRequests = 0; // "since the relay started"
        updateState();
    });
    connect(relay, &RelayService::stoppingChanged, this, &TrayIcon::updateState);
    connect(relay, &RelayService::requestFinished, this, &TrayIcon::countRequest);
    if (m_window) {
        connect(m_window, &MainWindow::relayStateChanged, this, &TrayIcon::updateState);
        m_window->setTrayIcon(this);
        if (Store *store = m_window->store()) // from the store's writer thread
            connect(store, &Store::logWriteStateChanged, this, &TrayIcon::updateState, Qt::QueuedConnection);
    }
    // A plain QObject gets no LanguageChange; the application object does.
    QCoreApplication::instance()->installEventFilter(this);
    retranslate();
    updateState();
    m_icon->show();
}

TrayIcon::~TrayIcon()
{
    if (m_icon)
        m_icon->hide();
}

void TrayIcon::showMessage(const QString &title, const QString &message)
{
    if (isVisible())
        m_icon->showMessage(title, message, QSystemTrayIcon::Information);
}

void TrayIcon::createMenu()
{
    m_menu = std::make_unique<QMenu>();
    m_openAction = m_menu->addAction(QString());
    m_menu->setDefaultAction(m_openAction);
    m_menu->addSeparator();
    m_startStopAction = m_menu->addAction(QString());
    m_copyUrlAction = m_menu->addAction(QString());
    m_errorsMenu = m_menu->addMenu(QString());
    m_errorsMenu->setObjectName(QStringLiteral("recentErrorsMenu"));
    m_errorsMenu->setTitle(tr("Recent errors"));
    connect(m_errorsMenu, &QMenu::aboutToShow, this, &TrayIcon::fillRecentErrors);
    m_menu->addSeparator();
    m_quitAction = m_menu->addAction(QString());

    connect(m_openAction, &QAction::triggered, this, [this] {
        if (m_window)
            m_window->showAndActivate();
    });
    connect(m_startStopAction, &QAction::triggered, this, [this] {
        if (m_window)
            m_window->toggleRelay();
    });
    connect(m_copyUrlAction, &QAction::triggered, this, [this] {
        if (m_window)
            m_window->copyBaseUrl();
    });
    connect(m_quitAction, &QAction::triggered, this, [this] {
        if (m_window)
            m_window->quitApplication();
        else
            QCoreApplication::quit();
    });
}

// The newest groups as the Errors tab last read them (no query here: the menu opens at once).
void TrayIcon::fillRecentErrors()
{
    constexpr int kShown = 5;
    constexpr int kMessageChars = 60;
    m_errorsMenu->clear();
    const ErrorsTab *errors = m_window ? m_window->errorsTab() : nullptr;
    const QList<ErrorGroup> groups = errors ? errors->groups().mid(0, kShown) : QList<ErrorGroup>();
    for (const ErrorGroup &g : groups) {
        QString message = g.lastMessage.simplified();
        if (message.size() > kMessageChars)
            message = message.left(kMessageChars - 1) + QStringLiteral("…");
        QAction *action = m_errorsMenu->addAction(tr("%1 (%n×): %2", nullptr, int(qMin<qint64>(g.count, INT_MAX)))
                                                      .arg(g.kind, message));
        const QString signature = g.signature;
        connect(action, &QAction::triggered, this, [this, signature] {
            if (m_window)
                m_window->showErrorGroup(signature);
        });
    }
    if (groups.isEmpty())
        m_errorsMenu->addAction(tr("No errors"))->setEnabled(false);
}

void TrayIcon::onActivated(QSystemTrayIcon::ActivationReason reason)
{
    if (!m_window || (reason != QSystemTrayIcon::Trigger && reason != QSystemTrayIcon::DoubleClick))
        return;
    if (reason == QSystemTrayIcon::Trigger && m_window->isVisible() && m_window->isActiveWindow())
        m_window->hide();
    else
        m_window->showAndActivate();
}

void TrayIcon::countRequest(const RequestLogRow &row)
{
    if (row.ok())
        return;
    ++m_failedRequests;
    updateState();
}

void TrayIcon::updateState()
{
    if (!m_relay)
        return;
    const RelayState state = m_window ? m_window->relayState()
                                      : relayStateOf(m_relay->isRunning(), QString(), m_relay->isStopping());
    m_icon->setIcon(relayStateIcon(state));
    retranslate();
}

void TrayIcon::retranslate()
{
    if (!m_relay)
        return;
    const bool running = m_relay->isRunning();
    const RelayState state = m_window ? m_window->relayState() : relayStateOf(running, QString(), m_relay->isStopping());
    m_openAction->setText(tr("Open RelayDesk"));
    m_startStopAction->setText(running ? tr("Stop relay") : tr("Start relay"));
    m_startStopAction->setEnabled(!m_relay->isStopping());
    m_copyUrlAction->setText(tr("Copy base URL"));
    m_errorsMenu->setTitle(tr("Recent errors"));
    m_copyUrlAction->setEnabled(running);
    m_quitAction->setText(tr("Quit"));

    QStringList lines{tr("RelayDesk: %1").arg(relayStateText(state))};
    if (running)
        lines << m_relay->baseUrl();
    if (m_failedRequests > 0)
        lines << tr("%n failed request(s) since start", nullptr, m_failedRequests);
    if (Store *store = m_window ? m_window->store() : nullptr) {
        const Store::LogWriteState s = store->logWriteState();
        if (const QString problem = logWriteProblemText(s.ok, s.error, s.pendingRows, s.droppedRows); !problem.isEmpty())
            lines << problem;
    }
    m_icon->setToolTip(lines.join(QLatin1Char('\n')));
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (m_icon && watched == QCoreApplication::instance() && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}
