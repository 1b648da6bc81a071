#include "openairesponsesstreamdecoder.h"

#include "openairesponsesjson.h"

#include "formats/formatjson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace FormatJson;
using Kind = ContentPart::Kind;

namespace {

StreamEvent event(StreamEvent::Type type, int index = 0)
{
    StreamEvent e;
    e.type = type;
    e.index = index;
    return e;
}

// -1 when absent: output_index 0 is a real index.
int outputIndexOf(const QJsonObject &o)
{
    const QJsonValue v = o.value(QLatin1String("output_index"));
    return v.isDouble() ? v.toInt(-1) : -1;
}

std::optional<Kind> kindOfItem(const QJsonObject &item)
{
    const QString type = string(item, QLatin1String("type"));
    if (type == QLatin1String("message"))
        return Kind::Text;
    if (type == QLatin1String("function_call"))
        return Kind::ToolCall;
    if (type == QLatin1String("reasoning"))
        return Kind::Thinking;
    return std::nullopt;
}

// The item's full content as it stands when done, in the units its deltas carry.
QString finalContent(const QJsonObject &item, Kind kind)
{
    switch (kind) {
    case Kind::Text: return ResponsesJson::messageText(item);
    case Kind::ToolCall: return string(item, QLatin1String("arguments"));
    default: return ResponsesJson::reasoningText(item);
    }
}

StreamEvent::Type deltaType(Kind kind)
{
    switch (kind) {
    case Kind::Text: return StreamEvent::Type::TextDelta;
    case Kind::ToolCall: return StreamEvent::Type::ToolArgsDelta;
    default: return StreamEvent::Type::ThinkingDelta;
    }
}

} // namespace

StreamEvents OpenAIResponsesStreamDecoder::decode(const SseEvent &sse)
{
    StreamEvents out;
    if (m_ended || sse.commentOnly)
        return out;
    const QJsonDocument doc = QJsonDocument::fromJson(sse.data);
    if (!doc.isObject())
        return out; // not an event we can read (a "[DONE]" line, garbage): skipped
    const QJsonObject json = doc.object();
    QString type = string(json, QLatin1String("type"));
    if (type.isEmpty())
        type = QString::fromUtf8(sse.event);
    const QJsonObject response = json.value(QLatin1String("response")).toObject();

    if (type == QLatin1String("response.created") || type == QLatin1String("response.in_progress")
        || type == QLatin1String("response.queued")) {
        start(response, out);
    } else if (type == QLatin1String("response.output_item.added")) {
        onItemAdded(json, out);
    } else if (type == QLatin1String("response.output_text.delta") || type == QLatin1String("response.refusal.delta")) {
        onDelta(json, Kind::Text, ThinkingSource::None, out);
    } else if (type == QLatin1String("response.reasoning_summary_text.delta")) {
        onDelta(json, Kind::Thinking, ThinkingSource::Summary, out);
    } else if (type == QLatin1String("response.reasoning_text.delta")) {
        onDelta(json, Kind::Thinking, ThinkingSource::Raw, out);
    } else if (type == QLatin1String("response.reasoning_summary_part.added")) {
        onSummaryPartAdded(json, out);
    } else if (type == QLatin1String("response.function_call_arguments.delta")) {
        onDelta(json, Kind::ToolCall, ThinkingSource::None, out);
    } else if (type == QLatin1String("response.output_item.done")) {
        start(QJsonObject(), out);
        onItemDone(json.value(QLatin1String("item")).toObject(), outputIndexOf(json), out);
    } else if (type == QLatin1String("response.completed") || type == QLatin1String("response.incomplete")
               || type == QLatin1String("response.done")) {
        onTerminal(response, out);
    } else if (type == QLatin1String("response.failed")) {
        onFailed(response, out);
    } else if (type == QLatin1String("error")) {
        onError(json, out);
    }
    return out;
}

void OpenAIResponsesStreamDecoder::start(const QJsonObject &response, StreamEvents &out)
{
    if (m_started)
        return;
    m_started = true;
    StreamEvent e = event(StreamEvent::Type::MessageStart);
    e.id = string(response, QLatin1String("id"));
    e.model = string(response, QLatin1String("model"));
    if (response.value(QLatin1String("usage")).isObject())
        e.usage = ResponsesJson::usageFromJson(response.value(QLatin1String("usage")).toObject());
    out.append(e);
}

OpenAIResponsesStreamDecoder::Block *OpenAIResponsesStreamDecoder::blockFor(const QJsonObject &event)
{
    const int outputIndex = outputIndexOf(event);
    auto it = m_byOutputIndex.constFind(outputIndex);
    if (outputIndex >= 0 && it != m_byOutputIndex.constEnd())
        return &m_blocks[*it];
    const QString itemId = string(event, QLatin1String("item_id"));
    auto byId = m_byItemId.constFind(itemId);
    if (!itemId.isEmpty() && byId != m_byItemId.constEnd())
        return &m_blocks[*byId];
    return nullptr;
}

OpenAIResponsesStreamDecoder::Block &OpenAIResponsesStreamDecoder::openBlock(const QJsonObject &item, int outputIndex,
                                                                             Kind kind, StreamEvents &out)
{
    start(QJsonObject(), out);
    Block b;
    b.index = int(m_blocks.size());
    b.kind = kind;
    b.itemId = string(item, QLatin1String("id"));
    if (outputIndex >= 0)
        m_byOutputIndex.insert(outputIndex, m_blocks.size());
    if (!b.itemId.isEmpty())
        m_byItemId.insert(b.itemId, m_blocks.size());
    m_blocks.append(b);

    StreamEvent e = event(StreamEvent::Type::BlockStart, b.index);
    e.blockKind = kind;
    if (kind == Kind::ToolCall) {
        m_calledTools = true;
        e.toolCallId = string(item, QLatin1String("call_id"));
        e.toolName = string(item, QLatin1String("name"));
    } else if (kind == Kind::Thinking) {
        e.id = b.itemId; // the reasoning item id, kept for round trips
    }
    out.append(e);
    return m_blocks.last();
}

void OpenAIResponsesStreamDecoder::onItemAdded(const QJsonObject &json, StreamEvents &out)
{
    const QJsonObject item = json.value(QLatin1String("item")).toObject();
    const std::optional<Kind> kind = kindOfItem(item);
    if (!kind || blockFor(json))
        return;
    openBlock(item, outputIndexOf(json), *kind, out);
}

void OpenAIResponsesStreamDecoder::onDelta(const QJsonObject &json, Kind kind, ThinkingSource source,
                                           StreamEvents &out)
{
    const QString delta = string(json, QLatin1String("delta"));
    Block *b = blockFor(json);
    if (!b) { // a delta for an item never announced: open it from what the delta says
        const QJsonObject item{{QStringLiteral("id"), string(json, QLatin1String("item_id"))}};
        b = &openBlock(item, outputIndexOf(json), kind, out);
    }
    if (delta.isEmpty() || !b->open || b->kind != kind)
        return;
    // Some models stream both raw reasoning and its summary: keep whichever came first.
    if (kind == Kind::Thinking) {
        if (b->source != ThinkingSource::None && b->source != source)
            return;
        b->source = source;
    }
    b->streamed += delta;
    StreamEvent e = event(deltaType(kind), b->index);
    e.text = delta;
    out.append(e);
}

// Summary parts are joined with a blank line, as the done item's summary is read.
void OpenAIResponsesStreamDecoder::onSummaryPartAdded(const QJsonObject &json, StreamEvents &out)
{
    Block *b = blockFor(json);
    if (!b || !b->open || b->kind != Kind::Thinking || b->source == ThinkingSource::Raw || b->streamed.isEmpty())
        return;
    b->source = ThinkingSource::Summary;
    b->streamed += QLatin1String("\n\n");
    StreamEvent e = event(StreamEvent::Type::ThinkingDelta, b->index);
    e.text = QStringLiteral("\n\n");
    out.append(e);
}

// Closes an item's block. Upstreams that send items whole (no deltas) get their content
// emitted here, as does whatever the deltas missed at the end.
void OpenAIResponsesStreamDecoder::onItemDone(const QJsonObject &item, int outputIndex, StreamEvents &out)
{
    const std::optional<Kind> kind = kindOfItem(item);
    if (!kind)
        return;
    QJsonObject key{{QStringLiteral("item_id"), string(item, QLatin1String("id"))}};
    if (outputIndex >= 0)
        key.insert(QStringLiteral("output_index"), outputIndex);
    Block *b = blockFor(key);
    if (!b)
        b = &openBlock(item, outputIndex, *kind, out);
    if (!b->open)
        return;
    const QString full = finalContent(item, b->kind);
    if (full.size() > b->streamed.size() && full.startsWith(b->streamed)) {
        StreamEvent e = event(deltaType(b->kind), b->index);
        e.text = full.mid(b->streamed.size());
        b->streamed = full;
        out.append(e);
    }
    const QString encrypted = string(item, QLatin1String("encrypted_content"));
    if (b->kind == Kind::Thinking && !encrypted.isEmpty()) {
        StreamEvent e = event(StreamEvent::Type::SignatureDelta, b->index);
        e.text = encrypted;
        out.append(e);
    }
    b->open = false;
    out.append(event(StreamEvent::Type::BlockStop, b->index));
}

void OpenAIResponsesStreamDecoder::emitUsage(const QJsonObject &response, StreamEvents &out)
{
    const QJsonValue usage = response.value(QLatin1String("usage"));
    if (!usage.isObject())
        return;
    StreamEvent e = event(StreamEvent::Type::Usage);
    e.usage = ResponsesJson::usageFromJson(usage.toObject());
    out.append(e);
}

void OpenAIResponsesStreamDecoder::onTerminal(const QJsonObject &response, StreamEvents &out)
{
    const QString status = string(response, QLatin1String("status"));
    if (status == QLatin1String("failed")) {
        onFailed(response, out);
        return;
    }
    start(response, out);
    // A stream that carried no items at all still has them in the final response.
    const QJsonArray output = response.value(QLatin1String("output")).toArray();
    if (m_blocks.isEmpty()) {
        for (qsizetype i = 0; i < output.size(); ++i)
            onItemDone(output.at(i).toObject(), int(i), out);
    }
    for (Block &b : m_blocks) {
        if (b.open) {
            b.open = false;
            out.append(event(StreamEvent::Type::BlockStop, b.index));
        }
    }
    emitUsage(response, out);

    StreamEvent finish = event(StreamEvent::Type::Finish);
    const QString reason = string(response.value(QLatin1String("incomplete_details")).toObject(),
                                  QLatin1String("reason"));
    if (reason == QLatin1String("content_filter"))
        finish.stopReason = StopReason::ContentFilter;
    else if (status == QLatin1String("incomplete") || !reason.isEmpty())
        finish.stopReason = StopReason::MaxTokens;
    else if (m_calledTools)
        finish.stopReason = StopReason::ToolUse;
    out.append(finish);
    out.append(event(StreamEvent::Type::End));
    m_ended = true;
}

void OpenAIResponsesStreamDecoder::onFailed(const QJsonObject &response, StreamEvents &out)
{
    emitUsage(response, out); // what the failed attempt cost is still billed
    if (!m_errored) {
        StreamEvent e = event(StreamEvent::Type::Error);
        const QJsonValue error = response.value(QLatin1String("error"));
        e.error = error.isObject() ? ResponsesJson::relayErrorFrom(error.toObject())
                                   : RelayError::make(ErrorCode::Upstream, QStringLiteral("response failed"));
        out.append(e);
        m_errored = true;
    }
    out.append(event(StreamEvent::Type::End));
    m_ended = true;
}

void OpenAIResponsesStreamDecoder::onError(const QJsonObject &json, StreamEvents &out)
{
    if (m_errored)
        return;
    m_errored = true;
    StreamEvent e = event(StreamEvent::Type::Error);
    e.error = ResponsesJson::relayErrorFrom(json);
    out.append(e);
}
