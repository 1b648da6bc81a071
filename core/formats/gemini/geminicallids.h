#pragma once

#include "model/conversation.h"

#include <QString>

// Ids for the function calls of one Gemini answer, which come without them: the part's own id
// when it has one, else "call_" + hash(responseId + "#" + n), n counting the answer's calls.
// The response id differs per turn, so ids never repeat within a conversation; an answer with
// no response id is seeded from a random uuid for the same reason.
class GeminiCallIds
{
public:
    explicit GeminiCallIds(const QString &responseId = QString());
    // Streams learn the response id from their first chunk.
    void setResponseId(const QString &responseId);
    void assign(ContentPart &call);

private:
    QString m_seed;
    int m_next = 0;
};
