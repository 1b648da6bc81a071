#include "desktopsettingsbox.h"

#include "autostart.h"
#include "config/configio.h"
#include "config/datadirchoice.h"
#include "config/listenaddress.h"
#include "configapplier.h"
#include "fielderror.h"
#include "uisettings.h"

#include <QCheckBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>

namespace {
const QString kListenKey = QStringLiteral("relay/listen");
constexpr quint16 kDefaultPort = 8645;
} // namespace

DesktopSettingsBox::DesktopSettingsBox(ConfigApplier *applier, QWidget *parent)
    : QGroupBox(parent)
    , m_applier(applier)
    , m_listen(new QLineEdit(this))
    , m_listenWarning(new QLabel(this))
    , m_dataDir(new QLabel(this))
    , m_dataDirNote(new QLabel(this))
    , m_changeDataDir(new QPushButton(this))
    , m_startAtLogin(new QCheckBox(this))
    , m_withSecrets(new QCheckBox(this))
    , m_export(new QPushButton(this))
    , m_import(new QPushButton(this))
    , m_status(new QLabel(this))
    , m_listenCaption(new QLabel(this))
    , m_dataDirCaption(new QLabel(this))
{
    setObjectName(QStringLiteral("desktopSettingsBox"));
    m_listen->setObjectName(QStringLiteral("listenEdit"));
    m_listenWarning->setObjectName(QStringLiteral("listenWarningLabel"));
    m_listenWarning->setWordWrap(true);
    m_listenWarning->setStyleSheet(QStringLiteral("color: #b45309;"));
    m_dataDir->setObjectName(QStringLiteral("dataDirLabel"));
    m_dataDir->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataDirNote->setWordWrap(true);
    m_changeDataDir->setObjectName(QStringLiteral("changeDataDirButton"));
    m_startAtLogin->setObjectName(QStringLiteral("startAtLoginCheck"));
    m_withSecrets->setObjectName(QStringLiteral("withSecretsCheck"));
    m_export->setObjectName(QStringLiteral("exportConfigButton"));
    m_import->setObjectName(QStringLiteral("importConfigButton"));
    m_status->setObjectName(QStringLiteral("desktopStatusLabel"));
    m_status->setWordWrap(true);

    auto *transfer = new QHBoxLayout;
    transfer->addWidget(m_import);
    transfer->addWidget(m_export);
    transfer->addWidget(m_withSecrets);
    transfer->addStretch();
    auto *form = new QFormLayout(this);
    form->addRow(m_listenCaption, m_listen);
    form->addRow(QString(), m_listenWarning);
    auto *dataDirRow = new QHBoxLayout;
    dataDirRow->addWidget(m_dataDir, 1);
    dataDirRow->addWidget(m_changeDataDir);
    form->addRow(m_dataDirCaption, dataDirRow);
    form->addRow(QString(), m_dataDirNote);
    form->addRow(QString(), m_startAtLogin);
    form->addRow(transfer);
    form->addRow(m_status);

    connect(m_listen, &QLineEdit::textChanged, this, &DesktopSettingsBox::updateListenWarning);
    connect(m_startAtLogin, &QCheckBox::clicked, this, &DesktopSettingsBox::setStartAtLogin);
    connect(m_changeDataDir, &QPushButton::clicked, this, &DesktopSettingsBox::browseDataDir);
    connect(m_export, &QPushButton::clicked, this, &DesktopSettingsBox::chooseExportFile);
    connect(m_import, &QPushButton::clicked, this, &DesktopSettingsBox::chooseImportFile);
    retranslate();
    reload();
}

bool DesktopSettingsBox::savedListenAddress(QHostAddress *host, quint16 *port)
{
    const QString saved = UiSettings::open()->value(kListenKey).toString();
    return !saved.isEmpty() && parseListenAddress(saved, host, port).isEmpty();
}

QString DesktopSettingsBox::dataDir()
{
    const QString file = UiSettings::fileName();
    return file.isEmpty() ? QString() : QFileInfo(file).absolutePath();
}

void DesktopSettingsBox::retranslate()
{
    setTitle(tr("Desktop"));
    m_listenCaption->setText(tr("Listen address"));
    m_listen->setToolTip(tr("HOST:PORT the relay listens on from its next start; --listen on the command line "
                            "takes precedence"));
    m_dataDirCaption->setText(tr("Data folder"));
    m_dataDirNote->setText(tr("Database, logs and settings live here. Another folder applies from the next "
                              "start (nothing is moved; --data-dir on the command line wins)."));
    m_changeDataDir->setText(tr("C&hange…"));
    m_startAtLogin->setText(tr("Start RelayDesk when I log in"));
    m_withSecrets->setText(tr("Include secrets (upstream keys, admin token) in the export"));
    m_export->setText(tr("E&xport config…"));
    m_import->setText(tr("&Import config…"));
    updateListenWarning();
}

void DesktopSettingsBox::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void DesktopSettingsBox::reload()
{
    QHostAddress host(QHostAddress::LocalHost);
    quint16 port = kDefaultPort;
    savedListenAddress(&host, &port);
    m_listen->setText(formatListenAddress(host, port));
    const QString dir = dataDir();
    m_dataDir->setText(dir.isEmpty() ? tr("(platform default)") : QDir::toNativeSeparators(dir));
    m_startAtLogin->setChecked(Autostart::isEnabled());
}

void DesktopSettingsBox::updateListenWarning()
{
    QHostAddress host;
    quint16 port = 0;
    if (!parseListenAddress(m_listen->text().trimmed(), &host, &port).isEmpty())
        m_listenWarning->setText(tr("Not a valid address: use HOST:PORT, e.g. 127.0.0.1:8645"));
    else if (!host.isLoopback())
        m_listenWarning->setText(tr("Warning: %1 can be reached from other machines. Anyone who can reach it can "
                                    "use your client keys; set an admin token and allowed hosts.")
                                     .arg(host.toString()));
    else
        m_listenWarning->clear();
    m_listenWarning->setVisible(!m_listenWarning->text().isEmpty());
}

bool DesktopSettingsBox::saveListenAddress(QString *error)
{
    QHostAddress host;
    quint16 port = 0;
    if (!parseListenAddress(m_listen->text().trimmed(), &host, &port).isEmpty()) {
        *error = tr("Listen address: use HOST:PORT, e.g. 127.0.0.1:8645");
        m_listen->setFocus();
        return false;
    }
    const QString text = formatListenAddress(host, port);
    auto settings = UiSettings::open();
    if (settings->value(kListenKey).toString() != text) {
        settings->setValue(kListenKey, text);
        Q_EMIT listenAddressChanged(host, port);
    }
    return true;
}

void DesktopSettingsBox::setStartAtLogin(bool on)
{
    QString error;
    if (!Autostart::setEnabled(on, dataDir(), &error))
        setStatus(tr("Could not change start at login: %1").arg(error), true);
    else
        setStatus(on ? tr("RelayDesk will start when you log in (%1).").arg(Autostart::entryPath())
                     : tr("RelayDesk will no longer start when you log in."),
                  false);
    m_startAtLogin->setChecked(Autostart::isEnabled());
}

void DesktopSettingsBox::browseDataDir()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Data folder"), dataDir());
    if (!dir.isEmpty())
        chooseDataDir(dir);
}

bool DesktopSettingsBox::chooseDataDir(const QString &dir)
{
    QString error;
    if (!DataDirChoice::write(dir, &error)) {
        setStatus(tr("Could not save the data folder: %1").arg(error), true);
        return false;
    }
    setStatus(tr("RelayDesk will use %1 from its next start. The current data stays where it is: copy it "
                 "there first to keep it.").arg(QDir::toNativeSeparators(dir)), false);
    return true;
}

void DesktopSettingsBox::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export config"), QDir::homePath() + QStringLiteral("/relaydesk-config.json"),
                                                      tr("JSON files (*.json)"));
    if (!path.isEmpty())
        exportConfig(path, m_withSecrets->isChecked());
}

void DesktopSettingsBox::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import config"), QDir::homePath(), tr("JSON files (*.json)"));
    if (!path.isEmpty())
        importConfig(path);
}

bool DesktopSettingsBox::exportConfig(const QString &path, bool withSecrets)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(ConfigIO::exportConfig(m_applier->load(), withSecrets)).toJson(QJsonDocument::Indented));
        if (file.commit()) {
            setStatus(withSecrets ? tr("Exported to %1, secrets included: keep that file private.").arg(path)
                                  : tr("Exported to %1 (without secrets).").arg(path),
                      false);
            return true;
        }
    }
    setStatus(tr("Could not write %1: %2").arg(path, file.errorString()), true);
    return false;
}

// Merged into the current config exactly as `relaydesk --config FILE` does, then applied.
bool DesktopSettingsBox::importConfig(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setStatus(tr("Could not read %1: %2").arg(path, file.errorString()), true);
        return false;
    }
    Config config = m_applier->load();
    if (const auto error = ConfigIO::importInto(config, file.readAll())) {
        setStatus(tr("Not imported, %1 is invalid: %2").arg(path, error->toString()), true);
        return false;
    }
    QString error;
    if (!m_applier->apply(config, &error)) {
        setStatus(tr("Could not save: %1").arg(error), true);
        return false;
    }
    setStatus(tr("Imported %1 and applied it to the relay.").arg(path), false);
    return true;
}

void DesktopSettingsBox::setStatus(const QString &text, bool isError)
{
    showStatus(m_status, text, isError);
}

QString DesktopSettingsBox::statusText() const
{
    return m_status->text();
}
