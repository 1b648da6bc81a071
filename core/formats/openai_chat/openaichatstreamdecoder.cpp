#include "openaichatstreamdecoder.h"

#include "formats/formatjson.h"
#include "openaichatwire.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace FormatJson;

namespace {

StreamEvent makeEvent(StreamEvent::Type type, int index = 0)
{
    StreamEvent e;
    e.type = type;
    e.index = index;
    return e;
}

bool sameUsage(const Usage &a, const Usage &b)
{
    return a.known == b.known && a.inputTokens == b.inputTokens && a.outputTokens == b.outputTokens
        && a.cachedInputTokens == b.cachedInputTokens && a.reasoningTokens == b.reasoningTokens;
}

} // namespace

StreamEvents OpenAIChatStreamDecoder::decode(const SseEvent &event)
{
    StreamEvents out;
    if (m_ended || event.commentOnly)
        return out;
    const QByteArray data = event.data.trimmed();
    if (data == "[DONE]") {
        if (m_started && !m_finished)
            finish(QString(), out); // no finish_reason before [DONE]: the turn still ended
        m_ended = true;
        out.append(makeEvent(StreamEvent::Type::End));
        return out;
    }
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return out; // a garbled chunk is skipped; the pump counts it as a soft error
    const QJsonObject chunk = doc.object();
    if (event.event == "error" || OpenAIChatWire::isErrorChunk(chunk)) {
        StreamEvent e = makeEvent(StreamEvent::Type::Error);
        e.error = OpenAIChatWire::errorFromChunk(chunk);
        out.append(e);
        return out;
    }
    decodeChunk(chunk, out);
    return out;
}

void OpenAIChatStreamDecoder::decodeChunk(const QJsonObject &chunk, StreamEvents &out)
{
    if (!m_started) {
        m_started = true;
        StreamEvent start = makeEvent(StreamEvent::Type::MessageStart);
        start.id = m_id = string(chunk, QLatin1String("id"));
        start.model = string(chunk, QLatin1String("model"));
        out.append(start);
    }
    // n > 1 is not translated: the first choice is the answer.
    for (const QJsonValue &v : chunk.value(QLatin1String("choices")).toArray()) {
        const QJsonObject choice = v.toObject();
        if (choice.value(QLatin1String("index")).toInt(0) != 0)
            continue;
        decodeDelta(choice.value(QLatin1String("delta")).toObject(), out);
        const QString finishReason = string(choice, QLatin1String("finish_reason"));
        if (!finishReason.isEmpty())
            finish(finishReason, out);
    }
    decodeUsage(chunk.value(QLatin1String("usage")), out);
}

void OpenAIChatStreamDecoder::decodeDelta(const QJsonObject &delta, StreamEvents &out)
{
    if (m_finished || delta.isEmpty())
        return;
    // DeepSeek / vLLM say reasoning_content, OpenRouter reasoning (never both for one piece).
    QString reasoning = string(delta, QLatin1String("reasoning_content"));
    if (reasoning.isEmpty())
        reasoning = string(delta, QLatin1String("reasoning"));
    appendDelta(ContentPart::Kind::Thinking, StreamEvent::Type::ThinkingDelta, reasoning, out);
    appendDelta(ContentPart::Kind::Text, StreamEvent::Type::TextDelta, string(delta, QLatin1String("content")), out);
    const QString refusal = string(delta, QLatin1String("refusal"));
    if (!refusal.isEmpty()) {
        m_refused = true;
        appendDelta(ContentPart::Kind::Text, StreamEvent::Type::TextDelta, refusal, out);
    }
    const QJsonArray calls = delta.value(QLatin1String("tool_calls")).toArray();
    for (qsizetype i = 0; i < calls.size(); ++i)
        decodeToolCall(calls.at(i).toObject(), int(i), out);
    // The legacy single function_call streams like tool call 0 without an id.
    const QJsonValue legacy = delta.value(QLatin1String("function_call"));
    if (legacy.isObject())
        decodeToolCall(QJsonObject{{QStringLiteral("function"), legacy}}, 0, out);
}

void OpenAIChatStreamDecoder::decodeToolCall(const QJsonObject &call, int position, StreamEvents &out)
{
    const int ordinal = call.value(QLatin1String("index")).toInt(position);
    const QString id = string(call, QLatin1String("id"));
    const QJsonObject function = call.value(QLatin1String("function")).toObject();
    const QString name = string(function, QLatin1String("name"));
    auto it = m_toolBlocks.find(ordinal);
    // Some servers number every call 0; a new id under a known index is a new call.
    if (it == m_toolBlocks.end() || (!id.isEmpty() && id != it->id)) {
        if (name.isEmpty())
            return; // a call's first piece names the function; a nameless one is not a call
        const QString callId = id.isEmpty()
            ? OpenAIChatWire::deterministicId(QLatin1String("call_"), m_id, m_toolCalls)
            : id;
        ToolBlock block;
        block.id = callId;
        block.blockIndex = openBlock(ContentPart::Kind::ToolCall, out, callId, name);
        it = m_toolBlocks.insert(ordinal, block);
        ++m_toolCalls;
    }
    const QString arguments = string(function, QLatin1String("arguments"));
    if (!arguments.isEmpty()) {
        StreamEvent e = makeEvent(StreamEvent::Type::ToolArgsDelta, it->blockIndex);
        e.text = arguments;
        out.append(e);
    }
}

void OpenAIChatStreamDecoder::appendDelta(ContentPart::Kind kind, StreamEvent::Type type, const QString &text,
                                          StreamEvents &out)
{
    if (text.isEmpty())
        return;
    const int index = (m_activeBlock >= 0 && m_activeKind == kind) ? m_activeBlock : openBlock(kind, out);
    StreamEvent e = makeEvent(type, index);
    e.text = text;
    out.append(e);
}

int OpenAIChatStreamDecoder::openBlock(ContentPart::Kind kind, StreamEvents &out, const QString &toolCallId,
                                       const QString &toolName)
{
    closeActiveBlock(out);
    StreamEvent e = makeEvent(StreamEvent::Type::BlockStart, m_nextBlock++);
    e.blockKind = kind;
    e.toolCallId = toolCallId;
    e.toolName = toolName;
    out.append(e);
    m_activeBlock = e.index;
    m_activeKind = kind;
    return e.index;
}

void OpenAIChatStreamDecoder::closeActiveBlock(StreamEvents &out)
{
    if (m_activeBlock < 0)
        return;
    out.append(makeEvent(StreamEvent::Type::BlockStop, m_activeBlock));
    m_activeBlock = -1;
}

void OpenAIChatStreamDecoder::finish(const QString &finishReason, StreamEvents &out)
{
    if (m_finished)
        return;
    m_finished = true;
    closeActiveBlock(out);
    StreamEvent e = makeEvent(StreamEvent::Type::Finish);
    e.stopReason = OpenAIChatWire::stopReasonFromFinish(finishReason, m_toolCalls > 0);
    if (m_refused && e.stopReason == StopReason::EndTurn)
        e.stopReason = StopReason::ContentFilter;
    out.append(e);
}

void OpenAIChatStreamDecoder::decodeUsage(const QJsonValue &usage, StreamEvents &out)
{
    if (!usage.isObject())
        return;
    const Usage u = OpenAIChatWire::usageFromJson(usage.toObject());
    // Some servers repeat a running total on every chunk: report changes only.
    if (sameUsage(u, m_lastUsage))
        return;
    m_lastUsage = u;
    StreamEvent e = makeEvent(StreamEvent::Type::Usage);
    e.usage = u;
    out.append(e);
}
