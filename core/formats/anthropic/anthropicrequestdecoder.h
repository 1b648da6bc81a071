#pragma once

#include "model/conversation.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

// A client's Anthropic Messages request body -> canonical Request. One instance per request;
// the first problem found ends the decode with an error naming its JSON path.
class AnthropicRequestDecoder
{
public:
    std::optional<Request> decode(const QJsonObject &body, QString *error);

private:
    bool readSystem(const QJsonValue &system, const QString &path);
    bool readMessages(const QJsonValue &messages);
    bool readMessage(const QJsonValue &value, const QString &path);
    void appendParts(Role role, const QList<ContentPart> &parts);
    bool readTools(const QJsonValue &tools);
    bool readToolChoice(const QJsonValue &choice);
    bool readSampling(const QJsonObject &body);
    bool readThinking(const QJsonObject &body);
    bool readNumber(const QJsonObject &body, QLatin1String key, std::optional<double> &out);
    bool readInteger(const QJsonObject &body, QLatin1String key, std::optional<int> &out);
    bool fail(const QString &path, const QString &what);

    Request m_request;
    QString m_error;
    QHash<QString, QString> m_toolNames; // tool_use id -> tool name, for results (Gemini wants it)
};
