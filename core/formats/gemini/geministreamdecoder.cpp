#include "geministreamdecoder.h"

#include "geminiparts.h"
#include "geminiwire.h"
#include "formats/formatjson.h"

#include <QJsonDocument>

using namespace FormatJson;

namespace {

StreamEvent event(StreamEvent::Type type, int index = 0)
{
    StreamEvent e;
    e.type = type;
    e.index = index;
    return e;
}

} // namespace

StreamEvents GeminiStreamDecoder::decode(const SseEvent &sse)
{
    StreamEvents out;
    if (m_ended || sse.commentOnly)
        return out;
    // One parse per chunk; a chunk that is not a JSON object is skipped (a soft error upstream).
    const QJsonDocument doc = QJsonDocument::fromJson(sse.data);
    if (!doc.isObject())
        return out;
    const QJsonObject chunk = doc.object();
    const QJsonValue error = chunk.value(QLatin1String("error"));
    if (error.isObject() || error.isString()) {
        StreamEvent e = event(StreamEvent::Type::Error);
        e.error = GeminiWire::errorFromBody(chunk);
        out.append(e);
        return out;
    }
    const QJsonValue usage = chunk.value(QLatin1String("usageMetadata"));
    if (usage.isObject())
        m_usage.mergeFrom(GeminiWire::usageFromJson(usage.toObject()));
    if (!m_started)
        start(chunk, out);
    const QJsonArray candidates = chunk.value(QLatin1String("candidates")).toArray();
    const QJsonObject candidate = candidates.at(0).toObject(); // one candidate: candidateCount is never asked for
    decodeParts(candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray(), out);
    const QString finishReason = string(candidate, QLatin1String("finishReason"));
    if (!finishReason.isEmpty())
        finish(GeminiWire::stopReasonFromFinish(finishReason, m_sawToolCalls), out);
    else if (candidates.isEmpty()
             && !string(chunk.value(QLatin1String("promptFeedback")).toObject(), QLatin1String("blockReason")).isEmpty())
        finish(StopReason::ContentFilter, out);
    return out;
}

void GeminiStreamDecoder::start(const QJsonObject &chunk, StreamEvents &out)
{
    m_started = true;
    StreamEvent e = event(StreamEvent::Type::MessageStart);
    e.id = string(chunk, QLatin1String("responseId"));
    e.model = string(chunk, QLatin1String("modelVersion"));
    e.usage = m_usage;
    m_callIds.setResponseId(e.id);
    out.append(e);
}

void GeminiStreamDecoder::decodeParts(const QJsonArray &parts, StreamEvents &out)
{
    for (const QJsonValue &value : parts) {
        QList<ContentPart> decoded;
        QString ignored; // an unreadable part is skipped, the stream goes on
        GeminiParts::decode(value, QString(), decoded, &ignored);
        for (ContentPart &part : decoded)
            decodePart(part, out);
    }
}

void GeminiStreamDecoder::decodePart(ContentPart &part, StreamEvents &out)
{
    switch (part.kind) {
    case ContentPart::Kind::Text:
    case ContentPart::Kind::Thinking:
        if (!part.text.isEmpty()) {
            ensureBlock(part.kind, out);
            StreamEvent e = event(part.kind == ContentPart::Kind::Text ? StreamEvent::Type::TextDelta
                                                                       : StreamEvent::Type::ThinkingDelta,
                                  m_openIndex);
            e.text = part.text;
            out.append(e);
        }
        if (!part.signature.isEmpty())
            decodeSignature(part.signature, out);
        break;
    case ContentPart::Kind::ToolCall: decodeToolCall(part, out); break;
    default: break; // generated images and the like: no canonical stream event carries them
    }
}

// A signature ends the thought it belongs to; one that came beside other data is a thought
// block of its own, ahead of that data.
void GeminiStreamDecoder::decodeSignature(const QString &signature, StreamEvents &out)
{
    ensureBlock(ContentPart::Kind::Thinking, out);
    StreamEvent e = event(StreamEvent::Type::SignatureDelta, m_openIndex);
    e.text = signature;
    out.append(e);
    closeBlock(out);
}

void GeminiStreamDecoder::decodeToolCall(ContentPart &call, StreamEvents &out)
{
    closeBlock(out);
    m_callIds.assign(call);
    m_sawToolCalls = true;
    const int index = m_nextIndex++;
    StreamEvent start = event(StreamEvent::Type::BlockStart, index);
    start.blockKind = ContentPart::Kind::ToolCall;
    start.toolCallId = call.toolCallId;
    start.toolName = call.toolName;
    out.append(start);
    StreamEvent args = event(StreamEvent::Type::ToolArgsDelta, index);
    args.text = call.arguments;
    args.toolCallId = call.toolCallId;
    args.toolName = call.toolName;
    out.append(args);
    out.append(event(StreamEvent::Type::BlockStop, index));
}

void GeminiStreamDecoder::ensureBlock(ContentPart::Kind kind, StreamEvents &out)
{
    if (m_openIndex >= 0 && m_openKind == kind)
        return;
    closeBlock(out);
    m_openIndex = m_nextIndex++;
    m_openKind = kind;
    StreamEvent e = event(StreamEvent::Type::BlockStart, m_openIndex);
    e.blockKind = kind;
    out.append(e);
}

void GeminiStreamDecoder::closeBlock(StreamEvents &out)
{
    if (m_openIndex < 0)
        return;
    out.append(event(StreamEvent::Type::BlockStop, m_openIndex));
    m_openIndex = -1;
}

void GeminiStreamDecoder::finish(StopReason reason, StreamEvents &out)
{
    closeBlock(out);
    StreamEvent f = event(StreamEvent::Type::Finish);
    f.stopReason = reason;
    out.append(f);
    if (m_usage.known) {
        StreamEvent u = event(StreamEvent::Type::Usage);
        u.usage = m_usage;
        out.append(u);
    }
    out.append(event(StreamEvent::Type::End));
    m_ended = true;
}
