#include "appcontroller.h"

#include "config/configio.h"
#include "config/desktopsettingsbox.h"
#include "obs/logger.h"
#include "mainwindow.h"
#include "relay/relayservice.h"
#include "security/secretbox.h"
#include "security/secretvault.h"
#include "singleinstance.h"
#include "store/store.h"
#include "translation.h"
#include "trayicon.h"
#include "uisettings.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int g_signalFds[2] = {-1, -1};

void onUnixSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &c, 1);
}

void printLine(FILE *f, const QString &line)
{
    std::fprintf(f, "%s\n", qPrintable(line));
    std::fflush(f);
}

bool isSqliteUrlToMissingFile(const QString &url)
{
    return url.startsWith(QLatin1String("sqlite:")) && !QFileInfo::exists(url.mid(7));
}

// Whether the store holds sealed secrets (read without a box: they fail to open).
bool storeHasSealedSecrets(Store &store)
{
    SecretVault::install(nullptr);
    store.loadConfig();
    return !SecretVault::takeErrors().isEmpty();
}

// Secrets at rest (docs/security.md): the store seals upstream keys and the admin token with
// the box installed here, from RELAYDESK_SECRET_KEY or <data-dir>/secret.key. A new key file
// is made only for a store that holds no sealed secret: over those it could never open them.
bool installSecretBox(Store &store, const QString &dataDir, bool mayCreateKeyFile, QString *error)
{
    const QString keyFile = QDir(dataDir).filePath(QLatin1String(SecretBox::kKeyFileName));
    std::unique_ptr<SecretBox> box;
    if (!qEnvironmentVariableIsEmpty(SecretBox::kEnvVar)) {
        box = SecretBox::fromPassphrase(qgetenv(SecretBox::kEnvVar));
    } else if (QFileInfo::exists(keyFile)) {
        box = SecretBox::fromKeyFile(keyFile, false, error);
    } else if (storeHasSealedSecrets(store)) {
        *error = QStringLiteral("the stored upstream keys are encrypted and %1 is missing: restore it, or set %2 "
                                "to the passphrase they were encrypted with")
                     .arg(keyFile, QLatin1String(SecretBox::kEnvVar));
    } else if (!mayCreateKeyFile) {
        return true; // nothing sealed, nothing to seal (export-config)
    } else {
        box = SecretBox::fromKeyFile(keyFile, true, error);
    }
    if (!box)
        return false;
    SecretVault::install(std::shared_ptr<const SecretBox>(std::move(box)));
    return true;
}

// The stored config with its secrets opened; false when one cannot be (wrong key, altered).
bool loadUnsealed(Store &store, Config *config, QString *error)
{
    SecretVault::takeErrors();
    *config = store.loadConfig();
    const QStringList errors = SecretVault::takeErrors();
    if (errors.isEmpty())
        return true;
    *error = QStringLiteral("cannot decrypt the stored secrets: %1").arg(errors.join(QLatin1String("; ")));
    return false;
}
} // namespace

AppController::AppController(const CommandLine &commandLine, QObject *parent) : QObject(parent), m_cl(commandLine) {}

AppController::~AppController()
{
    m_window.reset();
    m_relay.reset();
    m_store.reset();
}

int AppController::run()
{
    if (m_cl.command == CommandLine::Command::ExportConfig)
        return exportConfig();
    return runRelay();
}

bool AppController::openStoreAndImport(QString *error)
{
    QByteArray configJson;
    if (!m_cl.configFile.isEmpty()) {
        QFile f(m_cl.configFile);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read config %1: %2").arg(m_cl.configFile, f.errorString());
            return false;
        }
        configJson = f.readAll();
        // Validate before anything is created on disk, so a bad file writes nothing.
        if (isSqliteUrlToMissingFile(m_cl.databaseUrl)) {
            Config scratch;
            if (auto err = ConfigIO::importInto(scratch, configJson)) {
                *error = QStringLiteral("invalid config %1: %2").arg(m_cl.configFile, err->toString());
                return false;
            }
        }
    }
    if (m_cl.databaseUrl.startsWith(QLatin1String("sqlite:")) && !QDir().mkpath(m_cl.dataDir)) {
        *error = QStringLiteral("cannot create data dir %1").arg(m_cl.dataDir);
        return false;
    }
    m_store = Store::open(m_cl.databaseUrl, error);
    if (!m_store)
        return false;
    Config config;
    if (!installSecretBox(*m_store, m_cl.dataDir, true, error) || !loadUnsealed(*m_store, &config, error))
        return false;
    if (configJson.isEmpty()) // secrets stored before sealing existed are sealed now
        return SecretVault::takePlainSeen() == 0 || m_store->saveConfig(config, error);
    if (auto err = ConfigIO::importInto(config, configJson)) {
        *error = QStringLiteral("invalid config %1: %2").arg(m_cl.configFile, err->toString());
        return false;
    }
    return m_store->saveConfig(config, error);
}

int AppController::exportConfig()
{
    Config config;
    if (!isSqliteUrlToMissingFile(m_cl.databaseUrl)) {
        QString error;
        m_store = Store::open(m_cl.databaseUrl, &error);
        if (!m_store) {
            printLine(stderr, QStringLiteral("relaydesk: ") + error);
            return 2;
        }
        if (!installSecretBox(*m_store, m_cl.dataDir, false, &error) || !loadUnsealed(*m_store, &config, &error)) {
            printLine(stderr, QStringLiteral("relaydesk: ") + error);
            return 2;
        }
    }
    const QJsonObject json = ConfigIO::exportConfig(config, m_cl.withSecrets);
    std::fputs(QJsonDocument(json).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}

// One instance per data dir (SingleInstance): false when this run must end with *exitCode.
bool AppController::claimInstance(int *exitCode)
{
    m_instance = new SingleInstance(m_cl.dataDir, m_cl.headless, this);
    SingleInstance::Answer answer;
    QString error;
    switch (m_instance->claim(&answer, &error)) {
    case SingleInstance::Role::Primary:
        return true;
    case SingleInstance::Role::Failed:
        printLine(stderr, QStringLiteral("relaydesk: warning: cannot guard against a second instance: ") + error);
        return true;
    case SingleInstance::Role::Secondary:
        break;
    }
    if (!m_cl.headless && answer == SingleInstance::Answer::Raised) {
        printLine(stderr, QStringLiteral("relaydesk: already running for %1; showed its window").arg(m_cl.dataDir));
        *exitCode = 0;
        return false;
    }
    printLine(stderr, QStringLiteral("relaydesk: another RelayDesk%1 already runs with the data dir %2; stop it first "
                                     "or use another --data-dir")
                          .arg(answer == SingleInstance::Answer::Headless ? QStringLiteral(" (headless)") : QString(),
                               m_cl.dataDir));
    *exitCode = 2;
    return false;
}

int AppController::runRelay()
{
    if (int rc = 0; !claimInstance(&rc))
        return rc;
    QString error;
    if (!openStoreAndImport(&error)) {
        printLine(stderr, QStringLiteral("relaydesk: ") + error);
        return 2;
    }
    // Only now: bad input must leave nothing behind, not even a log file.
    Logger::install(m_cl.dataDir, m_cl.headless);
    if (!m_cl.headless) {
        // GUI preferences live in the data dir with everything else; the listen address saved
        // in Settings applies unless --listen says otherwise.
        UiSettings::setFileName(QDir(m_cl.dataDir).filePath(QStringLiteral("gui.ini")));
        if (!m_cl.listenGiven)
            DesktopSettingsBox::savedListenAddress(&m_cl.host, &m_cl.port);
    }
    m_relay = std::make_unique<RelayService>(m_store.get());
    m_relay->setConfig(m_store->loadConfig());
    if (!m_relay->start(m_cl.host, m_cl.port, &error)) {
        printLine(stderr, QStringLiteral("relaydesk: ") + error);
        return 2;
    }
    if (!m_cl.host.isLoopback())
        printLine(stderr, QStringLiteral("relaydesk: warning: listening on a non-loopback address (%1): "
                                         "anyone who can reach it can use your client keys")
                              .arg(m_cl.host.toString()));
    printLine(stderr, QStringLiteral("relaydesk: listening on ") + m_relay->baseUrl());
    installSignalHandlers();
    if (!m_cl.headless) {
        if (auto *gui = qobject_cast<QApplication *>(QCoreApplication::instance()))
            installTranslator(*gui, UiSettings::open()->value(QStringLiteral("ui/language")).toString());
        m_window = std::make_unique<MainWindow>(m_relay.get(), m_store.get());
        m_window->setListenAddress(m_cl.host, m_cl.port);
        m_tray = new TrayIcon(m_relay.get(), m_window.get(), this);
        connect(m_instance, &SingleInstance::raiseRequested, m_window.get(), [this] {
            printLine(stderr, QStringLiteral("relaydesk: a second launch asked for the window"));
            m_window->showAndActivate();
        });
        m_window->show();
    }
    const int rc = QCoreApplication::exec();
    shutdown();
    return rc;
}

void AppController::installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    m_signalNotifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, this);
    connect(m_signalNotifier, &QSocketNotifier::activated, this, [this] {
        char c;
        [[maybe_unused]] const auto n = ::read(g_signalFds[1], &c, 1);
        printLine(stderr, QStringLiteral("relaydesk: signal received, draining in-flight requests"));
        QCoreApplication::quit();
    });
    struct sigaction sa = {};
    sa.sa_handler = onUnixSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

void AppController::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_relay)
        m_relay->stop(10000); // bounded drain of in-flight streams
    if (m_store)
        m_store->flush();
}
