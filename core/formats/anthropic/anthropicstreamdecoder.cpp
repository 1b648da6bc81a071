#include "anthropicstreamdecoder.h"

#include "anthropicwire.h"

#include "formats/formatjson.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>

using namespace FormatJson;

namespace {

StreamEvent makeEvent(StreamEvent::Type type, int index = 0, const QString &text = QString())
{
    StreamEvent e;
    e.type = type;
    e.index = index;
    e.text = text;
    return e;
}

int sourceIndex(const QJsonObject &data)
{
    return int(qMin(integer(data, QLatin1String("index")), qint64(1) << 20));
}

StreamEvent errorEvent(const QJsonObject &data, const QByteArray &raw, bool valid)
{
    StreamEvent e = makeEvent(StreamEvent::Type::Error);
    const QJsonValue error = data.value(QLatin1String("error"));
    const ErrorCode code = AnthropicWire::errorCodeFromType(string(error.toObject(), QLatin1String("type")));
    QString message;
    if (valid)
        message = error.isUndefined() ? errorMessage(data) : errorMessage(error);
    else // still an error; keep what the upstream said
        message = QString::fromUtf8(raw.left(2000)).trimmed();
    e.error = RelayError::make(code, message);
    return e;
}

} // namespace

StreamEvents AnthropicStreamDecoder::decode(const SseEvent &event)
{
    StreamEvents out;
    if (event.commentOnly || m_ended || event.event == "ping")
        return out;
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
    const bool valid = parseError.error == QJsonParseError::NoError && doc.isObject();
    const QJsonObject data = doc.object();
    // Upstreams that send bare `data:` lines put the type only in the JSON.
    const QString type = event.event.isEmpty() ? string(data, QLatin1String("type")) : QString::fromUtf8(event.event);
    if (type == QLatin1String("error")) {
        out << errorEvent(data, event.data, valid);
    } else if (valid) {
        dispatch(type, data, out);
    }
    return out;
}

void AnthropicStreamDecoder::dispatch(const QString &type, const QJsonObject &data, StreamEvents &out)
{
    if (type == QLatin1String("message_start"))
        onMessageStart(data, out);
    else if (type == QLatin1String("content_block_start"))
        onBlockStart(data, out);
    else if (type == QLatin1String("content_block_delta"))
        onBlockDelta(data, out);
    else if (type == QLatin1String("content_block_stop"))
        onBlockStop(data, out);
    else if (type == QLatin1String("message_delta"))
        onMessageDelta(data, out);
    else if (type == QLatin1String("message_stop"))
        onMessageStop(out);
}

void AnthropicStreamDecoder::onMessageStart(const QJsonObject &data, StreamEvents &out)
{
    if (m_started)
        return;
    m_started = true;
    const QJsonObject message = data.value(QLatin1String("message")).toObject();
    StreamEvent start = makeEvent(StreamEvent::Type::MessageStart);
    start.id = string(message, QLatin1String("id"));
    start.model = string(message, QLatin1String("model"));
    const QJsonValue usage = message.value(QLatin1String("usage"));
    if (usage.isObject())
        start.usage = AnthropicWire::usageFromJson(usage.toObject());
    out << start;
    if (start.usage.known) {
        StreamEvent u = makeEvent(StreamEvent::Type::Usage);
        u.usage = start.usage;
        out << u;
    }
}

void AnthropicStreamDecoder::ensureStarted(StreamEvents &out)
{
    if (!m_started)
        onMessageStart(QJsonObject(), out);
}

int AnthropicStreamDecoder::openBlock(int source, ContentPart::Kind kind, StreamEvents &out,
                                      const QString &toolCallId, const QString &toolName)
{
    ensureStarted(out);
    const int index = m_nextIndex++;
    m_openBlocks.insert(source, index);
    StreamEvent start = makeEvent(StreamEvent::Type::BlockStart, index);
    start.blockKind = kind;
    start.toolCallId = toolCallId;
    start.toolName = toolName;
    out << start;
    return index;
}

void AnthropicStreamDecoder::onBlockStart(const QJsonObject &data, StreamEvents &out)
{
    const int source = sourceIndex(data);
    if (m_openBlocks.contains(source))
        return;
    const QJsonObject block = data.value(QLatin1String("content_block")).toObject();
    const QString type = string(block, QLatin1String("type"));
    // Blocks may start with content already in them (non-streaming upstreams replayed as SSE).
    if (type == QLatin1String("text")) {
        const int i = openBlock(source, ContentPart::Kind::Text, out);
        if (const QString text = string(block, QLatin1String("text")); !text.isEmpty())
            out << makeEvent(StreamEvent::Type::TextDelta, i, text);
    } else if (type == QLatin1String("thinking")) {
        const int i = openBlock(source, ContentPart::Kind::Thinking, out);
        if (const QString text = string(block, QLatin1String("thinking")); !text.isEmpty())
            out << makeEvent(StreamEvent::Type::ThinkingDelta, i, text);
        if (const QString signature = string(block, QLatin1String("signature")); !signature.isEmpty())
            out << makeEvent(StreamEvent::Type::SignatureDelta, i, signature);
    } else if (type == QLatin1String("redacted_thinking")) {
        const int i = openBlock(source, ContentPart::Kind::RedactedThinking, out);
        out << makeEvent(StreamEvent::Type::SignatureDelta, i, string(block, QLatin1String("data")));
    } else if (type == QLatin1String("tool_use")) {
        const int i = openBlock(source, ContentPart::Kind::ToolCall, out, string(block, QLatin1String("id")),
                                string(block, QLatin1String("name")));
        const QJsonObject input = block.value(QLatin1String("input")).toObject();
        if (!input.isEmpty())
            out << makeEvent(StreamEvent::Type::ToolArgsDelta, i, QString::fromUtf8(compact(input)));
    } else {
        m_skippedBlocks.insert(source);
    }
}

void AnthropicStreamDecoder::onBlockDelta(const QJsonObject &data, StreamEvents &out)
{
    const int source = sourceIndex(data);
    if (m_skippedBlocks.contains(source))
        return;
    const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
    const QString type = string(delta, QLatin1String("type"));
    StreamEvent::Type eventType;
    ContentPart::Kind kind;
    QString text;
    if (type == QLatin1String("text_delta")) {
        eventType = StreamEvent::Type::TextDelta;
        kind = ContentPart::Kind::Text;
        text = string(delta, QLatin1String("text"));
    } else if (type == QLatin1String("thinking_delta") || type == QLatin1String("signature_delta")) {
        const bool signature = type == QLatin1String("signature_delta");
        eventType = signature ? StreamEvent::Type::SignatureDelta : StreamEvent::Type::ThinkingDelta;
        kind = ContentPart::Kind::Thinking;
        text = string(delta, signature ? QLatin1String("signature") : QLatin1String("thinking"));
    } else if (type == QLatin1String("input_json_delta")) {
        eventType = StreamEvent::Type::ToolArgsDelta;
        kind = ContentPart::Kind::ToolCall;
        text = string(delta, QLatin1String("partial_json"));
    } else {
        return; // citations and future delta types carry nothing the canonical model holds
    }
    // A delta for a block never started still gets its BlockStart (the decoder contract).
    const int index = m_openBlocks.contains(source) ? m_openBlocks.value(source) : openBlock(source, kind, out);
    if (!text.isEmpty())
        out << makeEvent(eventType, index, text);
}

void AnthropicStreamDecoder::onBlockStop(const QJsonObject &data, StreamEvents &out)
{
    const int source = sourceIndex(data);
    m_skippedBlocks.remove(source);
    if (m_openBlocks.contains(source))
        out << makeEvent(StreamEvent::Type::BlockStop, m_openBlocks.take(source));
}

void AnthropicStreamDecoder::closeAllBlocks(StreamEvents &out)
{
    QList<int> open = m_openBlocks.values();
    std::sort(open.begin(), open.end());
    for (int index : open)
        out << makeEvent(StreamEvent::Type::BlockStop, index);
    m_openBlocks.clear();
}

void AnthropicStreamDecoder::onMessageDelta(const QJsonObject &data, StreamEvents &out)
{
    ensureStarted(out);
    const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
    const QJsonValue reason = delta.value(QLatin1String("stop_reason"));
    if (reason.isString()) {
        closeAllBlocks(out);
        StreamEvent finish = makeEvent(StreamEvent::Type::Finish);
        finish.stopReason = AnthropicWire::stopReasonFromName(reason.toString());
        finish.stopSequence = string(delta, QLatin1String("stop_sequence"));
        out << finish;
    }
    const QJsonValue usage = data.value(QLatin1String("usage"));
    if (usage.isObject()) {
        StreamEvent u = makeEvent(StreamEvent::Type::Usage);
        u.usage = AnthropicWire::usageFromJson(usage.toObject());
        out << u;
    }
}

void AnthropicStreamDecoder::onMessageStop(StreamEvents &out)
{
    ensureStarted(out);
    closeAllBlocks(out);
    m_ended = true;
    out << makeEvent(StreamEvent::Type::End);
}
