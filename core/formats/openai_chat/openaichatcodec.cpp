#include "openaichatcodec.h"

#include "openaichatrequest.h"
#include "openaichatresponse.h"
#include "openaichatstreamdecoder.h"
#include "openaichatstreamencoder.h"

std::optional<Request> OpenAIChatCodec::decodeRequest(const QJsonObject &body, const QString &pathModel,
                                                      bool streamRoute, QString *error) const
{
    Q_UNUSED(streamRoute); // Chat streams when the body says "stream": true
    std::optional<Request> request = OpenAIChatRequest::decode(body, error);
    if (request && request->model.isEmpty())
        request->model = pathModel;
    return request;
}

QJsonObject OpenAIChatCodec::encodeRequest(const Request &request) const
{
    return OpenAIChatRequest::encode(request);
}

Response OpenAIChatCodec::decodeResponse(const QJsonObject &body) const
{
    return OpenAIChatResponse::decode(body);
}

QJsonObject OpenAIChatCodec::encodeResponse(const Response &response, const EncoderOptions &options) const
{
    return OpenAIChatResponse::encode(response, options);
}

std::unique_ptr<StreamDecoder> OpenAIChatCodec::newStreamDecoder() const
{
    return std::make_unique<OpenAIChatStreamDecoder>();
}

std::unique_ptr<StreamEncoder> OpenAIChatCodec::newStreamEncoder(const EncoderOptions &options) const
{
    return std::make_unique<OpenAIChatStreamEncoder>(options);
}
