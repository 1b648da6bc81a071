#include "channeltester.h"

#include "relay/upstreampool.h"

#include <QThread>

namespace {
constexpr int kMaxTestSeconds = 60;
}

ChannelTester::ChannelTester(QObject *parent) : QObject(parent) {}

ChannelTester::~ChannelTester()
{
    if (!m_thread)
        return;
    QObject *worker = m_worker;
    // Deleting the worker deletes the probe, which aborts its request (on the worker's thread).
    QMetaObject::invokeMethod(worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

QString ChannelTester::describe(const ChannelProbe::Result &r)
{
    return r.ok ? tr("%1: OK, answered in %2 ms (HTTP %3, model %4)").arg(r.channel).arg(r.latencyMs).arg(r.status).arg(r.model)
                : tr("%1: failed after %2 ms: %3").arg(r.channel).arg(r.latencyMs).arg(r.error);
}

bool ChannelTester::test(const Channel &channel)
{
    if (m_busy)
        return false;
    if (!m_thread) {
        m_thread = new QThread;
        m_thread->setObjectName(QStringLiteral("channel-test"));
        m_worker = new QObject;
        m_worker->moveToThread(m_thread);
        m_thread->start();
    }
    m_busy = true;
    QObject *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, channel] {
        auto *pool = worker->findChild<UpstreamPool *>();
        if (!pool)
            pool = new UpstreamPool(worker);
        auto *probe = new ChannelProbe(pool, worker);
        connect(probe, &ChannelProbe::finished, worker, [this, probe](const ChannelProbe::Result &result) {
            probe->deleteLater();
            QMetaObject::invokeMethod(this, [this, result] {
                m_busy = false;
                Q_EMIT finished(result);
            }, Qt::QueuedConnection);
        });
        probe->start(channel, ChannelProbe::defaultModel(channel), 0, qMin(channel.timeoutSeconds, kMaxTestSeconds) * 1000);
    }, Qt::QueuedConnection);
    return true;
}
