#pragma once

#include "dashboardsnapshot.h"

#include <QDateTime>
#include <QObject>

class Store;

// The dashboard's reads, on DashboardQuery's thread (the store gives each thread its own
// connection, so they never wait on or for the GUI).
class DashboardQueryWorker : public QObject
{
    Q_OBJECT
public:
    explicit DashboardQueryWorker(Store *store) : m_store(store) {}

    static DashboardSnapshot query(Store *store, const DashboardRequest &request, const QDateTime &now);

    void run(const DashboardRequest &request, const QDateTime &now);

Q_SIGNALS:
    void finished(const DashboardSnapshot &snapshot);

private:
    Store *m_store;
};
