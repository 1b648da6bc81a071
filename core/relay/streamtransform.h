#pragma once

#include "formats/formatadapter.h"
#include "formats/formatcodec.h"
#include "wire/jsonpatch.h"
#include "wire/sseparser.h"

#include <QByteArray>
#include <memory>
#include <optional>

// Turns upstream SSE events into the bytes a client receives. Pass-through forwards frames
// as received; a Gemini client that did not ask for SSE gets a JSON array; translation
// between formats (canonical model) plugs in here as another transform.
class StreamTransform
{
public:
    virtual ~StreamTransform() = default;
    virtual QByteArray prologue() { return {}; }
    // Bytes for one upstream event (empty: nothing to send for it).
    virtual QByteArray onEvent(const SseEvent &event) = 0;
    // An in-stream error in the client's format.
    virtual QByteArray errorBytes(const RelayError &error, qint64 sequenceNumber) = 0;
    virtual QByteArray epilogue() { return {}; }
    // Whether keep-alive frames may be interleaved (false for a JSON array).
    virtual bool allowsPings() const { return true; }
};

// Same format on both sides, SSE to the client: frames forwarded byte for byte.
class PassThroughTransform : public StreamTransform
{
public:
    explicit PassThroughTransform(const FormatAdapter &client) : m_client(client) {}
    QByteArray onEvent(const SseEvent &event) override { return event.raw; }
    QByteArray errorBytes(const RelayError &error, qint64 seq) override
    {
        return m_client.streamErrorFrame(error, seq);
    }

private:
    const FormatAdapter &m_client;
};

// Gemini `:streamGenerateContent` without `alt=sse`: the same chunks as one JSON array.
class JsonArrayTransform : public StreamTransform
{
public:
    explicit JsonArrayTransform(const FormatAdapter &client) : m_client(client) {}
    QByteArray prologue() override { return QByteArrayLiteral("["); }
    QByteArray onEvent(const SseEvent &event) override;
    QByteArray errorBytes(const RelayError &error, qint64 seq) override;
    QByteArray epilogue() override { return QByteArrayLiteral("]"); }
    bool allowsPings() const override { return false; }

private:
    const FormatAdapter &m_client;
    bool m_first = true;
};

// Different formats: upstream events -> canonical events (the upstream's StreamDecoder) ->
// client bytes (the client's StreamEncoder). For a Gemini client without SSE the encoder's
// frames are re-framed as JSON-array elements.
class TranslatingTransform : public StreamTransform
{
public:
    TranslatingTransform(std::unique_ptr<StreamDecoder> decoder, std::unique_ptr<StreamEncoder> encoder,
                         const FormatAdapter &client, bool clientWantsSse);
    QByteArray prologue() override;
    QByteArray onEvent(const SseEvent &event) override;
    QByteArray errorBytes(const RelayError &error, qint64 sequenceNumber) override;
    QByteArray epilogue() override;
    bool allowsPings() const override { return m_sse; }

private:
    QByteArray reframe(const QByteArray &sseBytes);

    std::unique_ptr<StreamDecoder> m_decoder;
    std::unique_ptr<StreamEncoder> m_encoder;
    JsonArrayTransform m_array;
    bool m_sse;
    bool m_ended = false;
};

// A pass-through whose channel sent another model name upstream (model_map): each event's
// bytes with the upstream's name of the model put back to the client's (JsonPatch::renameMembers),
// everything else as the inner transform makes it. Events without the name cost one search.
class ModelRenamingTransform : public StreamTransform
{
public:
    ModelRenamingTransform(std::unique_ptr<StreamTransform> inner, JsonPatch::MemberRename rename)
        : m_inner(std::move(inner)), m_rename(std::move(rename))
    {
    }
    QByteArray prologue() override { return m_inner->prologue(); }
    QByteArray onEvent(const SseEvent &event) override;
    QByteArray errorBytes(const RelayError &error, qint64 seq) override { return m_inner->errorBytes(error, seq); }
    QByteArray epilogue() override { return m_inner->epilogue(); }
    bool allowsPings() const override { return m_inner->allowsPings(); }

private:
    std::unique_ptr<StreamTransform> m_inner;
    JsonPatch::MemberRename m_rename;
};

// The transform for a client of `client` format served by a channel of `upstream` format.
// `modelRename` (pass-through only; translation's encoder writes options.clientModel itself):
// the rename every event gets, none when the channel kept the client's model name.
std::unique_ptr<StreamTransform> makeStreamTransform(const FormatAdapter &client,
                                                     const FormatAdapter &upstream,
                                                     bool clientWantsSse,
                                                     const EncoderOptions &options,
                                                     const std::optional<JsonPatch::MemberRename> &modelRename);
