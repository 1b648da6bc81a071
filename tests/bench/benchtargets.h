#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <memory>

class QTemporaryDir;

// CPU time and peak RSS of one process over a window, from /proc/<pid>/{stat,status}.
class ProcSampler
{
public:
    explicit ProcSampler(qint64 pid = 0) : m_pid(pid) {}
    void begin();     // start of the window
    void sample();    // call periodically: keeps the peak RSS
    void end();
    double cpuSeconds() const { return m_cpuEnd - m_cpuBegin; }
    double peakRssMb() const { return m_peakRssKb / 1024.0; }
    double rssMb() const;  // now

private:
    double cpuNow() const;
    qint64 m_pid;
    double m_cpuBegin = 0, m_cpuEnd = 0;
    qint64 m_peakRssKb = 0;
};

// A proxy under test run as a child process on 127.0.0.1:<free port>: the real relaydesk
// binary (--headless, generated config, own data dir) or nginx as a plain reverse proxy.
class ProxyProcess
{
public:
    ProxyProcess();
    ~ProxyProcess();
    bool startRelay(const QString &binary, quint16 upstreamPort, const QByteArray &clientKey, QString *error);
    bool startNginx(quint16 upstreamPort, QString *error);
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    void stop();

private:
    bool waitListening(QString *error);
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

quint16 freePort();
QString findNginx(); // "" when not installed
