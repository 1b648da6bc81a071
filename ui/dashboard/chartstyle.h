#pragma once

#include <QList>

class QBarSet;
class QChart;
class QChartView;
class QString;
class QValueAxis;

// The look every dashboard chart shares: no animation (a live refresh must not replay one),
// tight margins, a small legend below, antialiasing, and a minimum size that still fits four
// charts on a 1280x800 screen.
namespace ChartStyle {
QChart *apply(QChartView *view); // returns the view's chart
// A value axis from 0 to a little over `max`, labels with `decimals` decimals. Counts
// (0 decimals) span at least 0..5, so small or empty charts do not label "0 0 1 1".
void fitValueAxis(QValueAxis *axis, double max, int decimals);
// Puts `values` into `set`, changing only the bars that differ when the count is the same
// (a live refresh then repaints without the bars jumping).
void setValues(QBarSet *set, const QList<double> &values);
} // namespace ChartStyle
