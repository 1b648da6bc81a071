#include "relaystate.h"

#include <QCoreApplication>
#include <climits>

// Q_INIT_RESOURCE must be used outside any namespace; GUI thread only, hence no locking.
void initUiResources()
{
    static bool done = false;
    if (!done) {
        Q_INIT_RESOURCE(resources);
        done = true;
    }
}

RelayState relayStateOf(bool running, const QString &lastError, bool stopping)
{
    if (stopping)
        return RelayState::Stopping;
    if (running)
        return RelayState::Running;
    return lastError.isEmpty() ? RelayState::Stopped : RelayState::Error;
}

QString relayStateText(RelayState state)
{
    switch (state) {
    case RelayState::Running:
        return QCoreApplication::translate("RelayState", "Running");
    case RelayState::Stopping:
        return QCoreApplication::translate("RelayState", "Stopping…");
    case RelayState::Stopped:
        return QCoreApplication::translate("RelayState", "Stopped");
    case RelayState::Error:
        return QCoreApplication::translate("RelayState", "Error");
    }
    return {};
}

QString logWriteProblemText(bool ok, const QString &error, qint64 pendingRows, qint64 droppedRows)
{
    if (!ok) {
        const QString text = QCoreApplication::translate(
            "RelayState", "The database refuses writes (%1): %2 log rows waiting in memory, %3 lost");
        return text.arg(error).arg(pendingRows).arg(droppedRows);
    }
    if (droppedRows <= 0)
        return {};
    const int lost = droppedRows > INT_MAX ? INT_MAX : int(droppedRows);
    return QCoreApplication::translate("RelayState", "%n log row(s) lost while the database refused writes", nullptr,
                                       lost);
}

QString connectionsRefusedText(qint64 total, int maxConnections)
{
    if (total <= 0)
        return {};
    const int n = total > INT_MAX ? INT_MAX : int(total);
    return QCoreApplication::translate("RelayState",
                                       "%n connection(s) refused with 503 since the relay started: max_connections (%1) "
                                       "were open. Raise it in Settings if your clients need more.",
                                       nullptr, n)
        .arg(maxConnections);
}

QIcon relayStateIcon(RelayState state)
{
    initUiResources();
    switch (state) {
    case RelayState::Running:
        return QIcon(QStringLiteral(":/icons/tray-running.svg"));
    case RelayState::Stopping:
    case RelayState::Stopped:
        return QIcon(QStringLiteral(":/icons/tray-stopped.svg"));
    case RelayState::Error:
        return QIcon(QStringLiteral(":/icons/tray-error.svg"));
    }
    return {};
}

QIcon appIcon()
{
    initUiResources();
    return QIcon(QStringLiteral(":/icons/relaydesk.svg"));
}
