#pragma once

#include "dashboardsnapshot.h"
#include "relaystate.h"

#include <QWidget>

class BudgetGauges;
class DashboardQuery;
class EndReasonChart;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QGroupBox;
class RecentRequestsModel;
class Store;
class TimeSeriesChart;
struct RequestLogRow;

// The first tab: the relay's state and address with the controls to start/stop it and copy
// the base URL; with a store, charts of usage, errors, stream end reasons and key budgets
// (read off the GUI thread, refreshed live as rows are written, at most every 2 s); and a
// live table of the most recent requests. It only displays; the window owns the relay and
// decides what the buttons do.
class DashboardTab : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardTab(QWidget *parent = nullptr);
    DashboardTab(Store *store, QWidget *parent); // store may be nullptr (no charts)

    void setRelayState(RelayState state, const QString &baseUrl, const QString &error);
    // Connections refused over max_connections since the relay started (0 hides the notice).
    void setConnectionsRefused(qint64 total, int maxConnections);
    RecentRequestsModel *recentRequests() const { return m_recentModel; }

    // The charts (nullptr without a store), for tests.
    DashboardQuery *query() const { return m_query; }
    TimeSeriesChart *usageChart() const { return m_usageChart; }
    TimeSeriesChart *errorChart() const { return m_errorChart; }
    EndReasonChart *endReasonChart() const { return m_endReasonChart; }
    BudgetGauges *budgetGauges() const { return m_budgetGauges; }
    QComboBox *bucketCombo() const { return m_bucketCombo; }
    QComboBox *groupByCombo() const { return m_groupByCombo; }
    QComboBox *metricCombo() const { return m_metricCombo; }

Q_SIGNALS:
    void startStopClicked();
    void copyBaseUrlClicked();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createRelayBox();
    QWidget *createRecentBox();
    QWidget *createChartsBox();
    QComboBox *addCombo(const char *objectName);
    void retranslate();
    void retranslateCharts();
    void requestFromControls();
    void rowsWritten();
    void showLogWriteState();
    void showSnapshot(const DashboardSnapshot &snapshot);
    QStringList usageNames(const TimeSeriesSet &set) const;

    RelayState m_state = RelayState::Stopped;
    QString m_baseUrl;
    QString m_error;
    QGroupBox *m_relayBox = nullptr;
    QGroupBox *m_recentBox = nullptr;
    QGroupBox *m_chartsBox = nullptr;
    QLabel *m_stateIcon = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_urlCaption = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_startStopButton = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_logWriteLabel = nullptr; // the database refusing log rows, or rows lost
    QLabel *m_connectionsLabel = nullptr; // connections refused over max_connections
    qint64 m_refusedConnections = 0;
    int m_maxConnections = 0;
    QLabel *m_hintLabel = nullptr;
    QTableView *m_recentView = nullptr;
    RecentRequestsModel *m_recentModel = nullptr;

    Store *m_store = nullptr;
    DashboardQuery *m_query = nullptr;
    DashboardSnapshot m_snapshot;
    bool m_stale = false; // rows were written while the tab was hidden
    QLabel *m_bucketCaption = nullptr;
    QLabel *m_groupByCaption = nullptr;
    QLabel *m_metricCaption = nullptr;
    QComboBox *m_bucketCombo = nullptr;
    QComboBox *m_groupByCombo = nullptr;
    QComboBox *m_metricCombo = nullptr;
    TimeSeriesChart *m_usageChart = nullptr;
    TimeSeriesChart *m_errorChart = nullptr;
    EndReasonChart *m_endReasonChart = nullptr;
    BudgetGauges *m_budgetGauges = nullptr;
};
