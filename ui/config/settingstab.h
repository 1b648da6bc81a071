#pragma once

#include "config/settings.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QWidget>

class ConfigApplier;
class DesktopSettingsBox;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The Settings tab: every relay setting (core/config/settingsfields.h gives names and ranges),
// saved to the store and applied to the running relay; plus the GUI language (applied at the
// next start) and the desktop part (DesktopSettingsBox: listen address, data folder, start at
// login, import/export). A config saved elsewhere (an import, another node of a PostgreSQL
// fleet) replaces the form, unless it holds unsaved edits: those stay, with a note.
class SettingsTab : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsTab(ConfigApplier *applier, QWidget *parent = nullptr);

    QString statusText() const;
    DesktopSettingsBox *desktop() const { return m_desktop; }

public Q_SLOTS:
    void reload(); // the saved settings into the form, dropping unsaved edits (Revert)
    bool save();
    void refreshFromStore(); // reload() unless the form has unsaved edits

Q_SIGNALS:
    void listenAddressChanged(const QHostAddress &host, quint16 port); // for the next relay start

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createForm();
    QString labelFor(const QString &field) const;
    QString toolTipFor(const QString &field) const;
    QJsonObject formJson() const;
    Settings formSettings(QString *error, QWidget **badField) const;
    void setStatus(const QString &text, bool isError);

    ConfigApplier *m_applier;
    QHash<QString, QSpinBox *> m_ints;
    QHash<QString, QDoubleSpinBox *> m_int64s;
    QHash<QString, QCheckBox *> m_bools;
    QHash<QString, QDoubleSpinBox *> m_doubles;
    QHash<QString, QLineEdit *> m_lists;
    QComboBox *m_language = nullptr;
    DesktopSettingsBox *m_desktop = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_revertButton = nullptr;
    QJsonObject m_shownSaved; // the saved settings the form was last loaded from
    QJsonObject m_shownForm;  // and the form's values right after (what "unsaved edits" differ from)
};
