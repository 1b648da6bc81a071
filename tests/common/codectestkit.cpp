#include "codectestkit.h"

#include <QFile>
#include <QJsonDocument>

#include <memory>

namespace CodecKit {

QByteArray fixture(const QString &relativePath)
{
    QFile f(QStringLiteral(RELAYDESK_FIXTURES_DIR "/") + relativePath);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

QJsonObject jsonFixture(const QString &relativePath)
{
    return QJsonDocument::fromJson(fixture(relativePath)).object();
}

StreamEvents decodeAll(const FormatCodec &codec, const QList<SseEvent> &frames)
{
    const std::unique_ptr<StreamDecoder> decoder = codec.newStreamDecoder();
    StreamEvents events;
    for (const SseEvent &frame : frames)
        events += decoder->decode(frame);
    return events;
}

QByteArray encodeAll(const FormatCodec &codec, const StreamEvents &events, const EncoderOptions &options)
{
    const std::unique_ptr<StreamEncoder> encoder = codec.newStreamEncoder(options);
    QByteArray out;
    for (const StreamEvent &e : events)
        out += encoder->encode(e);
    return out;
}

StreamEvent streamEvent(StreamEvent::Type type, int index, const QString &text)
{
    StreamEvent e;
    e.type = type;
    e.index = index;
    e.text = text;
    return e;
}

StreamEvent blockStart(int index, ContentPart::Kind kind, const QString &toolCallId, const QString &toolName)
{
    StreamEvent e = streamEvent(StreamEvent::Type::BlockStart, index);
    e.blockKind = kind;
    e.toolCallId = toolCallId;
    e.toolName = toolName;
    return e;
}

StreamEvent finish(StopReason reason, const QString &stopSequence)
{
    StreamEvent e = streamEvent(StreamEvent::Type::Finish);
    e.stopReason = reason;
    e.stopSequence = stopSequence;
    return e;
}

StreamEvent usage(qint64 in, qint64 out, qint64 cached, qint64 reasoning)
{
    StreamEvent e = streamEvent(StreamEvent::Type::Usage);
    e.usage.known = true;
    e.usage.inputTokens = in;
    e.usage.outputTokens = out;
    e.usage.cachedInputTokens = cached;
    e.usage.reasoningTokens = reasoning;
    return e;
}

QString kindName(ContentPart::Kind kind)
{
    switch (kind) {
    case ContentPart::Kind::Text: return QStringLiteral("text");
    case ContentPart::Kind::Image: return QStringLiteral("image");
    case ContentPart::Kind::Document: return QStringLiteral("document");
    case ContentPart::Kind::Thinking: return QStringLiteral("thinking");
    case ContentPart::Kind::RedactedThinking: return QStringLiteral("redacted");
    case ContentPart::Kind::ToolCall: return QStringLiteral("tool");
    case ContentPart::Kind::ToolResult: return QStringLiteral("result");
    }
    return QString();
}

} // namespace CodecKit
