#pragma once

#include "formats/formatcodec.h"

#include <QJsonObject>
#include <optional>

// Canonical stream events -> the SSE bytes an Anthropic Messages client expects:
// message_start, then one block at a time (content_block_start, deltas, content_block_stop),
// then message_delta with the stop reason and final usage, then message_stop.
// Block indexes are this encoder's own, consecutive from 0.
class AnthropicStreamEncoder : public StreamEncoder
{
public:
    explicit AnthropicStreamEncoder(const EncoderOptions &options);
    QByteArray encode(const StreamEvent &event) override;
    QByteArray encodeError(const RelayError &error) override;

private:
    struct Block
    {
        int sourceIndex = 0;
        int index = 0;
        ContentPart::Kind kind = ContentPart::Kind::Text;
        QString redactedData; // redacted thinking is written whole when it closes
        QString reasoningId;  // thinking from an OpenAI reasoning item: its signature is enveloped
    };

    QByteArray messageStart(const StreamEvent &start);
    QByteArray ensureStarted();
    QByteArray startBlock(int sourceIndex, ContentPart::Kind kind, const StreamEvent &event);
    QByteArray delta(const StreamEvent &event);
    QByteArray closeBlock();
    QByteArray finishMessage();
    QString stopReasonName() const;

    EncoderOptions m_options;
    Usage m_usage;
    std::optional<Block> m_block; // Anthropic never has two blocks open at once
    int m_nextIndex = 0;
    bool m_started = false;
    bool m_ended = false;
    bool m_finished = false;
    bool m_sawToolUse = false;
    StopReason m_stopReason = StopReason::EndTurn;
    QString m_stopSequence;
};
