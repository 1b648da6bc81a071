// The main window against a real Store and RelayService on 127.0.0.1: what a user sees when
// the relay starts, fails to start, serves requests, and when the language changes.
#include "dashboard/recentrequestsmodel.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "scriptedupstream.h"
#include "config/config.h"
#include "mainwindow.h"
#include "relay/relayservice.h"
#include "errors/errorstab.h"
#include "store/store.h"
#include "translation.h"
#include "trayicon.h"
#include "uisettings.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsStoppedThenRunningWithBaseUrl();
    void showsStartErrorWhenPortIsTaken();
    void stopDrainsInFlightStreamWithoutBlocking();
    void finishedRequestAppearsAfterThrottle();
    void burstOfRequestsIsCoalescedAndBounded();
    void copyButtonPutsBaseUrlOnClipboard();
    void chineseTranslationChangesVisibleText_data();
    void chineseTranslationChangesVisibleText();
    void remembersWindowGeometry();
    void withoutSystemTrayClosingTheWindowQuits();
    void trayMenuListsRecentErrorGroups();
    void ctrlDigitSwitchesTabs();
    void databaseRefusingWritesShowsOnTheDashboard();
    void connectionsOverTheCapShowOnTheDashboard();
    void savesScreenshot();
    void savesScreenshotOfEveryTab();

private:
    QString stateText() const;
    QAbstractItemModel *recentModel() const;
    static RequestLogRow sampleRow(const QString &key, int httpStatus, EndReason reason);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RelayService> m_relay;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    // Window geometry goes to QSettings: keep it out of the user's real configuration.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    UiSettings::setFileName(m_dir.filePath(QStringLiteral("ui.ini")));
    QString error;
    m_store = Store::open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("relaydesk.db")), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestMainWindow::init()
{
    m_relay = std::make_unique<RelayService>(m_store.get());
    m_window = std::make_unique<MainWindow>(m_relay.get());
    m_window->setListenAddress(QHostAddress(QHostAddress::LocalHost), 0);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    if (m_relay && m_relay->isRunning())
        m_relay->stop(0);
    m_relay.reset();
    installTranslator(*qApp, QStringLiteral("en"));
}

QString TestMainWindow::stateText() const
{
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("relayStateLabel"));
    return label ? label->text() : QString();
}

QAbstractItemModel *TestMainWindow::recentModel() const
{
    auto *view = m_window->findChild<QTableView *>(QStringLiteral("recentRequestsView"));
    return view ? view->model() : nullptr;
}

RequestLogRow TestMainWindow::sampleRow(const QString &key, int httpStatus, EndReason reason)
{
    RequestLogRow row;
    row.requestId = QStringLiteral("req-") + key;
    row.startedAt = QDateTime::currentDateTimeUtc();
    row.keyName = key;
    row.channel = QStringLiteral("openai-main");
    row.model = QStringLiteral("gpt-5");
    row.upstreamModel = QStringLiteral("gpt-5");
    row.stream = true;
    row.httpStatus = httpStatus;
    row.streamStatus.endReason = reason;
    row.usage.inputTokens = 1200;
    row.usage.outputTokens = 345;
    row.usage.known = true;
    return row;
}

void TestMainWindow::showsStoppedThenRunningWithBaseUrl()
{
    auto *urlEdit = m_window->findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"));
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("startStopButton"));
    QVERIFY(urlEdit && button);
    QCOMPARE(stateText(), QStringLiteral("Stopped"));
    QVERIFY(urlEdit->text().isEmpty());

    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(m_relay->isRunning());
    QTRY_COMPARE(stateText(), QStringLiteral("Running"));
    QVERIFY(m_relay->port() != 0);
    QCOMPARE(urlEdit->text(), m_relay->baseUrl());
    QVERIFY(urlEdit->text().startsWith(QStringLiteral("http://127.0.0.1:")));
    QCOMPARE(button->text(), QStringLiteral("Stop relay"));

    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(stateText(), QStringLiteral("Stopped"));
    QVERIFY(urlEdit->text().isEmpty());
}

void TestMainWindow::stopDrainsInFlightStreamWithoutBlocking()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    fx.upstream().setScript(Upstream::sseResponse(c.transcript().frames, 150)); // ~1 s of stream
    MainWindow window(fx.relay());
    window.show();
    RawHttpClient *client = fx.client();
    client->post(c.target(true), c.clientBody(true), c.clientAuth(RelayFixture::kClientKey));
    QTRY_COMPARE(fx.upstream().requestCount(), 1);

    QSignalSpy stopped(fx.relay(), &RelayService::stopped);
    window.stopRelay();
    // Returned while the stream still flows: the window says so and offers no second Stop.
    QCOMPARE(window.relayState(), RelayState::Stopping);
    QVERIFY(stopped.isEmpty());
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("relayStateLabel"))->text(), QStringLiteral("Stopping…"));
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("startStopButton"))->isEnabled());

    QVERIFY(stopped.wait(10000));
    QCOMPARE(window.relayState(), RelayState::Stopped);
    QVERIFY(!fx.relay()->isRunning());
    QVERIFY(client->waitForFinished());
    // Drained, not cut off: the whole stream with its chunked terminator reached the client.
    QVERIFY2(client->bodyComplete(), client->rawReceived().right(200).constData());
    QVERIFY(client->body().contains("[DONE]"));
}

void TestMainWindow::showsStartErrorWhenPortIsTaken()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    m_window->setListenAddress(QHostAddress(QHostAddress::LocalHost), squatter.serverPort());

    QVERIFY(!m_window->startRelay());
    auto *errorLabel = m_window->findChild<QLabel *>(QStringLiteral("relayErrorLabel"));
    QVERIFY(errorLabel);
    QVERIFY(errorLabel->isVisible());
    QVERIFY2(errorLabel->text().startsWith(QStringLiteral("Could not start the relay: ")), qPrintable(errorLabel->text()));
    QVERIFY(!m_window->lastError().isEmpty());
    QCOMPARE(stateText(), QStringLiteral("Error"));

    // The address is kept: once the port is free again, Start works and clears the error.
    squatter.close();
    QVERIFY(m_window->startRelay());
    QTRY_COMPARE(stateText(), QStringLiteral("Running"));
    QVERIFY(!errorLabel->isVisible());
}

void TestMainWindow::finishedRequestAppearsAfterThrottle()
{
    QAbstractItemModel *model = recentModel();
    QVERIFY(model);
    QCOMPARE(model->rowCount(), 0);

    Q_EMIT m_relay->requestFinished(sampleRow(QStringLiteral("laptop"), 502, EndReason::Eof));
    QCOMPARE(model->rowCount(), 0); // throttled: nothing is repainted per signal
    QTRY_COMPARE(model->rowCount(), 1);

    QCOMPARE(model->index(0, RecentRequestsModel::Key).data().toString(), QStringLiteral("laptop"));
    QCOMPARE(model->index(0, RecentRequestsModel::Model).data().toString(), QStringLiteral("gpt-5"));
    QCOMPARE(model->index(0, RecentRequestsModel::Status).data().toString(), QStringLiteral("502"));
    QCOMPARE(model->index(0, RecentRequestsModel::EndReasonColumn).data().toString(), QStringLiteral("Premature close"));
    QCOMPARE(model->index(0, RecentRequestsModel::Tokens).data().toString(),
             QLocale().toString(1200) + QStringLiteral(" / ") + QLocale().toString(345));
}

void TestMainWindow::burstOfRequestsIsCoalescedAndBounded()
{
    QAbstractItemModel *model = recentModel();
    QVERIFY(model);
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    const int burst = RecentRequestsModel::kDefaultMaxRows + 150;
    for (int i = 0; i < burst; ++i)
        Q_EMIT m_relay->requestFinished(sampleRow(QStringLiteral("key-%1").arg(i), 200, EndReason::Done));

    QTRY_COMPARE(model->rowCount(), int(RecentRequestsModel::kDefaultMaxRows));
    QCOMPARE(inserted.count(), 1); // one batch, not one insert per request
    // Newest first.
    QCOMPARE(model->index(0, RecentRequestsModel::Key).data().toString(), QStringLiteral("key-%1").arg(burst - 1));

    Q_EMIT m_relay->requestFinished(sampleRow(QStringLiteral("late"), 200, EndReason::Done));
    QTRY_COMPARE(model->index(0, RecentRequestsModel::Key).data().toString(), QStringLiteral("late"));
    QCOMPARE(model->rowCount(), int(RecentRequestsModel::kDefaultMaxRows));
}

void TestMainWindow::copyButtonPutsBaseUrlOnClipboard()
{
    auto *copy = m_window->findChild<QPushButton *>(QStringLiteral("copyBaseUrlButton"));
    QVERIFY(copy);
    QVERIFY(!copy->isEnabled()); // nothing to copy while stopped

    QVERIFY2(m_window->startRelay(), qPrintable(m_window->lastError()));
    QTRY_VERIFY(copy->isEnabled());
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), m_relay->baseUrl());
}

void TestMainWindow::chineseTranslationChangesVisibleText_data()
{
    QTest::addColumn<bool>("running");
    QTest::addColumn<QString>("english");
    QTest::addColumn<QString>("chinese");
    QTest::addRow("stopped") << false << QStringLiteral("Stopped") << QStringLiteral("已停止");
    QTest::addRow("running") << true << QStringLiteral("Running") << QStringLiteral("运行中");
}

void TestMainWindow::chineseTranslationChangesVisibleText()
{
    QFETCH(bool, running);
    QFETCH(QString, english);
    QFETCH(QString, chinese);
    if (running)
        QVERIFY2(m_window->startRelay(), qPrintable(m_window->lastError()));
    auto *tabs = m_window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    QTRY_COMPARE(stateText(), english);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Dashboard"));

    installTranslator(*qApp, QStringLiteral("zh_CN"));
    QTRY_COMPARE(stateText(), chinese); // the open window retranslates itself
    QCOMPARE(tabs->tabText(0), QStringLiteral("仪表盘"));
    QCOMPARE(recentModel()->headerData(RecentRequestsModel::Model, Qt::Horizontal).toString(), QStringLiteral("模型"));

    installTranslator(*qApp, QStringLiteral("en"));
    QTRY_COMPARE(stateText(), english);
}

void TestMainWindow::remembersWindowGeometry()
{
    m_window->resize(720, 480);
    QTRY_COMPARE(m_window->size(), QSize(720, 480));
    m_window.reset(); // saves on destruction

    MainWindow reopened(m_relay.get());
    QCOMPARE(reopened.size(), QSize(720, 480));
    QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("ui.ini"))));
}

void TestMainWindow::withoutSystemTrayClosingTheWindowQuits()
{
    // Offscreen has no system tray (QT64.md): the tray icon stands aside and the window is the UI.
    TrayIcon tray(m_relay.get(), m_window.get());
    QVERIFY(!tray.available());
    QVERIFY(!tray.isVisible());

    QVERIFY(m_window->close()); // accepted: not hidden into a tray that is not there
    QVERIFY(!m_window->isVisible());
}

void TestMainWindow::trayMenuListsRecentErrorGroups()
{
    QTemporaryDir dir;
    QString error;
    auto store = Store::open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("errors.db")), &error);
    QVERIFY2(store, qPrintable(error));
    ErrorEntry e = ErrorEntry::make(ErrorKind::Timeout, QStringLiteral("openai-chat"),
                                    QStringLiteral("no first byte within 120 s"), QDateTime::currentDateTimeUtc());
    e.channel = QStringLiteral("openai-main");
    store->appendErrorEntry(e);
    store->flush();
    MainWindow window(m_relay.get(), store.get());
    TrayIcon tray(m_relay.get(), &window);
    QMenu *errors = tray.recentErrorsMenu();
    QVERIFY(errors);
    QCOMPARE(errors->title(), QStringLiteral("Recent errors"));
    QTRY_COMPARE(window.errorsTab()->groups().size(), 1);

    Q_EMIT errors->aboutToShow();
    const QList<QAction *> actions = errors->actions();
    QCOMPARE(actions.size(), 1);
    QVERIFY2(actions.first()->text().startsWith(QStringLiteral("timeout (1×): no first byte")), qPrintable(actions.first()->text()));
    actions.first()->trigger();
    QVERIFY(window.isVisible());
    QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget *>(window.errorsTab()));
    QCOMPARE(window.errorsTab()->groupsTable()->selectionModel()->selectedRows().size(), 1);
}

// A read-only database: the served request's row waits in memory, and the relay box says so
// until the database takes it.
void TestMainWindow::databaseRefusingWritesShowsOnTheDashboard()
{
    QTemporaryDir dir;
    QString error;
    std::unique_ptr<Store> store = Store::open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("r.db")), &error);
    QVERIFY2(store, qPrintable(error));
    RelayService relay(store.get());
    MainWindow window(&relay, store.get());
    auto *label = window.findChild<QLabel *>(QStringLiteral("logWriteLabel"));
    QVERIFY(label && label->isHidden());
    store->queryOnWriterConnection(QStringLiteral("PRAGMA query_only = 1"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    store->appendRequestLog(sampleRow(QStringLiteral("laptop"), 200, EndReason::Done));
    QTRY_VERIFY(!label->isHidden());
    QVERIFY2(label->text().contains(QStringLiteral("refuses writes")), qPrintable(label->text()));
    QVERIFY2(label->text().contains(QStringLiteral("1 log rows waiting")), qPrintable(label->text()));
    store->queryOnWriterConnection(QStringLiteral("PRAGMA query_only = 0"), &error);
    QTRY_VERIFY_WITH_TIMEOUT(label->isHidden(), 10000); // written at the next retry, nothing lost
    QCOMPARE(store->requestLogCount(), 1);
}

// Connections over max_connections get a 503 and leave no request row: the dashboard is where
// a user learns of them, and a restart counts from zero.
void TestMainWindow::connectionsOverTheCapShowOnTheDashboard()
{
    Config config;
    config.settings.maxConnections = 1;
    m_relay->setConfig(config);
    QString error;
    QVERIFY2(m_relay->start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("connectionsRefusedLabel"));
    QVERIFY(label && label->isHidden());

    QTcpSocket holder; // takes the only slot
    holder.connectToHost(QHostAddress::LocalHost, m_relay->port());
    QVERIFY(holder.waitForConnected(3000));
    RawHttpClient refused(m_relay->port());
    refused.get("/v1/models", {});
    QVERIFY(refused.waitForFinished(5000));
    QCOMPARE(refused.status(), 503);

    QTRY_VERIFY(!label->isHidden());
    QVERIFY2(label->text().startsWith(QStringLiteral("1 connection refused with 503")), qPrintable(label->text()));
    QVERIFY2(label->text().contains(QStringLiteral("max_connections (1)")), qPrintable(label->text()));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("max_connections")),
             qPrintable(m_window->statusBar()->currentMessage()));

    holder.abort();
    m_relay->stop(0);
    QVERIFY2(m_relay->start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    QTRY_VERIFY(label->isHidden());
}

void TestMainWindow::ctrlDigitSwitchesTabs()
{
    MainWindow window(m_relay.get(), m_store.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.tabs()->currentIndex(), 2);
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.tabs()->currentIndex(), 0);
}

void TestMainWindow::savesScreenshot()
{
    QVERIFY2(m_window->startRelay(), qPrintable(m_window->lastError()));
    Q_EMIT m_relay->requestFinished(sampleRow(QStringLiteral("laptop"), 200, EndReason::Done));
    Q_EMIT m_relay->requestFinished(sampleRow(QStringLiteral("ci-runner"), 502, EndReason::Eof));
    Q_EMIT m_relay->requestFinished(sampleRow(QStringLiteral("laptop"), 200, EndReason::ClientGone));
    QTRY_COMPARE(recentModel()->rowCount(), 3);
    m_window->resize(960, 600);

    const QPixmap shot = m_window->grab();
    QVERIFY(!shot.isNull());
    const QString path = QDir::current().filePath(QStringLiteral("tst_mainwindow.png"));
    QVERIFY2(shot.save(path), qPrintable(path));
    QVERIFY(QFileInfo(path).size() > 0);
}

// The window with the store's tabs (Requests, Errors, Channels, Keys, Settings), one picture
// per tab in <build>/screenshots (offscreen-rendered, for the user guide).
void TestMainWindow::savesScreenshotOfEveryTab()
{
    for (int i = 0; i < 30; ++i)
        m_store->appendRequestLog(sampleRow(QStringLiteral("key-%1").arg(i % 3), i % 7 ? 200 : 502,
                                            i % 7 ? EndReason::Done : EndReason::Eof));
    m_store->flush();
    m_window.reset();
    MainWindow window(m_relay.get(), m_store.get());
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTabWidget *tabs = window.tabs();
    QCOMPARE(tabs->count(), 6);
    const QDir dir(QStringLiteral(RELAYDESK_SCREENSHOT_DIR));
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QTest::qWait(300); // let the off-thread queries land before the picture (not an assert)
        QString tabName = tabs->widget(i)->objectName();
        if (tabName.isEmpty())
            tabName = QStringLiteral("dashboardTab");
        const QString name = QStringLiteral("tab-%1-%2.png").arg(i).arg(tabName);
        QVERIFY2(window.grab().save(dir.filePath(name)), qPrintable(dir.filePath(name)));
    }
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
