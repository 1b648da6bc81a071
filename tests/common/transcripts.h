#pragma once

#include "formats/apiformat.h"

#include <QByteArray>
#include <QList>

// A canned upstream answer in one wire format: the SSE frames of the streamed form, the JSON
// body of the non-streamed form, and what a reader of either must find in it.
struct Transcript
{
    ApiFormat format = ApiFormat::OpenAIChat;
    QList<QByteArray> frames;       // exact bytes of each SSE frame, terminator included
    QByteArray json;                // the non-stream response body
    QList<QByteArray> arrayObjects; // Gemini: the chunks of the JSON-array stream (no alt=sse)
    QByteArray text;                // the assistant text, all deltas joined
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    // How many leading frames carry content but nothing terminal: a fault injected after them
    // happens mid-stream, after the first byte and before the end.
    int partialFrames = 0;

    QByteArray joinedFrames() const;
    QList<QByteArray> head() const { return frames.mid(0, partialFrames); }
    QList<QByteArray> tail() const { return frames.mid(partialFrames); }
};

// Canned transcripts; `model` is the upstream model name written into the answer.
// Token counts differ per format so a row can only match its own transcript.
namespace Transcripts {
Transcript openAIChat(const QByteArray &model);      // role, 2 deltas, finish, usage chunk, [DONE]
Transcript openAIResponses(const QByteArray &model); // response.created ... response.completed
Transcript anthropic(const QByteArray &model);       // message_start ... message_stop
Transcript gemini(const QByteArray &model);          // 3 chunks, finishReason + usageMetadata
Transcript forFormat(ApiFormat format, const QByteArray &model);

// An in-stream error event in the upstream's own format (an upstream_error mid-stream).
QByteArray errorEvent(ApiFormat format);
// An HTTP error body in the upstream's own format carrying `message`.
QByteArray errorBody(ApiFormat format, int status, const QByteArray &message);
// A frame whose data is not JSON, shaped like the format's events otherwise.
QByteArray malformedFrame(ApiFormat format);
// An OpenAI chat content frame of about `size` bytes: thousands of them fill any socket buffer.
QByteArray bigChatFrame(int size);
} // namespace Transcripts
