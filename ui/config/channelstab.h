#pragma once

#include "configtablebase.h"

#include <QJsonObject>

class ChannelTester;
class QTimer;

// The Channels tab: every upstream channel, editable; changes apply to the running relay.
// The Health column shows the running relay's routing state of each channel and its keys
// (asked for once a second, answered off the GUI thread); Test sends one tiny request
// through the selected channel on a thread of its own and shows the latency or the error.
class ChannelsTab : public ConfigTableBase
{
    Q_OBJECT
public:
    enum Column { Name, Type, BaseUrl, Models, Priority, Weight, Enabled, Keys, Health, ColumnCount };

    explicit ChannelsTab(ConfigApplier *applier, QWidget *parent = nullptr);

    QString testResultText() const;

public Q_SLOTS:
    void testEntry();

protected:
    void changeEvent(QEvent *event) override;
    // Health is polled only while the tab is shown: each poll builds a snapshot on the relay thread.
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void fill() override;
    void add() override;
    void edit(int row, bool duplicate) override;
    void remove(int row) override;
    QString entryName(int row) const override;

private:
    void retranslate();
    bool runEditor(const Channel &start, const QString &replacing);
    void setHealth(const QJsonObject &health);
    void showHealth();
    QString healthText(const QJsonObject &channel) const;

    QList<Channel> m_channels; // as shown, row for row
    QJsonObject m_health;      // the relay's last snapshot, by channel name
    ChannelTester *m_tester;
    QPushButton *m_testButton;
    QLabel *m_testResult;
    QTimer *m_healthTimer;
};
