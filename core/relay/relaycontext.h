#pragma once

#include "config/config.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>
#include <memory>

class Store;
class UpstreamPool;
class Router;

// What every session on the relay thread shares. Owned by RelayServer.
struct RelayContext
{
    std::shared_ptr<const Config> config; // replaced wholesale on change; sessions keep theirs
    Store *store = nullptr;
    UpstreamPool *upstreams = nullptr;
    Router *router = nullptr;
    QString node;
};

// One client request as received (copied out of QHttpServerRequest, which dies with the call).
struct IncomingRequest
{
    QString requestId;
    QDateTime startedAt;
    QElapsedTimer clock;
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress remote;
    QString pathModel;       // Gemini: the {model} of /v1beta/models/{model}:action
    bool streamRoute = false; // Gemini: :streamGenerateContent

    QByteArray header(QByteArrayView name) const; // case-insensitive, first match
    // The client key from Authorization: Bearer, x-api-key, x-goog-api-key or ?key= ("" if none).
    QString clientKey() const;
};
