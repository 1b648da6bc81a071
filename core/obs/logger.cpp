#include "logger.h"

#include "secretmask.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>

#include <cstdio>
#include <deque>

Q_LOGGING_CATEGORY(lcApp, "relaydesk.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRelay, "relaydesk.relay", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "relaydesk.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAdmin, "relaydesk.admin", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "relaydesk.config", QtInfoMsg)

namespace {

struct LoggerState
{
    QMutex mutex;
    Logger::Options options;
    QString path;
    QFile file;
    std::deque<Logger::Line> ring;
};

LoggerState &state()
{
    static LoggerState s;
    return s;
}

thread_local bool t_inHandler = false; // a log line written while logging is dropped

int severity(QtMsgType t)
{
    switch (t) {
    case QtDebugMsg: return 0;
    case QtInfoMsg: return 1;
    case QtWarningMsg: return 2;
    case QtCriticalMsg: return 3;
    case QtFatalMsg: return 4;
    }
    return 1;
}

QtMsgType levelFromEnv(QtMsgType fallback)
{
    const QByteArray v = qgetenv("RELAYDESK_LOG_LEVEL").toLower();
    if (v == "debug")
        return QtDebugMsg;
    if (v == "info")
        return QtInfoMsg;
    if (v == "warning" || v == "warn")
        return QtWarningMsg;
    if (v == "critical" || v == "error")
        return QtCriticalMsg;
    return fallback;
}

// relaydesk.log -> .1 -> .2 ...; the oldest falls off. Called with the mutex held.
void rotateLocked(LoggerState &s)
{
    s.file.close();
    const int keep = qMax(1, s.options.maxFiles);
    QFile::remove(s.path + u'.' + QString::number(keep - 1));
    for (int i = keep - 2; i >= 1; --i)
        QFile::rename(s.path + u'.' + QString::number(i), s.path + u'.' + QString::number(i + 1));
    if (keep > 1)
        QFile::rename(s.path, s.path + QStringLiteral(".1"));
    else
        QFile::remove(s.path);
    s.file.setFileName(s.path);
    s.file.open(QIODevice::WriteOnly | QIODevice::Append);
}

void writeLocked(LoggerState &s, const Logger::Line &line)
{
    const QByteArray bytes = line.toString().toUtf8() + '\n';
    if (s.file.isOpen()) {
        if (s.file.size() > 0 && s.file.size() + bytes.size() > s.options.maxFileBytes)
            rotateLocked(s);
        s.file.write(bytes);
        s.file.flush(); // a kill -9 must not eat the last lines
    }
    if (s.options.toStderr) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
        std::fflush(stderr);
    }
    s.ring.push_back(line);
    while (qsizetype(s.ring.size()) > qMax(1, s.options.ringLines))
        s.ring.pop_front();
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LoggerState &s = state();
    if (t_inHandler)
        return;
    t_inHandler = true;
    Logger::Line line;
    line.at = QDateTime::currentDateTimeUtc();
    line.level = type;
    line.category = QString::fromLatin1(context.category ? context.category : "default");
    line.message = SecretMask::apply(message);
    bool keep = false;
    {
        QMutexLocker lock(&s.mutex);
        keep = severity(type) >= severity(s.options.minLevel);
        if (keep)
            writeLocked(s, line);
    }
    if (keep)
        Q_EMIT Logger::notifier()->lineLogged(line);
    t_inHandler = false;
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

QString Logger::Line::toString() const
{
    return at.toString(Qt::ISODateWithMs) + u' ' + levelName(level) + u' ' + category + QStringLiteral(": ") + message;
}

QString Logger::levelName(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg: return QStringLiteral("DEBUG");
    case QtInfoMsg: return QStringLiteral("INFO");
    case QtWarningMsg: return QStringLiteral("WARN");
    case QtCriticalMsg: return QStringLiteral("ERROR");
    case QtFatalMsg: return QStringLiteral("FATAL");
    }
    return QStringLiteral("INFO");
}

Logger *Logger::notifier()
{
    static Logger *instance = new Logger; // never deleted: the handler may run during exit
    return instance;
}

void Logger::install(const QString &dataDir, bool headless)
{
    Options o;
    o.toStderr = headless;
    install(dataDir, o);
}

void Logger::install(const QString &dataDir, const Options &options)
{
    notifier(); // created on the installing thread
    qRegisterMetaType<Logger::Line>("Logger::Line");
    LoggerState &s = state();
    {
        QMutexLocker lock(&s.mutex);
        s.options = options;
        s.options.minLevel = levelFromEnv(options.minLevel);
        s.file.close();
        s.path.clear();
        if (!dataDir.isEmpty() && QDir().mkpath(dataDir)) {
            s.path = QDir(dataDir).filePath(QStringLiteral("relaydesk.log"));
            s.file.setFileName(s.path);
            if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append))
                std::fprintf(stderr, "relaydesk: cannot open log file %s\n", qPrintable(s.path));
        }
    }
    qInstallMessageHandler(handler);
}

void Logger::uninstall()
{
    qInstallMessageHandler(nullptr);
    LoggerState &s = state();
    QMutexLocker lock(&s.mutex);
    s.file.close();
    s.path.clear();
}

QString Logger::filePath()
{
    LoggerState &s = state();
    QMutexLocker lock(&s.mutex);
    return s.file.isOpen() ? s.path : QString();
}

QList<Logger::Line> Logger::recentLines(int max)
{
    LoggerState &s = state();
    QMutexLocker lock(&s.mutex);
    const qsizetype n = qsizetype(s.ring.size());
    const qsizetype from = max < 0 ? 0 : qMax<qsizetype>(0, n - max);
    QList<Line> out;
    out.reserve(n - from);
    for (qsizetype i = from; i < n; ++i)
        out.append(s.ring[size_t(i)]);
    return out;
}
