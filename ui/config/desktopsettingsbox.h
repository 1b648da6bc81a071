#pragma once

#include <QGroupBox>
#include <QHostAddress>

class ConfigApplier;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

// The Settings tab's desktop part, kept in the GUI's own settings rather than the relay
// config: the listen address (used at the next relay start; warns about addresses others can
// reach), the data folder (shown), start at login (an XDG autostart entry, written at once)
// and config import/export (secrets left out unless asked for, like --with-secrets).
class DesktopSettingsBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit DesktopSettingsBox(ConfigApplier *applier, QWidget *parent = nullptr);

    // The saved listen address; false when none was saved (the default applies).
    static bool savedListenAddress(QHostAddress *host, quint16 *port);
    static QString dataDir(); // "" when the GUI keeps its settings in the platform default place

    void reload();
    bool saveListenAddress(QString *error); // false: nothing saved, *error says why
    QString statusText() const;

public Q_SLOTS:
    bool exportConfig(const QString &path, bool withSecrets);
    bool importConfig(const QString &path);
    void setStartAtLogin(bool on);
    bool chooseDataDir(const QString &dir); // used from the next start without --data-dir

Q_SIGNALS:
    void listenAddressChanged(const QHostAddress &host, quint16 port);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateListenWarning();
    void chooseExportFile();
    void chooseImportFile();
    void browseDataDir();
    void setStatus(const QString &text, bool isError);

    ConfigApplier *m_applier;
    QLineEdit *m_listen;
    QLabel *m_listenWarning;
    QLabel *m_dataDir;
    QLabel *m_dataDirNote;
    QPushButton *m_changeDataDir;
    QCheckBox *m_startAtLogin;
    QCheckBox *m_withSecrets;
    QPushButton *m_export;
    QPushButton *m_import;
    QLabel *m_status;
    QLabel *m_listenCaption;
    QLabel *m_dataDirCaption;
};
