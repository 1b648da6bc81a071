// The Errors tab groups seeded error-log entries by signature and shows a group's samples.
#include "errors/errorstab.h"
#include "store/store.h"
#include "uisettings.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class TestErrorsTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void groupsSeededEntriesBySignature();
    void selectingAGroupShowsItsSamples();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
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
    ErrorEntry timeout = ErrorEntry::make(ErrorKind::Timeout, QStringLiteral("openai-chat"),
                                          QStringLiteral("no first byte within 120 s"), now);
    timeout.requestId = QStringLiteral("req-timeout");
    timeout.channel = QStringLiteral("openai-main");
    m_store->appendErrorEntry(timeout);
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
    QSignalSpy activated(&tab, &ErrorsTab::requestActivated);
    Q_EMIT tab.samplesTable()->cellDoubleClicked(0, 1);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), QStringLiteral("req-premature-2"));
}

QTEST_MAIN(TestErrorsTab)
#include "tst_errorstab.moc"
