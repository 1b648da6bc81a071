#include "relayservice.h"

#include "config/listenaddress.h"
#include "relayserver.h"
#include "store/store.h"

#include <QEventLoop>
#include <QHostInfo>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

namespace {
constexpr int kFlushMs = 1000; // for the last bytes of drained streams to leave
}

RelayService::RelayService(Store *store, QObject *parent)
    : QObject(parent), m_store(store), m_node(QHostInfo::localHostName())
{
    qRegisterMetaType<RequestLogRow>("RequestLogRow");
    qRegisterMetaType<Config>("Config");
    if (m_store && m_store->backendName() == QLatin1String("postgres")) {
        connect(m_store, &Store::configChanged, this, [this](const Config &config) {
            setConfig(config);
            Q_EMIT configReloaded(config);
        }, Qt::QueuedConnection);
        m_store->watchConfig(kConfigPollMs);
    }
}

RelayService::~RelayService()
{
    stop(0);
}

QString RelayService::baseUrl() const
{
    return QStringLiteral("http://") + formatListenAddress(m_host, m_port);
}

bool RelayService::start(const QHostAddress &host, quint16 port, QString *error)
{
    if (m_stopping) {
        if (error)
            *error = tr("the relay is still stopping");
        return false;
    }
    if (m_running)
        return true;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("relay"));
    QObject anchor; // invokeMethod context living on the relay thread
    anchor.moveToThread(m_thread);
    m_thread->start();
    bool ok = false;
    QString err;
    quint16 bound = 0;
    const Config config = m_config;
    // The server must be created and listen() on its own thread (QT64.md).
    QMetaObject::invokeMethod(&anchor, [&] {
        m_server = new RelayServer(m_store, m_node);
        m_server->setConfig(config);
        ok = m_server->listen(host, port, &err);
        bound = m_server->port();
        anchor.moveToThread(nullptr);
    }, Qt::BlockingQueuedConnection);
    if (!ok) {
        QMetaObject::invokeMethod(m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_server = nullptr;
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
        if (error)
            *error = err;
        return false;
    }
    connect(m_server, &RelayServer::requestFinished, this, &RelayService::requestFinished, Qt::QueuedConnection);
    connect(m_server, &RelayServer::connectionsRefused, this, &RelayService::connectionsRefused, Qt::QueuedConnection);
    // An admin-API edit must survive the next setConfig() or restart from this side.
    connect(m_server, &RelayServer::configEdited, this, [this](const Config &config) { m_config = config; },
            Qt::QueuedConnection);
    const quint64 generation = ++m_generation;
    connect(m_thread, &QThread::finished, this, [this, generation] {
        if (generation == m_generation)
            finishStop();
    }, Qt::QueuedConnection);
    m_host = host;
    m_port = bound;
    m_running = true;
    Q_EMIT runningChanged(true);
    return true;
}

void RelayService::stopAsync(int drainMs)
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    RelayServer *server = m_server;
    m_server = nullptr;
    QThread *thread = m_thread;
    QMetaObject::invokeMethod(server, [server, drainMs, thread] {
        server->stopListening();
        if (server->activeSessions() > 0 && drainMs > 0) {
            // Nested loop on the relay thread: in-flight streams keep flowing until they end.
            QEventLoop loop;
            QObject::connect(server, &RelayServer::idle, &loop, &QEventLoop::quit);
            QTimer::singleShot(drainMs, &loop, &QEventLoop::quit);
            loop.exec();
            server->flushClients(kFlushMs);
        }
        server->closeAndAbortAll();
        QThreadPool::globalInstance()->waitForDone(); // admin reads that answer through the server
        delete server;
        thread->quit(); // its finished() brings finishStop() to the owning thread
    }, Qt::QueuedConnection);
    Q_EMIT stoppingChanged(true);
}

void RelayService::stop(int drainMs)
{
    stopAsync(drainMs);
    if (m_thread)
        finishStop();
}

void RelayService::finishStop()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_running = false;
    m_stopping = false;
    Q_EMIT stoppingChanged(false);
    Q_EMIT runningChanged(false);
    Q_EMIT stopped();
}

void RelayService::setConfig(const Config &config)
{
    m_config = config;
    if (m_server) {
        RelayServer *server = m_server;
        QMetaObject::invokeMethod(server, [server, config] { server->setConfig(config); }, Qt::QueuedConnection);
    }
}

void RelayService::setNodeName(const QString &node)
{
    m_node = node;
}

void RelayService::requestHealthSnapshot()
{
    if (!m_server)
        return;
    RelayServer *server = m_server;
    QMetaObject::invokeMethod(server, [this, server] {
        const QJsonObject health = server->healthSnapshot();
        // Context `this`: dropped if the service is gone by then.
        QMetaObject::invokeMethod(this, [this, health] { Q_EMIT healthSnapshotReady(health); }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}
