#pragma once

#include "store/requestlogrow.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

// The most recent finished requests, newest first, bounded. Rows arrive one signal per request
// (possibly thousands a second); they are buffered and inserted in one batch per flush interval
// so the view repaints at most a few times a second.
class RecentRequestsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Key, Model, Status, EndReasonColumn, Tokens, ColumnCount };

    static constexpr int kDefaultMaxRows = 200;
    static constexpr int kFlushIntervalMs = 250;

    explicit RecentRequestsModel(QObject *parent = nullptr);

    void setMaxRows(int maxRows);
    int maxRows() const { return m_maxRows; }
    const RequestLogRow &rowAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    void addRow(const RequestLogRow &row); // buffered; visible after the next flush
    void flush();                          // inserts the buffered rows now
    void retranslate();                    // headers and labels after a language change

private:
    QVariant displayData(const RequestLogRow &row, int column) const;
    QVariant toolTipData(const RequestLogRow &row, int column) const;
    void trimTo(int maxRows);

    QList<RequestLogRow> m_rows;    // newest first
    QList<RequestLogRow> m_pending; // oldest first, not yet shown
    QTimer m_flushTimer;
    int m_maxRows = kDefaultMaxRows;
};
