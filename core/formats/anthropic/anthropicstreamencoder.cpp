#include "anthropicstreamencoder.h"

#include "model/signatureenvelope.h"

#include "anthropicwire.h"

#include "formats/formatjson.h"

#include <QJsonArray>

namespace {

const QLatin1String TypeKey("type");
const QLatin1String IndexKey("index");

QByteArray frame(const char *type, QJsonObject data)
{
    data.insert(TypeKey, QLatin1String(type));
    return Sse::frame(type, FormatJson::compact(data));
}

ContentPart::Kind blockKindOf(StreamEvent::Type type)
{
    switch (type) {
    case StreamEvent::Type::ThinkingDelta:
    case StreamEvent::Type::SignatureDelta: return ContentPart::Kind::Thinking;
    case StreamEvent::Type::ToolArgsDelta: return ContentPart::Kind::ToolCall;
    default: return ContentPart::Kind::Text;
    }
}

QJsonObject deltaObject(const StreamEvent &event)
{
    switch (event.type) {
    case StreamEvent::Type::ThinkingDelta:
        return QJsonObject{{TypeKey, QStringLiteral("thinking_delta")}, {QStringLiteral("thinking"), event.text}};
    case StreamEvent::Type::SignatureDelta:
        return QJsonObject{{TypeKey, QStringLiteral("signature_delta")}, {QStringLiteral("signature"), event.text}};
    case StreamEvent::Type::ToolArgsDelta:
        return QJsonObject{{TypeKey, QStringLiteral("input_json_delta")}, {QStringLiteral("partial_json"), event.text}};
    default:
        return QJsonObject{{TypeKey, QStringLiteral("text_delta")}, {QStringLiteral("text"), event.text}};
    }
}

bool isShownBlock(ContentPart::Kind kind)
{
    return kind == ContentPart::Kind::Text || kind == ContentPart::Kind::Thinking
        || kind == ContentPart::Kind::RedactedThinking || kind == ContentPart::Kind::ToolCall;
}

} // namespace

AnthropicStreamEncoder::AnthropicStreamEncoder(const EncoderOptions &options) : m_options(options) {}

QByteArray AnthropicStreamEncoder::encode(const StreamEvent &event)
{
    if (m_ended)
        return {};
    switch (event.type) {
    case StreamEvent::Type::MessageStart:
        return messageStart(event);
    case StreamEvent::Type::BlockStart:
        if (m_block && m_block->sourceIndex == event.index && m_block->kind == event.blockKind)
            return {};
        return startBlock(event.index, event.blockKind, event);
    case StreamEvent::Type::TextDelta:
    case StreamEvent::Type::ThinkingDelta:
    case StreamEvent::Type::SignatureDelta:
    case StreamEvent::Type::ToolArgsDelta:
        return delta(event);
    case StreamEvent::Type::BlockStop:
        return m_block && m_block->sourceIndex == event.index ? closeBlock() : QByteArray();
    case StreamEvent::Type::Finish:
        // Held until End: message_delta must carry the final usage, which may come later.
        m_finished = true;
        m_stopReason = event.stopReason;
        m_stopSequence = event.stopSequence;
        return closeBlock();
    case StreamEvent::Type::Usage:
        m_usage.mergeFrom(event.usage);
        return {};
    case StreamEvent::Type::Error:
        return encodeError(event.error);
    case StreamEvent::Type::End:
        return finishMessage();
    }
    return {};
}

QByteArray AnthropicStreamEncoder::encodeError(const RelayError &error)
{
    if (m_ended)
        return {};
    QByteArray out = closeBlock();
    m_ended = true;
    out += Sse::frame("error", FormatJson::compact(AnthropicWire::errorBody(error)));
    return out;
}

QByteArray AnthropicStreamEncoder::messageStart(const StreamEvent &start)
{
    m_usage.mergeFrom(start.usage);
    if (m_started)
        return {};
    m_started = true;
    const QString id = start.id.isEmpty() ? AnthropicWire::messageId(m_options.requestId) : start.id;
    const QString model = m_options.clientModel.isEmpty() ? start.model : m_options.clientModel;
    const QJsonObject message{{QStringLiteral("id"), id},
                              {TypeKey, QStringLiteral("message")},
                              {QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("model"), model},
                              {QStringLiteral("content"), QJsonArray()},
                              {QStringLiteral("stop_reason"), QJsonValue::Null},
                              {QStringLiteral("stop_sequence"), QJsonValue::Null},
                              {QStringLiteral("usage"), AnthropicWire::usageToJson(m_usage)}};
    return frame("message_start", QJsonObject{{QStringLiteral("message"), message}});
}

QByteArray AnthropicStreamEncoder::ensureStarted()
{
    if (m_started)
        return {};
    StreamEvent start;
    start.type = StreamEvent::Type::MessageStart;
    return messageStart(start);
}

QByteArray AnthropicStreamEncoder::startBlock(int sourceIndex, ContentPart::Kind kind, const StreamEvent &event)
{
    if (!isShownBlock(kind)) // images or tool results never appear in an answer
        return {};
    QByteArray out = ensureStarted();
    out += closeBlock();
    m_block = Block{sourceIndex, m_nextIndex++, kind, QString(),
                    kind == ContentPart::Kind::Thinking ? event.id : QString()};
    QJsonObject content;
    switch (kind) {
    case ContentPart::Kind::RedactedThinking:
        return out; // its data arrives as signature deltas; written whole when it closes
    case ContentPart::Kind::Thinking:
        content = QJsonObject{{TypeKey, QStringLiteral("thinking")},
                              {QStringLiteral("thinking"), QString()},
                              {QStringLiteral("signature"), QString()}};
        break;
    case ContentPart::Kind::ToolCall:
        m_sawToolUse = true;
        content = QJsonObject{{TypeKey, QStringLiteral("tool_use")},
                              {QStringLiteral("id"), event.toolCallId.isEmpty()
                                   ? AnthropicWire::toolUseId(m_options.requestId, m_block->index)
                                   : event.toolCallId},
                              {QStringLiteral("name"), event.toolName},
                              {QStringLiteral("input"), QJsonObject()}};
        break;
    default:
        content = QJsonObject{{TypeKey, QStringLiteral("text")}, {QStringLiteral("text"), QString()}};
        break;
    }
    out += frame("content_block_start",
                 QJsonObject{{IndexKey, m_block->index}, {QStringLiteral("content_block"), content}});
    return out;
}

QByteArray AnthropicStreamEncoder::delta(const StreamEvent &event)
{
    const bool sameBlock = m_block && m_block->sourceIndex == event.index;
    if (event.type == StreamEvent::Type::SignatureDelta && sameBlock) {
        if (m_block->kind == ContentPart::Kind::RedactedThinking) {
            m_block->redactedData += event.text;
            return {};
        }
        // Gemini signs text and function-call parts too; Anthropic has signatures on thinking only.
        if (m_block->kind != ContentPart::Kind::Thinking)
            return {};
        if (!m_block->reasoningId.isEmpty() && !event.text.isEmpty()) {
            StreamEvent wrapped = event;
            wrapped.text = SignatureEnvelope::wrap(m_block->reasoningId, event.text);
            return frame("content_block_delta",
                         QJsonObject{{IndexKey, m_block->index}, {QStringLiteral("delta"), deltaObject(wrapped)}});
        }
    }
    const ContentPart::Kind kind = blockKindOf(event.type);
    QByteArray out;
    // Encoders are tolerant: a delta for a block never started (or of another kind) opens one.
    if (!sameBlock || m_block->kind != kind)
        out = startBlock(event.index, kind, event);
    if (event.text.isEmpty())
        return out;
    out += frame("content_block_delta",
                 QJsonObject{{IndexKey, m_block->index}, {QStringLiteral("delta"), deltaObject(event)}});
    return out;
}

QByteArray AnthropicStreamEncoder::closeBlock()
{
    if (!m_block)
        return {};
    QByteArray out;
    const int index = m_block->index;
    if (m_block->kind == ContentPart::Kind::RedactedThinking) {
        const QJsonObject content{{TypeKey, QStringLiteral("redacted_thinking")},
                                  {QStringLiteral("data"), m_block->redactedData}};
        out += frame("content_block_start", QJsonObject{{IndexKey, index}, {QStringLiteral("content_block"), content}});
    }
    out += frame("content_block_stop", QJsonObject{{IndexKey, index}});
    m_block.reset();
    return out;
}

QString AnthropicStreamEncoder::stopReasonName() const
{
    // Some upstreams end a turn of tool calls with a plain "stop"; Anthropic clients loop on tool_use.
    if (m_sawToolUse && (!m_finished || m_stopReason == StopReason::EndTurn))
        return AnthropicWire::stopReasonName(StopReason::ToolUse);
    return AnthropicWire::stopReasonName(m_finished ? m_stopReason : StopReason::EndTurn);
}

QByteArray AnthropicStreamEncoder::finishMessage()
{
    QByteArray out = ensureStarted();
    out += closeBlock();
    const QJsonObject delta{{QStringLiteral("stop_reason"), stopReasonName()},
                            {QStringLiteral("stop_sequence"), AnthropicWire::stopSequenceValue(m_stopReason, m_stopSequence)}};
    out += frame("message_delta", QJsonObject{{QStringLiteral("delta"), delta},
                                              {QStringLiteral("usage"), AnthropicWire::usageToJson(m_usage)}});
    out += frame("message_stop", QJsonObject());
    m_ended = true;
    return out;
}
