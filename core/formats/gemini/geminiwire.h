#pragma once

#include "formats/relayerror.h"
#include "model/conversation.h"
#include "model/usage.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1String>
#include <QString>

// Gemini generateContent vocabulary shared by the pass-through adapter (GeminiFormat) and the
// translation codec (GeminiCodec and its stream decoder/encoder): usage, finish reasons, error
// statuses, deterministic ids. Strings live here, enums elsewhere.
namespace GeminiWire {

// "models/gemini-2.5-pro" -> "gemini-2.5-pro".
QString stripModelsPrefix(const QString &model);

// The REST API accepts every field in camelCase and in snake_case ("inlineData" and
// "inline_data"): the value under either spelling, camelCase first.
QJsonValue field(const QJsonObject &o, QLatin1String camel, QLatin1String snake);

// usageMetadata -> canonical. promptTokenCount already includes the cached part; thoughts are
// billed as output but reported beside candidatesTokenCount, so output = candidates + thoughts.
Usage usageFromJson(const QJsonObject &usageMetadata);
// The reverse: candidatesTokenCount = output - reasoning, thoughtsTokenCount = reasoning.
QJsonObject usageToJson(const Usage &usage);

// finishReason -> canonical ("" -> EndTurn). Gemini says STOP after function calls too:
// `sawToolCalls` turns that into ToolUse.
StopReason stopReasonFromFinish(const QString &finishReason, bool sawToolCalls);
// Canonical -> a finishReason every Gemini SDK knows (tool calls end in "STOP").
QString finishReasonName(StopReason reason);

// google.rpc status names ("RESOURCE_EXHAUSTED") <-> ErrorCode.
QString errorStatus(ErrorCode code);
ErrorCode errorCodeFromStatus(const QString &status, int httpStatus);
// {"error":{"code","message","status"}} for a RelayError.
QJsonObject errorBody(const RelayError &error);
// {"error":{"code","message","status"}} -> RelayError (in-stream errors and error bodies).
RelayError errorFromBody(const QJsonObject &body);

// "call_" + 24 hex digits of SHA-256(seed): the id of a function call that came without one.
QString callId(const QString &seed);
// responseId of an answer to a Gemini client: the upstream's id, else the relay's request id,
// else a fresh uuid (clients key on it, it is never empty).
QString responseId(const QString &upstreamId, const QString &requestId);

} // namespace GeminiWire
