#pragma once

#include "formats/formatcodec.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

// Chat Completions chunks from an upstream -> canonical stream events. Chat has no block
// boundaries: a block opens when its first delta arrives and closes when another kind of
// content starts or at finish_reason; tool calls are told apart by tool_calls[].index.
class OpenAIChatStreamDecoder : public StreamDecoder
{
public:
    StreamEvents decode(const SseEvent &event) override;

private:
    void decodeChunk(const QJsonObject &chunk, StreamEvents &out);
    void decodeDelta(const QJsonObject &delta, StreamEvents &out);
    void decodeToolCall(const QJsonObject &call, int position, StreamEvents &out);
    void decodeUsage(const QJsonValue &usage, StreamEvents &out);
    void finish(const QString &finishReason, StreamEvents &out);
    void appendDelta(ContentPart::Kind kind, StreamEvent::Type type, const QString &text, StreamEvents &out);
    int openBlock(ContentPart::Kind kind, StreamEvents &out, const QString &toolCallId = QString(),
                  const QString &toolName = QString());
    void closeActiveBlock(StreamEvents &out);

    struct ToolBlock
    {
        int blockIndex = -1;
        QString id;
    };

    QString m_id;
    QHash<int, ToolBlock> m_toolBlocks; // by the upstream's tool_calls[].index
    int m_activeBlock = -1;             // the one open block, -1 when none
    ContentPart::Kind m_activeKind = ContentPart::Kind::Text;
    int m_nextBlock = 0;
    int m_toolCalls = 0;
    Usage m_lastUsage;
    bool m_started = false;
    bool m_finished = false;
    bool m_ended = false;
    bool m_refused = false;
};
