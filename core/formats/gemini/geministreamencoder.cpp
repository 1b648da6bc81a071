#include "geministreamencoder.h"

#include "geminiparts.h"
#include "geminiwire.h"
#include "formats/formatjson.h"

using namespace FormatJson;

GeminiStreamEncoder::GeminiStreamEncoder(const EncoderOptions &options)
    : m_model(options.clientModel)
    , m_requestId(options.requestId)
{
}

QByteArray GeminiStreamEncoder::encode(const StreamEvent &event)
{
    if (m_ended)
        return QByteArray();
    if (m_responseId.isEmpty() && event.type != StreamEvent::Type::MessageStart)
        m_responseId = GeminiWire::responseId(QString(), m_requestId); // a decoder that skipped MessageStart
    switch (event.type) {
    case StreamEvent::Type::MessageStart: return encodeStart(event);
    case StreamEvent::Type::BlockStart:
        if (event.blockKind == ContentPart::Kind::ToolCall)
            m_toolCalls.insert(event.index, ToolCall{event.toolName, QString()});
        return QByteArray();
    case StreamEvent::Type::TextDelta:
        return encodePart(QJsonObject{{QStringLiteral("text"), event.text}}, true);
    case StreamEvent::Type::ThinkingDelta:
        return encodePart(QJsonObject{{QStringLiteral("text"), event.text}, {QStringLiteral("thought"), true}}, false);
    case StreamEvent::Type::SignatureDelta: return encodeSignature(event.text);
    case StreamEvent::Type::ToolArgsDelta: {
        // A delta for a call never started opens it (decoders may skip BlockStart).
        ToolCall &call = m_toolCalls[event.index];
        if (call.name.isEmpty())
            call.name = event.toolName;
        call.arguments += event.text;
        return QByteArray();
    }
    case StreamEvent::Type::BlockStop: return flushToolCall(event.index);
    case StreamEvent::Type::Finish:
        m_stopReason = event.stopReason;
        return flushToolCalls();
    case StreamEvent::Type::Usage: m_usage.mergeFrom(event.usage); return QByteArray();
    case StreamEvent::Type::Error: return encodeError(event.error);
    case StreamEvent::Type::End: return encodeEnd();
    }
    return QByteArray();
}

QByteArray GeminiStreamEncoder::encodeError(const RelayError &error)
{
    m_ended = true;
    return Sse::dataFrame(compact(GeminiWire::errorBody(error)));
}

QByteArray GeminiStreamEncoder::encodeStart(const StreamEvent &event)
{
    if (m_responseId.isEmpty())
        m_responseId = GeminiWire::responseId(event.id, m_requestId);
    if (m_model.isEmpty())
        m_model = event.model;
    m_usage.mergeFrom(event.usage);
    return QByteArray(); // Gemini has no start chunk: the first content chunk starts the answer
}

QByteArray GeminiStreamEncoder::encodePart(QJsonObject part, bool takesSignature)
{
    if (part.value(QLatin1String("text")).toString().isEmpty())
        return QByteArray();
    if (takesSignature && !m_pendingSignature.isEmpty()) {
        part.insert(QStringLiteral("thoughtSignature"), m_pendingSignature);
        m_pendingSignature.clear();
    }
    return frame(QJsonArray{part});
}

// Held for the next part; a second signature before any part sends the first one alone, in
// the empty-text part Gemini itself uses for signatures.
QByteArray GeminiStreamEncoder::encodeSignature(const QString &signature)
{
    QByteArray out;
    if (!m_pendingSignature.isEmpty())
        out = frame(QJsonArray{QJsonObject{{QStringLiteral("text"), QString()},
                                           {QStringLiteral("thoughtSignature"), m_pendingSignature}}});
    m_pendingSignature = signature;
    return out;
}

QByteArray GeminiStreamEncoder::flushToolCall(int index)
{
    const auto it = m_toolCalls.find(index);
    if (it == m_toolCalls.end())
        return QByteArray();
    QJsonObject part{{QStringLiteral("functionCall"),
                      QJsonObject{{QStringLiteral("name"), it->name},
                                  {QStringLiteral("args"), GeminiParts::toolArgs(it->arguments)}}}};
    m_toolCalls.erase(it);
    if (!m_pendingSignature.isEmpty()) {
        part.insert(QStringLiteral("thoughtSignature"), m_pendingSignature);
        m_pendingSignature.clear();
    }
    return frame(QJsonArray{part});
}

QByteArray GeminiStreamEncoder::flushToolCalls()
{
    QByteArray out;
    while (!m_toolCalls.isEmpty())
        out += flushToolCall(m_toolCalls.firstKey());
    return out;
}

QByteArray GeminiStreamEncoder::encodeEnd()
{
    QByteArray out = flushToolCalls();
    QJsonObject last{{QStringLiteral("text"), QString()}};
    if (!m_pendingSignature.isEmpty())
        last.insert(QStringLiteral("thoughtSignature"), m_pendingSignature);
    m_pendingSignature.clear();
    out += frame(QJsonArray{last}, GeminiWire::finishReasonName(m_stopReason));
    m_ended = true;
    return out;
}

// One GenerateContentResponse; the closing one carries finishReason and usageMetadata.
QByteArray GeminiStreamEncoder::frame(const QJsonArray &parts, const QString &finishReason) const
{
    QJsonObject candidate{
        {QStringLiteral("content"), QJsonObject{{QStringLiteral("role"), QStringLiteral("model")}, {QStringLiteral("parts"), parts}}},
        {QStringLiteral("index"), 0}};
    QJsonObject chunk{{QStringLiteral("modelVersion"), m_model},
                      {QStringLiteral("responseId"), m_responseId}};
    if (!finishReason.isEmpty()) {
        candidate.insert(QStringLiteral("finishReason"), finishReason);
        chunk.insert(QStringLiteral("usageMetadata"), GeminiWire::usageToJson(m_usage));
    }
    chunk.insert(QStringLiteral("candidates"), QJsonArray{candidate});
    return Sse::dataFrame(compact(chunk));
}
