#include "loadclient.h"

#include <QTcpSocket>
#include <QTimer>
#include <algorithm>

double Histogram::percentile(double p) const
{
    if (samples.isEmpty())
        return 0;
    QList<double> s = samples;
    std::sort(s.begin(), s.end());
    const qsizetype i = std::min<qsizetype>(s.size() - 1, qsizetype(p / 100.0 * double(s.size())));
    return s[i];
}

void ResponseReader::feed(QByteArrayView bytes)
{
    if (m_headDone) {
        body(bytes);
        return;
    }
    m_buf += bytes;
    const qsizetype end = m_buf.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QByteArray head = m_buf.left(end).toLower();
    m_status = head.mid(9, 3).toInt();
    m_headDone = true;
    m_chunked = head.contains("transfer-encoding: chunked");
    const qsizetype cl = head.indexOf("\ncontent-length:");
    if (!m_chunked)
        m_remaining = cl >= 0 ? head.mid(cl + 16, head.indexOf('\r', cl + 1) - cl - 16).trimmed().toLongLong() : 0;
    const QByteArray rest = m_buf.mid(end + 4);
    m_buf.clear();
    if (!m_chunked && m_remaining == 0)
        m_done = true;
    body(rest);
}

void ResponseReader::body(QByteArrayView bytes)
{
    auto countFrames = [this](QByteArrayView data) {
        for (char c : data) {
            if (c == '\n' && m_last == '\n')
                ++m_frames;
            m_last = c;
        }
    };
    qsizetype i = 0;
    while (i < bytes.size() && !m_done) {
        if (!m_chunked) {
            const qsizetype n = std::min<qint64>(m_remaining, bytes.size() - i);
            countFrames(bytes.sliced(i, n));
            m_remaining -= n;
            i += n;
            m_done = m_remaining == 0;
            continue;
        }
        if (m_chunk == Chunk::Data) {
            const qsizetype n = std::min<qint64>(m_remaining, bytes.size() - i);
            countFrames(bytes.sliced(i, n));
            m_remaining -= n;
            i += n;
            if (m_remaining == 0)
                m_chunk = Chunk::DataEnd;
            continue;
        }
        const qsizetype nl = bytes.indexOf('\n', i);
        if (nl < 0) {
            m_buf += bytes.sliced(i);
            return;
        }
        const QByteArray line = QByteArray(m_buf + bytes.sliced(i, nl - i).toByteArray()).trimmed();
        m_buf.clear();
        i = nl + 1;
        if (m_chunk == Chunk::Size) {
            m_remaining = line.left(line.indexOf(';') < 0 ? line.size() : line.indexOf(';')).toLongLong(nullptr, 16);
            m_chunk = m_remaining == 0 ? Chunk::Trailer : Chunk::Data;
        } else if (m_chunk == Chunk::DataEnd) {
            m_chunk = Chunk::Size;
        } else if (line.isEmpty()) {
            m_done = true;
        }
    }
}

StreamLoad::StreamLoad(quint16 port, const QByteArray &request, int concurrency, int rampMs, int timeoutMs, QObject *parent)
    : QObject(parent), m_port(port), m_request(request), m_concurrency(concurrency), m_rampMs(rampMs), m_timeoutMs(timeoutMs)
{
}

void StreamLoad::start()
{
    QTimer::singleShot(m_timeoutMs, this, [this] {
        if (m_done)
            return;
        m_results.failed += m_concurrency - m_results.ok - m_results.failed;
        m_done = true;
        Q_EMIT finished();
    });
    for (int i = 0; i < m_concurrency; ++i)
        QTimer::singleShot(m_concurrency > 1 ? m_rampMs * i / (m_concurrency - 1) : 0, Qt::PreciseTimer, this, [this, i] { launch(i); });
}

void StreamLoad::launch(int)
{
    auto *socket = new QTcpSocket(this);
    auto *reader = new ResponseReader;
    auto clock = std::make_shared<QElapsedTimer>();
    auto lastFrame = std::make_shared<double>(-1);
    auto ended = std::make_shared<bool>(false);
    connect(socket, &QObject::destroyed, [reader] { delete reader; });
    clock->start();
    ++m_open;
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket->write(m_request);
    });
    connect(socket, &QTcpSocket::readyRead, this, [=, this] {
        const int before = reader->frames();
        const bool firstBytes = !reader->headDone();
        reader->feed(socket->readAll());
        const double now = double(clock->nsecsElapsed()) / 1e6;
        if (firstBytes && reader->headDone())
            m_results.ttfb.add(now);
        if (reader->frames() > before) {
            if (*lastFrame >= 0)
                m_results.gap.add(now - *lastFrame);
            *lastFrame = now;
        }
        if (reader->done() && !*ended) {
            *ended = true;
            m_results.total.add(now);
            streamEnded(socket, reader->status() == 200);
        }
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [=, this] {
        if (!*ended) {
            *ended = true;
            streamEnded(socket, false);
        }
    });
    socket->connectToHost(QHostAddress::LocalHost, m_port);
}

void StreamLoad::streamEnded(QTcpSocket *socket, bool ok)
{
    socket->abort();
    socket->deleteLater();
    if (m_done)
        return;
    ok ? ++m_results.ok : ++m_results.failed;
    if (m_results.ok + m_results.failed == m_concurrency) {
        m_done = true;
        Q_EMIT finished();
    }
}

RpsLoad::RpsLoad(quint16 port, const QByteArray &request, int connections, int durationMs, QObject *parent)
    : QObject(parent), m_port(port), m_request(request), m_connections(connections), m_durationMs(durationMs)
{
}

void RpsLoad::start()
{
    m_clock.start();
    for (int i = 0; i < m_connections; ++i)
        openConnection();
    QTimer::singleShot(m_durationMs, this, [this] {
        m_stopping = true;
        m_elapsedMs = m_clock.elapsed();
    });
}

void RpsLoad::openConnection()
{
    auto *socket = new QTcpSocket(this);
    auto reader = std::make_shared<ResponseReader>();
    auto sent = std::make_shared<QElapsedTimer>();
    ++m_open;
    auto send = [=, this] {
        reader->reset();
        sent->start();
        socket->write(m_request);
    };
    connect(socket, &QTcpSocket::connected, this, [=] {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        send();
    });
    auto close = [=, this] {
        if (socket->property("closed").toBool())
            return;
        socket->setProperty("closed", true);
        socket->abort();
        socket->deleteLater();
        if (--m_open == 0)
            Q_EMIT finished();
    };
    connect(socket, &QTcpSocket::readyRead, this, [=, this] {
        reader->feed(socket->readAll());
        if (!reader->done())
            return;
        if (!m_stopping) {
            reader->status() == 200 ? ++m_completed : ++m_failed;
            m_latency.add(double(sent->nsecsElapsed()) / 1e6);
            send();
        } else {
            close();
        }
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [=, this] {
        if (!m_stopping && !socket->property("closed").toBool())
            ++m_failed;
        close();
    });
    socket->connectToHost(QHostAddress::LocalHost, m_port);
}
