#pragma once

#include "dashboardsnapshot.h"

#include <QList>
#include <QObject>
#include <QThread>
#include <QTimer>

class Store;
class DashboardQueryWorker;

// Runs the dashboard's queries on its own thread (and so its own store connection) and
// delivers the results by queued signal. Live refreshes are coalesced: any number of
// scheduleRefresh() calls within the interval, or while a query runs, give one more query.
class DashboardQuery : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 2000;

    explicit DashboardQuery(Store *store, QObject *parent = nullptr);
    ~DashboardQuery() override; // waits for a running query

    void setRequest(const DashboardRequest &request); // queries now (or right after the running one)
    DashboardRequest request() const { return m_request; }
    void setMinimumInterval(int ms) { m_throttle.setInterval(ms); }
    int queriesStarted() const { return m_queriesStarted; }
    bool isIdle() const { return !m_running && !m_pending && !m_throttle.isActive(); }

public Q_SLOTS:
    void refresh();         // queries now (or right after the running one)
    void scheduleRefresh(); // at most once per interval

Q_SIGNALS:
    void snapshotReady(const DashboardSnapshot &snapshot);

private:
    void start();
    void deliver(const DashboardSnapshot &snapshot);

    QThread m_thread;
    DashboardQueryWorker *m_worker = nullptr;
    QTimer m_throttle;
    DashboardRequest m_request;
    bool m_running = false;
    bool m_pending = false; // asked for while a query ran
    int m_queriesStarted = 0;
};
