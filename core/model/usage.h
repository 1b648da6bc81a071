#pragma once

#include <QJsonObject>
#include <QtGlobal>

// Token usage as reported by an upstream. `inputTokens` always includes cached input
// (the OpenAI convention); format encoders that want it split (Anthropic) subtract.
struct Usage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedInputTokens = 0;
    qint64 reasoningTokens = 0;
    bool known = false; // false: the upstream never reported usage

    // Later reports win field by field when they carry a value (streams send usage in pieces).
    void mergeFrom(const Usage &other);
    QJsonObject toJson() const;
    static Usage fromJson(const QJsonObject &o);
};
