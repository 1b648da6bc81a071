#include "recentrequestsmodel.h"

#include "endreasontext.h"
#include "requests/requestcells.h"

#include <QLocale>


RecentRequestsModel::RecentRequestsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &RecentRequestsModel::flush);
}

void RecentRequestsModel::setMaxRows(int maxRows)
{
    m_maxRows = qMax(1, maxRows);
    trimTo(m_maxRows);
}

int RecentRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecentRequestsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void RecentRequestsModel::addRow(const RequestLogRow &row)
{
    m_pending.append(row);
    // Rows that would be trimmed by the next flush anyway are not worth keeping.
    if (m_pending.size() > m_maxRows)
        m_pending.remove(0, m_pending.size() - m_maxRows);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void RecentRequestsModel::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    const int count = int(m_pending.size());
    beginInsertRows({}, 0, count - 1);
    QList<RequestLogRow> rows;
    rows.reserve(count + m_rows.size());
    for (auto it = m_pending.crbegin(); it != m_pending.crend(); ++it)
        rows.append(*it);
    rows.append(m_rows);
    m_rows = std::move(rows);
    m_pending.clear();
    endInsertRows();
    trimTo(m_maxRows);
}

void RecentRequestsModel::trimTo(int maxRows)
{
    if (m_rows.size() <= maxRows)
        return;
    beginRemoveRows({}, maxRows, int(m_rows.size()) - 1);
    m_rows.resize(maxRows);
    endRemoveRows();
}

void RecentRequestsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

QVariant RecentRequestsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const RequestLogRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case Qt::ForegroundRole:
        if (index.column() == Status || index.column() == EndReasonColumn)
            return RequestCells::errorForeground(row);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Status || index.column() == Tokens)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant RecentRequestsModel::displayData(const RequestLogRow &row, int column) const
{
    switch (column) {
    case Time:
        return row.startedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    case Key:
        return RequestCells::orNone(row.keyName);
    case Model:
        return RequestCells::orNone(row.model);
    case Status:
        return RequestCells::httpStatusText(row.httpStatus);
    case EndReasonColumn:
        return endReasonText(row.streamStatus.endReason);
    case Tokens:
        return RequestCells::tokensText(row.usage);
    default:
        return {};
    }
}

QVariant RecentRequestsModel::toolTipData(const RequestLogRow &row, int column) const
{
    switch (column) {
    case Time:
        return QLocale().toString(row.startedAt.toLocalTime(), QLocale::LongFormat);
    case Model:
        if (row.channel.isEmpty())
            return tr("No channel was chosen");
        return tr("Channel: %1\nUpstream model: %2").arg(row.channel, row.upstreamModel);
    case Status:
    case EndReasonColumn:
        return row.errorMessage.isEmpty() ? QVariant() : QVariant(row.errorMessage);
    case Tokens:
        return RequestCells::tokensToolTip(row.usage);
    default:
        return {};
    }
}

QVariant RecentRequestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Key: return tr("Key");
    case Model: return tr("Model");
    case Status: return tr("Status");
    case EndReasonColumn: return tr("End reason");
    case Tokens: return tr("Tokens (in / out)");
    default: return {};
    }
}
