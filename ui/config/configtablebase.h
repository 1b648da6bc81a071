#pragma once

#include "config/config.h"

#include <QPointer>
#include <QWidget>
#include <functional>

class ConfigApplier;
class QDialog;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QTableWidget;

// A table of config entities (channels or keys) with Add / Edit / Duplicate / Delete. The
// subclasses fill the rows and run the editor dialogs; saving goes through ConfigApplier, and
// the table reloads whenever the config changed, here or on another node (an editor open
// meanwhile keeps the user's edits and says the list changed under it).
class ConfigTableBase : public QWidget
{
    Q_OBJECT
public:
    QTableWidget *table() const { return m_table; }

public Q_SLOTS:
    void reload();
    void addEntry();
    void editEntry();
    void duplicateEntry();
    void deleteEntry();
    void reloadFromOtherNode();

Q_SIGNALS:
    void selectionChanged(bool hasSelection);

protected:
    ConfigTableBase(ConfigApplier *applier, QWidget *parent);
    void setHeaders(const QStringList &headers);
    void setButtonTexts();
    int selectedRow() const; // -1 when none
    bool save(const std::function<void(Config &)> &change);
    int execEditor(QDialog *dialog); // exec(), known as the open editor meanwhile

    virtual void fill() = 0;                  // fills m_table from m_applier->load()
    virtual void add() = 0;
    virtual void edit(int row, bool duplicate) = 0;
    virtual void remove(int row) = 0;
    virtual QString entryName(int row) const = 0;

    ConfigApplier *m_applier;
    QTableWidget *m_table;
    QLabel *m_status;
    QPushButton *m_addButton;
    QPushButton *m_editButton;
    QPushButton *m_duplicateButton;
    QPushButton *m_deleteButton;
    QHBoxLayout *m_buttonRow; // the four common actions, a stretch: subclasses insert before it

private:
    void updateButtons();

    QPointer<QDialog> m_editor;
};
