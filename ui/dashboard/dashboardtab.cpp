#include "dashboardtab.h"

#include "recentrequestsmodel.h"

#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {
QString stateColor(RelayState state)
{
    switch (state) {
    case RelayState::Running: return QStringLiteral("#15803d");
    case RelayState::Error: return QStringLiteral("#b91c1c");
    case RelayState::Stopping:
    case RelayState::Stopped: break;
    }
    return QStringLiteral("#4b5563");
}
} // namespace

DashboardTab::DashboardTab(QWidget *parent)
    : QWidget(parent)
    , m_recentModel(new RecentRequestsModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createRelayBox());
    layout->addWidget(createRecentBox(), 1);
    retranslate();
    setRelayState(RelayState::Stopped, {}, {});
}

QWidget *DashboardTab::createRelayBox()
{
    m_relayBox = new QGroupBox(this);
    m_stateIcon = new QLabel(m_relayBox);
    m_stateLabel = new QLabel(m_relayBox);
    m_stateLabel->setObjectName(QStringLiteral("relayStateLabel"));
    QFont stateFont = m_stateLabel->font();
    stateFont.setBold(true);
    stateFont.setPointSizeF(stateFont.pointSizeF() * 1.2);
    m_stateLabel->setFont(stateFont);

    m_startStopButton = new QPushButton(m_relayBox);
    m_startStopButton->setObjectName(QStringLiteral("startStopButton"));
    connect(m_startStopButton, &QPushButton::clicked, this, &DashboardTab::startStopClicked);

    m_urlCaption = new QLabel(m_relayBox);
    m_urlEdit = new QLineEdit(m_relayBox);
    m_urlEdit->setObjectName(QStringLiteral("baseUrlEdit"));
    m_urlEdit->setReadOnly(true);
    m_urlCaption->setBuddy(m_urlEdit);
    m_copyButton = new QPushButton(m_relayBox);
    m_copyButton->setObjectName(QStringLiteral("copyBaseUrlButton"));
    connect(m_copyButton, &QPushButton::clicked, this, &DashboardTab::copyBaseUrlClicked);

    m_errorLabel = new QLabel(m_relayBox);
    m_errorLabel->setObjectName(QStringLiteral("relayErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b91c1c;"));
    m_hintLabel = new QLabel(m_relayBox);
    m_hintLabel->setWordWrap(true);
    m_hintLabel->setEnabled(false); // greyed: a hint, not a status

    auto *grid = new QGridLayout(m_relayBox);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_stateIcon);
    stateRow->addWidget(m_stateLabel, 1);
    stateRow->addWidget(m_startStopButton);
    grid->addLayout(stateRow, 0, 0, 1, 3);
    grid->addWidget(m_urlCaption, 1, 0);
    grid->addWidget(m_urlEdit, 1, 1);
    grid->addWidget(m_copyButton, 1, 2);
    grid->addWidget(m_hintLabel, 2, 1, 1, 2);
    grid->addWidget(m_errorLabel, 3, 0, 1, 3);
    grid->setColumnStretch(1, 1);
    return m_relayBox;
}

QWidget *DashboardTab::createRecentBox()
{
    m_recentBox = new QGroupBox(this);
    m_recentView = new QTableView(m_recentBox);
    m_recentView->setObjectName(QStringLiteral("recentRequestsView"));
    m_recentView->setModel(m_recentModel);
    m_recentView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_recentView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_recentView->setAlternatingRowColors(true);
    m_recentView->setWordWrap(false);
    m_recentView->verticalHeader()->hide();
    m_recentView->verticalHeader()->setDefaultSectionSize(m_recentView->fontMetrics().height() + 8);
    QHeaderView *header = m_recentView->horizontalHeader();
    // Fixed starting widths: ResizeToContents would measure every row on every batch.
    const QFontMetrics fm = m_recentView->fontMetrics();
    const int pad = fm.averageCharWidth() * 3;
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(RecentRequestsModel::Time, fm.horizontalAdvance(QStringLiteral("00:00:00")) + pad);
    header->resizeSection(RecentRequestsModel::Key, fm.averageCharWidth() * 18);
    header->resizeSection(RecentRequestsModel::Status, fm.horizontalAdvance(QStringLiteral("000")) + pad * 2);
    header->resizeSection(RecentRequestsModel::EndReasonColumn, fm.averageCharWidth() * 20);
    header->resizeSection(RecentRequestsModel::Tokens, fm.averageCharWidth() * 18);
    header->setSectionResizeMode(RecentRequestsModel::Model, QHeaderView::Stretch);
    header->setHighlightSections(false);
    auto *layout = new QVBoxLayout(m_recentBox);
    layout->addWidget(m_recentView);
    return m_recentBox;
}

void DashboardTab::setRelayState(RelayState state, const QString &baseUrl, const QString &error)
{
    m_state = state;
    m_baseUrl = baseUrl;
    m_error = error;
    const bool running = state == RelayState::Running;
    m_stateLabel->setStyleSheet(QStringLiteral("color: %1;").arg(stateColor(state)));
    m_stateIcon->setPixmap(relayStateIcon(state).pixmap(m_stateLabel->fontMetrics().height() + 6));
    m_urlEdit->setText(running ? baseUrl : QString());
    m_copyButton->setEnabled(running && !baseUrl.isEmpty());
    m_errorLabel->setVisible(!error.isEmpty());
    m_startStopButton->setEnabled(state != RelayState::Stopping);
    retranslate();
}

void DashboardTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        m_recentModel->retranslate();
    }
    QWidget::changeEvent(event);
}

void DashboardTab::retranslate()
{
    const bool running = m_state == RelayState::Running;
    m_relayBox->setTitle(tr("Relay"));
    m_recentBox->setTitle(tr("Recent requests"));
    m_stateLabel->setText(relayStateText(m_state));
    m_startStopButton->setText(running ? tr("Stop relay") : tr("Start relay"));
    m_urlCaption->setText(tr("Base URL:"));
    m_urlEdit->setPlaceholderText(tr("Not listening"));
    m_errorLabel->setText(m_error.isEmpty() ? QString() : tr("Could not start the relay: %1").arg(m_error));
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy the base URL to the clipboard"));
    m_hintLabel->setText(tr("Point the base URL of your OpenAI, Anthropic or Gemini client here, "
                            "with one of your RelayDesk keys as its API key."));
}
