#pragma once

#include "formats/formatcodec.h"

// Translation half of Anthropic Messages: requests, non-stream answers and streams to and
// from the canonical model. Stateless; the stream coders keep the per-stream state.
class AnthropicCodec : public FormatCodec
{
public:
    ApiFormat format() const override { return ApiFormat::Anthropic; }

    std::optional<Request> decodeRequest(const QJsonObject &body, const QString &pathModel, bool streamRoute,
                                         QString *error) const override;
    QJsonObject encodeRequest(const Request &request) const override;

    Response decodeResponse(const QJsonObject &body) const override;
    QJsonObject encodeResponse(const Response &response, const EncoderOptions &options) const override;

    std::unique_ptr<StreamDecoder> newStreamDecoder() const override;
    std::unique_ptr<StreamEncoder> newStreamEncoder(const EncoderOptions &options) const override;
};
