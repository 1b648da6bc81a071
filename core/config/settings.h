#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Every runtime setting, with its default in one place. The config importer, the GUI
// dialog and the command line all go through this struct (SPEC.md "settings").
struct Settings
{
    int keepaliveSeconds = 15;
    int streamIdleTimeoutSeconds = 300;
    int firstByteTimeoutSeconds = 120;
    int bootstrapRetries = 2;
    bool drainUpstreamOnClientGone = true;
    bool passthroughUpstreamHeaders = false;
    qint64 maxRequestBytes = 32 * 1024 * 1024;
    bool logBodies = false;
    // Beyond SPEC.md's list:
    qint64 maxSseLineBytes = 16 * 1024 * 1024; // an upstream line longer than this: scanner_error
    int maxConnections = 1024;                 // accepted client connections at once

    QJsonObject toJson() const;
};
