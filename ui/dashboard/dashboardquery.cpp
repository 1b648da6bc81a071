#include "dashboardquery.h"

#include "dashboardqueryworker.h"

DashboardQuery::DashboardQuery(Store *store, QObject *parent)
    : QObject(parent)
    , m_worker(new DashboardQueryWorker(store))
{
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kDefaultIntervalMs);
    connect(&m_throttle, &QTimer::timeout, this, &DashboardQuery::refresh);
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &DashboardQueryWorker::finished, this, &DashboardQuery::deliver, Qt::QueuedConnection);
    m_thread.setObjectName(QStringLiteral("relaydesk-dashboard"));
    m_thread.start();
}

DashboardQuery::~DashboardQuery()
{
    m_thread.quit(); // after the running query, if any; its result is dropped with this object
    m_thread.wait();
    delete m_worker;
}

void DashboardQuery::setRequest(const DashboardRequest &request)
{
    m_request = request;
    refresh();
}

void DashboardQuery::refresh()
{
    m_throttle.stop();
    if (m_running) {
        m_pending = true;
        return;
    }
    start();
}

void DashboardQuery::scheduleRefresh()
{
    if (!m_throttle.isActive() && !m_pending)
        m_throttle.start();
}

void DashboardQuery::start()
{
    m_running = true;
    m_pending = false;
    ++m_queriesStarted;
    DashboardQueryWorker *worker = m_worker;
    const DashboardRequest request = m_request;
    QMetaObject::invokeMethod(worker, [worker, request] { worker->run(request, QDateTime::currentDateTimeUtc()); },
                              Qt::QueuedConnection);
}

void DashboardQuery::deliver(const DashboardSnapshot &snapshot)
{
    m_running = false;
    if (!(snapshot.request == m_request)) {
        start(); // the selection changed meanwhile: what was shown is stale, ask again now
        return;
    }
    Q_EMIT snapshotReady(snapshot);
    if (m_pending) {
        // Rows kept arriving while it ran: one more query, but not before the interval.
        m_pending = false;
        m_throttle.start();
    }
}
