#pragma once

#include <QByteArray>
#include <QByteArrayMatcher>
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

// A rename of one string value under one key, at any depth of a JSON text: every literal is
// kept ready-made (quotes included), and the search for the old value prepared, so applying it
// per stream event allocates nothing when the value is absent. Used to give a pass-through
// client back the model name it asked for when a channel's model_map sent another one upstream.
struct MemberRename
{
    QByteArray key;      // "\"model\"": the key exactly as the upstream writes it
    QByteArray fromOpen; // escapeString(old value) without its closing quote
    QByteArray to;       // escapeString(new value)
    // Finds `fromOpen`: its skip table built once. Qt 6.4's QByteArray::indexOf hashes the needle
    // on every call, ten times slower on a typical event (210 ns against 21 for 160 bytes).
    QByteArrayMatcher fromFinder;
};

// `key` is the plain member name and must end in a letter (why: renameMembers' definition).
MemberRename memberRename(QByteArrayView key, const QString &from, const QString &to);

// Rewrites in place every `"key" : "from"` member of text (any depth, any JSON whitespace
// around the colon) to `"key" : "to"`; returns how many. A value that is `from` plus a dated
// snapshot suffix counts as `from` too: upstreams answer "gpt-4o" with "gpt-4o-2024-08-06",
// "claude-sonnet-4-5" with "claude-sonnet-4-5-20250929", "gemini-1.5-flash" with
// "gemini-1.5-flash-002" (isSnapshotSuffix). Byte-level, no parse, and text is not
// copied when `from` does not occur at all; the comment at the definition argues why only real
// members match. Values escaped otherwise than escapeString does ("\u0067pt") and keys written
// with escapes are not recognised. text may be whole SSE frames: their `data:` lines hold the
// JSON, and their other lines (event names, ids, comments) hold no JSON member to mistake.
int renameMembers(QByteArray &text, const MemberRename &rename);

// Whether `suffix` (what follows a model name) names a dated snapshot of it: "-" then at least
// three digits or dashes, the first a digit ("-2024-08-06", "-20250929", "-002"; not "-2",
// "-mini" or "-2-flash").
bool isSnapshotSuffix(QByteArrayView suffix);

} // namespace JsonPatch
