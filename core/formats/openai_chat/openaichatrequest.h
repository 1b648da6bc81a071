#pragma once

#include "model/conversation.h"

#include <QJsonObject>
#include <QString>
#include <optional>

// Chat Completions request bodies <-> the canonical Request (the request half of
// OpenAIChatCodec, kept apart so each file holds one direction of one concern).
namespace OpenAIChatRequest {

// Client body -> canonical. nullopt + *error ("$.messages[2].content[0].type: ...") when invalid.
std::optional<Request> decode(const QJsonObject &body, QString *error);

// Canonical -> upstream body. Choices that depend on the upstream model:
// - o1/o3/o4/gpt-5 models get `max_completion_tokens` (they refuse `max_tokens`) and no
//   temperature/top_p (they refuse non-default sampling); other models get `max_tokens`,
//   which every OpenAI-compatible server understands.
// - a streamed request always asks for `stream_options.include_usage`: the relay bills from it.
QJsonObject encode(const Request &request);

} // namespace OpenAIChatRequest
