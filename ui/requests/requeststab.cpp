#include "requeststab.h"

#include "endreasontext.h"
#include "requestdetailview.h"
#include "requestlogmodel.h"

#include <QComboBox>
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
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);

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
    // Size the columns to the first rows once; later the user's widths stay.
    connect(m_model, &RequestLogModel::pageLoaded, this, [this](int rows) {
        if (rows > 0 && !m_columnsSized) {
            m_columnsSized = true;
            m_view->resizeColumnsToContents();
        }
    });
    retranslate();
    applyFilter();
}

QWidget *RequestsTab::createFilterBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_filterLabel = new QLabel(bar);
    m_keyEdit = new QLineEdit(bar);
    m_keyEdit->setObjectName(QStringLiteral("keyFilter"));
    m_channelEdit = new QLineEdit(bar);
    m_channelEdit->setObjectName(QStringLiteral("channelFilter"));
    m_modelEdit = new QLineEdit(bar);
    m_modelEdit->setObjectName(QStringLiteral("modelFilter"));
    m_statusCombo = new QComboBox(bar);
    m_statusCombo->setObjectName(QStringLiteral("statusFilter"));
    m_endReasonCombo = new QComboBox(bar);
    m_endReasonCombo->setObjectName(QStringLiteral("endReasonFilter"));
    for (QLineEdit *edit : {m_keyEdit, m_channelEdit, m_modelEdit}) {
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::editingFinished, this, &RequestsTab::applyFilter);
        row->addWidget(edit);
    }
    row->insertWidget(0, m_filterLabel);
    row->addWidget(m_statusCombo);
    row->addWidget(m_endReasonCombo);
    auto *refresh = new QPushButton(bar);
    refresh->setObjectName(QStringLiteral("refreshRequestsButton"));
    refresh->setText(tr("Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    row->addWidget(refresh);
    connect(refresh, &QPushButton::clicked, this, &RequestsTab::reload);
    connect(m_statusCombo, &QComboBox::activated, this, &RequestsTab::applyFilter);
    connect(m_endReasonCombo, &QComboBox::activated, this, &RequestsTab::applyFilter);
    return bar;
}

void RequestsTab::retranslate()
{
    m_filterLabel->setText(tr("Filter:"));
    m_keyEdit->setPlaceholderText(tr("Key"));
    m_channelEdit->setPlaceholderText(tr("Channel"));
    m_modelEdit->setPlaceholderText(tr("Model"));
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

void RequestsTab::applyFilter()
{
    RequestLogQuery query;
    query.key = m_keyEdit->text().trimmed();
    query.channel = m_channelEdit->text().trimmed();
    query.model = m_modelEdit->text().trimmed();
    query.status = m_statusCombo->currentData().toString();
    query.endReason = m_endReasonCombo->currentData().toString();
    const RequestLogQuery old = m_model->filter();
    const bool same = old.key == query.key && old.channel == query.channel && old.model == query.model
                      && old.status == query.status && old.endReason == query.endReason;
    // editingFinished also fires on focus loss: do not re-query for nothing.
    if (same && (m_model->rowCount() > 0 || m_model->isLoading()))
        return;
    m_model->setFilter(query);
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
    if (!current.isValid() || current.row() >= m_model->rowCount()) {
        m_detail->clear();
        return;
    }
    m_detail->setRow(m_model->rowAt(current.row()));
}
