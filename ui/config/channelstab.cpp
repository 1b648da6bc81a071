#include "channelstab.h"

#include "channeleditordialog.h"
#include "channeltester.h"
#include "configapplier.h"
#include "relay/relayservice.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>

namespace {
constexpr int kHealthPollMs = 1000;

QString localTime(const QJsonValue &iso)
{
    return QDateTime::fromString(iso.toString(), Qt::ISODateWithMs).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}
} // namespace

ChannelsTab::ChannelsTab(ConfigApplier *applier, QWidget *parent)
    : ConfigTableBase(applier, parent)
    , m_tester(new ChannelTester(this))
    , m_testButton(new QPushButton(this))
    , m_testResult(new QLabel(this))
    , m_healthTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("channelsTab"));
    m_table->setObjectName(QStringLiteral("channelsTable"));
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testButton->setEnabled(false);
    m_testResult->setObjectName(QStringLiteral("testResultLabel"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttonRow->insertWidget(m_buttonRow->count() - 1, m_testButton);
    layout()->addWidget(m_testResult);
    connect(m_testButton, &QPushButton::clicked, this, &ChannelsTab::testEntry);
    connect(this, &ConfigTableBase::selectionChanged, this,
            [this](bool selected) { m_testButton->setEnabled(selected && !m_tester->isBusy()); });
    connect(m_tester, &ChannelTester::finished, this, [this](const ChannelProbe::Result &r) {
        m_testButton->setEnabled(selectedRow() >= 0);
        m_testResult->setText(ChannelTester::describe(r));
    });
    if (RelayService *relay = m_applier->relay()) {
        connect(relay, &RelayService::healthSnapshotReady, this, &ChannelsTab::setHealth);
        connect(relay, &RelayService::runningChanged, this, [this] { setHealth(QJsonObject()); });
        connect(m_healthTimer, &QTimer::timeout, relay, &RelayService::requestHealthSnapshot);
        m_healthTimer->setInterval(kHealthPollMs);
    }
    retranslate();
    reload();
}

QString ChannelsTab::testResultText() const
{
    return m_testResult->text();
}

void ChannelsTab::testEntry()
{
    const int row = selectedRow();
    if (row < 0 || !m_tester->test(m_channels.value(row)))
        return;
    m_testButton->setEnabled(false);
    m_testResult->setText(tr("Testing %1…").arg(m_channels.value(row).name));
}

void ChannelsTab::setHealth(const QJsonObject &health)
{
    m_health = health;
    showHealth();
}

void ChannelsTab::showHealth()
{
    for (int r = 0; r < m_channels.size() && r < m_table->rowCount(); ++r) {
        const QJsonValue entry = m_health.value(m_channels.at(r).name);
        const QString text = entry.isObject() ? healthText(entry.toObject()) : QStringLiteral("—");
        if (QTableWidgetItem *item = m_table->item(r, Health); item && item->text() != text)
            item->setText(text);
        else if (!item)
            m_table->setItem(r, Health, new QTableWidgetItem(text));
    }
}

// "healthy", "unhealthy until 12:00:30", plus any key that is out: "key 1 cooling until 12:00:05".
QString ChannelsTab::healthText(const QJsonObject &channel) const
{
    const QString state = channel.value(QLatin1String("state")).toString();
    QStringList parts;
    if (state == QLatin1String("unhealthy"))
        parts.append(tr("unhealthy until %1").arg(localTime(channel.value(QLatin1String("unhealthy_until")))));
    else if (state == QLatin1String("half_open") || state == QLatin1String("probing"))
        parts.append(tr("recovering (trial request)"));
    else
        parts.append(tr("healthy"));
    for (const QJsonValue &k : channel.value(QLatin1String("keys")).toArray()) {
        const QJsonObject key = k.toObject();
        const int index = key.value(QLatin1String("index")).toInt();
        const QString keyState = key.value(QLatin1String("state")).toString();
        if (keyState == QLatin1String("cooling"))
            parts.append(tr("key %1 cooling until %2").arg(index).arg(localTime(key.value(QLatin1String("cooldown_until")))));
        else if (keyState == QLatin1String("unhealthy"))
            parts.append(tr("key %1 unhealthy until %2").arg(index).arg(localTime(key.value(QLatin1String("unhealthy_until")))));
    }
    return parts.join(QStringLiteral("; "));
}

void ChannelsTab::retranslate()
{
    setHeaders({tr("Name"), tr("Type"), tr("Base URL"), tr("Models"), tr("Priority"), tr("Weight"),
                tr("Enabled"), tr("Keys"), tr("Health")});
    setButtonTexts();
    m_testButton->setText(tr("&Test"));
    m_testButton->setToolTip(tr("Send one tiny request through the selected channel and show the latency or the error"));
}

void ChannelsTab::showEvent(QShowEvent *event)
{
    if (RelayService *relay = m_applier->relay()) {
        relay->requestHealthSnapshot();
        m_healthTimer->start();
    }
    ConfigTableBase::showEvent(event);
}

void ChannelsTab::hideEvent(QHideEvent *event)
{
    m_healthTimer->stop();
    ConfigTableBase::hideEvent(event);
}

void ChannelsTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        reload();
    }
    QWidget::changeEvent(event);
}

void ChannelsTab::fill()
{
    m_channels = m_applier->load().channels;
    m_table->setRowCount(int(m_channels.size()));
    for (int r = 0; r < m_channels.size(); ++r) {
        const Channel &c = m_channels.at(r);
        const QStringList cells{c.name, apiFormatName(c.type), c.baseUrl, c.models.join(QStringLiteral(", ")),
                                QString::number(c.priority), QString::number(c.weight),
                                c.enabled ? tr("yes") : tr("no"), QString::number(c.keys.size())};
        for (int col = 0; col < cells.size(); ++col)
            m_table->setItem(r, col, new QTableWidgetItem(cells.at(col)));
    }
    showHealth();
}

QString ChannelsTab::entryName(int row) const
{
    return m_channels.value(row).name;
}

void ChannelsTab::add()
{
    Channel fresh;
    fresh.models = {QStringLiteral("*")};
    runEditor(fresh, QString());
}

void ChannelsTab::edit(int row, bool duplicate)
{
    Channel start = m_channels.value(row);
    if (duplicate)
        start.name += tr(" (copy)");
    runEditor(start, duplicate ? QString() : m_channels.value(row).name);
}

// replacing: the name of the channel being edited ("" when adding).
bool ChannelsTab::runEditor(const Channel &start, const QString &replacing)
{
    QStringList taken;
    for (const Channel &c : std::as_const(m_channels))
        if (c.name != replacing)
            taken.append(c.name);
    ChannelEditorDialog dialog(start, taken, this);
    if (execEditor(&dialog) != QDialog::Accepted)
        return false;
    const Channel edited = dialog.channel();
    return save([&](Config &config) {
        for (Channel &c : config.channels) {
            if (!replacing.isEmpty() && c.name == replacing) {
                c = edited;
                return;
            }
        }
        config.channels.append(edited);
    });
}

void ChannelsTab::remove(int row)
{
    const QString name = m_channels.value(row).name;
    save([&](Config &config) {
        config.channels.removeIf([&](const Channel &c) { return c.name == name; });
    });
}
