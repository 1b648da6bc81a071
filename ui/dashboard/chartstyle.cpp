#include "chartstyle.h"

#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QValueAxis>

namespace ChartStyle {

QChart *apply(QChartView *view)
{
    QChart *chart = view->chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont small = chart->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->legend()->setFont(small);
    QFont title = chart->titleFont();
    title.setBold(true);
    chart->setTitleFont(title);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(280, 200);
    return chart;
}

void fitValueAxis(QValueAxis *axis, double max, int decimals)
{
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f'));
    const double least = decimals == 0 ? 5 : 1;
    if (max * 1.1 <= least) {
        axis->setRange(0, least);
        axis->setTickCount(decimals == 0 ? int(least) + 1 : 5);
        return;
    }
    axis->setRange(0, max * 1.1);
    axis->applyNiceNumbers();
}

void setValues(QBarSet *set, const QList<double> &values)
{
    if (set->count() != values.size()) {
        set->remove(0, set->count());
        set->append(values);
        return;
    }
    for (int i = 0; i < values.size(); ++i)
        if (set->at(i) != values.at(i))
            set->replace(i, values.at(i));
}

} // namespace ChartStyle
