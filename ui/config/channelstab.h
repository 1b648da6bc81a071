#pragma once

#include "configtablebase.h"

// The Channels tab: every upstream channel, editable; changes apply to the running relay.
class ChannelsTab : public ConfigTableBase
{
    Q_OBJECT
public:
    enum Column { Name, Type, BaseUrl, Models, Priority, Weight, Enabled, Keys, ColumnCount };

    explicit ChannelsTab(ConfigApplier *applier, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;
    void fill() override;
    void add() override;
    void edit(int row, bool duplicate) override;
    void remove(int row) override;
    QString entryName(int row) const override;

private:
    void retranslate();
    bool runEditor(const Channel &start, const QString &replacing);
    QList<Channel> m_channels; // as shown, row for row
};
