#pragma once

#include "model/conversation.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

// A Gemini generateContent request body -> canonical Request. One instance per request: it
// keeps the function calls seen so far to give each function response the id of its call.
//
// Gemini calls carry no id (or one the client made up); canonical results need the id of the
// call they answer. A call without id gets "call_" + hash(name + "#" + n) where n counts the
// earlier calls of that name in the conversation; a response takes the id of the oldest
// unanswered call of its name (or its own id when that names a known call), else the id the
// same rule gives it. Ids are thus stable across the turns of one conversation.
class GeminiRequestDecoder
{
public:
    std::optional<Request> decode(const QJsonObject &body, const QString &pathModel, bool streamRoute,
                                  QString *error);

private:
    bool decodeContents(const QJsonValue &contents, Request &request);
    bool decodeContent(const QJsonValue &value, const QString &path, Request &request);
    bool decodeParts(const QJsonArray &parts, const QString &path, bool modelTurn, QList<ContentPart> &out);
    void appendUserParts(const QList<ContentPart> &parts, Request &request) const;
    bool decodeSystem(const QJsonValue &system, Request &request);
    bool decodeTools(const QJsonValue &tools, Request &request);
    bool decodeFunctions(const QJsonArray &declarations, const QString &path, Request &request);
    void decodeToolConfig(const QJsonObject &toolConfig, Request &request) const;
    bool decodeGenerationConfig(const QJsonValue &config, Request &request);
    void decodeThinking(const QJsonObject &thinking, Request &request) const;
    void decodeResponseFormat(const QJsonObject &config, Request &request) const;
    void assignCallId(ContentPart &call);
    void assignResultId(ContentPart &result);
    bool fail(const QString &message);

    QString m_error;
    QHash<QString, int> m_callsByName;       // calls of each name so far
    QHash<QString, int> m_resultsByName;     // results of each name so far
    QHash<QString, QStringList> m_unanswered; // name -> ids of calls without a result yet, oldest first
    QSet<QString> m_callIds;
};
