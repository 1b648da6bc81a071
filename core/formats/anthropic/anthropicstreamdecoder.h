#pragma once

#include "formats/formatcodec.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

// Upstream Anthropic Messages SSE -> canonical stream events. Block indexes are renumbered
// 0, 1, ... over the blocks that translate (server-tool blocks are left out with their deltas).
class AnthropicStreamDecoder : public StreamDecoder
{
public:
    StreamEvents decode(const SseEvent &event) override;

private:
    void dispatch(const QString &type, const QJsonObject &data, StreamEvents &out);
    void onMessageStart(const QJsonObject &data, StreamEvents &out);
    void onBlockStart(const QJsonObject &data, StreamEvents &out);
    void onBlockDelta(const QJsonObject &data, StreamEvents &out);
    void onBlockStop(const QJsonObject &data, StreamEvents &out);
    void onMessageDelta(const QJsonObject &data, StreamEvents &out);
    void onMessageStop(StreamEvents &out);
    void ensureStarted(StreamEvents &out);
    int openBlock(int sourceIndex, ContentPart::Kind kind, StreamEvents &out,
                  const QString &toolCallId = QString(), const QString &toolName = QString());
    void closeAllBlocks(StreamEvents &out);

    QHash<int, int> m_openBlocks; // upstream index -> our index
    QSet<int> m_skippedBlocks;    // upstream indexes of blocks that do not translate
    int m_nextIndex = 0;
    bool m_started = false;
    bool m_ended = false;
};
