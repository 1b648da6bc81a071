#pragma once

#include "store/errorlog.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QPlainTextEdit;
class Store;

// The Errors tab: the error log grouped by signature, most recently seen first; selecting a
// group shows its recent samples. Reads run off the GUI thread; refreshes are throttled.
class ErrorsTab : public QWidget
{
    Q_OBJECT
public:
    enum Column { Kind, Count, Trend, FirstSeen, LastSeen, Channels, LastMessage, ColumnCount };
    static constexpr int kRefreshDelayMs = 1000;
    static constexpr int kTrendHours = 24; // the Trend column: occurrences per hour, oldest first

    explicit ErrorsTab(Store *store, QWidget *parent = nullptr);
    ~ErrorsTab() override;

    QTableWidget *groupsTable() const { return m_groups; }
    QTableWidget *samplesTable() const { return m_samples; }
    bool isLoading() const { return m_loading; }
    // New: first seen after the user last had this tab open, and not selected since.
    bool isNewGroup(int row) const;
    QString signatureAt(int row) const { return m_groupRows.value(row).signature; }
    QList<ErrorGroup> groups() const { return m_groupRows; } // as shown, most recently seen first

public Q_SLOTS:
    void refresh();          // queries now
    void scheduleRefresh();  // at most once per kRefreshDelayMs
    void acknowledgeSelected(); // hides the selected group until it happens again

Q_SIGNALS:
    void groupsLoaded(int count);
    void requestActivated(const QString &requestId); // a sample's request, to show in Requests

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslate();
    void showGroups(const QList<ErrorGroup> &groups, const QHash<QString, QList<qint64>> &trends);
    void fillGroupRow(int row, const ErrorGroup &group, const QList<qint64> &trend);
    QWidget *createToolBar();
    void markSeen(int row); // a new group the user looked at is no longer highlighted
    void loadSamples();
    void showSamples(const QString &signature, const QList<ErrorSample> &samples);

    Store *m_store;
    QThreadPool m_pool;
    QTimer m_refreshTimer;
    QTableWidget *m_groups;
    QTableWidget *m_samples;
    QPlainTextEdit *m_sampleDetail;
    QLabel *m_summary;
    QCheckBox *m_showAcknowledged = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QDateTime m_lastVisit;           // groups first seen after this are new
    QDateTime m_leftAt;              // when the user last left the tab in this run (saved on exit)
    QSet<QString> m_seenSignatures;  // new groups the user has selected since
    QList<ErrorGroup> m_groupRows;
    QList<ErrorSample> m_sampleRows;
    QString m_selectedSignature;
    bool m_loading = false;
    bool m_refreshAgain = false; // a refresh was asked for while one was running
};
