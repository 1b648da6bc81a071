#include "requestlogmodel.h"

#include "endreasontext.h"
#include "requestcells.h"
#include "store/store.h"


RequestLogModel::RequestLogModel(Store *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    // One thread: pages are queried in order and never race each other.
    m_pool.setMaxThreadCount(1);
    m_liveTimer.setSingleShot(true);
    m_liveTimer.setInterval(kLiveFlushMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &RequestLogModel::flushLive);
}

RequestLogModel::~RequestLogModel()
{
    // A running query posts its result to this object: let it finish first (the posted event
    // is discarded with the object).
    m_pool.waitForDone();
}

void RequestLogModel::setFilter(const RequestLogQuery &filter)
{
    m_filter = filter;
    refresh();
}

void RequestLogModel::refresh()
{
    ++m_generation; // results of queries still running are stale now
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_nodes.clear();
    m_pagesLoaded = 0;
    m_exhausted = false;
    m_loading = false;
    endResetModel();
    startQuery(0);
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool RequestLogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_exhausted && !m_loading && !m_rows.isEmpty();
}

void RequestLogModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    // Live rows have no id yet (0): page from the oldest row that came from the store.
    qint64 beforeId = 0;
    for (auto it = m_rows.crbegin(); it != m_rows.crend() && beforeId == 0; ++it)
        beforeId = it->id;
    if (beforeId > 0)
        startQuery(beforeId);
}

void RequestLogModel::startQuery(qint64 beforeId)
{
    if (!m_store)
        return;
    m_loading = true;
    RequestLogQuery query = m_filter;
    query.limit = kPageSize;
    query.beforeId = beforeId;
    const quint64 generation = m_generation;
    Store *store = m_store;
    m_pool.start([this, store, query, generation] {
        const QList<RequestLogRow> rows = store->requestLogs(query);
        QMetaObject::invokeMethod(this, [this, generation, rows] { applyPage(generation, rows); },
                                  Qt::QueuedConnection);
    });
}

void RequestLogModel::applyPage(quint64 generation, const QList<RequestLogRow> &rows)
{
    if (generation != m_generation)
        return;
    m_loading = false;
    ++m_pagesLoaded;
    if (rows.size() < kPageSize)
        m_exhausted = true;
    if (!rows.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        m_rows.append(rows);
        endInsertRows();
        noteNodes(rows);
    }
    Q_EMIT pageLoaded(int(rows.size()));
}

void RequestLogModel::noteNodes(const QList<RequestLogRow> &rows)
{
    const bool several = hasSeveralNodes();
    for (const RequestLogRow &row : rows)
        m_nodes.insert(row.node);
    if (several != hasSeveralNodes())
        Q_EMIT nodesChanged();
}

int RequestLogModel::rowOf(const QString &requestId) const
{
    for (int r = 0; r < m_rows.size(); ++r)
        if (m_rows.at(r).requestId == requestId)
            return r;
    return -1;
}

bool RequestLogModel::matchesFilter(const RequestLogRow &row) const
{
    const auto differs = [](const QString &want, const QString &have) {
        return !want.isEmpty() && want != have;
    };
    if (differs(m_filter.key, row.keyName) || differs(m_filter.channel, row.channel)
        || differs(m_filter.model, row.model)
        || differs(m_filter.endReason, endReasonName(row.streamStatus.endReason)))
        return false;
    if ((!m_filter.requestId.isEmpty() && m_filter.requestId != row.requestId)
        || (m_filter.from.isValid() && row.startedAt < m_filter.from)
        || (m_filter.to.isValid() && row.startedAt >= m_filter.to) || !matchesSearch(row))
        return false;
    if (m_filter.status == QLatin1String("ok"))
        return row.ok();
    if (m_filter.status == QLatin1String("error"))
        return !row.ok();
    return true;
}

bool RequestLogModel::matchesSearch(const RequestLogRow &row) const
{
    if (m_filter.search.isEmpty())
        return true;
    for (const QString *field : {&row.requestId, &row.keyName, &row.channel, &row.model, &row.upstreamModel,
                                 &row.errorMessage, &row.upstreamResponseId})
        if (field->contains(m_filter.search, Qt::CaseInsensitive))
            return true;
    return false;
}

void RequestLogModel::addLiveRow(const RequestLogRow &row)
{
    if (!matchesFilter(row))
        return;
    m_pending.append(row);
    if (m_pending.size() > kMaxLiveBuffer)
        m_pending.remove(0, m_pending.size() - kMaxLiveBuffer);
    if (!m_liveTimer.isActive())
        m_liveTimer.start();
}

void RequestLogModel::flushLive()
{
    m_liveTimer.stop();
    if (m_pending.isEmpty())
        return;
    const int count = int(m_pending.size());
    beginInsertRows({}, 0, count - 1);
    QList<RequestLogRow> rows;
    rows.reserve(count + m_rows.size());
    for (auto it = m_pending.crbegin(); it != m_pending.crend(); ++it)
        rows.append(*it);
    rows.append(m_rows);
    m_rows = std::move(rows);
    endInsertRows();
    noteNodes(m_pending);
    m_pending.clear();
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const RequestLogRow &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole)
        return displayData(row, index.column());
    if (role == Qt::ForegroundRole)
        return RequestCells::errorForeground(row);
    if (role == Qt::TextAlignmentRole && index.column() >= HttpStatus && index.column() <= Duration)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Tokens)
        return RequestCells::tokensToolTip(row.usage);
    if (role == Qt::ToolTipRole && !row.errorMessage.isEmpty())
        return row.errorMessage;
    return {};
}

QVariant RequestLogModel::displayData(const RequestLogRow &row, int column) const
{
    switch (column) {
    case Time: return RequestCells::timeText(row.startedAt);
    case Key: return RequestCells::orNone(row.keyName);
    case Channel: return RequestCells::orNone(row.channel);
    case Model: return RequestCells::orNone(row.model);
    case Status: return row.ok() ? tr("OK") : tr("Error");
    case EndReasonColumn: return endReasonText(row.streamStatus.endReason);
    case HttpStatus: return RequestCells::httpStatusText(row.httpStatus);
    case Tokens: return RequestCells::tokensText(row.usage);
    case Cost: return RequestCells::costText(row.costUsd);
    case Duration: return RequestCells::durationText(row.durationMs);
    case Node: return RequestCells::orNone(row.node);
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Key: return tr("Key");
    case Channel: return tr("Channel");
    case Model: return tr("Model");
    case Status: return tr("Status");
    case EndReasonColumn: return tr("End reason");
    case HttpStatus: return tr("HTTP");
    case Tokens: return tr("Tokens (in / out)");
    case Cost: return tr("Cost");
    case Duration: return tr("Duration");
    case Node: return tr("Node");
    }
    return {};
}
