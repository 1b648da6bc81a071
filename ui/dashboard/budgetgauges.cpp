#include "budgetgauges.h"

#include "chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCursor>
#include <QHorizontalStackedBarSeries>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

BudgetGauges::BudgetGauges(QWidget *parent)
    : QChartView(parent)
    , m_series(new QHorizontalStackedBarSeries(this))
    , m_keys(new QBarCategoryAxis(this))
    , m_usd(new QValueAxis(this))
{
    QChart *c = ChartStyle::apply(this);
    const QColor colors[PartCount] = {QColor(0xdc2626), QColor(0xf59e0b), QColor(0x16a34a)};
    for (int p = 0; p < PartCount; ++p) {
        m_parts[p] = new QBarSet(QString());
        m_parts[p]->setColor(colors[p]);
        m_parts[p]->setBorderColor(Qt::transparent);
        m_series->append(m_parts[p]);
    }
    m_series->setBarWidth(0.6);
    c->addSeries(m_series);
    c->addAxis(m_keys, Qt::AlignLeft);
    c->addAxis(m_usd, Qt::AlignBottom);
    m_series->attachAxis(m_keys);
    m_series->attachAxis(m_usd);
    ChartStyle::fitValueAxis(m_usd, 0, 2);
    connect(m_series, &QHorizontalStackedBarSeries::hovered, this,
            [this](bool hovering, int index) { showToolTip(hovering, index); });
    retranslate();
}

void BudgetGauges::retranslate()
{
    m_parts[Spent]->setLabel(tr("Spent"));
    m_parts[Reserved]->setLabel(tr("Reserved"));
    m_parts[Left]->setLabel(tr("Left"));
    chart()->setTitle(m_rows.isEmpty() ? tr("Budgets (no key has a budget)") : tr("Budget per key (USD)"));
}

QStringList BudgetGauges::keys() const
{
    return m_keys->categories();
}

double BudgetGauges::value(const QString &key, Part p) const
{
    const int i = int(keys().indexOf(key));
    return i < 0 || i >= m_parts[p]->count() ? -1 : m_parts[p]->at(i);
}

void BudgetGauges::setRows(const QList<BudgetGaugeRow> &rows)
{
    m_rows = rows;
    QStringList names;
    double max = 0;
    for (const BudgetGaugeRow &r : rows) {
        names.append(r.key);
        max = std::max({max, r.budgetUsd, r.spentUsd + r.reservedUsd});
    }
    if (names != m_keys->categories())
        m_keys->setCategories(names);
    for (int p = 0; p < PartCount; ++p) {
        QList<qreal> values;
        for (const BudgetGaugeRow &r : rows)
            values.append(p == Spent ? r.spentUsd : p == Reserved ? r.reservedUsd : r.leftUsd());
        ChartStyle::setValues(m_parts[p], values);
    }
    ChartStyle::fitValueAxis(m_usd, max, 2);
    retranslate();
}

void BudgetGauges::showToolTip(bool hovering, int index)
{
    if (!hovering || index < 0 || index >= m_rows.size()) {
        QToolTip::hideText();
        return;
    }
    const BudgetGaugeRow &r = m_rows.at(index);
    const QLocale locale;
    const auto usd = [&](double v) { return locale.toString(v, 'f', 2); };
    QToolTip::showText(QCursor::pos(), tr("%1: spent $%2, reserved $%3, left $%4 of $%5")
                                           .arg(r.key, usd(r.spentUsd), usd(r.reservedUsd), usd(r.leftUsd()),
                                                usd(r.budgetUsd)),
                       this);
}
