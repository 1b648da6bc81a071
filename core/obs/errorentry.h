#pragma once

#include "errorkind.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// One occurrence of a failure, on its way to the error log. The store groups entries by
// `signature` (count, first/last seen, channels) and keeps the most recent ones as samples.
struct ErrorEntry
{
    ErrorKind kind = ErrorKind::Internal;
    QString signature;   // errorSignature(kind, channelType, message)
    QString channelType; // "" when no channel was involved
    QString message;     // secrets masked
    QDateTime at;        // UTC
    QString requestId;   // "" outside a request
    QString keyName;
    QString channel;
    QString model;
    QJsonObject detail;  // the close event or other diagnostics (secrets masked)

    // Masks the message and computes the signature.
    static ErrorEntry make(ErrorKind kind, const QString &channelType, const QString &message,
                           const QDateTime &at = QDateTime::currentDateTimeUtc());
};
