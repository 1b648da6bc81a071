#include "endreasonchart.h"

#include "chartstyle.h"
#include "endreasontext.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QLocale>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace {
QColor reasonColor(EndReason reason)
{
    switch (reason) {
    case EndReason::Done: return QColor(0x16a34a);
    case EndReason::Eof: return QColor(0xf59e0b);
    case EndReason::Timeout: return QColor(0xa855f7);
    case EndReason::ClientGone: return QColor(0x64748b);
    case EndReason::ScannerError: return QColor(0x0ea5e9);
    case EndReason::PingFail: return QColor(0x94a3b8);
    case EndReason::UpstreamError: return QColor(0xdc2626);
    case EndReason::Internal: return QColor(0x7f1d1d);
    case EndReason::Rejected: return QColor(0xf97316);
    }
    return QColor(Qt::gray);
}

QString reasonLabel(const QString &name)
{
    const auto reason = endReasonFromName(name);
    return reason ? endReasonText(*reason) : name;
}
} // namespace

EndReasonChart::EndReasonChart(QWidget *parent)
    : QChartView(parent)
    , m_series(new QStackedBarSeries(this))
    , m_x(new QCategoryAxis(this))
    , m_y(new QValueAxis(this))
{
    QChart *c = ChartStyle::apply(this);
    m_series->setBarWidth(0.8);
    c->addSeries(m_series);
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    m_series->attachAxis(m_x);
    m_series->attachAxis(m_y);
    // A value axis with labels at chosen buckets: bar i stands at x = i.
    m_x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_x->setGridLineVisible(false);
    m_x->setStartValue(-0.5);
    ChartStyle::fitValueAxis(m_y, 0, 0);
}

QStringList EndReasonChart::axisLabels() const
{
    return m_x->categoriesLabels();
}

QBarSet *EndReasonChart::setFor(const QString &reasonName)
{
    if (QBarSet *set = m_sets.value(reasonName))
        return set;
    auto *set = new QBarSet(reasonLabel(reasonName));
    if (const auto reason = endReasonFromName(reasonName))
        set->setColor(reasonColor(*reason));
    set->setBorderColor(Qt::transparent);
    m_series->append(set); // the series owns it
    m_sets.insert(reasonName, set);
    return set;
}

void EndReasonChart::setData(const TimeSeriesSet &set, UsageBucket bucket)
{
    if (set.buckets != m_buckets)
        labelAxis(set.buckets, bucket);
    for (const NamedSeries &series : set.series)
        setFor(series.name);
    // Every known reason gets a value per bucket (0 when absent now), in place where it can.
    for (auto it = m_sets.cbegin(); it != m_sets.cend(); ++it) {
        const NamedSeries *series = set.find(it.key());
        ChartStyle::setValues(it.value(), series ? series->values : QList<double>(set.buckets.size(), 0));
    }
    ChartStyle::fitValueAxis(m_y, set.maxStackedValue(), 0);
}

// A label every 6 hours or every 7 days, on the bar of that bucket.
void EndReasonChart::labelAxis(const QList<QDateTime> &buckets, UsageBucket bucket)
{
    for (const QString &label : m_x->categoriesLabels())
        m_x->remove(label);
    const bool days = bucket == UsageBucket::Day;
    const QString format = days ? QStringLiteral("MMM d") : QStringLiteral("HH:mm");
    for (int i = 0; i < buckets.size(); ++i) {
        const QDateTime local = buckets.at(i).toLocalTime();
        if (days ? (buckets.size() - 1 - i) % 7 == 0 : local.time().hour() % 6 == 0)
            m_x->append(QLocale().toString(local, format), i);
    }
    m_x->setRange(-0.5, buckets.size() - 0.5);
    m_buckets = buckets;
}

void EndReasonChart::retranslate()
{
    for (auto it = m_sets.cbegin(); it != m_sets.cend(); ++it)
        it.value()->setLabel(reasonLabel(it.key()));
}
