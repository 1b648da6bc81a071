#pragma once

#include "formats/formatcodec.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

// Upstream Responses events -> canonical stream events. Each output item (message,
// reasoning, function_call) becomes one canonical block, numbered in order of appearance;
// hosted-tool items have no canonical form and are passed over.
class OpenAIResponsesStreamDecoder : public StreamDecoder
{
public:
    StreamEvents decode(const SseEvent &event) override;

private:
    enum class ThinkingSource { None, Summary, Raw };
    struct Block
    {
        int index = 0;
        ContentPart::Kind kind = ContentPart::Kind::Text;
        QString itemId;
        QString streamed; // what the deltas carried so far (to complete items sent whole)
        ThinkingSource source = ThinkingSource::None;
        bool open = true;
    };

    void start(const QJsonObject &response, StreamEvents &out);
    Block *blockFor(const QJsonObject &event);
    Block &openBlock(const QJsonObject &item, int outputIndex, ContentPart::Kind kind, StreamEvents &out);
    void onItemAdded(const QJsonObject &event, StreamEvents &out);
    void onDelta(const QJsonObject &event, ContentPart::Kind kind, ThinkingSource source, StreamEvents &out);
    void onSummaryPartAdded(const QJsonObject &event, StreamEvents &out);
    void onItemDone(const QJsonObject &item, int outputIndex, StreamEvents &out);
    void onTerminal(const QJsonObject &response, StreamEvents &out);
    void onFailed(const QJsonObject &response, StreamEvents &out);
    void onError(const QJsonObject &event, StreamEvents &out);
    void emitUsage(const QJsonObject &response, StreamEvents &out);

    QList<Block> m_blocks;
    QHash<int, qsizetype> m_byOutputIndex;
    QHash<QString, qsizetype> m_byItemId;
    bool m_started = false;
    bool m_ended = false;
    bool m_errored = false;
    bool m_calledTools = false;
};
