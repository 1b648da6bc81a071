#pragma once

#include "formats/formatcodec.h"

// The translation half of the OpenAI Responses format (`POST /v1/responses`): requests,
// non-stream responses and streams to and from the canonical model.
class OpenAIResponsesCodec : public FormatCodec
{
public:
    ApiFormat format() const override { return ApiFormat::OpenAIResponses; }

    std::optional<Request> decodeRequest(const QJsonObject &body, const QString &pathModel, bool streamRoute,
                                         QString *error) const override;
    QJsonObject encodeRequest(const Request &request) const override;

    Response decodeResponse(const QJsonObject &body) const override;
    QJsonObject encodeResponse(const Response &response, const EncoderOptions &options) const override;

    std::unique_ptr<StreamDecoder> newStreamDecoder() const override;
    std::unique_ptr<StreamEncoder> newStreamEncoder(const EncoderOptions &options) const override;
};
