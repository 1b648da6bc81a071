#pragma once

#include <QStyledItemDelegate>

// Paints a cell's counts (a QList<qint64> under kCountsRole, oldest first) as small bars, so
// a trend reads at a glance; the display text, if any, is not drawn.
class SparklineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int kCountsRole = Qt::UserRole + 1;

    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
