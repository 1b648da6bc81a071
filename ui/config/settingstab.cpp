#include "settingstab.h"

#include "config/configsections.h"
#include "config/settingsfields.h"
#include "configapplier.h"
#include "desktopsettingsbox.h"
#include "fielderror.h"
#include "uisettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");

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

SettingsTab::SettingsTab(ConfigApplier *applier, QWidget *parent)
    : QWidget(parent)
    , m_applier(applier)
{
    setObjectName(QStringLiteral("settingsTab"));
    m_desktop = new DesktopSettingsBox(applier, this);
    connect(m_desktop, &DesktopSettingsBox::listenAddressChanged, this, &SettingsTab::listenAddressChanged);
    auto *page = new QWidget(this);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->addWidget(m_desktop);
    pageLayout->addWidget(createForm());
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(page);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("settingsStatusLabel"));
    m_status->setWordWrap(true);
    m_saveButton = new QPushButton(tr("&Save and apply"), this);
    m_saveButton->setObjectName(QStringLiteral("saveSettingsButton"));
    m_revertButton = new QPushButton(tr("&Revert"), this);
    m_revertButton->setObjectName(QStringLiteral("revertSettingsButton"));
    connect(m_saveButton, &QPushButton::clicked, this, &SettingsTab::save);
    connect(m_revertButton, &QPushButton::clicked, this, &SettingsTab::reload);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_saveButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll);
    layout->addLayout(buttons);
    connect(m_applier, &ConfigApplier::configChanged, this, &SettingsTab::refreshFromStore);
    connect(m_applier, &ConfigApplier::configReloaded, this, &SettingsTab::refreshFromStore);
    reload();
}

QString SettingsTab::labelFor(const QString &field) const
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("keepalive_seconds"), QT_TR_NOOP("Keep-alive interval (s)")},
        {QStringLiteral("stream_idle_timeout_seconds"), QT_TR_NOOP("Stream idle timeout (s)")},
        {QStringLiteral("first_byte_timeout_seconds"), QT_TR_NOOP("First-byte timeout (s)")},
        {QStringLiteral("bootstrap_retries"), QT_TR_NOOP("Retries before the first byte")},
        {QStringLiteral("max_connections"), QT_TR_NOOP("Maximum client connections")},
        {QStringLiteral("retention_days"), QT_TR_NOOP("Keep logs for (days, 0 = forever)")},
        {QStringLiteral("header_read_timeout_seconds"), QT_TR_NOOP("Request header timeout (s)")},
        {QStringLiteral("body_read_timeout_seconds"), QT_TR_NOOP("Request body timeout (s)")},
        {QStringLiteral("idle_timeout_seconds"), QT_TR_NOOP("Idle connection timeout (s)")},
        {QStringLiteral("slow_client_timeout_seconds"), QT_TR_NOOP("Slow client timeout (s)")},
        {QStringLiteral("max_request_bytes"), QT_TR_NOOP("Maximum request size (bytes)")},
        {QStringLiteral("max_sse_line_bytes"), QT_TR_NOOP("Maximum upstream line (bytes)")},
        {QStringLiteral("max_client_backlog_bytes"), QT_TR_NOOP("Maximum client backlog (bytes)")},
        {QStringLiteral("retention_rows"), QT_TR_NOOP("Keep newest request rows (0 = all)")},
        {QStringLiteral("max_header_bytes"), QT_TR_NOOP("Maximum request header size (bytes)")},
        {QStringLiteral("cooldown_base_seconds"), QT_TR_NOOP("Cooldown after a 429 without Retry-After (s)")},
        {QStringLiteral("cooldown_max_seconds"), QT_TR_NOOP("Longest cooldown after 429s (s)")},
        {QStringLiteral("unhealthy_after_failures"), QT_TR_NOOP("Failures in a row before a key or channel is skipped")},
        {QStringLiteral("unhealthy_seconds"), QT_TR_NOOP("Skip an unhealthy key or channel for (s)")},
        {QStringLiteral("unhealthy_max_seconds"), QT_TR_NOOP("Longest skip of an unhealthy key or channel (s)")},
        {QStringLiteral("default_max_output_tokens"), QT_TR_NOOP("Output tokens reserved when a request sets no limit")},
        {QStringLiteral("default_price_input"), QT_TR_NOOP("Input price of unpriced models (USD per million tokens)")},
        {QStringLiteral("default_price_output"), QT_TR_NOOP("Output price of unpriced models (USD per million tokens)")},
        {QStringLiteral("drain_upstream_on_client_gone"), QT_TR_NOOP("Finish the upstream exchange when the client leaves")},
        {QStringLiteral("passthrough_upstream_headers"), QT_TR_NOOP("Pass upstream response headers through")},
        {QStringLiteral("log_bodies"), QT_TR_NOOP("Log request and response bodies")},
        {QStringLiteral("allowed_hosts"), QT_TR_NOOP("Allowed Host names (comma-separated)")},
        {QStringLiteral("allowed_origins"), QT_TR_NOOP("Allowed browser origins (comma-separated)")},
        {QStringLiteral("log_buffer_rows"), QT_TR_NOOP("Log rows kept in memory while the database is down")},
        {QStringLiteral("fail_closed_budgeted_keys"), QT_TR_NOOP("Refuse budgeted keys while the database is unreachable")},
    };
    const char *label = labels.value(field);
    return label ? tr(label) : field;
}

QString SettingsTab::toolTipFor(const QString &field) const
{
    static const QHash<QString, const char *> tips{
        {QStringLiteral("keepalive_seconds"), QT_TR_NOOP("How often a waiting stream gets a ping, in the client's format, so proxies and clients do not give up")},
        {QStringLiteral("stream_idle_timeout_seconds"), QT_TR_NOOP("A stream with no upstream data for this long ends with end reason \"timeout\"")},
        {QStringLiteral("first_byte_timeout_seconds"), QT_TR_NOOP("How long an upstream may take to answer before the attempt counts as failed (and is retried)")},
        {QStringLiteral("bootstrap_retries"), QT_TR_NOOP("Failed attempts retried on another key or channel before the first byte reaches the client; never after")},
        {QStringLiteral("max_connections"), QT_TR_NOOP("Client connections open at once; more are refused")},
        {QStringLiteral("retention_days"), QT_TR_NOOP("Request logs and error samples older than this are deleted")},
        {QStringLiteral("header_read_timeout_seconds"), QT_TR_NOOP("A request whose headers are not complete this long after its first byte gets 408")},
        {QStringLiteral("body_read_timeout_seconds"), QT_TR_NOOP("A request whose body is not complete this long after its headers gets 408")},
        {QStringLiteral("idle_timeout_seconds"), QT_TR_NOOP("A kept-alive connection with no request in flight is closed after this")},
        {QStringLiteral("slow_client_timeout_seconds"), QT_TR_NOOP("A client that takes no byte of pending output for this long is dropped")},
        {QStringLiteral("max_request_bytes"), QT_TR_NOOP("Larger request bodies are refused with 413")},
        {QStringLiteral("max_sse_line_bytes"), QT_TR_NOOP("A longer upstream stream line ends the stream with end reason \"scanner_error\"")},
        {QStringLiteral("max_client_backlog_bytes"), QT_TR_NOOP("Output written for a client but not yet taken by it; beyond this the client is dropped as too slow")},
        {QStringLiteral("retention_rows"), QT_TR_NOOP("Only the newest request rows are kept; older ones are deleted")},
        {QStringLiteral("max_header_bytes"), QT_TR_NOOP("Request line and headers larger than this are refused with 431")},
        {QStringLiteral("cooldown_base_seconds"), QT_TR_NOOP("A key that got 429 without Retry-After rests this long, doubling on each further 429")},
        {QStringLiteral("cooldown_max_seconds"), QT_TR_NOOP("The doubling 429 cooldown never exceeds this")},
        {QStringLiteral("unhealthy_after_failures"), QT_TR_NOOP("Failures in a row after which a key or channel is taken out of rotation")},
        {QStringLiteral("unhealthy_seconds"), QT_TR_NOOP("How long an unhealthy key or channel is skipped before a trial request; doubles after each failed trial")},
        {QStringLiteral("unhealthy_max_seconds"), QT_TR_NOOP("The doubling unhealthy period never exceeds this")},
        {QStringLiteral("default_max_output_tokens"), QT_TR_NOOP("Output tokens a budget reserves for a request that sets no output limit")},
        {QStringLiteral("default_price_input"), QT_TR_NOOP("Used for cost and budgets when a model has no price of its own")},
        {QStringLiteral("default_price_output"), QT_TR_NOOP("Used for cost and budgets when a model has no price of its own")},
        {QStringLiteral("drain_upstream_on_client_gone"), QT_TR_NOOP("When a client disconnects mid-stream, read the upstream to its end so usage and cost are still recorded; otherwise cancel it")},
        {QStringLiteral("passthrough_upstream_headers"), QT_TR_NOOP("Copy the upstream's response headers (rate limits, request ids) to the client")},
        {QStringLiteral("log_bodies"), QT_TR_NOOP("Store request and response bodies with each log row (uses more disk; bodies may hold private data)")},
        {QStringLiteral("allowed_hosts"), QT_TR_NOOP("Host header values accepted besides localhost and IP addresses, e.g. relay.lan or relay.lan:8645")},
        {QStringLiteral("allowed_origins"), QT_TR_NOOP("Web pages allowed to call the relay from a browser (CORS), e.g. https://app.example:8443; none by default")},
        {QStringLiteral("log_buffer_rows"), QT_TR_NOOP("While the database refuses writes, up to this many log rows wait in memory; beyond, new rows are lost and counted")},
        {QStringLiteral("fail_closed_budgeted_keys"), QT_TR_NOOP("When the quota ledger cannot be reached, keys with a budget get 503 (checked) or are served without metering (unchecked); keys without budget always work")},
    };
    const char *tip = tips.value(field);
    return tip ? tr(tip) : QString();
}

QWidget *SettingsTab::createForm()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    for (const auto &f : SettingsFields::kInts) {
        auto *spin = new QSpinBox(page);
        spin->setObjectName(QString::fromLatin1(f.name));
        spin->setToolTip(toolTipFor(spin->objectName()));
        spin->setRange(f.min, f.max);
        m_ints.insert(QString::fromLatin1(f.name), spin);
        form->addRow(labelFor(QString::fromLatin1(f.name)), spin);
    }
    for (const auto &f : SettingsFields::kInt64s) {
        auto *spin = new QDoubleSpinBox(page);
        spin->setObjectName(QString::fromLatin1(f.name));
        spin->setToolTip(toolTipFor(spin->objectName()));
        spin->setDecimals(0);
        spin->setRange(double(f.min), double(f.max));
        spin->setGroupSeparatorShown(true);
        m_int64s.insert(QString::fromLatin1(f.name), spin);
        form->addRow(labelFor(QString::fromLatin1(f.name)), spin);
    }
    for (const auto &f : SettingsFields::kDoubles) {
        auto *spin = new QDoubleSpinBox(page);
        spin->setObjectName(QString::fromLatin1(f.name));
        spin->setToolTip(toolTipFor(spin->objectName()));
        spin->setDecimals(4);
        spin->setRange(f.min, 1e6);
        m_doubles.insert(QString::fromLatin1(f.name), spin);
        form->addRow(labelFor(QString::fromLatin1(f.name)), spin);
    }
    for (const auto &f : SettingsFields::kBools) {
        auto *box = new QCheckBox(labelFor(QString::fromLatin1(f.name)), page);
        box->setObjectName(QString::fromLatin1(f.name));
        box->setToolTip(toolTipFor(box->objectName()));
        m_bools.insert(QString::fromLatin1(f.name), box);
        form->addRow(QString(), box);
    }
    for (const auto &f : SettingsFields::kStringLists) {
        auto *edit = new QLineEdit(page);
        edit->setObjectName(QString::fromLatin1(f.name));
        edit->setToolTip(toolTipFor(edit->objectName()));
        m_lists.insert(QString::fromLatin1(f.name), edit);
        form->addRow(labelFor(QString::fromLatin1(f.name)), edit);
    }
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    form->addRow(tr("Language (after restart)"), m_language);
    return page;
}

void SettingsTab::reload()
{
    const Settings s = m_applier->load().settings;
    for (const auto &f : SettingsFields::kInts)
        m_ints.value(QString::fromLatin1(f.name))->setValue(s.*f.member);
    for (const auto &f : SettingsFields::kInt64s)
        m_int64s.value(QString::fromLatin1(f.name))->setValue(double(s.*f.member));
    for (const auto &f : SettingsFields::kDoubles)
        m_doubles.value(QString::fromLatin1(f.name))->setValue(s.*f.member);
    for (const auto &f : SettingsFields::kBools)
        m_bools.value(QString::fromLatin1(f.name))->setChecked(s.*f.member);
    for (const auto &f : SettingsFields::kStringLists)
        m_lists.value(QString::fromLatin1(f.name))->setText((s.*f.member).join(QStringLiteral(", ")));
    const QString language = UiSettings::open()->value(kLanguageKey).toString();
    m_language->setCurrentIndex(qMax(0, m_language->findData(language)));
    m_desktop->reload();
    m_shownSaved = s.toJson();
    m_shownForm = formJson();
}

void SettingsTab::refreshFromStore()
{
    if (m_applier->load().settings.toJson() == m_shownSaved)
        return; // another part of the config changed (a channel, a key): nothing to show
    if (formJson() == m_shownForm) {
        reload();
        return;
    }
    setStatus(tr("The saved settings were changed elsewhere (an import or another node). Your unsaved edits "
                 "are kept: Save applies them, Revert shows the saved settings."),
              false);
}

QJsonObject SettingsTab::formJson() const
{
    QJsonObject o;
    for (auto it = m_ints.constBegin(); it != m_ints.constEnd(); ++it)
        o.insert(it.key(), it.value()->value());
    for (auto it = m_int64s.constBegin(); it != m_int64s.constEnd(); ++it)
        o.insert(it.key(), qint64(it.value()->value()));
    for (auto it = m_doubles.constBegin(); it != m_doubles.constEnd(); ++it)
        o.insert(it.key(), it.value()->value());
    for (auto it = m_bools.constBegin(); it != m_bools.constEnd(); ++it)
        o.insert(it.key(), it.value()->isChecked());
    for (auto it = m_lists.constBegin(); it != m_lists.constEnd(); ++it)
        o.insert(it.key(), QJsonArray::fromStringList(commaList(it.value()->text())));
    return o;
}

// The form through the importer's validation (same ranges and messages as a config import).
Settings SettingsTab::formSettings(QString *error, QWidget **badField) const
{
    const QJsonObject o = formJson();
    Settings s;
    if (const auto e = ConfigIO::parseSettings(o, QStringLiteral("$"), s)) {
        QHash<QString, QString> labels;
        QHash<QString, QWidget *> widgets;
        for (const QString &name : o.keys()) {
            labels.insert(name, labelFor(name));
            widgets.insert(name, findChild<QWidget *>(name));
        }
        const FieldError fe = describeFieldError(*e, labels, widgets);
        *error = fe.text;
        *badField = fe.widget;
    }
    return s;
}

bool SettingsTab::save()
{
    QString error;
    QWidget *bad = nullptr;
    const Settings settings = formSettings(&error, &bad);
    if (error.isEmpty() && !m_desktop->saveListenAddress(&error)) {
        setStatus(error, true);
        return false;
    }
    if (!error.isEmpty()) {
        setStatus(error, true);
        if (bad)
            bad->setFocus();
        return false;
    }
    Config config = m_applier->load();
    config.settings = settings;
    if (!m_applier->apply(config, &error)) {
        setStatus(tr("Could not save: %1").arg(error), true);
        return false;
    }
    const QString oldLanguage = UiSettings::open()->value(kLanguageKey).toString();
    const QString language = m_language->currentData().toString();
    UiSettings::open()->setValue(kLanguageKey, language);
    reload(); // the form is now what is saved: no unsaved edits left
    setStatus(language != oldLanguage ? tr("Saved and applied. The language changes at the next start.")
                                      : tr("Saved and applied to the relay."),
              false);
    return true;
}

void SettingsTab::setStatus(const QString &text, bool isError)
{
    showStatus(m_status, text, isError);
}

QString SettingsTab::statusText() const
{
    return m_status->text();
}

void SettingsTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_saveButton->setText(tr("&Save and apply"));
        m_revertButton->setText(tr("&Revert"));
    }
    QWidget::changeEvent(event);
}
