#pragma once

#include <QJsonObject>

// Gemini's `parameters` / `responseSchema` use an OpenAPI 3.0 subset ("type": "OBJECT",
// "nullable": true, int64 limits written as strings, snake_case spellings). Other providers
// validate JSON Schema, so decoded schemas are rewritten into it. The way back needs no
// rewrite: GeminiCodec sends JSON Schema untouched as `parametersJsonSchema` /
// `responseJsonSchema`, which the Gemini API accepts as is.
namespace GeminiSchema {

QJsonObject toJsonSchema(const QJsonObject &openApiSchema);

} // namespace GeminiSchema
