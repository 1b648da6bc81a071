#pragma once

#include "timeseries.h"

#include <QChartView>
#include <QHash>

class QCategoryAxis;
class QBarSet;
class QStackedBarSeries;
class QValueAxis;

// Requests per bucket stacked by how their stream ended (one bar set per end reason, in a
// fixed colour: green for done, warm colours for failures). Sets are created the first time
// their reason is seen and then only get new values, so refreshes do not rebuild the chart.
class EndReasonChart : public QChartView
{
    Q_OBJECT
public:
    explicit EndReasonChart(QWidget *parent = nullptr);

    // set.series are named by endReasonName(); buckets become the categories.
    void setData(const TimeSeriesSet &set, UsageBucket bucket);
    void retranslate(); // the legend's reason labels
    QBarSet *barSet(const QString &endReasonName) const { return m_sets.value(endReasonName); }
    const QList<QDateTime> &buckets() const { return m_buckets; } // bar i is bucket i
    QStringList axisLabels() const; // every few buckets: bars are too narrow to label each

private:
    QBarSet *setFor(const QString &reasonName);
    void labelAxis(const QList<QDateTime> &buckets, UsageBucket bucket);

    QStackedBarSeries *m_series;
    QCategoryAxis *m_x;
    QValueAxis *m_y;
    QHash<QString, QBarSet *> m_sets;
    QList<QDateTime> m_buckets; // what the axis is labelled for
};
