#pragma once

#include "store/errorlog.h"

#include <QList>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

class QLabel;
class QTableWidget;
class QPlainTextEdit;
class Store;

// The Errors tab: the error log grouped by signature, most recently seen first; selecting a
// group shows its recent samples. Reads run off the GUI thread; refreshes are throttled.
class ErrorsTab : public QWidget
{
    Q_OBJECT
public:
    enum Column { Kind, Count, FirstSeen, LastSeen, Channels, LastMessage, ColumnCount };
    static constexpr int kRefreshDelayMs = 1000;

    explicit ErrorsTab(Store *store, QWidget *parent = nullptr);
    ~ErrorsTab() override;

    QTableWidget *groupsTable() const { return m_groups; }
    QTableWidget *samplesTable() const { return m_samples; }
    bool isLoading() const { return m_loading; }
    QList<ErrorGroup> groups() const { return m_groupRows; } // as shown, most recently seen first

public Q_SLOTS:
    void refresh();          // queries now
    void scheduleRefresh();  // at most once per kRefreshDelayMs

Q_SIGNALS:
    void groupsLoaded(int count);
    void requestActivated(const QString &requestId); // a sample's request, to show in Requests

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void showGroups(const QList<ErrorGroup> &groups);
    void loadSamples();
    void showSamples(const QString &signature, const QList<ErrorSample> &samples);

    Store *m_store;
    QThreadPool m_pool;
    QTimer m_refreshTimer;
    QTableWidget *m_groups;
    QTableWidget *m_samples;
    QPlainTextEdit *m_sampleDetail;
    QLabel *m_summary;
    QList<ErrorGroup> m_groupRows;
    QList<ErrorSample> m_sampleRows;
    QString m_selectedSignature;
    bool m_loading = false;
};
