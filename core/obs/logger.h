#pragma once

#include <QDateTime>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QString>

// The app's logging categories (QT_LOGGING_RULES="relaydesk.store.debug=true" etc.).
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcRelay)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcAdmin)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)

// One logger for the whole app, installed as Qt's message handler: every qDebug/qInfo/
// qWarning/qCritical (with or without a category) goes, secrets masked, to
//  - a rotating file in the data dir (relaydesk.log, relaydesk.log.1 ... up to maxFiles),
//  - stderr in headless mode,
//  - a bounded in-memory ring of the last lines, which the GUI reads (recentLines) and
//    follows (notifier()->lineLogged, emitted on the logging thread: connect queued).
// Thread-safe: Qt calls the handler on whichever thread logs.
class Logger : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QtMsgType minLevel = QtInfoMsg;     // RELAYDESK_LOG_LEVEL=debug|info|warning|critical overrides
        qint64 maxFileBytes = 10 * 1024 * 1024;
        int maxFiles = 5;                   // relaydesk.log and 4 older ones
        int ringLines = 2000;
        bool toStderr = false;
    };

    struct Line
    {
        QDateTime at;
        QtMsgType level = QtInfoMsg;
        QString category;
        QString message; // masked
        QString toString() const; // "2025-06-01T12:00:00.000Z WARN relaydesk.store: message"
    };

    // dataDir "" logs to no file. Safe to call again (re-installs with the new options).
    static void install(const QString &dataDir, bool headless);
    static void install(const QString &dataDir, const Options &options);
    static void uninstall(); // restores Qt's default handler, closes the file
    static QString filePath(); // "" when not logging to a file

    static QList<Line> recentLines(int max = -1); // oldest first
    static Logger *notifier();                     // lives on the thread that installed it

    static QString levelName(QtMsgType level);    // "DEBUG", "INFO", "WARN", "ERROR", "FATAL"

Q_SIGNALS:
    void lineLogged(const Logger::Line &line);

private:
    Logger() = default;
};
