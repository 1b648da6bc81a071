#pragma once

#include "dashboardsnapshot.h"

#include <QChartView>

class QBarCategoryAxis;
class QBarSet;
class QHorizontalStackedBarSeries;
class QValueAxis;

// One horizontal gauge per budgeted key: spent, reserved (requests in flight) and what is
// left, stacked to the key's budget in USD. Values are replaced in place on refresh.
class BudgetGauges : public QChartView
{
    Q_OBJECT
public:
    enum Part { Spent, Reserved, Left, PartCount };

    explicit BudgetGauges(QWidget *parent = nullptr);

    void setRows(const QList<BudgetGaugeRow> &rows);
    void retranslate();
    QBarSet *part(Part p) const { return m_parts[p]; }
    QStringList keys() const;
    // What a key's bars add up to; -1 for a key without a gauge.
    double value(const QString &key, Part p) const;

private:
    void showToolTip(bool hovering, int index);

    QHorizontalStackedBarSeries *m_series;
    QBarCategoryAxis *m_keys;
    QValueAxis *m_usd;
    QBarSet *m_parts[PartCount];
    QList<BudgetGaugeRow> m_rows;
};
