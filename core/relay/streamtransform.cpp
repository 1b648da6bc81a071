#include "streamtransform.h"

#include <QJsonDocument>

QByteArray JsonArrayTransform::onEvent(const SseEvent &event)
{
    if (event.commentOnly || event.data.isEmpty())
        return {};
    QByteArray out = m_first ? QByteArray() : QByteArrayLiteral(",\r\n");
    m_first = false;
    out += event.data;
    return out;
}

QByteArray JsonArrayTransform::errorBytes(const RelayError &error, qint64)
{
    QByteArray out = m_first ? QByteArray() : QByteArrayLiteral(",\r\n");
    m_first = false;
    return out + m_client.errorBody(error);
}

TranslatingTransform::TranslatingTransform(std::unique_ptr<StreamDecoder> decoder,
                                           std::unique_ptr<StreamEncoder> encoder,
                                           const FormatAdapter &client, bool clientWantsSse)
    : m_decoder(std::move(decoder)), m_encoder(std::move(encoder)), m_array(client), m_sse(clientWantsSse)
{
}

QByteArray TranslatingTransform::prologue()
{
    return m_sse ? QByteArray() : m_array.prologue();
}

QByteArray TranslatingTransform::reframe(const QByteArray &sseBytes)
{
    if (m_sse || sseBytes.isEmpty())
        return sseBytes;
    SseParser parser;
    QByteArray out;
    for (const SseEvent &e : parser.feed(sseBytes))
        out += m_array.onEvent(e);
    return out;
}

QByteArray TranslatingTransform::onEvent(const SseEvent &event)
{
    if (event.commentOnly || m_ended)
        return {};
    QByteArray out;
    for (const StreamEvent &e : m_decoder->decode(event)) {
        out += m_encoder->encode(e);
        if (e.type == StreamEvent::Type::End) {
            m_ended = true;
            break;
        }
    }
    return reframe(out);
}

QByteArray TranslatingTransform::errorBytes(const RelayError &error, qint64)
{
    if (!m_sse)
        return m_array.errorBytes(error, 0);
    return m_encoder->encodeError(error);
}

QByteArray TranslatingTransform::epilogue()
{
    return m_sse ? QByteArray() : m_array.epilogue();
}

QByteArray ModelRenamingTransform::onEvent(const SseEvent &event)
{
    QByteArray out = m_inner->onEvent(event);
    JsonPatch::renameMembers(out, m_rename);
    return out;
}

// The plain pass-through transform, wrapped in the model rename when there is one.
static std::unique_ptr<StreamTransform> renaming(std::unique_ptr<StreamTransform> inner,
                                                 const std::optional<JsonPatch::MemberRename> &modelRename)
{
    if (!modelRename)
        return inner;
    return std::make_unique<ModelRenamingTransform>(std::move(inner), *modelRename);
}

std::unique_ptr<StreamTransform> makeStreamTransform(const FormatAdapter &client,
                                                     const FormatAdapter &upstream,
                                                     bool clientWantsSse,
                                                     const EncoderOptions &options,
                                                     const std::optional<JsonPatch::MemberRename> &modelRename)
{
    if (client.format() != upstream.format()) {
        return std::make_unique<TranslatingTransform>(formatCodec(upstream.format()).newStreamDecoder(),
                                                      formatCodec(client.format()).newStreamEncoder(options),
                                                      client, clientWantsSse);
    }
    if (!clientWantsSse)
        return renaming(std::make_unique<JsonArrayTransform>(client), modelRename);
    return renaming(std::make_unique<PassThroughTransform>(client), modelRename);
}
