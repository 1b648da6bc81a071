#pragma once

#include "formats/formatcodec.h"

#include <QJsonObject>

// Non-stream Chat Completions bodies <-> the canonical Response (the response half of
// OpenAIChatCodec).
namespace OpenAIChatResponse {

// An upstream `chat.completion` -> canonical (first choice; reasoning first, then text,
// then tool calls, the order the model produced them in).
Response decode(const QJsonObject &body);
// Canonical -> the `chat.completion` a client expects (model = options.clientModel).
QJsonObject encode(const Response &response, const EncoderOptions &options);

} // namespace OpenAIChatResponse
