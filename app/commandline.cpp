#include "commandline.h"

#include "config/datadirchoice.h"
#include "config/listenaddress.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>


std::optional<CommandLine> CommandLine::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("RelayDesk: desktop admin app with an embedded LLM API relay."));
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("Optional: export-config | translate | backup"), QStringLiteral("[command]"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run the relay only, no GUI; logs to stderr."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Folder for the database, logs and settings."), QStringLiteral("DIR"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Listen address (default 127.0.0.1:8645)."), QStringLiteral("HOST:PORT"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Import a config JSON at start."), QStringLiteral("FILE"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("sqlite:PATH or postgres://user:pass@host:port/db."), QStringLiteral("URL"));
    const QCommandLineOption secrets(QStringLiteral("with-secrets"), QStringLiteral("export-config: include upstream keys and the admin token."));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("translate: source format."), QStringLiteral("FORMAT"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("translate: target format; backup: the file to write."), QStringLiteral("FORMAT|FILE"));
    const QCommandLineOption stream(QStringLiteral("stream"), QStringLiteral("translate: a streaming request / an SSE transcript."));
    const QCommandLineOption response(QStringLiteral("response"), QStringLiteral("translate: the input is a response, not a request."));
    p.addOptions({help, version, headless, dataDir, listen, config, database, secrets, from, to, stream, response});

    if (!p.parse(arguments)) {
        *error = p.errorText();
        return std::nullopt;
    }
    CommandLine cl;
    cl.helpText = p.helpText();
    if (p.isSet(help)) {
        cl.command = Command::Help;
        return cl;
    }
    if (p.isSet(version)) {
        cl.command = Command::Version;
        return cl;
    }
    const QStringList pos = p.positionalArguments();
    const QStringList commands{QStringLiteral("export-config"), QStringLiteral("translate"), QStringLiteral("backup")};
    if (pos.size() > 1 || (pos.size() == 1 && !commands.contains(pos.first()))) {
        *error = QStringLiteral("unknown command '%1' (try --help)").arg(pos.join(u' '));
        return std::nullopt;
    }
    if (pos.size() == 1) {
        const Command byIndex[] = {Command::ExportConfig, Command::Translate, Command::Backup};
        cl.command = byIndex[commands.indexOf(pos.first())];
    }
    cl.fromFormat = p.value(from);
    cl.toFormat = p.value(to);
    if (cl.command == Command::Backup) {
        cl.backupTarget = p.value(to);
        if (cl.backupTarget.isEmpty()) {
            *error = QStringLiteral("backup needs --to FILE");
            return std::nullopt;
        }
    }
    cl.stream = p.isSet(stream);
    cl.response = p.isSet(response);
    cl.headless = p.isSet(headless);
    cl.withSecrets = p.isSet(secrets);
    cl.dataDir = p.isSet(dataDir) ? QDir(p.value(dataDir)).absolutePath() : DataDirChoice::read();
    if (cl.dataDir.isEmpty())
        cl.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (p.isSet(listen)) {
        cl.listenGiven = true;
        if (const QString bad = parseListenAddress(p.value(listen), &cl.host, &cl.port); !bad.isEmpty()) {
            *error = QStringLiteral("--listen: ") + bad;
            return std::nullopt;
        }
    }
    cl.configFile = p.value(config);
    cl.databaseUrl = p.isSet(database) ? p.value(database)
                                       : QStringLiteral("sqlite:") + QDir(cl.dataDir).filePath(QStringLiteral("relaydesk.db"));
    if (!cl.databaseUrl.startsWith(QLatin1String("sqlite:")) && !cl.databaseUrl.startsWith(QLatin1String("postgres://"))
        && !cl.databaseUrl.startsWith(QLatin1String("postgresql://"))) {
        *error = QStringLiteral("--database must be sqlite:PATH or postgres://..., got '%1'").arg(cl.databaseUrl);
        return std::nullopt;
    }
    return cl;
}
