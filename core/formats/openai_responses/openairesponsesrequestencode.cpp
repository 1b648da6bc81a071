#include "openairesponsesrequest.h"

#include "openairesponsesjson.h"

#include "formats/formatjson.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

using namespace FormatJson;
using Kind = ContentPart::Kind;

namespace {

QString dataUrl(const QString &mediaType, const QByteArray &base64, const QString &fallbackType)
{
    return QLatin1String("data:") + (mediaType.isEmpty() ? fallbackType : mediaType) + QLatin1String(";base64,")
        + QString::fromLatin1(base64);
}

// A url that is neither a URL nor a data URL is an OpenAI file id (see the decoder).
bool isFileId(const QString &url)
{
    return !url.contains(QLatin1String("://")) && !url.startsWith(QLatin1String("data:"));
}

QJsonObject inputPart(const ContentPart &p, bool assistant)
{
    switch (p.kind) {
    case Kind::Image: {
        QJsonObject image{{QStringLiteral("type"), QStringLiteral("input_image")},
                          {QStringLiteral("detail"), QStringLiteral("auto")}};
        if (!p.base64Data.isEmpty())
            image.insert(QStringLiteral("image_url"), dataUrl(p.mediaType, p.base64Data, QStringLiteral("image/png")));
        else
            image.insert(isFileId(p.url) ? QStringLiteral("file_id") : QStringLiteral("image_url"), p.url);
        return image;
    }
    case Kind::Document: {
        QJsonObject file{{QStringLiteral("type"), QStringLiteral("input_file")}};
        if (!p.base64Data.isEmpty()) {
            file.insert(QStringLiteral("filename"), p.fileName.isEmpty() ? QStringLiteral("document.pdf") : p.fileName);
            file.insert(QStringLiteral("file_data"), dataUrl(p.mediaType, p.base64Data, QStringLiteral("application/pdf")));
        } else {
            file.insert(isFileId(p.url) ? QStringLiteral("file_id") : QStringLiteral("file_url"), p.url);
        }
        return file;
    }
    default:
        if (assistant)
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                               {QStringLiteral("text"), p.text},
                               {QStringLiteral("annotations"), QJsonArray()}};
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")}, {QStringLiteral("text"), p.text}};
    }
}

// Tool results: a string when only text, else parts (images returned by a tool).
QJsonValue toolOutput(const ContentPart &result)
{
    bool onlyText = true;
    QStringList texts;
    if (!result.text.isEmpty())
        texts << result.text;
    for (const ContentPart &p : result.resultParts) {
        onlyText = onlyText && p.kind == Kind::Text;
        if (p.kind == Kind::Text)
            texts << p.text;
    }
    if (onlyText)
        return texts.join(QLatin1Char('\n'));
    QJsonArray parts;
    if (!result.text.isEmpty())
        parts.append(inputPart(ContentPart::makeText(result.text), false));
    for (const ContentPart &p : result.resultParts)
        parts.append(inputPart(p, false));
    return parts;
}

// Writes canonical messages as input items. Calls and results without ids (Gemini has none)
// get ids paired by tool name, so each output still answers its call.
class InputWriter
{
public:
    QJsonArray write(const QList<Message> &messages);

private:
    void writeMessage(const Message &m);
    void flushMessage();
    QString callId(const ContentPart &call);
    QString resultId(const ContentPart &result);

    QJsonArray m_items;
    QJsonArray m_pending; // parts of the message item being built
    QString m_pendingRole;
    QHash<QString, QStringList> m_unanswered; // tool name -> generated call ids not answered yet
    int m_generated = 0;
};

QJsonArray InputWriter::write(const QList<Message> &messages)
{
    for (const Message &m : messages)
        writeMessage(m);
    return m_items;
}

void InputWriter::flushMessage()
{
    if (m_pending.isEmpty())
        return;
    m_items.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                               {QStringLiteral("role"), m_pendingRole},
                               {QStringLiteral("content"), m_pending}});
    m_pending = QJsonArray();
}

void InputWriter::writeMessage(const Message &m)
{
    const bool assistant = m.role == Role::Assistant;
    m_pendingRole = assistant ? QStringLiteral("assistant")
                              : (m.role == Role::System ? QStringLiteral("developer") : QStringLiteral("user"));
    for (const ContentPart &p : m.parts) {
        switch (p.kind) {
        case Kind::Text:
        case Kind::Image:
        case Kind::Document:
            if (!assistant || p.kind == Kind::Text)
                m_pending.append(inputPart(p, assistant));
            break;
        case Kind::ToolCall:
            flushMessage();
            m_items.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call")},
                                       {QStringLiteral("call_id"), callId(p)},
                                       {QStringLiteral("name"), p.toolName},
                                       {QStringLiteral("arguments"), p.arguments.isEmpty() ? QStringLiteral("{}") : p.arguments}});
            break;
        case Kind::ToolResult:
            flushMessage();
            m_items.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                       {QStringLiteral("call_id"), resultId(p)},
                                       {QStringLiteral("output"), toolOutput(p)}});
            break;
        case Kind::Thinking:
            // Only OpenAI's own reasoning items can be replayed; other providers' thinking
            // would be rejected as unverifiable encrypted content.
            if (!p.reasoningId.isEmpty()) {
                flushMessage();
                m_items.append(ResponsesJson::reasoningItem(p.reasoningId, p.text, p.signature));
            }
            break;
        case Kind::RedactedThinking:
            break;
        }
    }
    flushMessage();
}

QString InputWriter::callId(const ContentPart &call)
{
    if (!call.toolCallId.isEmpty())
        return call.toolCallId;
    const QString id = ResponsesJson::deterministicId(QLatin1String("call_"), call.toolName,
                                                      QString::number(m_generated++));
    m_unanswered[call.toolName].append(id);
    return id;
}

QString InputWriter::resultId(const ContentPart &result)
{
    if (!result.toolCallId.isEmpty())
        return result.toolCallId;
    QStringList *ids = m_unanswered.contains(result.toolName) ? &m_unanswered[result.toolName] : nullptr;
    if (!ids) {
        for (auto it = m_unanswered.begin(); it != m_unanswered.end() && !ids; ++it)
            ids = it->isEmpty() ? nullptr : &*it;
    }
    return ids && !ids->isEmpty() ? ids->takeFirst() : QString();
}

// OpenAI reasoning models reject temperature and top_p outright.
bool rejectsSampling(const Request &request)
{
    static const QRegularExpression reasoningModel(QStringLiteral("^(o\\d|gpt-5(?!-chat))"));
    return request.reasoning.enabled || reasoningModel.match(request.model).hasMatch();
}

// OpenAI refuses unknown tiers; other formats' tiers ("standard_only") are dropped.
bool isOpenAIServiceTier(const QString &tier)
{
    static const QStringList tiers{QStringLiteral("auto"), QStringLiteral("default"), QStringLiteral("flex"),
                                   QStringLiteral("scale"), QStringLiteral("priority")};
    return tiers.contains(tier);
}

// OpenAI caps user identifiers at 64 characters; long ones (Claude Code's) become a stable hash.
QString boundedUserId(const QString &userId)
{
    if (userId.size() <= 64)
        return userId;
    return QString::fromLatin1(QCryptographicHash::hash(userId.toUtf8(), QCryptographicHash::Sha256).toHex());
}

void writeOptions(const Request &r, QJsonObject &body)
{
    if (r.maxOutputTokens)
        body.insert(QStringLiteral("max_output_tokens"), *r.maxOutputTokens);
    if (!rejectsSampling(r)) {
        if (r.temperature)
            body.insert(QStringLiteral("temperature"), *r.temperature);
        if (r.topP)
            body.insert(QStringLiteral("top_p"), *r.topP);
    }
    const QJsonObject reasoning = ResponsesJson::reasoningJson(r.reasoning);
    if (!reasoning.isEmpty()) {
        body.insert(QStringLiteral("reasoning"), reasoning);
        // With store=false the reasoning can only be continued from its encrypted form.
        body.insert(QStringLiteral("include"), QJsonArray{QStringLiteral("reasoning.encrypted_content")});
    }
    if (!r.userId.isEmpty())
        body.insert(QStringLiteral("user"), boundedUserId(r.userId));
    if (!r.promptCacheKey.isEmpty())
        body.insert(QStringLiteral("prompt_cache_key"), r.promptCacheKey);
    if (isOpenAIServiceTier(r.serviceTier))
        body.insert(QStringLiteral("service_tier"), r.serviceTier);
    const QString formatType = string(r.responseFormat, QLatin1String("type"));
    if (formatType == QLatin1String("json_object") || formatType == QLatin1String("json_schema")) {
        QJsonObject format = r.responseFormat.value(QLatin1String("json_schema")).toObject();
        format.insert(QStringLiteral("type"), formatType);
        body.insert(QStringLiteral("text"), QJsonObject{{QStringLiteral("format"), format}});
    }
}

} // namespace

namespace ResponsesRequest {

QJsonObject encode(const Request &request)
{
    QJsonObject body{{QStringLiteral("model"), request.model},
                     {QStringLiteral("input"), InputWriter().write(request.messages)},
                     {QStringLiteral("stream"), request.stream},
                     // The relay keeps no conversation state upstream: every turn is sent whole.
                     {QStringLiteral("store"), false}};
    QStringList instructions;
    for (const ContentPart &p : request.system) {
        if (p.kind == Kind::Text && !p.text.isEmpty())
            instructions << p.text;
    }
    if (!instructions.isEmpty())
        body.insert(QStringLiteral("instructions"), instructions.join(QLatin1String("\n\n")));
    if (!request.tools.isEmpty())
        body.insert(QStringLiteral("tools"), ResponsesJson::toolsJson(request.tools));
    if (!request.tools.isEmpty() || request.toolChoice.mode != ToolChoice::Mode::Auto)
        body.insert(QStringLiteral("tool_choice"), ResponsesJson::toolChoiceJson(request.toolChoice));
    if (request.parallelToolCalls)
        body.insert(QStringLiteral("parallel_tool_calls"), *request.parallelToolCalls);
    writeOptions(request, body);
    return body;
}

} // namespace ResponsesRequest
