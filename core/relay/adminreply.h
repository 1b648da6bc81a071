#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

// One answer of the admin API, built anywhere (relay thread or a worker) and written by AdminApi.
struct AdminReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";

    static AdminReply json(int status, const QJsonObject &o)
    {
        return AdminReply{status, QJsonDocument(o).toJson(QJsonDocument::Compact), "application/json"};
    }
    // {"error":{"message","type"[,"param"]}}, the OpenAI shape the rest of the API speaks.
    static AdminReply error(int status, const QString &message, const QString &type, const QString &param = {})
    {
        QJsonObject e{{QStringLiteral("message"), message}, {QStringLiteral("type"), type}};
        if (!param.isEmpty())
            e.insert(QStringLiteral("param"), param);
        return json(status, QJsonObject{{QStringLiteral("error"), e}});
    }
    static AdminReply badRequest(const QString &message, const QString &param = {})
    {
        return error(400, message, QStringLiteral("invalid_request_error"), param);
    }
    static AdminReply notFound(const QString &message)
    {
        return error(404, message, QStringLiteral("not_found_error"));
    }
};
