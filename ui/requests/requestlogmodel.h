#pragma once

#include "store/requestlogrow.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

class Store;

// The request log as a table, newest first, as a window over the store: the first page shows
// at once, then the row count comes from a count query, and only the pages the view shows are held (at most maxCachedPages()
// of kPageSize rows, least recently shown dropped first). A page is queried by id (keyset:
// "id < last id of the page above") when the page above was ever loaded, else through the
// id at its offset from the nearest page above that was (an id-only scan), so scrolling
// through a million rows never loads them all. Queries run on a private one-thread pool, never on the GUI thread; the most recently
// asked page goes first, results come back queued and are dropped when the filter changed.
// The stored part is a snapshot (ids below the newest at query time); finished requests
// arrive live (addLiveRow) and are inserted on top in throttled batches.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Key, Channel, Model, Status, EndReasonColumn, HttpStatus, Tokens, Cost,
                  Duration, Node, ColumnCount };
    static constexpr int kPageSize = 200;
    static constexpr int kDefaultMaxCachedPages = 40;
    static constexpr int kLiveFlushMs = 250;
    static constexpr int kMaxLiveBuffer = 1000;
    static constexpr int kMaxLiveRows = 5000; // then the whole view is re-queried

    explicit RequestLogModel(Store *store, QObject *parent = nullptr);
    ~RequestLogModel() override; // waits for a query still running

    // Replaces the filter (limit/beforeId ignored) and re-queries from the newest row.
    void setFilter(const RequestLogQuery &filter);
    RequestLogQuery filter() const { return m_filter; }
    bool isLoading() const { return m_inFlight != kNone; }
    bool isRowLoaded(int row) const;
    RequestLogRow rowAt(int row) const; // an empty row while its page is not loaded
    int rowOf(const QString &requestId) const; // among the loaded rows; -1 when not there
    int pagesLoaded() const { return m_pagesLoaded; } // queries answered since the filter changed
    int cachedRowCount() const; // rows held in memory (live rows and cached pages)
    void setMaxCachedPages(int pages) { m_maxCachedPages = qMax(2, pages); }
    int maxCachedPages() const { return m_maxCachedPages; }
    bool hasSeveralNodes() const { return m_nodes.size() > 1; } // rows from more than one relay node

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    void addLiveRow(const RequestLogRow &row); // buffered; on top after the next flush
    void flushLive();
    void refresh(); // the same filter again, from the newest row

Q_SIGNALS:
    void pageLoaded(int rows);     // after each page query
    void countLoaded(qint64 rows); // the filter's row count is known (after the first full page)
    void nodesChanged();       // a row from another relay node was loaded

private:
    static constexpr int kNone = -1;
    static constexpr int kCounting = -2; // m_inFlight while the count runs
    struct Page
    {
        QList<RequestLogRow> rows;
        quint64 lastUse = 0;
    };

    const RequestLogRow *storedRow(int row) const; // nullptr: not loaded (and asked for)
    void wantPage(int page) const;
    void startNext();
    void startQuery(int page);
    void applyPage(quint64 generation, int page, const QList<RequestLogRow> &rows);
    void startCount();
    void applyCount(quint64 generation, qint64 total);
    void evictPages();
    bool matchesFilter(const RequestLogRow &row) const;
    bool matchesSearch(const RequestLogRow &row) const;
    void noteNodes(const QList<RequestLogRow> &rows);
    QVariant displayData(const RequestLogRow &row, int column) const;

    Store *m_store;
    QThreadPool m_pool;
    RequestLogQuery m_filter;
    mutable QHash<int, Page> m_pages;  // page index -> rows (lastUse touched by data())
    QHash<int, qint64> m_lastIds;      // last id of every page ever loaded: keyset anchors
    mutable QList<int> m_wanted;       // pages the view asked for, most recent first
    mutable quint64 m_useClock = 0;
    mutable bool m_startPosted = false; // a startNext() is queued
    qint64 m_snapshotId = 0;           // stored rows have ids below this (0: none yet)
    qint64 m_total = 0;                // stored rows matching the filter
    QList<RequestLogRow> m_live;       // live rows, newest first, above the stored ones
    QList<RequestLogRow> m_pending;    // live rows not shown yet, oldest first
    QTimer m_liveTimer;
    QSet<QString> m_nodes;             // distinct nodes of the loaded rows
    quint64 m_generation = 0;
    int m_inFlight = kNone;            // page being queried, or kCounting
    int m_pagesLoaded = 0;
    int m_maxCachedPages = kDefaultMaxCachedPages;
};
