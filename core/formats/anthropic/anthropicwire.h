#pragma once

#include "formats/relayerror.h"
#include "model/conversation.h"
#include "model/usage.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// Anthropic Messages vocabulary shared by the pass-through adapter and the codec: error types,
// usage fields, stop reasons and the ids the format requires. Strings live here, enums elsewhere.
namespace AnthropicWire {

QString errorType(ErrorCode code);                 // never empty: unknown -> "api_error"
ErrorCode errorCodeFromType(const QString &type);  // "overloaded_error" -> Overloaded
QJsonObject errorBody(const RelayError &error);    // {"type":"error","error":{"type","message"}}

// Anthropic splits input into uncached, cache-read and cache-written parts; Usage counts all
// three as input (the OpenAI convention) and the cache reads as cached.
Usage usageFromJson(const QJsonObject &usage);
// The reverse: input_tokens = input - cached, cache_read_input_tokens = cached.
QJsonObject usageToJson(const Usage &usage);

StopReason stopReasonFromName(const QString &name); // "" -> EndTurn, unknown -> Unknown
QString stopReasonName(StopReason reason);          // always one Anthropic accepts
QJsonValue stopSequenceValue(StopReason reason, const QString &sequence); // string or null

// Deterministic ids for answers whose source had none: same seed, same id.
QString messageId(const QString &seed);
QString toolUseId(const QString &seed, int index);

} // namespace AnthropicWire
