// The Requests tab over a seeded temporary database: paging, filters, the detail pane and
// live rows.
#include "relay/relayservice.h"
#include "requests/requestdetailview.h"
#include "requests/requestlogmodel.h"
#include "requests/requeststab.h"
#include "store/store.h"
#include "uisettings.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHeaderView>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class TestRequestsTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstPageShowsNewestRows();
    void firstPageShowsBeforeTheCount();
    void scrollingToTheEndLoadsOnlyShownPages();
    void pagesBeyondTheCacheAreDroppedAndQueriedAgain();
    void statusFilterShowsOnlyErrors();
    void textFiltersRequery_data();
    void textFiltersRequery();
    void detailPaneShowsStreamStatusAndDiagnostics();
    void rawJsonToggleShowsIndentedRow();
    void liveRowAppearsOnTop();
    void searchMatchesIdsAndMessages_data();
    void searchMatchesIdsAndMessages();
    void timeRangeKeepsRowsInside();
    void timeRangePresetFiltersFromNow();
    void showRequestSelectsItAndOpensDetail();
    void nodeColumnAppearsWithSecondNode();
    void columnLayoutSurvivesRecreatingTheTab();

private:
    static RequestLogRow seededRow(int i);
    QAbstractItemModel *model() const { return m_tab->view()->model(); }
    void waitForFirstPage();

    static constexpr int kRows = 1000;
    static constexpr int kErrorEvery = 10; // every 10th row failed
    static inline QDateTime s_base;        // row i started at s_base + i seconds
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RequestsTab> m_tab;
};

RequestLogRow TestRequestsTab::seededRow(int i)
{
    RequestLogRow row;
    row.requestId = QStringLiteral("req-%1").arg(i);
    row.startedAt = s_base.addSecs(i);
    row.durationMs = 100 + i;
    row.keyName = i % 2 ? QStringLiteral("laptop") : QStringLiteral("ci-runner");
    row.channel = i % 3 ? QStringLiteral("openai-main") : QStringLiteral("claude");
    row.model = QStringLiteral("gpt-5");
    row.upstreamModel = QStringLiteral("gpt-5");
    row.path = QStringLiteral("/v1/chat/completions");
    row.stream = true;
    row.httpStatus = 200;
    row.usage.inputTokens = 1000 + i;
    row.usage.outputTokens = 10 + i;
    row.usage.known = true;
    row.costUsd = 0.001 * i;
    row.streamStatus.events = 42;
    row.streamStatus.bytes = 4096;
    row.streamStatus.firstByteMs = 321;
    if (i % kErrorEvery == 0) {
        row.streamStatus.endReason = EndReason::Eof;
        row.streamStatus.addError(QStringLiteral("upstream closed after 42 events (seed %1)").arg(i));
        row.errorMessage = QStringLiteral("upstream closed the stream early");
        row.detail.insert(QStringLiteral("close_event"),
                          QJsonObject{{QStringLiteral("kind"), QStringLiteral("upstream-premature")},
                                      {QStringLiteral("last_event_sent"), QStringLiteral("content_block_delta")}});
        row.detail.insert(QStringLiteral("attempts"),
                          QJsonArray{QJsonObject{{QStringLiteral("channel"), QStringLiteral("openai-main")},
                                                 {QStringLiteral("status"), 200}}});
    }
    return row;
}

void TestRequestsTab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    UiSettings::setFileName(m_dir.filePath(QStringLiteral("ui.ini")));
    QString error;
    m_store = Store::open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("relaydesk.db")), &error);
    QVERIFY2(m_store, qPrintable(error));
    s_base = QDateTime::currentDateTimeUtc().addSecs(-kRows);
    s_base.setTime(QTime(s_base.time().hour(), s_base.time().minute(), s_base.time().second()));
    for (int i = 1; i <= kRows; ++i)
        m_store->appendRequestLog(seededRow(i));
    m_store->flush();
    QCOMPARE(m_store->requestLogCount(), qint64(kRows));
}

void TestRequestsTab::init()
{
    m_tab = std::make_unique<RequestsTab>(m_store.get());
    m_tab->resize(1000, 700);
    m_tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_tab.get()));
    waitForFirstPage();
}

void TestRequestsTab::cleanup()
{
    m_tab.reset();
}

void TestRequestsTab::waitForFirstPage()
{
    QTRY_VERIFY(!m_tab->model()->isLoading() && model()->rowCount() > 0);
}

void TestRequestsTab::firstPageShowsNewestRows()
{
    QCOMPARE(model()->rowCount(), kRows); // counted, not loaded
    QCOMPARE(m_tab->model()->cachedRowCount(), RequestLogModel::kPageSize);
    QCOMPARE(m_tab->model()->rowAt(0).requestId, QStringLiteral("req-%1").arg(kRows));
    QCOMPARE(model()->headerData(RequestLogModel::EndReasonColumn, Qt::Horizontal).toString(),
             QStringLiteral("End reason"));
    QCOMPARE(model()->index(0, RequestLogModel::Key).data().toString(), QStringLiteral("ci-runner"));
    QCOMPARE(model()->index(0, RequestLogModel::Status).data().toString(), QStringLiteral("Error"));
    QCOMPARE(model()->index(0, RequestLogModel::EndReasonColumn).data().toString(), QStringLiteral("Premature close"));
    QCOMPARE(model()->index(1, RequestLogModel::Status).data().toString(), QStringLiteral("OK"));
    QCOMPARE(model()->index(1, RequestLogModel::HttpStatus).data().toString(), QStringLiteral("200"));
}

void TestRequestsTab::firstPageShowsBeforeTheCount()
{
    RequestLogModel model(m_store.get());
    int rowsAtFirstPage = -1;
    connect(&model, &RequestLogModel::pageLoaded, this, [&] {
        if (rowsAtFirstPage < 0)
            rowsAtFirstPage = model.rowCount();
    });
    QSignalSpy counted(&model, &RequestLogModel::countLoaded);
    model.setFilter(RequestLogQuery{});
    QVERIFY(counted.wait());
    QCOMPARE(rowsAtFirstPage, RequestLogModel::kPageSize);
    QCOMPARE(counted.first().first().toLongLong(), qint64(kRows));
    QCOMPARE(model.rowCount(), kRows);
}

void TestRequestsTab::scrollingToTheEndLoadsOnlyShownPages()
{
    m_tab->view()->scrollToBottom();
    QTRY_VERIFY(m_tab->model()->isRowLoaded(kRows - 1));
    QCOMPARE(m_tab->model()->rowAt(kRows - 1).requestId, QStringLiteral("req-1"));
    QCOMPARE(model()->index(kRows - 1, RequestLogModel::Key).data().toString(), QStringLiteral("laptop"));
    // The first page and the one or two pages at the bottom; nothing in between.
    QVERIFY2(m_tab->model()->pagesLoaded() <= 3, qPrintable(QString::number(m_tab->model()->pagesLoaded())));
    QVERIFY(m_tab->model()->cachedRowCount() <= 3 * RequestLogModel::kPageSize);
    QVERIFY(!m_tab->model()->isRowLoaded(kRows / 2));
    QCOMPARE(model()->index(kRows / 2, RequestLogModel::Time).data().toString(), QStringLiteral("Loading\u2026"));
}

void TestRequestsTab::pagesBeyondTheCacheAreDroppedAndQueriedAgain()
{
    m_tab->model()->setMaxCachedPages(2);
    for (const int row : {kRows / 2, kRows - 1, 0}) {
        m_tab->view()->scrollTo(model()->index(row, 0));
        QTRY_VERIFY(m_tab->model()->isRowLoaded(row));
        QCOMPARE(m_tab->model()->rowAt(row).requestId, QStringLiteral("req-%1").arg(kRows - row));
        QVERIFY(m_tab->model()->cachedRowCount() <= 2 * RequestLogModel::kPageSize);
    }
}

void TestRequestsTab::statusFilterShowsOnlyErrors()
{
    auto *status = m_tab->findChild<QComboBox *>(QStringLiteral("statusFilter"));
    QVERIFY(status);
    status->setCurrentIndex(status->findData(QStringLiteral("error")));
    Q_EMIT status->activated(status->currentIndex());
    QTRY_VERIFY(!m_tab->model()->isLoading() && model()->rowCount() > 0);
    QCOMPARE(model()->rowCount(), kRows / kErrorEvery);
    for (int r = 0; r < model()->rowCount(); ++r)
        QCOMPARE(model()->index(r, RequestLogModel::Status).data().toString(), QStringLiteral("Error"));
    QVERIFY(!model()->canFetchMore({}));
}

void TestRequestsTab::textFiltersRequery_data()
{
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("rows");
    QTest::addRow("key") << "keyFilter" << "laptop" << int(RequestLogModel::Key) << kRows / 2;
    QTest::addRow("channel") << "channelFilter" << "claude" << int(RequestLogModel::Channel) << kRows / 3;
}

void TestRequestsTab::textFiltersRequery()
{
    QFETCH(QString, edit);
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(int, rows);
    auto *lineEdit = m_tab->findChild<QLineEdit *>(edit);
    QVERIFY(lineEdit);
    lineEdit->setText(text);
    Q_EMIT lineEdit->editingFinished();
    QTRY_VERIFY(!m_tab->model()->isLoading() && model()->rowCount() > 0);
    QCOMPARE(m_tab->model()->filter().key.isEmpty(), edit != QLatin1String("keyFilter"));
    QCOMPARE(model()->rowCount(), rows);
    for (int r = 0; r < RequestLogModel::kPageSize; ++r)
        QCOMPARE(model()->index(r, column).data().toString(), text);

    // Leaving the box unchanged (editingFinished on focus loss) keeps the rows, selection and all.
    QSignalSpy resets(model(), &QAbstractItemModel::modelReset);
    Q_EMIT lineEdit->editingFinished();
    QCOMPARE(resets.count(), 0);
}

void TestRequestsTab::detailPaneShowsStreamStatusAndDiagnostics()
{
    m_tab->view()->selectRow(0); // req-1000: a premature close
    const QString text = m_tab->detailView()->readableText();
    QVERIFY2(text.contains(QStringLiteral("Premature close")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("upstream closed after 42 events (seed 1000)")));
    QVERIFY(text.contains(QStringLiteral("Stream close diagnostics")));
    QVERIFY(text.contains(QStringLiteral("upstream-premature")));
    QVERIFY(text.contains(QStringLiteral("content_block_delta")));
    QVERIFY(text.contains(QStringLiteral("Attempt 1")));
    QVERIFY(text.contains(QStringLiteral("req-1000")));
    QVERIFY(text.contains(QStringLiteral("321 ms"))); // first byte
}

void TestRequestsTab::rawJsonToggleShowsIndentedRow()
{
    m_tab->view()->selectRow(1);
    auto *raw = m_tab->findChild<QPushButton *>(QStringLiteral("rawJsonButton"));
    auto *json = m_tab->findChild<QPlainTextEdit *>(QStringLiteral("requestRawJson"));
    QVERIFY(raw && json);
    QVERIFY(!json->isVisible());
    QTest::mouseClick(raw, Qt::LeftButton);
    QVERIFY(json->isVisible());
    QVERIFY(json->toPlainText().contains(QStringLiteral("    \"request_id\": \"req-999\"")));
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"end_reason\": \"done\"")));
}

void TestRequestsTab::liveRowAppearsOnTop()
{
    RequestLogRow row = seededRow(kRows + 1);
    row.requestId = QStringLiteral("live-1");
    m_tab->addLiveRow(row);
    QCOMPARE(m_tab->model()->rowAt(0).requestId, QStringLiteral("req-%1").arg(kRows)); // throttled
    QTRY_COMPARE(m_tab->model()->rowAt(0).requestId, QStringLiteral("live-1"));
    QCOMPARE(model()->rowCount(), kRows + 1);
}

void TestRequestsTab::searchMatchesIdsAndMessages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rows");
    QTest::addRow("request id") << "req-999" << 1;
    QTest::addRow("error message") << "closed the stream" << kRows / kErrorEvery;
    QTest::addRow("no match") << "no-such-thing" << 0;
}

void TestRequestsTab::searchMatchesIdsAndMessages()
{
    QFETCH(QString, text);
    QFETCH(int, rows);
    auto *search = m_tab->findChild<QLineEdit *>(QStringLiteral("searchFilter"));
    QVERIFY(search);
    search->setText(text);
    Q_EMIT search->editingFinished();
    QTRY_VERIFY(!m_tab->model()->isLoading() && m_tab->model()->pagesLoaded() == 1);
    QCOMPARE(model()->rowCount(), rows);
    for (int r = 0; r < rows; ++r)
        QVERIFY(m_tab->model()->rowAt(r).requestId.contains(text) || m_tab->model()->rowAt(r).errorMessage.contains(text));
}

void TestRequestsTab::timeRangeKeepsRowsInside()
{
    RequestLogQuery query;
    query.from = s_base.addSecs(301);
    query.to = s_base.addSecs(401);
    m_tab->model()->setFilter(query);
    QTRY_VERIFY(!m_tab->model()->isLoading() && m_tab->model()->pagesLoaded() == 1);
    QCOMPARE(model()->rowCount(), 100);
    QCOMPARE(m_tab->model()->rowAt(0).requestId, QStringLiteral("req-400"));
    QCOMPARE(m_tab->model()->rowAt(99).requestId, QStringLiteral("req-301"));
}

void TestRequestsTab::timeRangePresetFiltersFromNow()
{
    auto *range = m_tab->findChild<QComboBox *>(QStringLiteral("timeRangeFilter"));
    QVERIFY(range);
    range->setCurrentIndex(range->findData(int(RequestsTab::LastHour)));
    Q_EMIT range->activated(range->currentIndex());
    const QDateTime from = m_tab->model()->filter().from;
    QVERIFY(from.isValid());
    QVERIFY(qAbs(from.secsTo(QDateTime::currentDateTimeUtc()) - 3600) <= 61);
    QTRY_VERIFY(!m_tab->model()->isLoading() && model()->rowCount() > 0); // seeded rows are recent

    // Custom: the from/to editors appear and bound the query.
    auto *to = m_tab->findChild<QDateTimeEdit *>(QStringLiteral("toFilter"));
    QVERIFY(to && !to->isVisible());
    range->setCurrentIndex(range->findData(int(RequestsTab::CustomRange)));
    Q_EMIT range->activated(range->currentIndex());
    QVERIFY(to->isVisible());
    to->setDateTime(s_base.addDays(-1).toLocalTime());
    Q_EMIT to->editingFinished();
    QTRY_VERIFY(!m_tab->model()->isLoading() && m_tab->model()->pagesLoaded() == 1);
    QCOMPARE(model()->rowCount(), 0); // nothing before yesterday
}

void TestRequestsTab::showRequestSelectsItAndOpensDetail()
{
    // req-500 is not on the first page: the request-id filter finds it.
    m_tab->showRequest(QStringLiteral("req-500"));
    QTRY_VERIFY(m_tab->view()->currentIndex().isValid());
    QCOMPARE(m_tab->model()->rowAt(m_tab->view()->currentIndex().row()).requestId, QStringLiteral("req-500"));
    QCOMPARE(m_tab->findChild<QLineEdit *>(QStringLiteral("requestIdFilter"))->text(), QStringLiteral("req-500"));
    const QString text = m_tab->detailView()->readableText();
    QVERIFY2(text.contains(QStringLiteral("upstream closed after 42 events (seed 500)")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("upstream-premature")));

    auto *clear = m_tab->findChild<QPushButton *>(QStringLiteral("clearFiltersButton"));
    QTest::mouseClick(clear, Qt::LeftButton);
    QTRY_COMPARE(model()->rowCount(), kRows);
}

void TestRequestsTab::nodeColumnAppearsWithSecondNode()
{
    QVERIFY(m_tab->view()->isColumnHidden(RequestLogModel::Node)); // seeded rows: one node
    RequestLogRow row = seededRow(kRows + 2);
    row.node = QStringLiteral("relay-b");
    m_tab->addLiveRow(row);
    m_tab->model()->flushLive();
    QVERIFY(!m_tab->view()->isColumnHidden(RequestLogModel::Node));
    QCOMPARE(model()->index(0, RequestLogModel::Node).data().toString(), QStringLiteral("relay-b"));
}

void TestRequestsTab::columnLayoutSurvivesRecreatingTheTab()
{
    QHeaderView *header = m_tab->view()->horizontalHeader();
    header->resizeSection(RequestLogModel::Model, 333);
    header->moveSection(header->visualIndex(RequestLogModel::Cost), 0);
    m_tab.reset();
    m_tab = std::make_unique<RequestsTab>(m_store.get());
    waitForFirstPage();
    header = m_tab->view()->horizontalHeader();
    QCOMPARE(header->sectionSize(RequestLogModel::Model), 333);
    QCOMPARE(header->visualIndex(RequestLogModel::Cost), 0);
}

QTEST_MAIN(TestRequestsTab)
#include "tst_requeststab.moc"
