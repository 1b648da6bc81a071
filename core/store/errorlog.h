#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// One group of the error log: every entry with the same signature (see obs/errorsignature.h).
struct ErrorGroup
{
    QString signature;
    QString kind;          // errorKindName()
    QString channelType;
    qint64 count = 0;
    QDateTime firstSeen;   // UTC
    QDateTime lastSeen;
    QString lastMessage;   // the most recent entry's message (secrets masked)
    QString lastChannel;   // the channel of the most recent entry ("" when none)
    QString lastRequestId;
    QStringList channels;  // every channel the group was seen on, sorted
    QDateTime acknowledgedAt; // invalid: never; hidden from unacknowledged listings until lastSeen is later

    QJsonObject toJson() const; // the /admin/errors item shape
};

// One recent occurrence kept with its group (at most ErrorLogTable::kSamplesPerGroup).
struct ErrorSample
{
    qint64 id = 0;
    QString signature;
    QDateTime at;
    QString requestId;
    QString keyName;
    QString channel;
    QString model;
    QString message;
    QJsonObject detail; // the close event or other diagnostics

    QJsonObject toJson() const;
};

// Filters of an error-group listing (most recently seen first).
struct ErrorGroupQuery
{
    int limit = 100;
    QString kind;           // "" = any
    QString channel;        // "" = any: groups seen on this channel
    QDateTime since;        // invalid = any: groups seen at or after this time
    bool includeAcknowledged = true; // false: skip groups not seen again since acknowledged
};
