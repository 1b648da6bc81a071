#pragma once

#include "configtablebase.h"

// The Keys tab: the client keys the relay accepts, editable; changes apply to the running relay.
class KeysTab : public ConfigTableBase
{
    Q_OBJECT
public:
    enum Column { Name, Prefix, Budget, Models, Expires, Enabled, ColumnCount };

    explicit KeysTab(ConfigApplier *applier, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;
    void fill() override;
    void add() override;
    void edit(int row, bool duplicate) override;
    void remove(int row) override;
    QString entryName(int row) const override;

private:
    void retranslate();
    bool runEditor(const ClientKey &start, const QString &replacing);
    QList<ClientKey> m_keys;
};
