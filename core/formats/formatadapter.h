#pragma once

#include "apiformat.h"
#include "model/usage.h"
#include "relayerror.h"
#include "wire/sseparser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

// What the relay learns about a stream from the events it passes (pass-through or not).
struct StreamObservation
{
    bool terminal = false;      // the format's terminal event was seen
    bool sawContent = false;    // a text/tool/thinking delta was seen (no bootstrap retry after)
    bool sawReasoning = false;  // thinking/reasoning content was seen
    bool upstreamFailed = false;// an in-stream error event (or Responses `response.failed`)
    QString errorMessage;       // message of that error event
    QString lastEventType;      // e.g. "content_block_delta", "response.output_text.delta"
    QString responseId;         // upstream's message/response id, once known
    QString upstreamModel;      // model the upstream reported, once known
    Usage usage;                // merged from every event that carries usage
};

// Everything format-specific the relay needs for one wire format: parsing just enough of a
// client request, building the upstream request, inspecting upstream events, and speaking
// errors and pings in that format. Stateless; one instance per format (formatAdapter()).
class FormatAdapter
{
public:
    virtual ~FormatAdapter() = default;
    virtual ApiFormat format() const = 0;

    // ---- client side -------------------------------------------------------------------
    // The model a request asks for. Gemini carries it in the path (`pathModel`), the others
    // in the body's top-level "model".
    virtual QString requestModel(const QJsonObject &body, const QString &pathModel) const = 0;
    // Whether the client asked for a stream. Gemini: the route (`streamRoute`), others: "stream".
    virtual bool requestIsStream(const QJsonObject &body, bool streamRoute) const = 0;
    // Whether the SSE stream to the client may carry keep-alive pings (Gemini without
    // alt=sse is a JSON array: no pings).
    virtual bool streamIsSse(const QUrlQuery &clientQuery) const;

    // Content-Type of a streamed reply (text/event-stream, or application/json for a
    // Gemini JSON-array stream).
    virtual QByteArray streamContentType(const QUrlQuery &clientQuery) const;

    // A complete non-stream error body in this format.
    virtual QByteArray errorBody(const RelayError &error) const = 0;
    // One SSE frame (bytes ready to write) reporting `error` inside an open stream.
    // `sequenceNumber` is used by formats that number events (Responses).
    virtual QByteArray streamErrorFrame(const RelayError &error, qint64 sequenceNumber) const = 0;
    // One keep-alive frame (Anthropic `event: ping`, others an SSE comment line).
    virtual QByteArray pingFrame() const = 0;
    // The models list reply (`GET /v1/models` or `/v1beta/models`) in this format.
    virtual QByteArray modelsListBody(const QStringList &models) const = 0;

    // ---- upstream side (this format as a channel type) ----------------------------------
    // Full URL for a request to a channel of this type. `baseUrl` is the channel's base
    // ("https://api.openai.com", with or without a trailing "/v1"/"/v1beta").
    virtual QUrl upstreamUrl(const QString &baseUrl, const QString &upstreamModel, bool stream,
                             const QUrlQuery &clientQuery) const = 0;
    // Auth (and mandatory version) headers for an upstream key.
    virtual QList<QPair<QByteArray, QByteArray>> upstreamAuthHeaders(const QString &apiKey) const = 0;

    // Inspects one upstream SSE event of this format; updates `obs`.
    virtual void observeEvent(const SseEvent &event, StreamObservation &obs) const = 0;
    // Usage and ids from a complete non-stream response body of this format.
    virtual void observeResponse(const QJsonObject &body, StreamObservation &obs) const = 0;
    // The member naming the model in this format's responses, at whatever depth (a chat chunk's
    // "model", Anthropic's message.model, Responses' response.model; Gemini's "modelVersion"):
    // what a pass-through rename (model_map) rewrites back to the client's name.
    virtual QByteArray responseModelKey() const;
    // Whether a non-stream error body is already this format's own error shape
    // (then it can be forwarded to a same-format client unchanged).
    virtual bool isOwnErrorBody(const QJsonObject &body) const = 0;
};

// The adapter for a format. Registration: formatregistry.cpp, one line per format.
const FormatAdapter &formatAdapter(ApiFormat format);
