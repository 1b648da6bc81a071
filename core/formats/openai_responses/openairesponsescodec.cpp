#include "openairesponsescodec.h"

#include "model/signatureenvelope.h"

#include "openairesponsesjson.h"
#include "openairesponsesrequest.h"
#include "openairesponsesstreamdecoder.h"
#include "openairesponsesstreamencoder.h"

#include "formats/formatjson.h"

#include <QDateTime>
#include <QUuid>

using namespace FormatJson;
using Kind = ContentPart::Kind;

std::optional<Request> OpenAIResponsesCodec::decodeRequest(const QJsonObject &body, const QString &pathModel,
                                                           bool streamRoute, QString *error) const
{
    Q_UNUSED(pathModel);
    Q_UNUSED(streamRoute);
    return ResponsesRequest::decode(body, error);
}

QJsonObject OpenAIResponsesCodec::encodeRequest(const Request &request) const
{
    return ResponsesRequest::encode(request);
}

namespace {

void appendOutputItem(const QJsonObject &item, Response &r)
{
    const QString type = string(item, QLatin1String("type"));
    ContentPart p;
    if (type == QLatin1String("message")) {
        p.text = ResponsesJson::messageText(item);
        if (p.text.isEmpty())
            return;
    } else if (type == QLatin1String("function_call")) {
        p.kind = Kind::ToolCall;
        p.toolCallId = string(item, QLatin1String("call_id"));
        p.toolName = string(item, QLatin1String("name"));
        p.arguments = string(item, QLatin1String("arguments"));
        if (p.arguments.trimmed().isEmpty())
            p.arguments = QStringLiteral("{}");
    } else if (type == QLatin1String("reasoning")) {
        p.kind = Kind::Thinking;
        p.reasoningId = string(item, QLatin1String("id"));
        p.text = ResponsesJson::reasoningText(item);
        p.signature = string(item, QLatin1String("encrypted_content"));
    } else {
        return; // hosted tool calls (web search, ...) have no canonical form
    }
    r.content.append(p);
}

StopReason stopReasonOf(const QJsonObject &body, bool calledTools)
{
    const QString status = string(body, QLatin1String("status"));
    const QString reason = string(body.value(QLatin1String("incomplete_details")).toObject(), QLatin1String("reason"));
    if (status == QLatin1String("failed"))
        return StopReason::Error;
    if (status == QLatin1String("incomplete") || !reason.isEmpty()) {
        if (reason == QLatin1String("content_filter"))
            return StopReason::ContentFilter;
        return StopReason::MaxTokens;
    }
    return calledTools ? StopReason::ToolUse : StopReason::EndTurn;
}

} // namespace

Response OpenAIResponsesCodec::decodeResponse(const QJsonObject &body) const
{
    Response r;
    r.id = string(body, QLatin1String("id"));
    r.model = string(body, QLatin1String("model"));
    const QJsonArray output = body.value(QLatin1String("output")).toArray();
    bool calledTools = false;
    for (const QJsonValue &v : output) {
        appendOutputItem(v.toObject(), r);
        calledTools = calledTools || (!r.content.isEmpty() && r.content.last().kind == Kind::ToolCall);
    }
    r.stopReason = stopReasonOf(body, calledTools);
    const QJsonValue usage = body.value(QLatin1String("usage"));
    if (usage.isObject())
        r.usage = ResponsesJson::usageFromJson(usage.toObject());
    return r;
}

namespace {

// Ids the client sees: the upstream's own where they are Responses ids, else derived from
// the request id so that a retried request gets the same ones.
QString idSeed(const Response &response, const EncoderOptions &options)
{
    if (!options.requestId.isEmpty())
        return options.requestId;
    return response.id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : response.id;
}

QJsonObject outputItem(const ContentPart &p, int index, const QString &seed)
{
    const QString salt = QString::number(index);
    switch (p.kind) {
    case Kind::ToolCall:
        return ResponsesJson::functionCallItem(ResponsesJson::deterministicId(QLatin1String("fc_"), seed, salt),
                                               QStringLiteral("completed"),
                                               p.toolCallId.isEmpty()
                                                   ? ResponsesJson::deterministicId(QLatin1String("call_"), seed,
                                                                                    QLatin1String("call/") + salt)
                                                   : p.toolCallId,
                                               p.toolName, p.arguments.isEmpty() ? QStringLiteral("{}") : p.arguments);
    case Kind::Thinking:
        return ResponsesJson::reasoningItem(p.reasoningId.startsWith(QLatin1String("rs_"))
                                                ? p.reasoningId
                                                : ResponsesJson::deterministicId(QLatin1String("rs_"), seed, salt),
                                            p.text, p.reasoningId.isEmpty() && !p.signature.isEmpty()
                                                ? SignatureEnvelope::wrap(QString(), p.signature)
                                                : p.signature);
    default:
        return ResponsesJson::messageItem(ResponsesJson::deterministicId(QLatin1String("msg_"), seed, salt),
                                          QStringLiteral("completed"), p.text, true);
    }
}

} // namespace

QJsonObject OpenAIResponsesCodec::encodeResponse(const Response &response, const EncoderOptions &options) const
{
    const QString seed = idSeed(response, options);
    ResponsesJson::ResponseShell shell;
    shell.id = response.id.startsWith(QLatin1String("resp_"))
        ? response.id
        : ResponsesJson::deterministicId(QLatin1String("resp_"), seed, QStringLiteral("response"));
    shell.createdAt = QDateTime::currentSecsSinceEpoch();
    shell.model = options.clientModel.isEmpty() ? response.model : options.clientModel;
    shell.usage = response.usage;
    shell.stopReason = response.stopReason;
    shell.status = ResponsesJson::statusFor(response.stopReason);
    if (response.stopReason == StopReason::Error) {
        shell.status = QStringLiteral("failed");
        shell.error = QJsonObject{{QStringLiteral("code"), QStringLiteral("server_error")},
                                  {QStringLiteral("message"), QStringLiteral("The upstream failed to complete the response.")}};
    }
    for (int i = 0; i < response.content.size(); ++i) {
        const ContentPart &p = response.content.at(i);
        if (p.kind == Kind::Text || p.kind == Kind::ToolCall || p.kind == Kind::Thinking)
            shell.output.append(outputItem(p, i, seed));
    }
    return ResponsesJson::responseObject(shell, options.request);
}

std::unique_ptr<StreamDecoder> OpenAIResponsesCodec::newStreamDecoder() const
{
    return std::make_unique<OpenAIResponsesStreamDecoder>();
}

std::unique_ptr<StreamEncoder> OpenAIResponsesCodec::newStreamEncoder(const EncoderOptions &options) const
{
    return std::make_unique<OpenAIResponsesStreamEncoder>(options);
}
