#pragma once

#include "formats/formatcodec.h"

// The translation half of the Chat Completions module: client requests and upstream answers
// in Chat form <-> the canonical model. Requests: openaichatrequest*.cpp; non-stream bodies:
// openaichatresponse.cpp; streams: OpenAIChatStreamDecoder / OpenAIChatStreamEncoder.
class OpenAIChatCodec : public FormatCodec
{
public:
    ApiFormat format() const override { return ApiFormat::OpenAIChat; }

    std::optional<Request> decodeRequest(const QJsonObject &body, const QString &pathModel, bool streamRoute,
                                         QString *error) const override;
    QJsonObject encodeRequest(const Request &request) const override;

    Response decodeResponse(const QJsonObject &body) const override;
    QJsonObject encodeResponse(const Response &response, const EncoderOptions &options) const override;

    std::unique_ptr<StreamDecoder> newStreamDecoder() const override;
    std::unique_ptr<StreamEncoder> newStreamEncoder(const EncoderOptions &options) const override;
};
