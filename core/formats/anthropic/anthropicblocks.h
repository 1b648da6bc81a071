#pragma once

#include "model/conversation.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

// One Anthropic content block <-> one canonical ContentPart, for requests and responses alike
// (text, image, document, thinking, redacted_thinking, tool_use, tool_result).
namespace AnthropicBlocks {

enum class Decoded {
    Part,    // `part` holds the block
    Skipped, // a block only Anthropic's own servers can act on (server tools and their results)
    Invalid  // `*error` names the JSON path
};

// `path` is the block's JSON path ("$.messages[2].content[0]") for error messages.
Decoded decode(const QJsonValue &block, const QString &path, ContentPart &part, QString *error);

// nullopt when the part has nothing Anthropic accepts (empty text, image without data or URL).
// Tool calls are written with the id they carry: callers fill in missing ids first.
std::optional<QJsonObject> encode(const ContentPart &part);

// Arguments JSON text -> the `input` object ({} when empty or not an object).
QJsonObject toolInput(const QString &arguments);

} // namespace AnthropicBlocks
