#pragma once

#include "geminicallids.h"
#include "formats/formatcodec.h"

#include <QJsonArray>
#include <QJsonObject>

// Gemini `data: <GenerateContentResponse>` chunks -> canonical stream events.
//
// Gemini sends whole parts, not block events: text and thoughts are opened as blocks when
// their kind changes; a functionCall arrives complete and becomes BlockStart + one
// ToolArgsDelta + BlockStop; a thoughtSignature becomes a SignatureDelta that closes the
// thought it follows (or a thought block of its own). Gemini has no terminal event: the chunk
// carrying finishReason (or a blocked prompt) is the end, so End follows it.
class GeminiStreamDecoder : public StreamDecoder
{
public:
    StreamEvents decode(const SseEvent &event) override;

private:
    void start(const QJsonObject &chunk, StreamEvents &out);
    void decodeParts(const QJsonArray &parts, StreamEvents &out);
    void decodePart(ContentPart &part, StreamEvents &out);
    void decodeSignature(const QString &signature, StreamEvents &out);
    void decodeToolCall(ContentPart &call, StreamEvents &out);
    void ensureBlock(ContentPart::Kind kind, StreamEvents &out);
    void closeBlock(StreamEvents &out);
    void finish(StopReason reason, StreamEvents &out);

    GeminiCallIds m_callIds;
    Usage m_usage;
    int m_nextIndex = 0;
    int m_openIndex = -1; // -1: no open block
    ContentPart::Kind m_openKind = ContentPart::Kind::Text;
    bool m_started = false;
    bool m_ended = false;
    bool m_sawToolCalls = false;
};
