#pragma once

#include "store/requestlogrow.h"

#include <QWidget>

class QComboBox;
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
    explicit RequestsTab(Store *store, QWidget *parent = nullptr);

    RequestLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    RequestDetailView *detailView() const { return m_detail; }

public Q_SLOTS:
    void addLiveRow(const RequestLogRow &row);
    void applyFilter();
    void reload(); // re-queries with the current filter

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createFilterBar();
    void showSelected();
    void retranslate();

    RequestLogModel *m_model;
    QTableView *m_view;
    RequestDetailView *m_detail;
    QLineEdit *m_keyEdit = nullptr;
    QLineEdit *m_channelEdit = nullptr;
    QLineEdit *m_modelEdit = nullptr;
    QComboBox *m_statusCombo = nullptr;
    QComboBox *m_endReasonCombo = nullptr;
    QLabel *m_filterLabel = nullptr;
    bool m_columnsSized = false;
};
