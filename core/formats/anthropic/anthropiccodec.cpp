#include "anthropiccodec.h"

#include "anthropicblocks.h"
#include "anthropicrequestdecoder.h"
#include "anthropicrequestencoder.h"
#include "anthropicstreamdecoder.h"
#include "anthropicstreamencoder.h"
#include "anthropicwire.h"

#include "formats/formatjson.h"

#include <QJsonArray>

using namespace FormatJson;

std::optional<Request> AnthropicCodec::decodeRequest(const QJsonObject &body, const QString &pathModel,
                                                     bool streamRoute, QString *error) const
{
    Q_UNUSED(pathModel); // the model is in the body
    Q_UNUSED(streamRoute); // and so is "stream"
    return AnthropicRequestDecoder().decode(body, error);
}

QJsonObject AnthropicCodec::encodeRequest(const Request &request) const
{
    return AnthropicRequestEncoder(request).encode();
}

Response AnthropicCodec::decodeResponse(const QJsonObject &body) const
{
    Response response;
    response.id = string(body, QLatin1String("id"));
    response.model = string(body, QLatin1String("model"));
    const QJsonArray content = body.value(QLatin1String("content")).toArray();
    for (qsizetype i = 0; i < content.size(); ++i) {
        ContentPart part;
        // An answer is taken as it comes: blocks that do not decode are left out, not fatal.
        if (AnthropicBlocks::decode(content.at(i), QString(), part, nullptr) == AnthropicBlocks::Decoded::Part)
            response.content << part;
    }
    response.stopReason = AnthropicWire::stopReasonFromName(string(body, QLatin1String("stop_reason")));
    response.stopSequence = string(body, QLatin1String("stop_sequence"));
    const QJsonValue usage = body.value(QLatin1String("usage"));
    if (usage.isObject())
        response.usage = AnthropicWire::usageFromJson(usage.toObject());
    return response;
}

QJsonObject AnthropicCodec::encodeResponse(const Response &response, const EncoderOptions &options) const
{
    const QString seed = options.requestId.isEmpty() ? response.id : options.requestId;
    QJsonArray content;
    bool calledTools = false;
    for (qsizetype i = 0; i < response.content.size(); ++i) {
        ContentPart part = response.content.at(i);
        if (part.kind == ContentPart::Kind::ToolCall) {
            calledTools = true;
            if (part.toolCallId.isEmpty())
                part.toolCallId = AnthropicWire::toolUseId(seed, int(i));
        }
        if (const std::optional<QJsonObject> block = AnthropicBlocks::encode(part))
            content.append(*block);
    }
    // Some upstreams end a turn of tool calls with a plain "stop"; Anthropic clients loop on tool_use.
    const StopReason reason = calledTools && response.stopReason == StopReason::EndTurn ? StopReason::ToolUse
                                                                                       : response.stopReason;
    return QJsonObject{
        {QStringLiteral("id"), response.id.isEmpty() ? AnthropicWire::messageId(seed) : response.id},
        {QStringLiteral("type"), QStringLiteral("message")},
        {QStringLiteral("role"), QStringLiteral("assistant")},
        {QStringLiteral("model"), options.clientModel.isEmpty() ? response.model : options.clientModel},
        {QStringLiteral("content"), content},
        {QStringLiteral("stop_reason"), AnthropicWire::stopReasonName(reason)},
        {QStringLiteral("stop_sequence"), AnthropicWire::stopSequenceValue(reason, response.stopSequence)},
        {QStringLiteral("usage"), AnthropicWire::usageToJson(response.usage)}};
}

std::unique_ptr<StreamDecoder> AnthropicCodec::newStreamDecoder() const
{
    return std::make_unique<AnthropicStreamDecoder>();
}

std::unique_ptr<StreamEncoder> AnthropicCodec::newStreamEncoder(const EncoderOptions &options) const
{
    return std::make_unique<AnthropicStreamEncoder>(options);
}
