#pragma once

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

// One RelayDesk per data dir, in both modes (two relays over one database would fight over
// the port, the log writer and the config). The first run listens on a local socket named
// for the user and the data dir; a later run connects to it and asks for the window: a GUI
// first run raises it and the later one exits 0, otherwise the later one exits with an error.
// A socket file left by a crashed run answers nothing and is replaced.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    enum class Role {
        Primary,   // this process is the instance: later launches are answered
        Secondary, // another process runs for the data dir
        Failed     // neither (the socket could not be made): run anyway
    };
    enum class Answer { None, Raised, Headless };

    SingleInstance(const QString &dataDir, bool headless, QObject *parent = nullptr);

    static QString serverName(const QString &dataDir);

    // Secondary: *answer says what the running instance did with the request.
    Role claim(Answer *answer, QString *error);

Q_SIGNALS:
    void raiseRequested(); // a later GUI launch wants the window (primary GUI runs only)

private:
    void onConnection();
    void answer(QLocalSocket *socket);

    QString m_name;
    bool m_headless;
    QLocalServer *m_server = nullptr;
};
