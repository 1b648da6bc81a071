#pragma once

#include "apiformat.h"
#include "model/conversation.h"
#include "model/streamevent.h"
#include "wire/sseparser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

// Upstream SSE events of one format -> canonical stream events. One instance per stream
// (decoders keep state: open blocks, tool-call indexes, accumulated usage).
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    virtual StreamEvents decode(const SseEvent &event) = 0;
};

// Canonical stream events -> the exact SSE bytes (or JSON-array pieces) a client of one format
// expects. One instance per stream.
class StreamEncoder
{
public:
    virtual ~StreamEncoder() = default;
    virtual QByteArray encode(const StreamEvent &event) = 0;
    // An in-stream error (after the stream started) in this format; closes the stream's
    // content so that only the transport end follows.
    virtual QByteArray encodeError(const RelayError &error) = 0;
};

// What an encoder needs to know about the client's request.
struct EncoderOptions
{
    QString clientModel;      // the model name the client asked for: echoed back
    bool includeUsage = true; // OpenAI chat: stream_options.include_usage
    QString requestId;        // seed for deterministic ids the client format requires
    Request request;          // the decoded client request (Responses echoes parts of it)
};

// The translation half of a format module (the other half, FormatAdapter, serves
// pass-through). Registered in formatregistry.cpp next to the adapter.
class FormatCodec
{
public:
    virtual ~FormatCodec() = default;
    virtual ApiFormat format() const = 0;

    // Client request (this format) -> canonical. `pathModel`/`streamRoute` as for
    // FormatAdapter (Gemini). nullopt + *error (a message naming the JSON path) when invalid.
    virtual std::optional<Request> decodeRequest(const QJsonObject &body, const QString &pathModel,
                                                 bool streamRoute, QString *error) const = 0;
    // Canonical -> a request body for an upstream of this format (model = request.model).
    virtual QJsonObject encodeRequest(const Request &request) const = 0;

    // Non-stream upstream response body (this format) -> canonical.
    virtual Response decodeResponse(const QJsonObject &body) const = 0;
    // Canonical -> the non-stream body a client of this format expects.
    virtual QJsonObject encodeResponse(const Response &response, const EncoderOptions &options) const = 0;

    virtual std::unique_ptr<StreamDecoder> newStreamDecoder() const = 0;
    virtual std::unique_ptr<StreamEncoder> newStreamEncoder(const EncoderOptions &options) const = 0;
};

const FormatCodec &formatCodec(ApiFormat format);
