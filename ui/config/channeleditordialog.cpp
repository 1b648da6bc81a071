#include "channeleditordialog.h"

#include "channeltester.h"
#include "config/configio.h"
#include "fielderror.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
constexpr ApiFormat kFormats[] = {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses,
                                  ApiFormat::Anthropic, ApiFormat::Gemini};

QStringList nonEmptyLines(const QString &text)
{
    QStringList out;
    for (const QString &line : text.split(u'\n')) {
        const QString t = line.trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

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

// "left<sep>right" lines into a JSON object; a line without the separator keeps an empty
// value so that the validator names it.
QJsonObject pairLines(const QString &text, QChar sep)
{
    QJsonObject o;
    for (const QString &line : nonEmptyLines(text)) {
        const qsizetype at = line.indexOf(sep);
        if (at < 0)
            o.insert(line, QString());
        else
            o.insert(line.left(at).trimmed(), line.mid(at + 1).trimmed());
    }
    return o;
}
} // namespace

ChannelEditorDialog::ChannelEditorDialog(const Channel &channel, const QStringList &takenNames, QWidget *parent)
    : QDialog(parent)
    , m_channel(channel)
    , m_takenNames(takenNames)
{
    setObjectName(QStringLiteral("channelEditorDialog"));
    setWindowTitle(channel.name.isEmpty() ? tr("Add channel") : tr("Edit channel"));
    buildForm();
    load(channel);
}

void ChannelEditorDialog::buildForm()
{
    auto *form = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("typeCombo"));
    for (ApiFormat f : kFormats)
        m_type->addItem(apiFormatName(f), apiFormatName(f));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlEdit"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.openai.com"));
    m_keys = new QPlainTextEdit(this);
    m_keys->setObjectName(QStringLiteral("keysEdit"));
    m_keys->setPlaceholderText(tr("One upstream API key per line"));
    m_models = new QLineEdit(this);
    m_models->setObjectName(QStringLiteral("modelsEdit"));
    m_models->setPlaceholderText(tr("Comma-separated, * allowed (e.g. gpt-5*, o3)"));
    m_modelMap = new QPlainTextEdit(this);
    m_modelMap->setObjectName(QStringLiteral("modelMapEdit"));
    m_modelMap->setPlaceholderText(tr("client-model=upstream-model, one per line"));
    m_priority = new QSpinBox(this);
    m_priority->setRange(-1000000, 1000000);
    m_priority->setToolTip(tr("Lower is tried first"));
    m_weight = new QSpinBox(this);
    m_weight->setRange(0, 1000000);
    m_weight->setToolTip(tr("Share of traffic among channels of equal priority"));
    m_enabled = new QCheckBox(tr("Enabled"), this);
    m_headers = new QPlainTextEdit(this);
    m_headers->setObjectName(QStringLiteral("headersEdit"));
    m_headers->setPlaceholderText(tr("Name: value, one per line"));
    m_proxy = new QLineEdit(this);
    m_proxy->setObjectName(QStringLiteral("proxyEdit"));
    m_proxy->setPlaceholderText(tr("none, or http://host:port, socks5://host:port"));
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(1, 86400);
    m_timeout->setSuffix(tr(" s"));
    for (QPlainTextEdit *e : {m_keys, m_modelMap, m_headers})
        e->setFixedHeight(e->fontMetrics().height() * 4);

    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Type"), m_type);
    form->addRow(tr("Base URL"), m_baseUrl);
    form->addRow(tr("API keys"), m_keys);
    form->addRow(tr("Models"), m_models);
    form->addRow(tr("Model map"), m_modelMap);
    form->addRow(tr("Priority"), m_priority);
    form->addRow(tr("Weight"), m_weight);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("Extra headers"), m_headers);
    form->addRow(tr("Proxy"), m_proxy);
    form->addRow(tr("Timeout"), m_timeout);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_testButton = m_buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testButton->setToolTip(tr("Send one tiny request with these settings (not saved yet)"));
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("testResultLabel"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tester = new ChannelTester(this);
    connect(m_testButton, &QPushButton::clicked, this, &ChannelEditorDialog::testForm);
    connect(m_tester, &ChannelTester::finished, this, [this](const ChannelProbe::Result &r) {
        m_testButton->setEnabled(true);
        m_testResult->setText(ChannelTester::describe(r));
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ChannelEditorDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_testResult);
    layout->addWidget(m_buttons);
    resize(520, sizeHint().height());
}

void ChannelEditorDialog::load(const Channel &c)
{
    m_name->setText(c.name);
    m_type->setCurrentIndex(qMax(0, m_type->findData(apiFormatName(c.type))));
    m_baseUrl->setText(c.baseUrl);
    m_keys->setPlainText(c.keys.join(u'\n'));
    m_models->setText(c.models.join(QStringLiteral(", ")));
    QStringList map;
    for (const auto &[from, to] : c.modelMap)
        map.append(from + u'=' + to);
    m_modelMap->setPlainText(map.join(u'\n'));
    m_priority->setValue(c.priority);
    m_weight->setValue(c.weight);
    m_enabled->setChecked(c.enabled);
    QStringList headers;
    for (const auto &[name, value] : c.headers)
        headers.append(QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value));
    m_headers->setPlainText(headers.join(u'\n'));
    m_proxy->setText(c.proxy);
    m_timeout->setValue(c.timeoutSeconds);
}

QJsonObject ChannelEditorDialog::formJson() const
{
    return QJsonObject{
        {QStringLiteral("name"), m_name->text().trimmed()},
        {QStringLiteral("type"), m_type->currentData().toString()},
        {QStringLiteral("base_url"), m_baseUrl->text().trimmed()},
        {QStringLiteral("keys"), QJsonArray::fromStringList(nonEmptyLines(m_keys->toPlainText()))},
        {QStringLiteral("models"), QJsonArray::fromStringList(commaList(m_models->text()))},
        {QStringLiteral("model_map"), pairLines(m_modelMap->toPlainText(), u'=')},
        {QStringLiteral("priority"), m_priority->value()},
        {QStringLiteral("weight"), m_weight->value()},
        {QStringLiteral("enabled"), m_enabled->isChecked()},
        {QStringLiteral("headers"), pairLines(m_headers->toPlainText(), u':')},
        {QStringLiteral("proxy"), m_proxy->text().trimmed()},
        {QStringLiteral("timeout_seconds"), m_timeout->value()},
    };
}

void ChannelEditorDialog::accept()
{
    Channel parsed;
    if (!parseForm(&parsed))
        return;
    m_channel = parsed;
    QDialog::accept();
}

void ChannelEditorDialog::testForm()
{
    Channel parsed;
    if (!parseForm(&parsed) || !m_tester->test(parsed))
        return;
    m_testButton->setEnabled(false);
    m_testResult->setText(tr("Testing %1…").arg(parsed.name));
}

QString ChannelEditorDialog::testResultText() const
{
    return m_testResult->text();
}

bool ChannelEditorDialog::parseForm(Channel *out)
{
    const QJsonObject json = formJson();
    Channel parsed; // from scratch: every field comes from the form
    if (const auto error = ConfigIO::parseChannel(json, QStringLiteral("$"), parsed)) {
        const QHash<QString, QString> labels{
            {QStringLiteral("name"), tr("Name")}, {QStringLiteral("type"), tr("Type")},
            {QStringLiteral("base_url"), tr("Base URL")}, {QStringLiteral("keys"), tr("API keys")},
            {QStringLiteral("models"), tr("Models")}, {QStringLiteral("model_map"), tr("Model map")},
            {QStringLiteral("priority"), tr("Priority")}, {QStringLiteral("weight"), tr("Weight")},
            {QStringLiteral("headers"), tr("Extra headers")}, {QStringLiteral("proxy"), tr("Proxy")},
            {QStringLiteral("timeout_seconds"), tr("Timeout")}};
        const QHash<QString, QWidget *> widgets{
            {QStringLiteral("name"), m_name}, {QStringLiteral("base_url"), m_baseUrl},
            {QStringLiteral("keys"), m_keys}, {QStringLiteral("models"), m_models},
            {QStringLiteral("model_map"), m_modelMap}, {QStringLiteral("headers"), m_headers},
            {QStringLiteral("proxy"), m_proxy}};
        const FieldError e = describeFieldError(*error, labels, widgets);
        showError(e.text, e.widget);
        return false;
    }
    if (m_takenNames.contains(parsed.name)) {
        showError(tr("Name: another channel is already called \"%1\"").arg(parsed.name), m_name);
        return false;
    }
    m_error->hide();
    *out = parsed;
    return true;
}

void ChannelEditorDialog::showError(const QString &text, QWidget *field)
{
    m_error->setText(text);
    m_error->show();
    if (field)
        field->setFocus();
}

QString ChannelEditorDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}
