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
    // Kept as given (beforeId aside), so filter() compares equal to the same bar again.
    m_filter = filter;
    m_filter.beforeId = 0;
    refresh();
}

void RequestLogModel::refresh()
{
    ++m_generation; // results of queries still running are stale now
    beginResetModel();
    m_pages.clear();
    m_lastIds.clear();
    m_wanted.clear();
    m_live.clear();
    m_pending.clear();
    m_nodes.clear();
    m_total = 0;
    m_snapshotId = 0;
    m_pagesLoaded = 0;
    m_inFlight = kNone;
    endResetModel();
    startQuery(0);
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_live.size() + m_total);
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const RequestLogRow *RequestLogModel::storedRow(int row) const
{
    const int stored = row - int(m_live.size());
    const auto it = m_pages.find(stored / kPageSize);
    if (it == m_pages.end()) {
        wantPage(stored / kPageSize);
        return nullptr;
    }
    it->lastUse = ++m_useClock;
    const int offset = stored % kPageSize;
    return offset < it->rows.size() ? &it->rows.at(offset) : nullptr;
}

bool RequestLogModel::isRowLoaded(int row) const
{
    if (row < 0 || row >= rowCount())
        return false;
    const int stored = row - int(m_live.size());
    return stored < 0 || m_pages.value(stored / kPageSize).rows.size() > stored % kPageSize;
}

RequestLogRow RequestLogModel::rowAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    if (row < m_live.size())
        return m_live.at(row);
    const RequestLogRow *stored = storedRow(row);
    return stored ? *stored : RequestLogRow();
}

int RequestLogModel::rowOf(const QString &requestId) const
{
    for (int r = 0; r < m_live.size(); ++r)
        if (m_live.at(r).requestId == requestId)
            return r;
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it)
        for (int r = 0; r < it->rows.size(); ++r)
            if (it->rows.at(r).requestId == requestId)
                return int(m_live.size()) + it.key() * kPageSize + r;
    return -1;
}

int RequestLogModel::cachedRowCount() const
{
    qsizetype rows = m_live.size();
    for (const Page &page : std::as_const(m_pages))
        rows += page.rows.size();
    return int(rows);
}

// Called while painting: only note the page; the query starts from the event loop.
void RequestLogModel::wantPage(int page) const
{
    if (page == m_inFlight)
        return;
    m_wanted.removeOne(page);
    m_wanted.prepend(page);
    if (m_wanted.size() > 16) // pages scrolled past long ago are not worth a query
        m_wanted.removeLast();
    if (!isLoading() && !m_startPosted) {
        m_startPosted = true; // one per paint, not one per missing cell
        QMetaObject::invokeMethod(const_cast<RequestLogModel *>(this), &RequestLogModel::startNext,
                                  Qt::QueuedConnection);
    }
}

void RequestLogModel::startNext()
{
    m_startPosted = false;
    while (!isLoading() && !m_wanted.isEmpty()) {
        const int page = m_wanted.takeFirst();
        if (!m_pages.contains(page) && qint64(page) * kPageSize < m_total)
            startQuery(page);
    }
}

void RequestLogModel::startQuery(int page)
{
    if (!m_store)
        return;
    m_inFlight = page;
    // Keyset from the page above when its last id is known; else the job finds the page's
    // first id by an id-only scan from the nearest page above whose last id is known.
    qint64 beforeId = page == 0 ? m_snapshotId : m_lastIds.value(page - 1, -1);
    int anchorPage = -1; // -1: the snapshot's top
    if (beforeId < 0)
        for (auto it = m_lastIds.cbegin(); it != m_lastIds.cend(); ++it)
            if (it.key() < page && it.key() > anchorPage)
                anchorPage = it.key();
    const qint64 anchorId = anchorPage < 0 ? m_snapshotId : m_lastIds.value(anchorPage);
    const qint64 skip = qint64(page - anchorPage - 1) * kPageSize;
    RequestLogQuery query = m_filter;
    query.limit = kPageSize;
    const quint64 generation = m_generation;
    Store *store = m_store;
    m_pool.start([this, store, query, page, beforeId, anchorId, skip, generation]() mutable {
        if (beforeId < 0) {
            query.beforeId = anchorId;
            const qint64 id = store->requestLogIdAt(query, skip);
            beforeId = id > 0 ? id + 1 : -2;
        }
        query.beforeId = beforeId;
        const QList<RequestLogRow> rows = beforeId == -2 ? QList<RequestLogRow>() : store->requestLogs(query);
        QMetaObject::invokeMethod(this, [this, generation, page, rows] { applyPage(generation, page, rows); },
                                  Qt::QueuedConnection);
    });
}

// After the first page: the rows are shown at once, the rest of the count follows (a count
// that cannot use an index scans the table; the first page need not wait for it).
void RequestLogModel::startCount()
{
    m_inFlight = kCounting;
    RequestLogQuery query = m_filter;
    query.beforeId = m_snapshotId;
    const quint64 generation = m_generation;
    Store *store = m_store;
    m_pool.start([this, store, query, generation] {
        const qint64 total = store->requestLogCount(query);
        QMetaObject::invokeMethod(this, [this, generation, total] { applyCount(generation, total); },
                                  Qt::QueuedConnection);
    });
}

void RequestLogModel::applyCount(quint64 generation, qint64 total)
{
    if (generation != m_generation)
        return;
    m_inFlight = kNone;
    if (total > m_total) {
        beginInsertRows({}, int(m_live.size() + m_total), int(m_live.size() + total) - 1);
        m_total = total;
        endInsertRows();
    }
    Q_EMIT countLoaded(m_total);
    startNext();
}

void RequestLogModel::applyPage(quint64 generation, int page, const QList<RequestLogRow> &rows)
{
    if (generation != m_generation)
        return;
    m_inFlight = kNone;
    const bool firstPage = m_pagesLoaded++ == 0;
    if (!rows.isEmpty()) {
        m_pages.insert(page, Page{rows, ++m_useClock});
        m_lastIds.insert(page, rows.constLast().id);
        noteNodes(rows);
        evictPages();
    }
    const int first = int(m_live.size()) + page * kPageSize;
    if (firstPage && !rows.isEmpty()) { // the snapshot: rows below the newest one at query time
        m_snapshotId = rows.constFirst().id + 1;
        beginInsertRows({}, int(m_live.size()), int(m_live.size() + rows.size()) - 1);
        m_total = rows.size();
        endInsertRows();
        if (rows.size() == kPageSize)
            startCount();
    } else if (!rows.isEmpty()) {
        Q_EMIT dataChanged(index(first, 0), index(first + int(rows.size()) - 1, ColumnCount - 1));
    }
    Q_EMIT pageLoaded(int(rows.size()));
    startNext();
}

// The least recently shown pages go; their last ids stay as anchors for querying them again.
void RequestLogModel::evictPages()
{
    while (m_pages.size() > m_maxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        m_pages.erase(oldest);
    }
}

void RequestLogModel::noteNodes(const QList<RequestLogRow> &rows)
{
    const bool several = hasSeveralNodes();
    for (const RequestLogRow &row : rows)
        m_nodes.insert(row.node);
    if (several != hasSeveralNodes())
        Q_EMIT nodesChanged();
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
    if (m_live.size() + m_pending.size() > kMaxLiveRows) {
        refresh(); // a new snapshot holds them all, paged like the rest
        return;
    }
    const int count = int(m_pending.size());
    beginInsertRows({}, 0, count - 1);
    QList<RequestLogRow> rows;
    rows.reserve(count + m_live.size());
    for (auto it = m_pending.crbegin(); it != m_pending.crend(); ++it)
        rows.append(*it);
    rows.append(m_live);
    m_live = std::move(rows);
    endInsertRows();
    noteNodes(m_pending);
    m_pending.clear();
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const RequestLogRow *loaded = index.row() < m_live.size() ? &m_live.at(index.row()) : storedRow(index.row());
    if (!loaded) // its page is on the way
        return role == Qt::DisplayRole && index.column() == Time ? QVariant(tr("Loading\u2026")) : QVariant();
    const RequestLogRow &row = *loaded;
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
