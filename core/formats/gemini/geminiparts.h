#pragma once

#include "model/conversation.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

// One Gemini `Part` <-> canonical ContentParts, for requests and responses alike (text,
// thought, inlineData, fileData, functionCall, functionResponse, thoughtSignature).
//
// Thought signatures: Gemini puts `thoughtSignature` beside the data of an ordinary part (the
// first functionCall of a turn, or the last part). Canonical carries signatures on Thinking
// parts, so a signature on a non-thought part decodes to a signature-only Thinking part placed
// right before it, and encoding puts a Thinking signature on the next non-thought part (or
// an empty text part when none follows, as Gemini ends its own answers): the two rules are
// each other's inverse. The "skip validation" sentinel carries nothing and is not decoded.
namespace GeminiParts {

enum class Decoded {
    Parts,   // `out` got one or two parts
    Skipped, // nothing canonical can carry (empty part)
    Invalid  // `*error` names the JSON path
};

// Function calls and results keep the id the part carries; callers fill in missing ids.
// `path` is the part's JSON path ("$.contents[2].parts[0]").
Decoded decode(const QJsonValue &part, const QString &path, QList<ContentPart> &out, QString *error);

// Joins adjacent thought parts without signatures (streamed thoughts arrive in fragments) and
// folds a signature-only Thinking part into the thought it follows, so that a thought and its
// signature travel as one block (Anthropic validates the pair).
void mergeThoughts(QList<ContentPart> &parts);

// functionResponse.response -> result text: the string of a lone "result"/"output"/"content"
// field, the error of a lone "error" field (`*isError`), else the object as JSON text.
QString resultText(const QJsonValue &response, bool *isError);
// The reverse: text holding a JSON object is sent as that object, other text as {"result"}
// (or {"error"} for a failed call).
QJsonObject resultResponse(const QString &text, bool isError);

struct EncodeOptions
{
    // Tool-call id -> function name, for results (Gemini pairs results with calls by name).
    const QHash<QString, QString> *toolNames = nullptr;
    // Gemini 3 refuses a turn whose first functionCall has no signature; calls replayed from
    // another provider get the documented "skip validation" sentinel instead.
    bool signFunctionCalls = false;
};

// The parts of one canonical message -> Gemini parts.
QJsonArray encode(const QList<ContentPart> &parts, const EncodeOptions &options);

// Arguments JSON text -> the `args` object ({} when empty or not an object).
QJsonObject toolArgs(const QString &arguments);

} // namespace GeminiParts
