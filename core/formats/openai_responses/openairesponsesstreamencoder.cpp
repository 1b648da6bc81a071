#include "openairesponsesstreamencoder.h"

#include "model/signatureenvelope.h"

#include "openairesponsesformat.h"
#include "openairesponsesjson.h"

#include "formats/formatjson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

using Kind = ContentPart::Kind;
using Type = StreamEvent::Type;

OpenAIResponsesStreamEncoder::OpenAIResponsesStreamEncoder(const EncoderOptions &options)
    : m_options(options), m_model(options.clientModel), m_createdAt(QDateTime::currentSecsSinceEpoch())
{
}

QByteArray OpenAIResponsesStreamEncoder::encode(const StreamEvent &event)
{
    QByteArray out;
    if (m_ended)
        return out;
    switch (event.type) {
    case Type::MessageStart:
        ensureStarted(out, &event);
        m_usage.mergeFrom(event.usage);
        break;
    case Type::BlockStart:
        ensureStarted(out);
        startBlock(out, event);
        break;
    case Type::TextDelta:
        appendDelta(out, event, Kind::Text);
        break;
    case Type::ThinkingDelta:
    case Type::SignatureDelta:
        appendDelta(out, event, Kind::Thinking);
        break;
    case Type::ToolArgsDelta:
        appendDelta(out, event, Kind::ToolCall);
        break;
    case Type::BlockStop:
        if (m_latest.contains(event.index))
            closeItem(out, m_items[m_latest.value(event.index)]);
        break;
    case Type::Finish:
        m_finished = true;
        m_stopReason = event.stopReason;
        ensureStarted(out);
        closeAll(out);
        break;
    case Type::Usage:
        m_usage.mergeFrom(event.usage);
        break;
    case Type::Error:
        return encodeError(event.error);
    case Type::End:
        ensureStarted(out);
        closeAll(out);
        out += finishStream();
        break;
    }
    return out;
}

QByteArray OpenAIResponsesStreamEncoder::frame(const QString &type, QJsonObject payload)
{
    payload.insert(QStringLiteral("type"), type);
    payload.insert(QStringLiteral("sequence_number"), m_sequence++);
    return "event: " + type.toUtf8() + "\ndata: " + FormatJson::compact(payload) + "\n\n";
}

// response.created + response.in_progress, once, before anything else. The response id is
// the upstream's when it is a Responses id, else derived from the request id.
void OpenAIResponsesStreamEncoder::ensureStarted(QByteArray &out, const StreamEvent *messageStart)
{
    if (m_started)
        return;
    m_started = true;
    const QString upstreamId = messageStart ? messageStart->id : QString();
    m_seed = m_options.requestId;
    if (m_seed.isEmpty())
        m_seed = upstreamId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : upstreamId;
    m_responseId = upstreamId.startsWith(QLatin1String("resp_"))
        ? upstreamId
        : ResponsesJson::deterministicId(QLatin1String("resp_"), m_seed, QStringLiteral("response"));
    if (m_model.isEmpty() && messageStart)
        m_model = messageStart->model;
    const QJsonObject response = responseJson(QStringLiteral("in_progress"), StopReason::EndTurn, QJsonValue::Null);
    out += frame(QStringLiteral("response.created"), QJsonObject{{QStringLiteral("response"), response}});
    out += frame(QStringLiteral("response.in_progress"), QJsonObject{{QStringLiteral("response"), response}});
}

void OpenAIResponsesStreamEncoder::startBlock(QByteArray &out, const StreamEvent &event)
{
    if (event.blockKind == Kind::RedactedThinking || event.blockKind == Kind::ToolResult
        || event.blockKind == Kind::Image || event.blockKind == Kind::Document) {
        m_skipped.insert(event.index);
        return;
    }
    m_skipped.remove(event.index);
    const auto it = m_latest.constFind(event.index);
    if (it != m_latest.constEnd()) {
        Item &current = m_items[*it];
        if (current.open && current.kind == event.blockKind)
            return; // a repeated start: the item is already announced
        closeItem(out, current);
    }
    openItem(out, event.index, event.blockKind, &event);
}

OpenAIResponsesStreamEncoder::Item &OpenAIResponsesStreamEncoder::openItem(QByteArray &out, int blockIndex, Kind kind,
                                                                           const StreamEvent *start)
{
    // Text and reasoning never resume once another block begins (in any format), so they
    // are finished here: clients record items in the order their done events arrive.
    for (Item &open : m_items) {
        if (open.open && open.blockIndex != blockIndex && open.kind != Kind::ToolCall)
            closeItem(out, open);
    }
    Item item;
    item.blockIndex = blockIndex;
    item.outputIndex = int(m_items.size());
    item.kind = kind;
    const QString salt = QString::number(item.outputIndex);
    QJsonObject announced;
    if (kind == Kind::ToolCall) {
        m_calledTools = true;
        item.id = ResponsesJson::deterministicId(QLatin1String("fc_"), m_seed, salt);
        item.callId = start && !start->toolCallId.isEmpty()
            ? start->toolCallId
            : ResponsesJson::deterministicId(QLatin1String("call_"), m_seed, QLatin1String("call/") + salt);
        item.name = start ? start->toolName : QString();
        announced = ResponsesJson::functionCallItem(item.id, QStringLiteral("in_progress"), item.callId, item.name,
                                                    QString());
    } else if (kind == Kind::Thinking) {
        const bool ownId = start && start->id.startsWith(QLatin1String("rs_"));
        item.id = ownId ? start->id : ResponsesJson::deterministicId(QLatin1String("rs_"), m_seed, salt);
        item.foreignSignature = !ownId;
        announced = ResponsesJson::reasoningItem(item.id, QString(), QString());
    } else {
        item.id = ResponsesJson::deterministicId(QLatin1String("msg_"), m_seed, salt);
        announced = ResponsesJson::messageItem(item.id, QStringLiteral("in_progress"), QString(), false);
    }
    m_latest.insert(blockIndex, m_items.size());
    m_items.append(item);
    out += frame(QStringLiteral("response.output_item.added"),
                 QJsonObject{{QStringLiteral("output_index"), item.outputIndex}, {QStringLiteral("item"), announced}});
    if (kind == Kind::Text) {
        QJsonObject part = itemRef(item);
        part.insert(QStringLiteral("content_index"), 0);
        part.insert(QStringLiteral("part"), ResponsesJson::outputTextPart(QString()));
        out += frame(QStringLiteral("response.content_part.added"), part);
    }
    return m_items.last();
}

// The open item a delta belongs to; a delta for a block never started (or of another kind
// than the block's) opens a new item.
OpenAIResponsesStreamEncoder::Item *OpenAIResponsesStreamEncoder::itemFor(QByteArray &out, int blockIndex, Kind kind)
{
    if (m_skipped.contains(blockIndex))
        return nullptr;
    ensureStarted(out);
    const auto it = m_latest.constFind(blockIndex);
    if (it != m_latest.constEnd()) {
        Item &current = m_items[*it];
        if (current.open && current.kind == kind)
            return &current;
        closeItem(out, current);
    }
    return &openItem(out, blockIndex, kind, nullptr);
}

void OpenAIResponsesStreamEncoder::appendDelta(QByteArray &out, const StreamEvent &event, Kind kind)
{
    if (event.text.isEmpty())
        return;
    Item *item = itemFor(out, event.index, kind);
    if (!item)
        return;
    if (event.type == Type::SignatureDelta) {
        item->signature += event.text; // sent with the done item as encrypted_content
        return;
    }
    QJsonObject payload = itemRef(*item);
    payload.insert(QStringLiteral("delta"), event.text);
    item->text += event.text;
    if (kind == Kind::Text) {
        payload.insert(QStringLiteral("content_index"), 0);
        payload.insert(QStringLiteral("logprobs"), QJsonArray());
        out += frame(QStringLiteral("response.output_text.delta"), payload);
    } else if (kind == Kind::ToolCall) {
        out += frame(QStringLiteral("response.function_call_arguments.delta"), payload);
    } else {
        if (!item->summaryOpen) {
            item->summaryOpen = true;
            QJsonObject part = itemRef(*item);
            part.insert(QStringLiteral("summary_index"), 0);
            part.insert(QStringLiteral("part"), QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                                            {QStringLiteral("text"), QString()}});
            out += frame(QStringLiteral("response.reasoning_summary_part.added"), part);
        }
        payload.insert(QStringLiteral("summary_index"), 0);
        out += frame(QStringLiteral("response.reasoning_summary_text.delta"), payload);
    }
}

void OpenAIResponsesStreamEncoder::closeItem(QByteArray &out, Item &item)
{
    if (!item.open)
        return;
    item.open = false;
    QJsonObject ref = itemRef(item);
    QJsonObject done;
    if (item.kind == Kind::Text) {
        ref.insert(QStringLiteral("content_index"), 0);
        QJsonObject textDone = ref;
        textDone.insert(QStringLiteral("text"), item.text);
        textDone.insert(QStringLiteral("logprobs"), QJsonArray());
        out += frame(QStringLiteral("response.output_text.done"), textDone);
        ref.insert(QStringLiteral("part"), ResponsesJson::outputTextPart(item.text));
        out += frame(QStringLiteral("response.content_part.done"), ref);
        done = ResponsesJson::messageItem(item.id, QStringLiteral("completed"), item.text, true);
    } else if (item.kind == Kind::ToolCall) {
        const QString arguments = item.text.isEmpty() ? QStringLiteral("{}") : item.text;
        ref.insert(QStringLiteral("arguments"), arguments);
        out += frame(QStringLiteral("response.function_call_arguments.done"), ref);
        done = ResponsesJson::functionCallItem(item.id, QStringLiteral("completed"), item.callId, item.name, arguments);
    } else {
        if (item.summaryOpen) {
            ref.insert(QStringLiteral("summary_index"), 0);
            QJsonObject textDone = ref;
            textDone.insert(QStringLiteral("text"), item.text);
            out += frame(QStringLiteral("response.reasoning_summary_text.done"), textDone);
            ref.insert(QStringLiteral("part"), QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                                           {QStringLiteral("text"), item.text}});
            out += frame(QStringLiteral("response.reasoning_summary_part.done"), ref);
        }
        done = ResponsesJson::reasoningItem(item.id, item.text,
                                            item.foreignSignature && !item.signature.isEmpty()
                                                ? SignatureEnvelope::wrap(QString(), item.signature)
                                                : item.signature);
    }
    m_doneItems.insert(item.outputIndex, done);
    out += frame(QStringLiteral("response.output_item.done"),
                 QJsonObject{{QStringLiteral("output_index"), item.outputIndex}, {QStringLiteral("item"), done}});
}

void OpenAIResponsesStreamEncoder::closeAll(QByteArray &out)
{
    for (Item &item : m_items)
        closeItem(out, item);
}

QByteArray OpenAIResponsesStreamEncoder::finishStream()
{
    m_ended = true;
    StopReason reason = m_stopReason;
    if (!m_finished)
        reason = m_calledTools ? StopReason::ToolUse : StopReason::EndTurn;
    const QString status = ResponsesJson::statusFor(reason);
    const QString type = status == QLatin1String("incomplete") ? QStringLiteral("response.incomplete")
                                                               : QStringLiteral("response.completed");
    return frame(type, QJsonObject{{QStringLiteral("response"), responseJson(status, reason, QJsonValue::Null)}});
}

// Strict clients need a top-level type: an `error` event, then `response.failed` for the
// clients that only watch the response lifecycle.
QByteArray OpenAIResponsesStreamEncoder::encodeError(const RelayError &error)
{
    if (m_ended)
        return QByteArray();
    if (m_seed.isEmpty()) {
        m_seed = m_options.requestId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : m_options.requestId;
        m_responseId = ResponsesJson::deterministicId(QLatin1String("resp_"), m_seed, QStringLiteral("response"));
    }
    QByteArray out = OpenAIResponsesFormat().streamErrorFrame(error, m_sequence++);
    const QJsonObject failure{{QStringLiteral("code"), ResponsesJson::errorCodeString(error)},
                              {QStringLiteral("message"), FormatJson::messageOrDefault(error)}};
    out += frame(QStringLiteral("response.failed"),
                 QJsonObject{{QStringLiteral("response"), responseJson(QStringLiteral("failed"), StopReason::Error, failure)}});
    m_ended = true;
    return out;
}

QJsonObject OpenAIResponsesStreamEncoder::responseJson(const QString &status, StopReason reason,
                                                       const QJsonValue &error) const
{
    ResponsesJson::ResponseShell shell;
    shell.id = m_responseId;
    shell.createdAt = m_createdAt;
    shell.status = status;
    shell.model = m_model;
    shell.usage = m_usage;
    shell.stopReason = reason;
    shell.error = error;
    for (const QJsonObject &item : m_doneItems)
        shell.output.append(item);
    return ResponsesJson::responseObject(shell, m_options.request);
}

QJsonObject OpenAIResponsesStreamEncoder::itemRef(const Item &item) const
{
    return QJsonObject{{QStringLiteral("item_id"), item.id}, {QStringLiteral("output_index"), item.outputIndex}};
}
