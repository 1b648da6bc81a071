#pragma once

#include "formats/formatcodec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>

// Canonical stream events -> `data: <GenerateContentResponse>\n\n` chunks for a Gemini client
// (no event names, no [DONE]; the relay turns the frames into a JSON array for clients that
// did not ask for alt=sse).
//
// Text and thought deltas each become a chunk at once. Gemini never streams function calls
// in pieces, so argument deltas are buffered and the complete functionCall is sent when its
// block stops. A thought signature rides on the next non-thought part, as Gemini places it;
// the closing chunk carries finishReason and usageMetadata (and a signature still waiting).
class GeminiStreamEncoder : public StreamEncoder
{
public:
    explicit GeminiStreamEncoder(const EncoderOptions &options);

    QByteArray encode(const StreamEvent &event) override;
    QByteArray encodeError(const RelayError &error) override;

private:
    struct ToolCall
    {
        QString name;
        QString arguments;
    };

    QByteArray encodeStart(const StreamEvent &event);
    QByteArray encodePart(QJsonObject part, bool takesSignature);
    QByteArray encodeSignature(const QString &signature);
    QByteArray flushToolCall(int index);
    QByteArray flushToolCalls();
    QByteArray encodeEnd();
    QByteArray frame(const QJsonArray &parts, const QString &finishReason = QString()) const;

    QString m_model;
    QString m_requestId;
    QString m_responseId;
    QString m_pendingSignature;
    QMap<int, ToolCall> m_toolCalls; // open function-call blocks by index
    Usage m_usage;
    StopReason m_stopReason = StopReason::EndTurn;
    bool m_ended = false;
};
