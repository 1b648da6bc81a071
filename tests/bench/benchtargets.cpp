#include "benchtargets.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <unistd.h>

double ProcSampler::cpuNow() const
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(m_pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

double ProcSampler::rssMb() const
{
    QFile f(QStringLiteral("/proc/%1/status").arg(m_pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() / 1024.0;
    return 0;
}

void ProcSampler::begin()
{
    if (!m_pid)
        return;
    m_cpuBegin = cpuNow();
    m_peakRssKb = 0;
    sample();
}

void ProcSampler::sample()
{
    if (m_pid)
        m_peakRssKb = std::max<qint64>(m_peakRssKb, qint64(rssMb() * 1024));
}

void ProcSampler::end()
{
    if (!m_pid)
        return;
    sample();
    m_cpuEnd = cpuNow();
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QString findNginx()
{
    for (const QString &p : {QStringLiteral("/usr/sbin/nginx"), QStringLiteral("/usr/local/sbin/nginx")})
        if (QFile::exists(p))
            return p;
    return QStandardPaths::findExecutable(QStringLiteral("nginx"));
}

ProxyProcess::ProxyProcess() : m_dir(std::make_unique<QTemporaryDir>()) {}

ProxyProcess::~ProxyProcess()
{
    stop();
}

void ProxyProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool ProxyProcess::startRelay(const QString &binary, quint16 upstreamPort, const QByteArray &clientKey, QString *error)
{
    // Pings far apart so none lands in a measured stream; caps high enough for 2,000 streams.
    const QByteArray upstream = "http://127.0.0.1:" + QByteArray::number(upstreamPort);
    const QByteArray config = R"({"settings":{"keepalive_seconds":600,"stream_idle_timeout_seconds":120,"first_byte_timeout_seconds":60,)"
        R"("bootstrap_retries":0,"max_connections":50000},"channels":[)"
        R"({"name":"anthropic","type":"anthropic","base_url":")" + upstream + R"(","keys":["up-key-a"],"models":["claude-bench"],"timeout_seconds":120},)"
        R"({"name":"responses","type":"openai-responses","base_url":")" + upstream + R"(","keys":["up-key-r"],"models":["claude-xlate"],"timeout_seconds":120},)"
        R"({"name":"chat","type":"openai-chat","base_url":")" + upstream + R"(","keys":["up-key-c"],"models":["gpt-bench"],"timeout_seconds":120},)"
        R"({"name":"gemini","type":"gemini","base_url":")" + upstream + R"(","keys":["up-key-g"],"models":["gemini-bench"],"timeout_seconds":120})"
        R"(],"keys":[{"name":"bench","key":")" + clientKey + R"(","budget_usd":null,"models":["*"]}]})";
    const QString configPath = m_dir->filePath(QStringLiteral("config.json"));
    QFile f(configPath);
    if (!f.open(QIODevice::WriteOnly) || f.write(config) != config.size()) {
        *error = QStringLiteral("cannot write ") + configPath;
        return false;
    }
    f.close();
    m_port = freePort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir->filePath(QStringLiteral("relay.log")));
    m_process.start(binary, {QStringLiteral("--headless"), QStringLiteral("--data-dir"), m_dir->filePath(QStringLiteral("data")),
                             QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                             QStringLiteral("--config"), configPath});
    return waitListening(error);
}

bool ProxyProcess::startNginx(quint16 upstreamPort, QString *error)
{
    const QString nginx = findNginx();
    if (nginx.isEmpty()) {
        *error = QStringLiteral("nginx not installed (scripts/install-deps.sh installs it)");
        return false;
    }
    m_port = freePort();
    const QString d = m_dir->path();
    // One process (master_process off), like the relay's one relay thread; no buffering so
    // every upstream chunk is forwarded at once; HTTP/1.1 keep-alive to the upstream. nginx
    // closes a keep-alive connection after 1,000 requests by default, which an idle machine
    // reaches within a 5 s RPS run and the load generator counts as failures: unbounded here,
    // as the relay's connections are.
    const QString conf = QStringLiteral(
        "daemon off; master_process off; worker_processes 1; worker_rlimit_nofile 20000;\n"
        "pid %1/nginx.pid; error_log %1/error.log warn;\n"
        "events { worker_connections 16384; }\n"
        "http { access_log off; keepalive_requests 1000000000; client_body_temp_path %1/body; proxy_temp_path %1/proxy;\n"
        "  fastcgi_temp_path %1/fcgi; uwsgi_temp_path %1/uwsgi; scgi_temp_path %1/scgi;\n"
        "  upstream up { server 127.0.0.1:%2; keepalive 512; keepalive_requests 1000000000; }\n"
        "  server { listen 127.0.0.1:%3 backlog=4096;\n"
        "    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection \"\";\n"
        "      proxy_buffering off; proxy_request_buffering off; proxy_read_timeout 120s; } } }\n")
        .arg(d).arg(upstreamPort).arg(m_port);
    QFile f(d + QStringLiteral("/nginx.conf"));
    if (!f.open(QIODevice::WriteOnly) || f.write(conf.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write the nginx config");
        return false;
    }
    f.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(d + QStringLiteral("/nginx.out"));
    m_process.start(nginx, {QStringLiteral("-p"), d, QStringLiteral("-c"), d + QStringLiteral("/nginx.conf")});
    return waitListening(error);
}

bool ProxyProcess::waitListening(QString *error)
{
    if (!m_process.waitForStarted(5000)) {
        *error = m_process.errorString();
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 15000) {
        if (m_process.state() == QProcess::NotRunning) {
            *error = QStringLiteral("exited early; see ") + m_dir->path();
            m_dir->setAutoRemove(false);
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    *error = QStringLiteral("not listening after 15 s");
    return false;
}
