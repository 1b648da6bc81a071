#pragma once

#include "formats/formatadapter.h"
#include "wire/sseparser.h"

#include <QByteArray>
#include <memory>

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

// The transform for a client of `client` format served by a channel of `upstream` format.
std::unique_ptr<StreamTransform> makeStreamTransform(const FormatAdapter &client,
                                                     const FormatAdapter &upstream,
                                                     bool clientWantsSse);
