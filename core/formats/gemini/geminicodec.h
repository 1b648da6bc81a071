#pragma once

#include "formats/formatcodec.h"

// Gemini generateContent / streamGenerateContent <-> canonical. Requests from Gemini clients
// are decoded by GeminiRequestDecoder; requests for Gemini upstreams carry tool schemas as
// `parametersJsonSchema` (JSON Schema passed untouched, no OpenAPI-subset rewrite) and never
// send function-call ids (the API refuses them: results pair with calls by name and order).
class GeminiCodec : public FormatCodec
{
public:
    ApiFormat format() const override { return ApiFormat::Gemini; }

    std::optional<Request> decodeRequest(const QJsonObject &body, const QString &pathModel, bool streamRoute,
                                         QString *error) const override;
    QJsonObject encodeRequest(const Request &request) const override;

    Response decodeResponse(const QJsonObject &body) const override;
    QJsonObject encodeResponse(const Response &response, const EncoderOptions &options) const override;

    std::unique_ptr<StreamDecoder> newStreamDecoder() const override;
    std::unique_ptr<StreamEncoder> newStreamEncoder(const EncoderOptions &options) const override;
};
