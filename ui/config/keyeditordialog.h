#pragma once

#include "config/config.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Adds or edits one client key. A new key is generated here ("rk-" + 40 base62 characters)
// and shown once, with a Copy button: only its hash is stored. Input is validated by
// ConfigIO::parseKey; problems are shown inline and the dialog stays open.
class KeyEditorDialog : public QDialog
{
    Q_OBJECT
public:
    // A key with an empty keyHash is new: a secret is generated for it.
    KeyEditorDialog(const ClientKey &key, const QStringList &takenNames, QWidget *parent = nullptr);

    ClientKey key() const { return m_key; } // valid after accept()
    QString plainKey() const { return m_plainKey; } // "" when editing an existing key
    QString errorText() const;

    static QString generateKey(); // "rk-" + 40 random base62 characters

public Q_SLOTS:
    void accept() override;
    void copyKey();

private:
    void buildForm();
    QJsonObject formJson() const;
    void showError(const QString &text, QWidget *field);

    ClientKey m_key;
    QStringList m_takenNames;
    QString m_plainKey;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_secret = nullptr;
    QPushButton *m_copy = nullptr;
    QCheckBox *m_limitBudget = nullptr;
    QDoubleSpinBox *m_budget = nullptr;
    QLineEdit *m_models = nullptr;
    QCheckBox *m_expires = nullptr;
    QDateTimeEdit *m_expiresAt = nullptr;
    QCheckBox *m_enabled = nullptr;
    QLabel *m_error = nullptr;
};
