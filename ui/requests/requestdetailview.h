#pragma once

#include "store/requestlogrow.h"

#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTextBrowser;

// The selected request, readable: summary, attempts, usage and cost, stream status and any
// stream-close diagnostics; "Raw JSON" switches to the row as the admin API shows it.
class RequestDetailView : public QWidget
{
    Q_OBJECT
public:
    explicit RequestDetailView(QWidget *parent = nullptr);

    void setRow(const RequestLogRow &row);
    void clear();
    QString readableText() const; // plain text of the readable view (tests, copy)
    QString rawJson() const;

private:
    void showRaw(bool raw);
    QString renderHtml(const RequestLogRow &row) const;
    QString summaryHtml(const RequestLogRow &row) const;
    QString attemptsHtml(const QJsonObject &detail) const;
    QString usageHtml(const RequestLogRow &row) const;
    QString streamHtml(const RequestLogRow &row) const;
    QString diagnosticsHtml(const QJsonObject &detail) const;

    QPushButton *m_rawButton;
    QStackedWidget *m_stack;
    QTextBrowser *m_readable;
    QPlainTextEdit *m_raw;
};
