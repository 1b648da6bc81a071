#include "errorstab.h"

#include "store/store.h"

#include <QEvent>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QString timeText(const QDateTime &t)
{
    return QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

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
    m_samples->setColumnCount(6);

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_samples);
    lower->addWidget(m_sampleDetail);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_groups);
    splitter->addWidget(lower);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(splitter);

    connect(m_groups, &QTableWidget::itemSelectionChanged, this, &ErrorsTab::loadSamples);
    connect(m_samples, &QTableWidget::currentCellChanged, this, [this](int row) {
        m_sampleDetail->setPlainText(row < 0 || row >= m_sampleRows.size()
                                         ? QString()
                                         : QString::fromUtf8(QJsonDocument(m_sampleRows.at(row).toJson())
                                                                 .toJson(QJsonDocument::Indented)));
    });
    connect(m_samples, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (row >= 0 && row < m_sampleRows.size() && !m_sampleRows.at(row).requestId.isEmpty())
            Q_EMIT requestActivated(m_sampleRows.at(row).requestId);
    });
    retranslate();
    refresh();
}

ErrorsTab::~ErrorsTab()
{
    m_pool.waitForDone(); // a running query posts its result to this object
}

void ErrorsTab::retranslate()
{
    m_groups->setHorizontalHeaderLabels({tr("Kind"), tr("Count"), tr("First seen"), tr("Last seen"),
                                         tr("Channels"), tr("Last message")});
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

void ErrorsTab::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void ErrorsTab::refresh()
{
    if (!m_store || m_loading)
        return;
    m_loading = true;
    Store *store = m_store;
    m_pool.start([this, store] {
        const QList<ErrorGroup> groups = store->errorGroups(ErrorGroupQuery{});
        QMetaObject::invokeMethod(this, [this, groups] {
            m_loading = false;
            showGroups(groups);
        }, Qt::QueuedConnection);
    });
}

void ErrorsTab::showGroups(const QList<ErrorGroup> &groups)
{
    const QSignalBlocker blocker(m_groups);
    m_groupRows = groups;
    m_groups->setRowCount(int(groups.size()));
    int selected = -1;
    for (int r = 0; r < groups.size(); ++r) {
        const ErrorGroup &g = groups.at(r);
        const QStringList cells{g.kind, QLocale().toString(g.count), timeText(g.firstSeen), timeText(g.lastSeen),
                                g.channels.join(QStringLiteral(", ")), g.lastMessage};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(g.lastMessage);
            m_groups->setItem(r, c, item);
        }
        if (g.signature == m_selectedSignature)
            selected = r;
    }
    if (selected >= 0)
        m_groups->selectRow(selected);
    m_groups->resizeColumnsToContents();
    retranslate();
    Q_EMIT groupsLoaded(int(groups.size()));
}

void ErrorsTab::loadSamples()
{
    const auto rows = m_groups->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_groupRows.size())
        return;
    m_selectedSignature = m_groupRows.at(rows.first().row()).signature;
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
        const QStringList cells{timeText(s.at), s.requestId, s.keyName, s.channel, s.model, s.message};
        for (int c = 0; c < cells.size(); ++c)
            m_samples->setItem(r, c, new QTableWidgetItem(cells.at(c)));
    }
    m_samples->resizeColumnsToContents();
    m_sampleDetail->clear();
}
