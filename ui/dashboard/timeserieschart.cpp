#include "timeserieschart.h"

#include "chartstyle.h"

#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

TimeSeriesChart::TimeSeriesChart(QWidget *parent)
    : QChartView(parent)
    , m_x(new QDateTimeAxis(this))
    , m_y(new QValueAxis(this))
{
    QChart *c = ChartStyle::apply(this);
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    m_x->setTickCount(5); // the range is 24 hours or 28 days: ticks every 6 hours or 7 days
    ChartStyle::fitValueAxis(m_y, 0, m_decimals);
}

QLineSeries *TimeSeriesChart::line(const QString &name) const
{
    for (QLineSeries *s : m_lines)
        if (s->name() == name)
            return s;
    return nullptr;
}

QLineSeries *TimeSeriesChart::lineAt(int index)
{
    if (index < m_lines.size())
        return m_lines.at(index);
    auto *s = new QLineSeries(this);
    s->setPointsVisible(true); // a lone bucket is a point, not an invisible line
    chart()->addSeries(s);
    s->attachAxis(m_x);
    s->attachAxis(m_y);
    m_lines.append(s);
    m_themeColors.append(s->color());
    return s;
}

void TimeSeriesChart::setData(const TimeSeriesSet &set, const QStringList &names, UsageBucket bucket)
{
    for (int i = 0; i < set.series.size(); ++i) {
        const NamedSeries &series = set.series.at(i);
        QList<QPointF> points;
        points.reserve(set.buckets.size());
        for (int b = 0; b < set.buckets.size(); ++b)
            points.append(QPointF(qreal(set.buckets.at(b).toMSecsSinceEpoch()), series.values.value(b)));
        QLineSeries *s = lineAt(i);
        s->setName(names.value(i));
        s->setColor(series.other ? QColor(0x9ca3af) : m_themeColors.at(i));
        s->replace(points);
    }
    // Fewer groups than last time: drop the extra lines (the rest keep their colours).
    while (m_lines.size() > set.series.size()) {
        QLineSeries *s = m_lines.takeLast();
        m_themeColors.removeLast();
        chart()->removeSeries(s);
        delete s;
    }
    if (!set.buckets.isEmpty()) {
        const bool days = bucket == UsageBucket::Day;
        m_x->setFormat(days ? QStringLiteral("MMM d") : QStringLiteral("HH:mm"));
        const QDateTime end = days ? set.buckets.constLast().addDays(1) : set.buckets.constLast().addSecs(3600);
        m_x->setRange(set.buckets.constFirst().toLocalTime(), end.toLocalTime());
    }
    ChartStyle::fitValueAxis(m_y, set.maxValue(), m_decimals);
}
