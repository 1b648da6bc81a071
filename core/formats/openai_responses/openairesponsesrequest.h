#pragma once

#include "model/conversation.h"

#include <QJsonObject>
#include <QString>
#include <optional>

// A Responses request body <-> the canonical Request. Split from the codec because the
// request is the biggest part of the format (input items, parts, tools, reasoning).
namespace ResponsesRequest {

// nullopt + *error ("$.input[2].content[0].type: unknown part type 'foo'") when invalid.
std::optional<Request> decode(const QJsonObject &body, QString *error);
QJsonObject encode(const Request &request);

} // namespace ResponsesRequest
