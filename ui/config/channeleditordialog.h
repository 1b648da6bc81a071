#pragma once

#include "config/config.h"

#include <QDialog>
#include <QStringList>

class ChannelTester;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// Adds or edits one channel. Input is validated by ConfigIO::parseChannel (the same rules as
// the config import and the admin API); a problem is shown inline, naming the field, and the
// dialog stays open until it is fixed.
class ChannelEditorDialog : public QDialog
{
    Q_OBJECT
public:
    // takenNames: names of the other channels (a name must stay unique).
    ChannelEditorDialog(const Channel &channel, const QStringList &takenNames, QWidget *parent = nullptr);

    Channel channel() const { return m_channel; } // valid after accept()
    QString errorText() const;                    // the inline message ("" when none)
    QString testResultText() const;

public Q_SLOTS:
    void testForm(); // the channel as filled in, unsaved, through ChannelTester

    void accept() override;

private:
    void buildForm();
    void load(const Channel &c);
    QJsonObject formJson() const;
    void showError(const QString &text, QWidget *field);
    bool parseForm(Channel *parsed); // false: the error is shown inline

    Channel m_channel;
    QStringList m_takenNames;
    QLineEdit *m_name = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QPlainTextEdit *m_keys = nullptr;
    QLineEdit *m_models = nullptr;
    QPlainTextEdit *m_modelMap = nullptr;
    QSpinBox *m_priority = nullptr;
    QSpinBox *m_weight = nullptr;
    QCheckBox *m_enabled = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QLineEdit *m_proxy = nullptr;
    QSpinBox *m_timeout = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_testButton = nullptr;
    QLabel *m_testResult = nullptr;
    ChannelTester *m_tester = nullptr;
};
