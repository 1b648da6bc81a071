#pragma once

#include "store/requestlogrow.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

class Store;

// The request log as a table, newest first, paged: the first page is queried when the filter
// is set, older pages when the view scrolls near the end (canFetchMore/fetchMore, keyset
// paging on the row id). Queries run on a private one-thread pool, never on the GUI thread;
// their results come back queued and are dropped when the filter changed meanwhile.
// Finished requests arrive live (addLiveRow) and are inserted on top in throttled batches.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Key, Channel, Model, Status, EndReasonColumn, HttpStatus, Tokens, Cost,
                  Duration, Node, ColumnCount };
    static constexpr int kPageSize = 200;
    static constexpr int kLiveFlushMs = 250;
    static constexpr int kMaxLiveBuffer = 1000;

    explicit RequestLogModel(Store *store, QObject *parent = nullptr);
    ~RequestLogModel() override; // waits for a query still running

    // Replaces the filter (limit/beforeId ignored) and re-queries from the newest row.
    void setFilter(const RequestLogQuery &filter);
    RequestLogQuery filter() const { return m_filter; }
    bool isLoading() const { return m_loading; }
    const RequestLogRow &rowAt(int row) const { return m_rows.at(row); }
    int rowOf(const QString &requestId) const; // -1 when not loaded
    int pagesLoaded() const { return m_pagesLoaded; } // since the last filter change
    bool hasSeveralNodes() const { return m_nodes.size() > 1; } // rows from more than one relay node

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

public Q_SLOTS:
    void addLiveRow(const RequestLogRow &row); // buffered; on top after the next flush
    void flushLive();
    void refresh(); // the same filter again, from the newest row

Q_SIGNALS:
    void pageLoaded(int rows); // after each page (0: no more rows)
    void nodesChanged();       // a row from another relay node was loaded

private:
    void startQuery(qint64 beforeId);
    void applyPage(quint64 generation, const QList<RequestLogRow> &rows);
    bool matchesFilter(const RequestLogRow &row) const;
    bool matchesSearch(const RequestLogRow &row) const;
    void noteNodes(const QList<RequestLogRow> &rows);
    QVariant displayData(const RequestLogRow &row, int column) const;

    Store *m_store;
    QThreadPool m_pool;
    RequestLogQuery m_filter;
    QList<RequestLogRow> m_rows;    // newest first
    QList<RequestLogRow> m_pending; // live rows, oldest first
    QTimer m_liveTimer;
    QSet<QString> m_nodes;          // distinct nodes of the loaded rows
    quint64 m_generation = 0;
    int m_pagesLoaded = 0;
    bool m_loading = false;
    bool m_exhausted = false;
};
