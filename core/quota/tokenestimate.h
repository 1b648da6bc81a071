#pragma once

#include "formats/apiformat.h"

#include <QByteArray>
#include <QJsonObject>

// Token counts known before the upstream answers, for reserving the worst-case cost.
namespace TokenEstimate {

// Input tokens of a request body, from its bytes without a tokenizer: ASCII at about four
// bytes a token, every other character (CJK, emoji, accents) one token, and a long base64
// run (an inline image or file) a flat kTokensPerBlob instead of its length.
qint64 inputTokens(const QByteArray &body);
constexpr qint64 kTokensPerBlob = 1600;
constexpr qsizetype kMinBlobChars = 1024;

// The output cap the client set, in its format: OpenAI chat max_completion_tokens or
// max_tokens, Responses max_output_tokens, Anthropic max_tokens, Gemini
// generationConfig.maxOutputTokens. -1 when the request sets none.
qint64 requestedMaxOutputTokens(ApiFormat format, const QJsonObject &body);

} // namespace TokenEstimate
