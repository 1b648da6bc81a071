#include "keyeditordialog.h"

#include "config/configio.h"
#include "fielderror.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QVBoxLayout>

namespace {
constexpr int kKeyChars = 40;

QStringList commaList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(u',')) {
        const QString t = part.trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}
} // namespace

QString KeyEditorDialog::generateKey()
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QString key = QStringLiteral("rk-");
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < kKeyChars; ++i)
        key += QLatin1Char(alphabet[rng->bounded(62)]);
    return key;
}

KeyEditorDialog::KeyEditorDialog(const ClientKey &key, const QStringList &takenNames, QWidget *parent)
    : QDialog(parent)
    , m_key(key)
    , m_takenNames(takenNames)
{
    setObjectName(QStringLiteral("keyEditorDialog"));
    if (key.keyHash.isEmpty())
        m_plainKey = generateKey();
    setWindowTitle(m_plainKey.isEmpty() ? tr("Edit key") : tr("Add key"));
    buildForm();
}

void KeyEditorDialog::buildForm()
{
    auto *form = new QFormLayout;
    m_name = new QLineEdit(m_key.name, this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    form->addRow(tr("Name"), m_name);

    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_secret->setReadOnly(true);
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyKeyButton"));
    connect(m_copy, &QPushButton::clicked, this, &KeyEditorDialog::copyKey);
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret);
    secretRow->addWidget(m_copy);
    form->addRow(tr("Key"), secretRow);
    if (m_plainKey.isEmpty()) {
        m_secret->setText(m_key.keyPrefix + QStringLiteral("…"));
        m_copy->setEnabled(false);
    } else {
        m_secret->setText(m_plainKey);
        auto *note = new QLabel(tr("Copy the key now: it is shown only once (only its hash is stored)."), this);
        note->setWordWrap(true);
        form->addRow(QString(), note);
    }

    m_limitBudget = new QCheckBox(tr("Limit spending to"), this);
    m_budget = new QDoubleSpinBox(this);
    m_budget->setObjectName(QStringLiteral("budgetSpin"));
    m_budget->setRange(0, 1e9);
    m_budget->setDecimals(2);
    m_budget->setPrefix(QStringLiteral("$"));
    m_limitBudget->setChecked(m_key.budgetUsd.has_value());
    m_budget->setValue(m_key.budgetUsd.value_or(10));
    m_budget->setEnabled(m_limitBudget->isChecked());
    connect(m_limitBudget, &QCheckBox::toggled, m_budget, &QWidget::setEnabled);
    auto *budgetRow = new QHBoxLayout;
    budgetRow->addWidget(m_limitBudget);
    budgetRow->addWidget(m_budget);
    form->addRow(tr("Budget"), budgetRow);

    m_models = new QLineEdit(m_key.models.join(QStringLiteral(", ")), this);
    m_models->setObjectName(QStringLiteral("modelsEdit"));
    m_models->setPlaceholderText(tr("Comma-separated, * allowed; * = every model"));
    form->addRow(tr("Allowed models"), m_models);

    m_expires = new QCheckBox(tr("Expires at"), this);
    m_expiresAt = new QDateTimeEdit(this);
    m_expiresAt->setCalendarPopup(true);
    m_expiresAt->setDateTime(m_key.expiresAt.value_or(QDateTime::currentDateTime().addDays(30)).toLocalTime());
    m_expires->setChecked(m_key.expiresAt.has_value());
    m_expiresAt->setEnabled(m_expires->isChecked());
    connect(m_expires, &QCheckBox::toggled, m_expiresAt, &QWidget::setEnabled);
    auto *expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expires);
    expiryRow->addWidget(m_expiresAt);
    form->addRow(tr("Expiry"), expiryRow);

    m_enabled = new QCheckBox(tr("Enabled"), this);
    m_enabled->setChecked(m_key.enabled);
    form->addRow(QString(), m_enabled);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &KeyEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
}

void KeyEditorDialog::copyKey()
{
    if (!m_plainKey.isEmpty())
        QGuiApplication::clipboard()->setText(m_plainKey);
}

QJsonObject KeyEditorDialog::formJson() const
{
    QJsonObject o{
        {QStringLiteral("name"), m_name->text().trimmed()},
        {QStringLiteral("budget_usd"), m_limitBudget->isChecked() ? QJsonValue(m_budget->value()) : QJsonValue()},
        {QStringLiteral("models"), QJsonArray::fromStringList(commaList(m_models->text()))},
        {QStringLiteral("expires_at"), m_expires->isChecked()
                                           ? QJsonValue(m_expiresAt->dateTime().toUTC().toString(Qt::ISODate))
                                           : QJsonValue()},
        {QStringLiteral("enabled"), m_enabled->isChecked()},
    };
    if (!m_plainKey.isEmpty())
        o.insert(QStringLiteral("key"), m_plainKey);
    return o;
}

void KeyEditorDialog::accept()
{
    ClientKey parsed = m_key; // an existing key keeps its hash and prefix
    parsed.name.clear();
    if (const auto error = ConfigIO::parseKey(formJson(), QStringLiteral("$"), parsed)) {
        const QHash<QString, QString> labels{
            {QStringLiteral("name"), tr("Name")}, {QStringLiteral("key"), tr("Key")},
            {QStringLiteral("budget_usd"), tr("Budget")}, {QStringLiteral("models"), tr("Allowed models")},
            {QStringLiteral("expires_at"), tr("Expiry")}};
        const QHash<QString, QWidget *> widgets{
            {QStringLiteral("name"), m_name}, {QStringLiteral("models"), m_models},
            {QStringLiteral("budget_usd"), m_budget}};
        const FieldError e = describeFieldError(*error, labels, widgets);
        showError(e.text, e.widget);
        return;
    }
    if (parsed.models.isEmpty()) {
        showError(tr("Allowed models: give at least one model or *"), m_models);
        return;
    }
    if (m_takenNames.contains(parsed.name)) {
        showError(tr("Name: another key is already called \"%1\"").arg(parsed.name), m_name);
        return;
    }
    m_key = parsed;
    QDialog::accept();
}

void KeyEditorDialog::showError(const QString &text, QWidget *field)
{
    m_error->setText(text);
    m_error->show();
    if (field)
        field->setFocus();
}

QString KeyEditorDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}
