#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// Byte-faithful edits of JSON text. Pass-through must keep every other byte of a client body
// as it came (QJsonDocument would reorder keys and reformat numbers), so these functions find
// a top-level member by scanning the text and splice only the bytes of its value. The whole
// input is validated on the way: malformed JSON is refused, never half-edited. A key present
// more than once at the top level is edited everywhere, so the upstream reads the new value
// whichever duplicate its parser keeps.
namespace JsonPatch {

// json with the string value of its top-level member `key` (compared after unescaping)
// replaced by newValue; nullopt if json is not a valid object, has no such member, or one
// of its occurrences is not a string.
std::optional<QByteArray> replaceTopLevelString(QByteArrayView json, QByteArrayView key, const QString &newValue);

// json with the value (any type) of the top-level member `key` replaced by rawJsonValue, or
// with `"key":rawJsonValue` appended after the last member when absent. Empty when json is
// not a valid object or rawJsonValue is not one valid JSON value.
QByteArray setTopLevelMember(QByteArrayView json, QByteArrayView key, QByteArrayView rawJsonValue);

// Whether json is one object or array (whitespace around it allowed) by the same scanner:
// built into nothing, so much cheaper than QJsonDocument. Bytes inside strings are not checked
// for UTF-8: callers that need all QJsonDocument accepts check that themselves.
bool isDocument(QByteArrayView json);

// s as a JSON string literal, quotes included (UTF-8, control characters escaped).
QByteArray escapeString(const QString &s);

} // namespace JsonPatch
