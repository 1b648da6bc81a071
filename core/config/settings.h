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
    qint64 maxClientBacklogBytes = 16 * 1024 * 1024; // written to a client but not taken by it: beyond, it is
                                                     // dropped as too slow (client-write-failed)
    int retentionDays = 0;                     // logs older than this are pruned (0: kept)
    qint64 retentionRows = 0;                  // request rows beyond the newest N are pruned (0: kept)
    // Request limits and browser defences (docs/security.md):
    int headerReadTimeoutSeconds = 10;  // a request head must be complete this long after its first byte (408)
    int bodyReadTimeoutSeconds = 60;    // and its body this long after the head (408)
    int idleTimeoutSeconds = 60;        // a keep-alive connection with nothing in flight is closed after this
    int slowClientTimeoutSeconds = 30;  // output pending and not a byte taken by the client for this long: dropped
    qint64 maxHeaderBytes = 32 * 1024;  // request line + header fields (431)
    QStringList allowedHosts;           // Host names accepted besides localhost and IP literals ("name" or "name:port")
    QStringList allowedOrigins;         // browser origins allowed, with CORS ("https://app.example:8443"); none by default
    // Routing and budgets (docs/routing-and-budgets.md):
    int cooldownBaseSeconds = 5;          // a 429 without Retry-After cools the key this long, doubling
    int cooldownMaxSeconds = 300;         // cap of that cooldown
    int unhealthyAfterFailures = 3;       // failures in a row that take a key or channel out
    int unhealthySeconds = 30;            // first unhealthy period, doubling after each failed trial
    int unhealthyMaxSeconds = 600;        // cap of that period
    qint64 defaultMaxOutputTokens = 4096; // output reserved for a request that sets no cap
    double defaultPriceInput = 3.0;       // USD per million tokens for a model without a price
    double defaultPriceOutput = 15.0;
    // Database faults (docs/multi-node.md):
    qint64 logBufferRows = 100000;        // log rows kept in memory while the database refuses writes;
                                          // beyond, new rows are dropped and counted
    bool failClosedBudgetedKeys = true;   // quota ledger unreachable: budgeted keys get 503 (true) or are
                                          // served unmetered (false); keys without budget always flow

    QJsonObject toJson() const;
};
