#include "keystab.h"

#include "configapplier.h"
#include "keyeditordialog.h"

#include <QEvent>
#include <QLocale>
#include <QTableWidget>

KeysTab::KeysTab(ConfigApplier *applier, QWidget *parent)
    : ConfigTableBase(applier, parent)
{
    setObjectName(QStringLiteral("keysTab"));
    m_table->setObjectName(QStringLiteral("keysTable"));
    retranslate();
    reload();
}

void KeysTab::retranslate()
{
    setHeaders({tr("Name"), tr("Key"), tr("Budget"), tr("Allowed models"), tr("Expires"), tr("Enabled")});
    setButtonTexts();
}

void KeysTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        reload();
    }
    QWidget::changeEvent(event);
}

void KeysTab::fill()
{
    const QLocale locale;
    m_keys = m_applier->load().keys;
    m_table->setRowCount(int(m_keys.size()));
    for (int r = 0; r < m_keys.size(); ++r) {
        const ClientKey &k = m_keys.at(r);
        const QStringList cells{
            k.name, k.keyPrefix + QStringLiteral("…"),
            k.budgetUsd ? QStringLiteral("$") + locale.toString(*k.budgetUsd, 'f', 2) : tr("unlimited"),
            k.models.join(QStringLiteral(", ")),
            k.expiresAt ? locale.toString(k.expiresAt->toLocalTime(), QLocale::ShortFormat) : tr("never"),
            k.enabled ? tr("yes") : tr("no")};
        for (int col = 0; col < cells.size(); ++col)
            m_table->setItem(r, col, new QTableWidgetItem(cells.at(col)));
    }
}

QString KeysTab::entryName(int row) const
{
    return m_keys.value(row).name;
}

void KeysTab::add()
{
    runEditor(ClientKey(), QString());
}

void KeysTab::edit(int row, bool duplicate)
{
    ClientKey start = m_keys.value(row);
    if (duplicate) {
        // Same settings, new secret: a copy never shares the original's key.
        start.name += tr(" (copy)");
        start.keyHash.clear();
        start.keyPrefix.clear();
    }
    runEditor(start, duplicate ? QString() : m_keys.value(row).name);
}

bool KeysTab::runEditor(const ClientKey &start, const QString &replacing)
{
    QStringList taken;
    for (const ClientKey &k : std::as_const(m_keys))
        if (k.name != replacing)
            taken.append(k.name);
    KeyEditorDialog dialog(start, taken, this);
    if (execEditor(&dialog) != QDialog::Accepted)
        return false;
    const ClientKey edited = dialog.key();
    return save([&](Config &config) {
        for (ClientKey &k : config.keys) {
            if (!replacing.isEmpty() && k.name == replacing) {
                k = edited;
                return;
            }
        }
        config.keys.append(edited);
    });
}

void KeysTab::remove(int row)
{
    const QString name = m_keys.value(row).name;
    save([&](Config &config) {
        config.keys.removeIf([&](const ClientKey &k) { return k.name == name; });
    });
}
