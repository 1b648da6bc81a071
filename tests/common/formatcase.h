#pragma once

#include "scriptedupstream.h"
#include "transcripts.h"

#include "formats/apiformat.h"

#include <QByteArray>
#include <QList>

// One client format as the integration tests drive it through the channel of the same type
// in RelayFixture's standard config: the client route and body, the client's auth headers,
// and what the upstream must receive.
struct FormatCase
{
    ApiFormat format = ApiFormat::OpenAIChat;
    QByteArray channel;       // channel name in the standard config
    QByteArray channelKey;    // its upstream key
    QByteArray clientModel;   // client-visible model the channel serves
    QByteArray upstreamModel; // what model_map renames it to

    static FormatCase of(ApiFormat format);
    static QList<ApiFormat> all();
    static const char *name(ApiFormat format); // for data-table rows

    QByteArray target(bool stream) const;       // the client route (Gemini: model in the path)
    QByteArray upstreamPath(bool stream) const; // the path the upstream must see (no query)
    // The client's body: key order and spacing unusual on purpose, a nested "model" that is
    // not the model, a number (0.70) a JSON re-encoder would rewrite.
    QByteArray clientBody(bool stream) const;
    // The client's body naming another model (one another channel type serves: translation).
    QByteArray clientBodyFor(const QByteArray &model, bool stream) const;
    QByteArray upstreamBody(bool stream) const; // the same bytes, only the top-level model renamed
    HeaderList clientAuth(const QByteArray &clientKey) const; // the format's usual key header
    Transcript transcript() const;              // canned answer with the upstream model
    // The same answer as a pass-through client reads it: the relay names the client's model
    // where the upstream named model_map's (the transcripts carry the name nowhere else).
    Transcript clientTranscript() const;

    // Whether the upstream request carries this channel's key the format's way
    // (Bearer / x-api-key + anthropic-version / x-goog-api-key); "" when it does, else why not.
    QString checkUpstreamAuth(const ReceivedRequest &request) const;
};

// The standard upstream: answers any request of the four formats with its canned transcript
// (SSE when the request asks to stream, a JSON array for Gemini without alt=sse, JSON otherwise),
// using the model the request names.
UpstreamScript transcriptAnswer(const ReceivedRequest &request);
// Which format an upstream request path belongs to.
ApiFormat formatOfUpstreamPath(const QByteArray &path);
bool upstreamRequestStreams(const ReceivedRequest &request);
