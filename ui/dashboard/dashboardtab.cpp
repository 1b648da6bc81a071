#include "dashboardtab.h"

#include "budgetgauges.h"
#include "dashboardquery.h"
#include "endreasonchart.h"
#include "recentrequestsmodel.h"
#include "store/store.h"
#include "timeserieschart.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {
QString stateColor(RelayState state)
{
    switch (state) {
    case RelayState::Running: return QStringLiteral("#15803d");
    case RelayState::Error: return QStringLiteral("#b91c1c");
    case RelayState::Stopping:
    case RelayState::Stopped: break;
    }
    return QStringLiteral("#4b5563");
}

QString metricText(UsageMetric metric)
{
    switch (metric) {
    case UsageMetric::Requests: return DashboardTab::tr("Requests");
    case UsageMetric::Tokens: return DashboardTab::tr("Tokens (input + output)");
    case UsageMetric::Cost: return DashboardTab::tr("Cost (USD)");
    }
    return QString();
}

QString groupByText(UsageGroupBy by)
{
    switch (by) {
    case UsageGroupBy::Key: return DashboardTab::tr("Key");
    case UsageGroupBy::Channel: return DashboardTab::tr("Channel");
    case UsageGroupBy::Model: return DashboardTab::tr("Model");
    case UsageGroupBy::None:
    case UsageGroupBy::EndReason:
    case UsageGroupBy::ErrorKind: break; // not offered
    }
    return QString();
}

QString bucketText(UsageBucket bucket)
{
    return bucket == UsageBucket::Day ? DashboardTab::tr("Days (last 28)") : DashboardTab::tr("Hours (last 24)");
}

// A combo box's items are the enum values in its item data; texts come from retranslate().
template<typename Enum>
void setItems(QComboBox *combo, std::initializer_list<Enum> values)
{
    for (Enum v : values)
        combo->addItem(QString(), int(v));
}

template<typename Enum, typename TextOf>
void retranslateItems(QComboBox *combo, TextOf textOf)
{
    for (int i = 0; i < combo->count(); ++i)
        combo->setItemText(i, textOf(Enum(combo->itemData(i).toInt())));
}
} // namespace

DashboardTab::DashboardTab(QWidget *parent)
    : DashboardTab(nullptr, parent)
{
}

DashboardTab::DashboardTab(Store *store, QWidget *parent)
    : QWidget(parent)
    , m_recentModel(new RecentRequestsModel(this))
    , m_store(store)
{
    setObjectName(QStringLiteral("dashboardTab"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createRelayBox());
    if (m_store) {
        m_query = new DashboardQuery(m_store, this);
        auto *splitter = new QSplitter(Qt::Vertical, this);
        splitter->addWidget(createChartsBox());
        splitter->addWidget(createRecentBox());
        splitter->setStretchFactor(0, 3);
        splitter->setStretchFactor(1, 1);
        splitter->setChildrenCollapsible(false);
        layout->addWidget(splitter, 1);
    } else {
        layout->addWidget(createRecentBox(), 1);
    }
    retranslate();
    setRelayState(RelayState::Stopped, {}, {});
    if (m_query) {
        connect(m_query, &DashboardQuery::snapshotReady, this, &DashboardTab::showSnapshot);
        // Emitted by the store's writer thread after every batch: coalesced by the query.
        connect(m_store, &Store::requestLogsWritten, this, &DashboardTab::rowsWritten, Qt::QueuedConnection);
        requestFromControls();
    }
    if (m_store) // from the store's writer thread
        connect(m_store, &Store::logWriteStateChanged, this, &DashboardTab::showLogWriteState, Qt::QueuedConnection);
}

void DashboardTab::setConnectionsRefused(qint64 total, int maxConnections)
{
    m_refusedConnections = total;
    m_maxConnections = maxConnections;
    m_connectionsLabel->setText(connectionsRefusedText(total, maxConnections));
    m_connectionsLabel->setVisible(total > 0);
}

// Rows the relay served but the database would not take: said where the relay's state is.
void DashboardTab::showLogWriteState()
{
    const Store::LogWriteState s = m_store->logWriteState();
    m_logWriteLabel->setText(logWriteProblemText(s.ok, s.error, s.pendingRows, s.droppedRows));
    m_logWriteLabel->setVisible(!m_logWriteLabel->text().isEmpty());
}

QComboBox *DashboardTab::addCombo(const char *objectName)
{
    auto *combo = new QComboBox(m_chartsBox);
    combo->setObjectName(QLatin1String(objectName));
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(combo, &QComboBox::currentIndexChanged, this, &DashboardTab::requestFromControls);
    return combo;
}

QWidget *DashboardTab::createChartsBox()
{
    m_chartsBox = new QGroupBox(this);
    m_bucketCaption = new QLabel(m_chartsBox);
    m_groupByCaption = new QLabel(m_chartsBox);
    m_metricCaption = new QLabel(m_chartsBox);
    m_bucketCombo = addCombo("bucketCombo");
    m_groupByCombo = addCombo("groupByCombo");
    m_metricCombo = addCombo("metricCombo");
    const QSignalBlocker b1(m_bucketCombo), b2(m_groupByCombo), b3(m_metricCombo);
    setItems(m_bucketCombo, {UsageBucket::Hour, UsageBucket::Day});
    setItems(m_groupByCombo, {UsageGroupBy::Key, UsageGroupBy::Channel, UsageGroupBy::Model});
    setItems(m_metricCombo, {UsageMetric::Requests, UsageMetric::Tokens, UsageMetric::Cost});
    auto *controls = new QHBoxLayout;
    for (const auto &[caption, combo] : {std::pair{m_bucketCaption, m_bucketCombo}, {m_metricCaption, m_metricCombo},
                                         {m_groupByCaption, m_groupByCombo}}) {
        caption->setBuddy(combo);
        controls->addWidget(caption);
        controls->addWidget(combo);
        controls->addSpacing(12);
    }
    controls->addStretch(1);

    m_usageChart = new TimeSeriesChart(m_chartsBox);
    m_usageChart->setObjectName(QStringLiteral("usageChart"));
    m_errorChart = new TimeSeriesChart(m_chartsBox);
    m_errorChart->setObjectName(QStringLiteral("errorChart"));
    m_endReasonChart = new EndReasonChart(m_chartsBox);
    m_endReasonChart->setObjectName(QStringLiteral("endReasonChart"));
    m_budgetGauges = new BudgetGauges(m_chartsBox);
    m_budgetGauges->setObjectName(QStringLiteral("budgetGauges"));
    auto *grid = new QGridLayout;
    grid->addWidget(m_usageChart, 0, 0);
    grid->addWidget(m_errorChart, 0, 1);
    grid->addWidget(m_endReasonChart, 1, 0);
    grid->addWidget(m_budgetGauges, 1, 1);
    auto *layout = new QVBoxLayout(m_chartsBox);
    layout->addLayout(controls);
    layout->addLayout(grid, 1);
    return m_chartsBox;
}

void DashboardTab::requestFromControls()
{
    if (!m_query)
        return;
    DashboardRequest request = m_query->request();
    request.bucket = UsageBucket(m_bucketCombo->currentData().toInt());
    request.by = UsageGroupBy(m_groupByCombo->currentData().toInt());
    request.metric = UsageMetric(m_metricCombo->currentData().toInt());
    m_query->setRequest(request);
}

void DashboardTab::rowsWritten()
{
    if (isVisible())
        m_query->scheduleRefresh();
    else
        m_stale = true; // nobody looks: one query when the tab shows again
}

void DashboardTab::showEvent(QShowEvent *event)
{
    if (m_stale && m_query) {
        m_stale = false;
        m_query->scheduleRefresh();
    }
    QWidget::showEvent(event);
}

QStringList DashboardTab::usageNames(const TimeSeriesSet &set) const
{
    QStringList names;
    for (const NamedSeries &s : set.series)
        names.append(s.other ? tr("Other") : s.name.isEmpty() ? tr("(none)") : s.name);
    return names;
}

void DashboardTab::showSnapshot(const DashboardSnapshot &snapshot)
{
    m_snapshot = snapshot;
    const UsageBucket bucket = snapshot.request.bucket;
    m_usageChart->setDecimals(snapshot.request.metric == UsageMetric::Cost ? 2 : 0);
    m_usageChart->setData(snapshot.usage, usageNames(snapshot.usage), bucket);
    QStringList kinds;
    for (const NamedSeries &s : snapshot.errors.series)
        kinds.append(s.name); // the error log's kind names, as the Errors tab shows them
    m_errorChart->setData(snapshot.errors, kinds, bucket);
    m_endReasonChart->setData(snapshot.endReasons, bucket);
    m_budgetGauges->setRows(snapshot.budgets);
    retranslateCharts();
}

void DashboardTab::retranslateCharts()
{
    const DashboardRequest &r = m_snapshot.request;
    m_usageChart->chart()->setTitle(tr("%1 by %2, top %3").arg(metricText(r.metric), groupByText(r.by)).arg(r.topN));
    m_errorChart->chart()->setTitle(tr("Errors by kind"));
    m_endReasonChart->chart()->setTitle(tr("Stream end reasons"));
}

QWidget *DashboardTab::createRelayBox()
{
    m_relayBox = new QGroupBox(this);
    m_stateIcon = new QLabel(m_relayBox);
    m_stateLabel = new QLabel(m_relayBox);
    m_stateLabel->setObjectName(QStringLiteral("relayStateLabel"));
    QFont stateFont = m_stateLabel->font();
    stateFont.setBold(true);
    stateFont.setPointSizeF(stateFont.pointSizeF() * 1.2);
    m_stateLabel->setFont(stateFont);

    m_startStopButton = new QPushButton(m_relayBox);
    m_startStopButton->setObjectName(QStringLiteral("startStopButton"));
    connect(m_startStopButton, &QPushButton::clicked, this, &DashboardTab::startStopClicked);

    m_urlCaption = new QLabel(m_relayBox);
    m_urlEdit = new QLineEdit(m_relayBox);
    m_urlEdit->setObjectName(QStringLiteral("baseUrlEdit"));
    m_urlEdit->setReadOnly(true);
    m_urlCaption->setBuddy(m_urlEdit);
    m_copyButton = new QPushButton(m_relayBox);
    m_copyButton->setObjectName(QStringLiteral("copyBaseUrlButton"));
    connect(m_copyButton, &QPushButton::clicked, this, &DashboardTab::copyBaseUrlClicked);

    m_errorLabel = new QLabel(m_relayBox);
    m_errorLabel->setObjectName(QStringLiteral("relayErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b91c1c;"));
    // Trouble that leaves no request row, in red, shown only while there is some.
    const auto troubleLabel = [this](const QString &objectName) {
        auto *label = new QLabel(m_relayBox);
        label->setObjectName(objectName);
        label->setWordWrap(true);
        label->setStyleSheet(m_errorLabel->styleSheet());
        label->hide();
        return label;
    };
    m_logWriteLabel = troubleLabel(QStringLiteral("logWriteLabel"));
    m_connectionsLabel = troubleLabel(QStringLiteral("connectionsRefusedLabel"));
    m_hintLabel = new QLabel(m_relayBox);
    m_hintLabel->setWordWrap(true);
    m_hintLabel->setEnabled(false); // greyed: a hint, not a status

    auto *grid = new QGridLayout(m_relayBox);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_stateIcon);
    stateRow->addWidget(m_stateLabel, 1);
    stateRow->addWidget(m_startStopButton);
    grid->addLayout(stateRow, 0, 0, 1, 3);
    grid->addWidget(m_urlCaption, 1, 0);
    grid->addWidget(m_urlEdit, 1, 1);
    grid->addWidget(m_copyButton, 1, 2);
    grid->addWidget(m_hintLabel, 2, 1, 1, 2);
    grid->addWidget(m_errorLabel, 3, 0, 1, 3);
    grid->addWidget(m_logWriteLabel, 4, 0, 1, 3);
    grid->addWidget(m_connectionsLabel, 5, 0, 1, 3);
    grid->setColumnStretch(1, 1);
    return m_relayBox;
}

QWidget *DashboardTab::createRecentBox()
{
    m_recentBox = new QGroupBox(this);
    m_recentView = new QTableView(m_recentBox);
    m_recentView->setObjectName(QStringLiteral("recentRequestsView"));
    m_recentView->setModel(m_recentModel);
    m_recentView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_recentView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_recentView->setAlternatingRowColors(true);
    m_recentView->setWordWrap(false);
    m_recentView->verticalHeader()->hide();
    m_recentView->verticalHeader()->setDefaultSectionSize(m_recentView->fontMetrics().height() + 8);
    QHeaderView *header = m_recentView->horizontalHeader();
    // Fixed starting widths: ResizeToContents would measure every row on every batch.
    const QFontMetrics fm = m_recentView->fontMetrics();
    const int pad = fm.averageCharWidth() * 3;
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(RecentRequestsModel::Time, fm.horizontalAdvance(QStringLiteral("00:00:00")) + pad);
    header->resizeSection(RecentRequestsModel::Key, fm.averageCharWidth() * 18);
    header->resizeSection(RecentRequestsModel::Status, fm.horizontalAdvance(QStringLiteral("000")) + pad * 2);
    header->resizeSection(RecentRequestsModel::EndReasonColumn, fm.averageCharWidth() * 20);
    header->resizeSection(RecentRequestsModel::Tokens, fm.averageCharWidth() * 18);
    header->setSectionResizeMode(RecentRequestsModel::Model, QHeaderView::Stretch);
    header->setHighlightSections(false);
    auto *layout = new QVBoxLayout(m_recentBox);
    layout->addWidget(m_recentView);
    return m_recentBox;
}

void DashboardTab::setRelayState(RelayState state, const QString &baseUrl, const QString &error)
{
    m_state = state;
    m_baseUrl = baseUrl;
    m_error = error;
    const bool running = state == RelayState::Running;
    m_stateLabel->setStyleSheet(QStringLiteral("color: %1;").arg(stateColor(state)));
    m_stateIcon->setPixmap(relayStateIcon(state).pixmap(m_stateLabel->fontMetrics().height() + 6));
    m_urlEdit->setText(running ? baseUrl : QString());
    m_copyButton->setEnabled(running && !baseUrl.isEmpty());
    m_errorLabel->setVisible(!error.isEmpty());
    m_startStopButton->setEnabled(state != RelayState::Stopping);
    retranslate();
}

void DashboardTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        m_recentModel->retranslate();
        if (m_query) {
            m_endReasonChart->retranslate();
            m_budgetGauges->retranslate();
            showSnapshot(m_snapshot); // "Other", "(none)" and the titles
        }
    }
    QWidget::changeEvent(event);
}

void DashboardTab::retranslate()
{
    const bool running = m_state == RelayState::Running;
    m_relayBox->setTitle(tr("Relay"));
    m_recentBox->setTitle(tr("Recent requests"));
    m_stateLabel->setText(relayStateText(m_state));
    m_startStopButton->setText(running ? tr("Stop relay") : tr("Start relay"));
    m_urlCaption->setText(tr("Base URL:"));
    m_urlEdit->setPlaceholderText(tr("Not listening"));
    m_errorLabel->setText(m_error.isEmpty() ? QString() : tr("Could not start the relay: %1").arg(m_error));
    if (m_store)
        showLogWriteState();
    m_connectionsLabel->setText(connectionsRefusedText(m_refusedConnections, m_maxConnections));
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy the base URL to the clipboard"));
    if (m_chartsBox) {
        m_chartsBox->setTitle(tr("Usage"));
        m_bucketCaption->setText(tr("&Buckets:"));
        m_metricCaption->setText(tr("&Show:"));
        m_groupByCaption->setText(tr("&Group by:"));
        retranslateItems<UsageBucket>(m_bucketCombo, bucketText);
        retranslateItems<UsageGroupBy>(m_groupByCombo, groupByText);
        retranslateItems<UsageMetric>(m_metricCombo, metricText);
    }
    m_hintLabel->setText(tr("Point the base URL of your OpenAI, Anthropic or Gemini client here, "
                            "with one of your RelayDesk keys as its API key."));
}
