#include "configtablebase.h"

#include "configapplier.h"

#include <QBoxLayout>
#include <QDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

ConfigTableBase::ConfigTableBase(ConfigApplier *applier, QWidget *parent)
    : QWidget(parent)
    , m_applier(applier)
    , m_table(new QTableWidget(this))
    , m_status(new QLabel(this))
    , m_addButton(new QPushButton(this))
    , m_editButton(new QPushButton(this))
    , m_duplicateButton(new QPushButton(this))
    , m_deleteButton(new QPushButton(this))
    , m_buttonRow(new QHBoxLayout)
{
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false); // one line per entry: long URLs and model lists are elided
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_addButton->setObjectName(QStringLiteral("addButton"));
    m_editButton->setObjectName(QStringLiteral("editButton"));
    m_duplicateButton->setObjectName(QStringLiteral("duplicateButton"));
    m_deleteButton->setObjectName(QStringLiteral("deleteButton"));
    m_status->setObjectName(QStringLiteral("saveStatusLabel"));
    m_status->setWordWrap(true);

    for (QPushButton *b : {m_addButton, m_editButton, m_duplicateButton, m_deleteButton})
        m_buttonRow->addWidget(b);
    m_buttonRow->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_buttonRow);
    layout->addWidget(m_table);
    layout->addWidget(m_status);

    connect(m_addButton, &QPushButton::clicked, this, &ConfigTableBase::addEntry);
    connect(m_editButton, &QPushButton::clicked, this, &ConfigTableBase::editEntry);
    connect(m_duplicateButton, &QPushButton::clicked, this, &ConfigTableBase::duplicateEntry);
    connect(m_deleteButton, &QPushButton::clicked, this, &ConfigTableBase::deleteEntry);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &ConfigTableBase::editEntry);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConfigTableBase::updateButtons);
    connect(m_applier, &ConfigApplier::configChanged, this, &ConfigTableBase::reload);
    connect(m_applier, &ConfigApplier::configReloaded, this, &ConfigTableBase::reloadFromOtherNode);
    setButtonTexts();
}

void ConfigTableBase::setButtonTexts()
{
    m_addButton->setText(tr("&Add…"));
    m_editButton->setText(tr("&Edit…"));
    m_duplicateButton->setText(tr("D&uplicate…"));
    m_deleteButton->setText(tr("&Delete"));
}

void ConfigTableBase::setHeaders(const QStringList &headers)
{
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
}

void ConfigTableBase::reload()
{
    const int row = selectedRow();
    m_table->setRowCount(0);
    fill();
    if (row >= 0 && row < m_table->rowCount())
        m_table->selectRow(row);
    m_table->resizeColumnsToContents();
    // Long URLs and model lists are elided rather than pushing the last columns (a channel's
    // health) out of sight; the editor shows them whole.
    constexpr int kMaxColumnWidth = 200;
    for (int c = 0; c + 1 < m_table->columnCount(); ++c)
        m_table->setColumnWidth(c, qMin(m_table->columnWidth(c), kMaxColumnWidth));
    updateButtons();
}

int ConfigTableBase::selectedRow() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void ConfigTableBase::updateButtons()
{
    const bool selected = selectedRow() >= 0;
    m_editButton->setEnabled(selected);
    m_duplicateButton->setEnabled(selected);
    m_deleteButton->setEnabled(selected);
    Q_EMIT selectionChanged(selected);
}

bool ConfigTableBase::save(const std::function<void(Config &)> &change)
{
    Config config = m_applier->load();
    change(config);
    QString error;
    if (!m_applier->apply(config, &error)) {
        m_status->setText(tr("Could not save: %1").arg(error));
        return false;
    }
    m_status->setText(tr("Saved and applied to the relay."));
    return true;
}

void ConfigTableBase::addEntry()
{
    add();
}

void ConfigTableBase::editEntry()
{
    if (const int row = selectedRow(); row >= 0)
        edit(row, false);
}

void ConfigTableBase::duplicateEntry()
{
    if (const int row = selectedRow(); row >= 0)
        edit(row, true);
}

void ConfigTableBase::deleteEntry()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const auto answer = QMessageBox::question(this, tr("Delete"), tr("Delete \"%1\"?").arg(entryName(row)));
    if (answer == QMessageBox::Yes)
        remove(row);
}

int ConfigTableBase::execEditor(QDialog *dialog)
{
    m_editor = dialog;
    const int result = dialog->exec();
    m_editor = nullptr;
    return result;
}

// The table is only a view: it always shows the other node's config. An open editor is the
// user's unsaved work: it stays as typed, with a note (saving merges by name into the config
// as it is then, so the other node's changes to other entries are kept).
void ConfigTableBase::reloadFromOtherNode()
{
    reload();
    const QString note = tr("Another node changed the configuration; the list shows its version.");
    if (!m_editor) {
        m_status->setText(note);
        return;
    }
    auto *label = m_editor->findChild<QLabel *>(QStringLiteral("otherNodeNote"));
    if (!label) {
        auto *box = qobject_cast<QBoxLayout *>(m_editor->layout());
        if (!box)
            return;
        label = new QLabel(m_editor);
        label->setObjectName(QStringLiteral("otherNodeNote"));
        label->setWordWrap(true);
        box->insertWidget(0, label);
        label->show(); // the dialog is already shown: a child added now would wait for the event loop
    }
    label->setText(tr("Another node changed the configuration while you were editing. Your edits are "
                      "kept; saving changes only this entry."));
    m_status->setText(note);
}
