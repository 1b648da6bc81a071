#pragma once

#include "store/requestlogrow.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QTableView;
class RequestDetailView;
class RequestLogModel;
class Store;

// The Requests tab: the whole request log (paged, filterable) over a detail pane for the
// selected row. Finished requests show up on top while they happen.
class RequestsTab : public QWidget
{
    Q_OBJECT
public:
    // Time-range presets of the filter bar (Custom shows the from/to editors).
    enum TimeRange { AnyTime, LastHour, LastDay, LastWeek, CustomRange };

    explicit RequestsTab(Store *store, QWidget *parent = nullptr);
    ~RequestsTab() override; // keeps the column layout in the UI settings

    RequestLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    RequestDetailView *detailView() const { return m_detail; }

public Q_SLOTS:
    void addLiveRow(const RequestLogRow &row);
    void applyFilter();
    void reload(); // re-queries with the current filter
    // Shows exactly this request (other filters cleared), selects it and opens its detail;
    // "Clear filters" goes back to the whole log.
    void showRequest(const QString &requestId);
    void clearFilters();

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createFilterBar();
    QWidget *createTimeRange(QWidget *bar);
    RequestLogQuery queryFromBar() const;
    void resetBar(); // every filter back to "any", without re-querying
    void showSelected();
    void onPageLoaded(int rows);
    void restoreColumns();
    void retranslate();

    RequestLogModel *m_model;
    QTableView *m_view;
    RequestDetailView *m_detail;
    QLineEdit *m_keyEdit = nullptr;
    QLineEdit *m_channelEdit = nullptr;
    QLineEdit *m_modelEdit = nullptr;
    QComboBox *m_statusCombo = nullptr;
    QComboBox *m_endReasonCombo = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QLineEdit *m_requestIdEdit = nullptr;
    QComboBox *m_rangeCombo = nullptr;
    QDateTimeEdit *m_fromEdit = nullptr;
    QDateTimeEdit *m_toEdit = nullptr;
    QLabel *m_filterLabel = nullptr;
    QString m_selectWhenLoaded; // showRequest(): the request to select once its page arrives
    bool m_columnsSized = false;
};
