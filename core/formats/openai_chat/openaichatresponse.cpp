#include "openaichatresponse.h"

#include "formats/formatjson.h"
#include "openaichatwire.h"

#include <QDateTime>
#include <QJsonArray>

using namespace FormatJson;

namespace {

QString textOf(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QString text; // a few servers answer with an array of text parts
    for (const QJsonValue &part : content.toArray())
        text += string(part.toObject(), QLatin1String("text"));
    return text;
}

void appendToolCalls(const QJsonObject &message, const QString &seed, QList<ContentPart> &out)
{
    QJsonArray calls = message.value(QLatin1String("tool_calls")).toArray();
    // The legacy single function_call (no id) is one call at index 0.
    const QJsonValue legacy = message.value(QLatin1String("function_call"));
    if (calls.isEmpty() && legacy.isObject())
        calls.append(QJsonObject{{QStringLiteral("function"), legacy}});
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        ContentPart part;
        part.kind = ContentPart::Kind::ToolCall;
        part.toolCallId = string(call, QLatin1String("id"));
        if (part.toolCallId.isEmpty())
            part.toolCallId = OpenAIChatWire::deterministicId(QLatin1String("call_"), seed, int(i));
        part.toolName = string(function, QLatin1String("name"));
        const QJsonValue args = function.value(QLatin1String("arguments"));
        part.arguments = args.isObject() ? QString::fromUtf8(compact(args.toObject())) : args.toString();
        if (part.arguments.trimmed().isEmpty())
            part.arguments = QStringLiteral("{}");
        out.append(part);
    }
}

QJsonObject toolCallJson(const ContentPart &call, const QString &fallbackId)
{
    const QString arguments = call.arguments.isEmpty() ? QStringLiteral("{}") : call.arguments;
    return QJsonObject{{QStringLiteral("id"), call.toolCallId.isEmpty() ? fallbackId : call.toolCallId},
                       {QStringLiteral("type"), QStringLiteral("function")},
                       {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), call.toolName},
                                                                {QStringLiteral("arguments"), arguments}}}};
}

QJsonValue nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

namespace OpenAIChatResponse {

Response decode(const QJsonObject &body)
{
    Response r;
    r.id = string(body, QLatin1String("id"));
    r.model = string(body, QLatin1String("model"));
    const QJsonObject choice = body.value(QLatin1String("choices")).toArray().at(0).toObject();
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    QString reasoning = string(message, QLatin1String("reasoning_content"));
    if (reasoning.isEmpty())
        reasoning = string(message, QLatin1String("reasoning"));
    if (!reasoning.isEmpty()) {
        ContentPart thinking = ContentPart::makeText(reasoning);
        thinking.kind = ContentPart::Kind::Thinking;
        r.content.append(thinking);
    }
    const QString text = textOf(message.value(QLatin1String("content")));
    if (!text.isEmpty())
        r.content.append(ContentPart::makeText(text));
    const QString refusal = string(message, QLatin1String("refusal"));
    if (!refusal.isEmpty())
        r.content.append(ContentPart::makeText(refusal));
    const qsizetype before = r.content.size();
    appendToolCalls(message, r.id, r.content);
    r.stopReason = OpenAIChatWire::stopReasonFromFinish(string(choice, QLatin1String("finish_reason")),
                                                        r.content.size() > before);
    if (!refusal.isEmpty() && r.stopReason == StopReason::EndTurn)
        r.stopReason = StopReason::ContentFilter;
    const QJsonValue usage = body.value(QLatin1String("usage"));
    if (usage.isObject())
        r.usage = OpenAIChatWire::usageFromJson(usage.toObject());
    return r;
}

QJsonObject encode(const Response &response, const EncoderOptions &options)
{
    QString text;
    QString reasoning;
    QJsonArray calls;
    for (const ContentPart &p : response.content) {
        if (p.kind == ContentPart::Kind::Text)
            text += p.text;
        else if (p.kind == ContentPart::Kind::Thinking)
            reasoning += p.text;
        else if (p.kind == ContentPart::Kind::ToolCall)
            calls.append(toolCallJson(p, OpenAIChatWire::deterministicId(QLatin1String("call_"), options.requestId,
                                                                         int(calls.size()))));
    }
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                        {QStringLiteral("content"), nullIfEmpty(text)},
                        {QStringLiteral("refusal"), QJsonValue::Null}};
    if (!calls.isEmpty())
        message.insert(QStringLiteral("tool_calls"), calls);
    if (!reasoning.isEmpty())
        message.insert(QStringLiteral("reasoning_content"), reasoning);
    const QJsonObject choice{
        {QStringLiteral("index"), 0},
        {QStringLiteral("message"), message},
        {QStringLiteral("logprobs"), QJsonValue::Null},
        {QStringLiteral("finish_reason"), OpenAIChatWire::finishReasonName(response.stopReason, !calls.isEmpty())}};
    return QJsonObject{
        {QStringLiteral("id"), OpenAIChatWire::completionId(response.id, options.requestId)},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
        {QStringLiteral("model"), options.clientModel.isEmpty() ? response.model : options.clientModel},
        {QStringLiteral("choices"), QJsonArray{choice}},
        {QStringLiteral("usage"), OpenAIChatWire::usageToJson(response.usage)}};
}

} // namespace OpenAIChatResponse
