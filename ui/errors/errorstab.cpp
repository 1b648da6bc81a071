#include "errorstab.h"

#include "requests/requestcells.h"

#include "sparklinedelegate.h"
#include "store/store.h"
#include "uisettings.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <numeric>

namespace {
const QString kLastVisitKey = QStringLiteral("errors/lastVisit");

QTableWidget *makeTable(QWidget *parent, const QString &name)
{
    auto *table = new QTableWidget(parent);
    table->setObjectName(name);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}
} // namespace

ErrorsTab::ErrorsTab(Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_groups(makeTable(this, QStringLiteral("errorGroupsTable")))
    , m_samples(makeTable(this, QStringLiteral("errorSamplesTable")))
    , m_sampleDetail(new QPlainTextEdit(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("errorsTab"));
    m_pool.setMaxThreadCount(1);
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ErrorsTab::refresh);
    m_sampleDetail->setObjectName(QStringLiteral("errorSampleDetail"));
    m_sampleDetail->setReadOnly(true);
    m_groups->setColumnCount(ColumnCount);
    m_groups->setItemDelegateForColumn(Trend, new SparklineDelegate(m_groups));
    m_samples->setColumnCount(6);
    // Groups first seen after the user last had this tab open count as new (this run's start
    // the first time).
    m_lastVisit = UiSettings::open()->value(kLastVisitKey).toDateTime();
    if (!m_lastVisit.isValid())
        m_lastVisit = QDateTime::currentDateTimeUtc();

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_samples);
    lower->addWidget(m_sampleDetail);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_groups);
    splitter->addWidget(lower);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createToolBar());
    layout->addWidget(splitter);

    connect(m_groups, &QTableWidget::itemSelectionChanged, this, &ErrorsTab::loadSamples);
    connect(m_samples, &QTableWidget::currentCellChanged, this, [this](int row) {
        m_sampleDetail->setPlainText(row < 0 || row >= m_sampleRows.size()
                                         ? QString()
                                         : QString::fromUtf8(QJsonDocument(m_sampleRows.at(row).toJson())
                                                                 .toJson(QJsonDocument::Indented)));
    });
    // Double-click or Enter on a sample opens its request in the Requests tab.
    connect(m_samples, &QTableWidget::cellActivated, this, [this](int row) {
        if (row >= 0 && row < m_sampleRows.size() && !m_sampleRows.at(row).requestId.isEmpty())
            Q_EMIT requestActivated(m_sampleRows.at(row).requestId);
    });
    retranslate();
    refresh();
}

ErrorsTab::~ErrorsTab()
{
    m_pool.waitForDone(); // a running query posts its result to this object
    // Only a run in which the user looked at the tab moves the mark: groups that first appeared
    // during a run that never showed it are still new next time.
    if (isVisible())
        m_leftAt = QDateTime::currentDateTimeUtc();
    if (m_leftAt.isValid())
        UiSettings::open()->setValue(kLastVisitKey, m_leftAt);
}

QWidget *ErrorsTab::createToolBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_showAcknowledged = new QCheckBox(bar);
    m_showAcknowledged->setObjectName(QStringLiteral("showAcknowledged"));
    m_acknowledge = new QPushButton(bar);
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeButton"));
    m_acknowledge->setEnabled(false);
    row->addWidget(m_summary, 1);
    row->addWidget(m_showAcknowledged);
    row->addWidget(m_acknowledge);
    connect(m_showAcknowledged, &QCheckBox::toggled, this, &ErrorsTab::refresh);
    connect(m_acknowledge, &QPushButton::clicked, this, &ErrorsTab::acknowledgeSelected);
    return bar;
}

bool ErrorsTab::isNewGroup(int row) const
{
    if (row < 0 || row >= m_groupRows.size())
        return false;
    const ErrorGroup &g = m_groupRows.at(row);
    return g.firstSeen > m_lastVisit && !m_seenSignatures.contains(g.signature);
}

void ErrorsTab::acknowledgeSelected()
{
    const auto rows = m_groups->selectionModel()->selectedRows();
    if (!m_store || rows.isEmpty() || rows.first().row() >= m_groupRows.size())
        return;
    const QString signature = m_groupRows.at(rows.first().row()).signature;
    Store *store = m_store;
    m_pool.start([this, store, signature] {
        store->acknowledgeErrorGroup(signature);
        QMetaObject::invokeMethod(this, &ErrorsTab::refresh, Qt::QueuedConnection);
    });
}

void ErrorsTab::retranslate()
{
    m_groups->setHorizontalHeaderLabels({tr("Kind"), tr("Count"), tr("Last %n hour(s)", nullptr, kTrendHours),
                                         tr("First seen"), tr("Last seen"), tr("Channels"), tr("Last message")});
    m_showAcknowledged->setText(tr("Show acknowledged"));
    m_acknowledge->setText(tr("Acknowledge"));
    m_acknowledge->setToolTip(tr("Hide this group until it happens again"));
    m_samples->setHorizontalHeaderLabels({tr("Time"), tr("Request ID"), tr("Key"), tr("Channel"),
                                          tr("Model"), tr("Message")});
    m_summary->setText(tr("%n error group(s), most recently seen first. Double-click a sample to open its request.",
                          nullptr, int(m_groupRows.size())));
}

void ErrorsTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ErrorsTab::showEvent(QShowEvent *event)
{
    scheduleRefresh();
    QWidget::showEvent(event);
}

void ErrorsTab::hideEvent(QHideEvent *event)
{
    m_leftAt = QDateTime::currentDateTimeUtc();
    QWidget::hideEvent(event);
}

void ErrorsTab::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void ErrorsTab::refresh()
{
    if (!m_store)
        return;
    if (m_loading) {
        m_refreshAgain = true; // e.g. an acknowledgement landed after this query started
        return;
    }
    m_loading = true;
    m_refreshAgain = false;
    Store *store = m_store;
    ErrorGroupQuery query;
    query.includeAcknowledged = m_showAcknowledged->isChecked();
    m_pool.start([this, store, query] {
        const QDateTime from = QDateTime::currentDateTimeUtc().addSecs(-3600LL * (kTrendHours - 1));
        const QList<ErrorGroup> groups = store->errorGroups(query);
        const auto trends = store->errorHourlyCounts(from, kTrendHours);
        QMetaObject::invokeMethod(this, [this, groups, trends] {
            m_loading = false;
            showGroups(groups, trends);
            if (m_refreshAgain)
                refresh();
        }, Qt::QueuedConnection);
    });
}

void ErrorsTab::showGroups(const QList<ErrorGroup> &groups, const QHash<QString, QList<qint64>> &trends)
{
    const QSignalBlocker blocker(m_groups);
    m_groupRows = groups;
    m_groups->clearSelection();
    m_groups->setRowCount(int(groups.size()));
    int selected = -1;
    for (int r = 0; r < groups.size(); ++r) {
        fillGroupRow(r, groups.at(r), trends.value(groups.at(r).signature));
        if (groups.at(r).signature == m_selectedSignature)
            selected = r;
    }
    if (selected >= 0)
        m_groups->selectRow(selected);
    m_acknowledge->setEnabled(selected >= 0);
    m_groups->resizeColumnsToContents();
    retranslate();
    Q_EMIT groupsLoaded(int(groups.size()));
}

void ErrorsTab::fillGroupRow(int row, const ErrorGroup &g, const QList<qint64> &trend)
{
    const bool acknowledged = g.acknowledgedAt.isValid() && g.lastSeen <= g.acknowledgedAt;
    const QStringList cells{g.kind, QLocale().toString(g.count), QString(), RequestCells::timeText(g.firstSeen),
                            RequestCells::timeText(g.lastSeen), g.channels.join(QStringLiteral(", ")), g.lastMessage};
    QFont font = m_groups->font();
    font.setBold(isNewGroup(row));
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells.at(c));
        item->setToolTip(acknowledged ? tr("Acknowledged; shown again when it happens again") : g.lastMessage);
        item->setFont(font);
        if (font.bold())
            item->setBackground(QColor(0xff, 0xf3, 0xc4));
        if (acknowledged)
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        m_groups->setItem(row, c, item);
    }
    m_groups->item(row, Trend)->setData(SparklineDelegate::kCountsRole, QVariant::fromValue(trend));
    m_groups->item(row, Trend)->setToolTip(tr("%n occurrence(s) in the last %1 hours", nullptr,
                                              int(std::accumulate(trend.cbegin(), trend.cend(), qint64(0))))
                                               .arg(kTrendHours));
}

void ErrorsTab::markSeen(int row)
{
    if (!isNewGroup(row))
        return;
    m_seenSignatures.insert(m_groupRows.at(row).signature);
    for (int c = 0; c < ColumnCount; ++c) {
        QTableWidgetItem *item = m_groups->item(row, c);
        QFont font = item->font();
        font.setBold(false);
        item->setFont(font);
        item->setBackground(QBrush());
    }
}

void ErrorsTab::loadSamples()
{
    const auto rows = m_groups->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_groupRows.size())
        return;
    m_selectedSignature = m_groupRows.at(rows.first().row()).signature;
    m_acknowledge->setEnabled(true);
    markSeen(rows.first().row());
    Store *store = m_store;
    const QString signature = m_selectedSignature;
    m_pool.start([this, store, signature] {
        const QList<ErrorSample> samples = store->errorSamples(signature);
        QMetaObject::invokeMethod(this, [this, signature, samples] { showSamples(signature, samples); },
                                  Qt::QueuedConnection);
    });
}

void ErrorsTab::showSamples(const QString &signature, const QList<ErrorSample> &samples)
{
    if (signature != m_selectedSignature)
        return;
    m_sampleRows = samples;
    m_samples->setRowCount(int(samples.size()));
    for (int r = 0; r < samples.size(); ++r) {
        const ErrorSample &s = samples.at(r);
        const QStringList cells{RequestCells::timeText(s.at), s.requestId, s.keyName, s.channel, s.model, s.message};
        for (int c = 0; c < cells.size(); ++c)
            m_samples->setItem(r, c, new QTableWidgetItem(cells.at(c)));
    }
    m_samples->resizeColumnsToContents();
    m_sampleDetail->clear();
}
