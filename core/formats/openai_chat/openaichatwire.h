#pragma once

#include "formats/relayerror.h"
#include "model/conversation.h"
#include "model/usage.h"

#include <QJsonObject>
#include <QString>

// Chat Completions vocabulary shared by the pass-through adapter (OpenAIChatFormat) and the
// translation codec (OpenAIChatCodec and its stream decoder/encoder): usage objects, finish
// reasons, in-stream error chunks, and the ids the format requires.
namespace OpenAIChatWire {

// `usage` of a completion or chunk -> canonical (prompt_tokens include cached tokens).
Usage usageFromJson(const QJsonObject &usage);
// Canonical -> {prompt_tokens, completion_tokens, total_tokens, *_details}.
QJsonObject usageToJson(const Usage &usage);

// "stop" | "length" | "tool_calls" | "function_call" | "content_filter" -> canonical.
// `sawToolCalls`: some upstreams say "stop" after calling tools; that is still a tool stop.
StopReason stopReasonFromFinish(const QString &finishReason, bool sawToolCalls);
// Canonical -> finish_reason; a turn that called tools ends in "tool_calls" (clients run the
// tools only then) unless it was cut off or filtered.
QString finishReasonName(StopReason reason, bool hasToolCalls);

// True for {"error":...} chunks and vLLM's older {"object":"error","message":...}.
bool isErrorChunk(const QJsonObject &chunk);
// The RelayError an upstream error chunk or body reports (code from its type/code/status).
RelayError errorFromChunk(const QJsonObject &chunk);

// `prefix` + 24 hex digits of SHA-256(seed, index): the same seed gives the same id.
QString deterministicId(QLatin1String prefix, const QString &seed, int index);

// The id a client sees: the upstream's id when there is one, else "chatcmpl-" + a hash of
// the relay's request id (the same request always gets the same id).
QString completionId(const QString &upstreamId, const QString &requestId);

// Models that take `max_completion_tokens` and refuse sampling parameters (o1/o3/o4/gpt-5).
bool isReasoningModel(const QString &model);

// `data:<mediaType>;base64,<data>` split into its parts; false for anything else.
bool splitDataUrl(const QString &url, QString *mediaType, QByteArray *base64Data);

} // namespace OpenAIChatWire
