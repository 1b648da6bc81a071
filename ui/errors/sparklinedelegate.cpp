#include "sparklinedelegate.h"

#include <QApplication>
#include <QPainter>
#include <algorithm>

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const auto counts = index.data(kCountsRole).value<QList<qint64>>();
    if (counts.isEmpty())
        return;
    const qint64 peak = std::max<qint64>(1, *std::max_element(counts.cbegin(), counts.cend()));
    const QRectF area = QRectF(option.rect).adjusted(3, 3, -3, -3);
    const qreal step = area.width() / counts.size();
    const QColor color = option.state & QStyle::State_Selected ? option.palette.highlightedText().color()
                                                               : QColor(0xc6, 0x28, 0x28);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (int i = 0; i < counts.size(); ++i) {
        if (counts.at(i) <= 0)
            continue;
        // At least 2 px, so a single occurrence is visible next to a peak of thousands.
        const qreal height = std::max<qreal>(2, area.height() * qreal(counts.at(i)) / qreal(peak));
        painter->fillRect(QRectF(area.left() + i * step, area.bottom() - height, std::max<qreal>(1, step - 1), height),
                          color);
    }
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return {std::max(base.width(), 100), base.height()};
}
