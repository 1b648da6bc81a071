#pragma once

#include "relaystate.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QGroupBox;
class RecentRequestsModel;
struct RequestLogRow;

// The first tab: the relay's state and address with the controls to start/stop it and copy
// the base URL, above a live table of the most recent requests. It only displays; the window
// owns the relay and decides what the buttons do.
class DashboardTab : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardTab(QWidget *parent = nullptr);

    void setRelayState(RelayState state, const QString &baseUrl, const QString &error);
    RecentRequestsModel *recentRequests() const { return m_recentModel; }

Q_SIGNALS:
    void startStopClicked();
    void copyBaseUrlClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createRelayBox();
    QWidget *createRecentBox();
    void retranslate();

    RelayState m_state = RelayState::Stopped;
    QString m_baseUrl;
    QString m_error;
    QGroupBox *m_relayBox = nullptr;
    QGroupBox *m_recentBox = nullptr;
    QLabel *m_stateIcon = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_urlCaption = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_startStopButton = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_hintLabel = nullptr;
    QTableView *m_recentView = nullptr;
    RecentRequestsModel *m_recentModel = nullptr;
};
