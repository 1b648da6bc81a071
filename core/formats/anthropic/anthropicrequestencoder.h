#pragma once

#include "model/conversation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// Canonical Request -> an Anthropic Messages request body for an upstream. Anthropic is the
// strictest reader of the four: roles alternate, tool results open the user turn that answers
// the calls, thinking rules out sampling knobs and forced tools. One instance per request.
class AnthropicRequestEncoder
{
public:
    explicit AnthropicRequestEncoder(const Request &request) : m_request(request) {}
    QJsonObject encode();

private:
    struct Turn
    {
        QString role;
        QList<QJsonObject> blocks;
    };

    QJsonValue systemValue() const;
    QJsonArray messages();
    void addMessage(const Message &message);
    std::optional<QJsonObject> blockFor(ContentPart part);
    bool lastToolTurnKeepsThinking() const;
    QJsonArray tools() const;
    QJsonObject toolChoice() const;
    int thinkingBudget(int &maxTokens) const;
    void addSampling(QJsonObject &body, bool thinking) const;

    const Request &m_request;
    QStringList m_hoistedSystem;         // System-role messages found among the turns
    QList<Turn> m_turns;
    QList<ContentPart> m_unansweredCalls; // calls whose id was made up here, awaiting results
    int m_madeUpIds = 0;
};
