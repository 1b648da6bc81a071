#include "channelstab.h"

#include "channeleditordialog.h"
#include "configapplier.h"

#include <QEvent>
#include <QTableWidget>

ChannelsTab::ChannelsTab(ConfigApplier *applier, QWidget *parent)
    : ConfigTableBase(applier, parent)
{
    setObjectName(QStringLiteral("channelsTab"));
    m_table->setObjectName(QStringLiteral("channelsTable"));
    retranslate();
    reload();
}

void ChannelsTab::retranslate()
{
    setHeaders({tr("Name"), tr("Type"), tr("Base URL"), tr("Models"), tr("Priority"), tr("Weight"),
                tr("Enabled"), tr("Keys")});
    setButtonTexts();
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
    if (dialog.exec() != QDialog::Accepted)
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
