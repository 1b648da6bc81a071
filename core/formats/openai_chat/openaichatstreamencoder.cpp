#include "openaichatstreamencoder.h"

#include "formats/formatjson.h"
#include "openaichatwire.h"
#include "openaierror.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

// A JSON string literal, quotes included.
QByteArray jsonString(const QString &s)
{
    const QByteArray array = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);
}

QByteArray frame(const QByteArray &json)
{
    return "data: " + json + "\n\n";
}

} // namespace

OpenAIChatStreamEncoder::OpenAIChatStreamEncoder(const EncoderOptions &options)
    : m_clientModel(options.clientModel)
    , m_requestId(options.requestId)
    , m_includeUsage(options.includeUsage)
    , m_created(QDateTime::currentSecsSinceEpoch())
{
}

QByteArray OpenAIChatStreamEncoder::encode(const StreamEvent &event)
{
    if (m_ended)
        return QByteArray();
    using Type = StreamEvent::Type;
    // Chat clients stop reading choices at finish_reason: later content would be lost or
    // rejected, so it is dropped here.
    const bool content = event.type == Type::BlockStart || event.type == Type::TextDelta
        || event.type == Type::ThinkingDelta || event.type == Type::ToolArgsDelta;
    if (m_finished && content)
        return QByteArray();
    switch (event.type) {
    case Type::MessageStart:
        m_usage.mergeFrom(event.usage);
        return start(event.id, event.model);
    case Type::BlockStart:
        return event.blockKind == ContentPart::Kind::ToolCall ? toolCallStart(event) : start();
    case Type::TextDelta: return contentDelta("content", event.text);
    case Type::ThinkingDelta: return contentDelta("reasoning_content", event.text);
    case Type::ToolArgsDelta: return toolArgs(event);
    case Type::SignatureDelta: // Chat has no field for opaque reasoning signatures
    case Type::BlockStop: return QByteArray();
    case Type::Finish: return finish(event.stopReason);
    case Type::Usage:
        m_usage.mergeFrom(event.usage);
        return QByteArray();
    case Type::Error: return encodeError(event.error);
    case Type::End: return end();
    }
    return QByteArray();
}

QByteArray OpenAIChatStreamEncoder::encodeError(const RelayError &error)
{
    if (m_ended)
        return QByteArray();
    m_ended = true;
    const QJsonObject body{{QStringLiteral("error"), OpenAIError::errorObject(error)}};
    return frame(FormatJson::compact(body));
}

// The first chunk: role "assistant" with empty content, as OpenAI sends it. Later calls
// return nothing, so every content path can call it to be tolerant of a missing MessageStart.
QByteArray OpenAIChatStreamEncoder::start(const QString &upstreamId, const QString &upstreamModel)
{
    if (!m_head.isEmpty())
        return QByteArray();
    const QString model = m_clientModel.isEmpty() ? upstreamModel : m_clientModel;
    m_head = "{\"id\":" + jsonString(OpenAIChatWire::completionId(upstreamId, m_requestId))
        + ",\"object\":\"chat.completion.chunk\",\"created\":" + QByteArray::number(m_created)
        + ",\"model\":" + jsonString(model) + ',';
    return chunk(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                             {QStringLiteral("content"), QString(QLatin1String(""))}});
}

QByteArray OpenAIChatStreamEncoder::chunk(const QJsonObject &delta) const
{
    return frame(m_head + "\"choices\":[{\"index\":0,\"delta\":" + FormatJson::compact(delta)
                 + ",\"finish_reason\":null}]}");
}

QByteArray OpenAIChatStreamEncoder::contentDelta(const char *key, const QString &text)
{
    if (text.isEmpty())
        return QByteArray();
    const QByteArray head = start(); // first: it sets the envelope chunk() writes
    return head + chunk(QJsonObject{{QLatin1String(key), text}});
}

QByteArray OpenAIChatStreamEncoder::toolCallStart(const StreamEvent &event)
{
    if (m_toolOrdinals.contains(event.index))
        return QByteArray();
    const int ordinal = int(m_toolOrdinals.size());
    m_toolOrdinals.insert(event.index, ordinal);
    const QString id = event.toolCallId.isEmpty()
        ? OpenAIChatWire::deterministicId(QLatin1String("call_"), m_requestId, ordinal)
        : event.toolCallId;
    const QJsonObject call{{QStringLiteral("index"), ordinal},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("type"), QStringLiteral("function")},
                           {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), event.toolName},
                                                                    {QStringLiteral("arguments"), QString(QLatin1String(""))}}}};
    const QByteArray head = start();
    return head + chunk(QJsonObject{{QStringLiteral("tool_calls"), QJsonArray{call}}});
}

QByteArray OpenAIChatStreamEncoder::toolArgs(const StreamEvent &event)
{
    QByteArray out = toolCallStart(event); // a delta for a block never started opens it
    if (event.text.isEmpty())
        return out;
    const QJsonObject call{{QStringLiteral("index"), m_toolOrdinals.value(event.index)},
                           {QStringLiteral("function"), QJsonObject{{QStringLiteral("arguments"), event.text}}}};
    return out + chunk(QJsonObject{{QStringLiteral("tool_calls"), QJsonArray{call}}});
}

QByteArray OpenAIChatStreamEncoder::finish(StopReason reason)
{
    if (m_finished)
        return QByteArray();
    m_finished = true;
    const QByteArray head = start();
    const QString finishReason = OpenAIChatWire::finishReasonName(reason, !m_toolOrdinals.isEmpty());
    return head + frame(m_head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
                        + jsonString(finishReason) + "}]}");
}

QByteArray OpenAIChatStreamEncoder::end()
{
    // A stream that ended without a finish reason still needs one for the client's loop.
    QByteArray out = finish(m_toolOrdinals.isEmpty() ? StopReason::EndTurn : StopReason::ToolUse);
    if (m_includeUsage)
        out += frame(m_head + "\"choices\":[],\"usage\":"
                     + FormatJson::compact(OpenAIChatWire::usageToJson(m_usage)) + '}');
    m_ended = true;
    return out + "data: [DONE]\n\n";
}
