#pragma once

#include <QIcon>
#include <QString>

// What the GUI shows about the relay: the states the window and the tray agree on.
enum class RelayState {
    Running,
    Stopping, // draining in-flight requests (RelayService::stopAsync)
    Stopped,
    Error // stopped because the last start failed (port in use, bad address, ...)
};

RelayState relayStateOf(bool running, const QString &lastError, bool stopping = false);
QString relayStateText(RelayState state); // translated, e.g. "Running"
QIcon relayStateIcon(RelayState state);   // the tray icon of that state
// What the window and the tray say about request-log rows the database refuses (translated);
// "" when writes work and no row was ever lost. Arguments as in Store::LogWriteState.
QString logWriteProblemText(bool ok, const QString &error, qint64 pendingRows, qint64 droppedRows);
// Connections over max_connections, which leave no request row: "" when there were none.
QString connectionsRefusedText(qint64 total, int maxConnections);
QIcon appIcon();

// The icons live in resources.qrc inside the static relayui library; a static library's
// resource initialiser is dropped by the linker unless something references it.
void initUiResources();
