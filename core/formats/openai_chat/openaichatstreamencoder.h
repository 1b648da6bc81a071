#pragma once

#include "formats/formatcodec.h"

#include <QHash>
#include <QJsonObject>

// Canonical stream events -> the `data: {chat.completion.chunk}` frames a Chat Completions
// client expects: a role chunk first, content/reasoning/tool-call deltas, one finish chunk,
// the usage chunk (choices: []) when the client asked for it, then `data: [DONE]`.
class OpenAIChatStreamEncoder : public StreamEncoder
{
public:
    explicit OpenAIChatStreamEncoder(const EncoderOptions &options);

    QByteArray encode(const StreamEvent &event) override;
    QByteArray encodeError(const RelayError &error) override;

private:
    QByteArray start(const QString &upstreamId = QString(), const QString &upstreamModel = QString());
    QByteArray chunk(const QJsonObject &delta) const;
    QByteArray contentDelta(const char *key, const QString &text);
    QByteArray toolCallStart(const StreamEvent &event);
    QByteArray toolArgs(const StreamEvent &event);
    QByteArray finish(StopReason reason);
    QByteArray end();

    QString m_clientModel;
    QString m_requestId;
    bool m_includeUsage = true;
    qint64 m_created = 0;
    // `{"id":..,"object":"chat.completion.chunk","created":..,"model":..,` shared by every chunk.
    QByteArray m_head;
    QHash<int, int> m_toolOrdinals; // canonical block index -> tool_calls[].index
    Usage m_usage;
    bool m_finished = false;
    bool m_ended = false;
};
