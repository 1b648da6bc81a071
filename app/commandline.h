#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>

// The parsed command line (SPEC.md "Command line"). Every flag is validated here; a bad one
// is a one-line error and exit code 2 before anything is opened or written.
struct CommandLine
{
    enum class Command { Run, ExportConfig, Translate, Backup, Version, Help };
    Command command = Command::Run;
    bool headless = false;
    QString dataDir;        // resolved: --data-dir, else the one chosen in Settings (DataDirChoice), else the platform's app-data folder
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8645;
    bool listenGiven = false; // --listen was on the command line (else the GUI's saved choice applies)
    QString configFile;     // "" = none
    QString databaseUrl;    // resolved: --database or sqlite:<dataDir>/relaydesk.db
    bool withSecrets = false;
    // translate
    QString fromFormat, toFormat;
    bool stream = false;
    bool response = false;
    // backup
    QString backupTarget;
    QString helpText;

    // nullopt + *error on a bad command line.
    static std::optional<CommandLine> parse(const QStringList &arguments, QString *error);
};
