#pragma once

#include "timeseries.h"

#include <QChartView>
#include <QColor>
#include <QList>
#include <QStringList>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

// A line per series over time (usage by key/channel/model, errors by kind). New data is
// copied into the existing series (renamed, points replaced), so a live refresh repaints the
// lines without rebuilding the chart.
class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    explicit TimeSeriesChart(QWidget *parent = nullptr);

    // `names`: what the legend says for each of set.series (same order).
    void setData(const TimeSeriesSet &set, const QStringList &names, UsageBucket bucket);
    void setDecimals(int decimals) { m_decimals = decimals; } // of the value axis labels: 2 for USD
    QList<QLineSeries *> lines() const { return m_lines; }
    QLineSeries *line(const QString &name) const; // by legend name; nullptr when not shown

private:
    QLineSeries *lineAt(int index);

    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    QList<QLineSeries *> m_lines;
    QList<QColor> m_themeColors; // of each line, as the theme gave it ("other" is grey instead)
    int m_decimals = 0;
};
