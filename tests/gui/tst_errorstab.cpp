// The Errors tab groups seeded error-log entries by signature and shows a group's samples,
// trends, new groups and acknowledgement; a sample opens its request in the Requests tab.
#include "errors/errorstab.h"
#include "errors/sparklinedelegate.h"
#include "requests/requestdetailview.h"
#include "requests/requestlogmodel.h"
#include "requests/requeststab.h"
#include "store/store.h"
#include "uisettings.h"

#include <QCheckBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QJsonObject>
#include <memory>
#include <numeric>

class TestErrorsTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void groupsSeededEntriesBySignature();
    void selectingAGroupShowsItsSamples();
    void trendColumnCountsThisHour();
    void activatingASampleShowsItsRequest();
    void acknowledgedGroupHidesUntilItHappensAgain();
    void newGroupIsHighlightedUntilSelected();
    void runWithoutOpeningTheTabKeepsNewGroupsNew();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    ErrorEntry m_timeout;
};

void TestErrorsTab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    UiSettings::setFileName(m_dir.filePath(QStringLiteral("ui.ini")));
    QString error;
    m_store = Store::open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("relaydesk.db")), &error);
    QVERIFY2(m_store, qPrintable(error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 3; ++i) {
        ErrorEntry e = ErrorEntry::make(ErrorKind::UpstreamPremature, QStringLiteral("anthropic"),
                                        QStringLiteral("upstream closed before message_stop"), now.addSecs(i - 100));
        e.requestId = QStringLiteral("req-premature-%1").arg(i);
        e.channel = QStringLiteral("claude");
        m_store->appendErrorEntry(e);
    }
    m_timeout = ErrorEntry::make(ErrorKind::Timeout, QStringLiteral("openai-chat"),
                                 QStringLiteral("no first byte within 120 s"), now);
    m_timeout.requestId = QStringLiteral("req-timeout");
    m_timeout.channel = QStringLiteral("openai-main");
    m_store->appendErrorEntry(m_timeout);
    RequestLogRow request; // the request behind one sample (its failure is not a request-log row here)
    request.requestId = QStringLiteral("req-premature-2");
    request.startedAt = now.addSecs(-98);
    request.httpStatus = 200;
    request.streamStatus.events = 7;
    request.detail.insert(QStringLiteral("close_event"),
                          QJsonObject{{QStringLiteral("kind"), QStringLiteral("upstream-premature")}});
    m_store->appendRequestLog(request);
    m_store->flush();
}

void TestErrorsTab::groupsSeededEntriesBySignature()
{
    ErrorsTab tab(m_store.get());
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    // Most recently seen first.
    QCOMPARE(tab.groupsTable()->item(0, ErrorsTab::Kind)->text(), QStringLiteral("timeout"));
    QCOMPARE(tab.groupsTable()->item(1, ErrorsTab::Kind)->text(), QStringLiteral("upstream-premature"));
    QCOMPARE(tab.groupsTable()->item(1, ErrorsTab::Count)->text(), QStringLiteral("3"));
    QCOMPARE(tab.groupsTable()->item(1, ErrorsTab::Channels)->text(), QStringLiteral("claude"));
    QCOMPARE(tab.groupsTable()->item(1, ErrorsTab::LastMessage)->text(),
             QStringLiteral("upstream closed before message_stop"));
}

void TestErrorsTab::selectingAGroupShowsItsSamples()
{
    ErrorsTab tab(m_store.get());
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    tab.groupsTable()->selectRow(1);
    QTRY_COMPARE(tab.samplesTable()->rowCount(), 3);
    QCOMPARE(tab.samplesTable()->item(0, 1)->text(), QStringLiteral("req-premature-2")); // newest first
}

void TestErrorsTab::trendColumnCountsThisHour()
{
    ErrorsTab tab(m_store.get());
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    const auto counts = tab.groupsTable()->item(1, ErrorsTab::Trend)->data(SparklineDelegate::kCountsRole)
                            .value<QList<qint64>>();
    QCOMPARE(counts.size(), ErrorsTab::kTrendHours);
    QCOMPARE(std::accumulate(counts.cbegin(), counts.cend(), qint64(0)), qint64(3)); // the seeded three
    QVERIFY(counts.constLast() > 0 || counts.at(counts.size() - 2) > 0); // recent hours, not old ones
}

void TestErrorsTab::activatingASampleShowsItsRequest()
{
    ErrorsTab tab(m_store.get());
    RequestsTab requests(m_store.get());
    connect(&tab, &ErrorsTab::requestActivated, &requests, &RequestsTab::showRequest); // as MainWindow does
    tab.resize(900, 600);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    tab.groupsTable()->selectRow(1);
    QTRY_COMPARE(tab.samplesTable()->rowCount(), 3);
    QSignalSpy activated(&tab, &ErrorsTab::requestActivated);
    tab.samplesTable()->setCurrentCell(0, 1);
    QTest::keyClick(tab.samplesTable(), Qt::Key_Return); // Enter or a double-click activate
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), QStringLiteral("req-premature-2"));
    QTRY_VERIFY(requests.view()->currentIndex().isValid());
    QCOMPARE(requests.model()->rowAt(requests.view()->currentIndex().row()).requestId,
             QStringLiteral("req-premature-2"));
    QVERIFY(requests.detailView()->readableText().contains(QStringLiteral("upstream-premature")));
}

void TestErrorsTab::acknowledgedGroupHidesUntilItHappensAgain()
{
    ErrorsTab tab(m_store.get());
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    QCOMPARE(tab.groupsTable()->item(0, ErrorsTab::Kind)->text(), QStringLiteral("timeout"));
    tab.groupsTable()->selectRow(0);
    auto *acknowledge = tab.findChild<QPushButton *>(QStringLiteral("acknowledgeButton"));
    QVERIFY(acknowledge && acknowledge->isEnabled());
    QTest::mouseClick(acknowledge, Qt::LeftButton);
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 1);
    QCOMPARE(tab.groupsTable()->item(0, ErrorsTab::Kind)->text(), QStringLiteral("upstream-premature"));

    auto *showAcknowledged = tab.findChild<QCheckBox *>(QStringLiteral("showAcknowledged"));
    showAcknowledged->setChecked(true);
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    showAcknowledged->setChecked(false);
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 1);

    ErrorEntry again = m_timeout;
    again.at = QDateTime::currentDateTimeUtc().addSecs(1);
    m_store->appendErrorEntry(again);
    m_store->flush();
    tab.refresh();
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    QCOMPARE(tab.groupsTable()->item(0, ErrorsTab::Count)->text(), QStringLiteral("2"));
}

void TestErrorsTab::newGroupIsHighlightedUntilSelected()
{
    ErrorsTab tab(m_store.get());
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 2);
    QVERIFY(!tab.isNewGroup(0) && !tab.isNewGroup(1)); // known before the tab opened
    ErrorEntry fresh = ErrorEntry::make(ErrorKind::Timeout, QStringLiteral("gemini"),
                                        QStringLiteral("deadline exceeded"), QDateTime::currentDateTimeUtc().addSecs(2));
    m_store->appendErrorEntry(fresh);
    m_store->flush();
    tab.refresh();
    QTRY_COMPARE(tab.groupsTable()->rowCount(), 3);
    QCOMPARE(tab.signatureAt(0), fresh.signature);
    QVERIFY(tab.isNewGroup(0));
    QVERIFY(tab.groupsTable()->item(0, ErrorsTab::LastMessage)->font().bold());
    QVERIFY(!tab.groupsTable()->item(1, ErrorsTab::LastMessage)->font().bold());
    tab.groupsTable()->selectRow(0);
    QVERIFY(!tab.isNewGroup(0));
    QVERIFY(!tab.groupsTable()->item(0, ErrorsTab::LastMessage)->font().bold());
}

// The "new" mark moves only when the user has looked at the tab: a run that never showed it
// leaves groups first seen meanwhile new for the next run.
void TestErrorsTab::runWithoutOpeningTheTabKeepsNewGroupsNew()
{
    const QDateTime mark = QDateTime::currentDateTimeUtc().addSecs(-3600);
    UiSettings::open()->setValue(QStringLiteral("errors/lastVisit"), mark);
    {
        ErrorsTab hidden(m_store.get());
    }
    QCOMPARE(UiSettings::open()->value(QStringLiteral("errors/lastVisit")).toDateTime(), mark);
    {
        ErrorsTab shown(m_store.get());
        shown.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shown));
    }
    QVERIFY(UiSettings::open()->value(QStringLiteral("errors/lastVisit")).toDateTime() > mark);
}

QTEST_MAIN(TestErrorsTab)
#include "tst_errorstab.moc"
