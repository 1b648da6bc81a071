#include "requeststab.h"

#include "endreasontext.h"
#include "requestdetailview.h"
#include "requestlogmodel.h"
#include "uisettings.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {
constexpr EndReason kEndReasons[] = {EndReason::Done, EndReason::Eof, EndReason::Timeout,
                                     EndReason::ClientGone, EndReason::ScannerError,
                                     EndReason::PingFail, EndReason::UpstreamError,
                                     EndReason::Internal, EndReason::Rejected};
const QString kHeaderKey = QStringLiteral("requests/header");
} // namespace

RequestsTab::RequestsTab(Store *store, QWidget *parent)
    : QWidget(parent)
    , m_model(new RequestLogModel(store, this))
    , m_view(new QTableView(this))
    , m_detail(new RequestDetailView(this))
{
    setObjectName(QStringLiteral("requestsTab"));
    m_view->setObjectName(QStringLiteral("requestsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    // Sizing columns to contents looks at the shown rows only: the default (1000 rows) would
    // ask the model for pages nobody looks at.
    m_view->horizontalHeader()->setResizeContentsPrecision(0);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    restoreColumns();
    m_view->setColumnHidden(RequestLogModel::Node, true); // until rows come from several nodes

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createFilterBar());
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RequestsTab::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, m_detail, &RequestDetailView::clear);
    connect(m_model, &RequestLogModel::pageLoaded, this, &RequestsTab::onPageLoaded);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &top, const QModelIndex &bottom) {
        const int current = m_view->currentIndex().row();
        if (current >= top.row() && current <= bottom.row())
            showSelected();
    });
    connect(m_model, &RequestLogModel::nodesChanged, this, [this] {
        m_view->setColumnHidden(RequestLogModel::Node, !m_model->hasSeveralNodes());
    });
    retranslate();
    applyFilter();
}

RequestsTab::~RequestsTab()
{
    UiSettings::open()->setValue(kHeaderKey, m_view->horizontalHeader()->saveState());
}

void RequestsTab::restoreColumns()
{
    // A restored layout keeps the user's widths: no automatic sizing then.
    m_columnsSized = m_view->horizontalHeader()->restoreState(UiSettings::open()->value(kHeaderKey).toByteArray());
}

void RequestsTab::onPageLoaded(int rows)
{
    // Size the columns to the first rows once; later the user's widths stay.
    if (rows > 0 && !m_columnsSized) {
        m_columnsSized = true;
        m_view->resizeColumnsToContents();
    }
    if (m_selectWhenLoaded.isEmpty())
        return;
    // The request-id filter makes it the first page's only row (if it exists).
    const int row = m_model->rowOf(m_selectWhenLoaded);
    m_selectWhenLoaded.clear();
    if (row >= 0) {
        m_view->selectRow(row);
        m_view->scrollTo(m_model->index(row, 0));
    }
}

QWidget *RequestsTab::createFilterBar()
{
    auto *bar = new QWidget(this);
    auto *rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    auto *second = new QHBoxLayout;
    rows->addLayout(row);
    rows->addLayout(second);
    m_filterLabel = new QLabel(bar);
    row->addWidget(m_filterLabel);
    const auto lineEdit = [this, bar](const char *name, QHBoxLayout *into) {
        auto *edit = new QLineEdit(bar);
        edit->setObjectName(QLatin1String(name));
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::editingFinished, this, &RequestsTab::applyFilter);
        into->addWidget(edit);
        return edit;
    };
    m_keyEdit = lineEdit("keyFilter", row);
    m_channelEdit = lineEdit("channelFilter", row);
    m_modelEdit = lineEdit("modelFilter", row);
    m_statusCombo = new QComboBox(bar);
    m_statusCombo->setObjectName(QStringLiteral("statusFilter"));
    m_endReasonCombo = new QComboBox(bar);
    m_endReasonCombo->setObjectName(QStringLiteral("endReasonFilter"));
    row->addWidget(m_statusCombo);
    row->addWidget(m_endReasonCombo);
    connect(m_statusCombo, &QComboBox::activated, this, &RequestsTab::applyFilter);
    connect(m_endReasonCombo, &QComboBox::activated, this, &RequestsTab::applyFilter);

    m_searchEdit = lineEdit("searchFilter", second);
    m_searchEdit->setMinimumWidth(220);
    m_requestIdEdit = lineEdit("requestIdFilter", second);
    second->addWidget(createTimeRange(bar));
    auto *clear = new QPushButton(tr("Clear filters"), bar);
    clear->setObjectName(QStringLiteral("clearFiltersButton"));
    connect(clear, &QPushButton::clicked, this, &RequestsTab::clearFilters);
    second->addWidget(clear);
    auto *refresh = new QPushButton(bar);
    refresh->setObjectName(QStringLiteral("refreshRequestsButton"));
    refresh->setText(tr("Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    second->addWidget(refresh);
    connect(refresh, &QPushButton::clicked, this, &RequestsTab::reload);
    return bar;
}

QWidget *RequestsTab::createTimeRange(QWidget *bar)
{
    auto *box = new QWidget(bar);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_rangeCombo = new QComboBox(box);
    m_rangeCombo->setObjectName(QStringLiteral("timeRangeFilter"));
    m_fromEdit = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-1), box);
    m_fromEdit->setObjectName(QStringLiteral("fromFilter"));
    m_toEdit = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(3600), box);
    m_toEdit->setObjectName(QStringLiteral("toFilter"));
    for (QDateTimeEdit *edit : {m_fromEdit, m_toEdit}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setVisible(false);
        connect(edit, &QDateTimeEdit::editingFinished, this, &RequestsTab::applyFilter);
    }
    row->addWidget(m_rangeCombo);
    row->addWidget(m_fromEdit);
    row->addWidget(m_toEdit);
    connect(m_rangeCombo, &QComboBox::activated, this, [this] {
        const bool custom = m_rangeCombo->currentData().toInt() == CustomRange;
        m_fromEdit->setVisible(custom);
        m_toEdit->setVisible(custom);
        applyFilter();
    });
    return box;
}

void RequestsTab::retranslate()
{
    m_filterLabel->setText(tr("Filter:"));
    m_keyEdit->setPlaceholderText(tr("Key"));
    m_channelEdit->setPlaceholderText(tr("Channel"));
    m_modelEdit->setPlaceholderText(tr("Model"));
    m_searchEdit->setPlaceholderText(tr("Search request ID, model, error..."));
    m_requestIdEdit->setPlaceholderText(tr("Request ID"));
    const int range = qMax(0, m_rangeCombo->currentIndex());
    m_rangeCombo->clear();
    m_rangeCombo->addItem(tr("Any time"), AnyTime);
    m_rangeCombo->addItem(tr("Last hour"), LastHour);
    m_rangeCombo->addItem(tr("Last 24 hours"), LastDay);
    m_rangeCombo->addItem(tr("Last 7 days"), LastWeek);
    m_rangeCombo->addItem(tr("Custom range"), CustomRange);
    m_rangeCombo->setCurrentIndex(range);
    const int status = qMax(0, m_statusCombo->currentIndex());
    m_statusCombo->clear();
    m_statusCombo->addItem(tr("Any status"), QString());
    m_statusCombo->addItem(tr("OK"), QStringLiteral("ok"));
    m_statusCombo->addItem(tr("Errors"), QStringLiteral("error"));
    m_statusCombo->setCurrentIndex(status);
    const int reason = qMax(0, m_endReasonCombo->currentIndex());
    m_endReasonCombo->clear();
    m_endReasonCombo->addItem(tr("Any end reason"), QString());
    for (EndReason r : kEndReasons)
        m_endReasonCombo->addItem(endReasonText(r), endReasonName(r));
    m_endReasonCombo->setCurrentIndex(reason);
}

void RequestsTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        Q_EMIT m_model->headerDataChanged(Qt::Horizontal, 0, RequestLogModel::ColumnCount - 1);
    }
    QWidget::changeEvent(event);
}

RequestLogQuery RequestsTab::queryFromBar() const
{
    RequestLogQuery query;
    query.key = m_keyEdit->text().trimmed();
    query.channel = m_channelEdit->text().trimmed();
    query.model = m_modelEdit->text().trimmed();
    query.status = m_statusCombo->currentData().toString();
    query.endReason = m_endReasonCombo->currentData().toString();
    query.search = m_searchEdit->text().trimmed();
    query.requestId = m_requestIdEdit->text().trimmed();
    // Presets count back from now, to the minute, so re-applying within a minute is no change.
    QDateTime now = QDateTime::currentDateTimeUtc();
    now.setTime(QTime(now.time().hour(), now.time().minute()));
    switch (m_rangeCombo->currentData().toInt()) {
    case LastHour: query.from = now.addSecs(-3600); break;
    case LastDay: query.from = now.addDays(-1); break;
    case LastWeek: query.from = now.addDays(-7); break;
    case CustomRange:
        query.from = m_fromEdit->dateTime().toUTC();
        query.to = m_toEdit->dateTime().toUTC();
        break;
    default: break;
    }
    return query;
}

void RequestsTab::applyFilter()
{
    const RequestLogQuery query = queryFromBar();
    // editingFinished also fires on focus loss: do not re-query for nothing.
    if (query == m_model->filter() && (m_model->rowCount() > 0 || m_model->isLoading()))
        return;
    m_model->setFilter(query);
}

void RequestsTab::clearFilters()
{
    resetBar();
    applyFilter();
}

void RequestsTab::resetBar()
{
    for (QLineEdit *edit : {m_keyEdit, m_channelEdit, m_modelEdit, m_searchEdit, m_requestIdEdit})
        edit->clear();
    for (QComboBox *combo : {m_statusCombo, m_endReasonCombo, m_rangeCombo})
        combo->setCurrentIndex(0);
    m_fromEdit->setVisible(false);
    m_toEdit->setVisible(false);
}

void RequestsTab::showRequest(const QString &requestId)
{
    resetBar();
    m_requestIdEdit->setText(requestId);
    m_selectWhenLoaded = requestId;
    m_model->setFilter(queryFromBar());
}

void RequestsTab::reload()
{
    m_model->refresh();
}

void RequestsTab::addLiveRow(const RequestLogRow &row)
{
    m_model->addLiveRow(row);
}

void RequestsTab::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_model->isRowLoaded(current.row())) {
        m_detail->clear(); // a row whose page is on the way shows when it arrives (dataChanged)
        return;
    }
    m_detail->setRow(m_model->rowAt(current.row()));
}
