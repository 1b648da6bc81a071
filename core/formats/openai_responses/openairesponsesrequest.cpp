#include "openairesponsesrequest.h"

#include "openairesponsesjson.h"

#include "formats/formatjson.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace FormatJson;
using Kind = ContentPart::Kind;

namespace {

// ---- decode -----------------------------------------------------------------------------

// "data:image/png;base64,AAAA" -> media type and the base64 text.
bool parseDataUrl(const QString &url, QString *mediaType, QByteArray *base64)
{
    if (!url.startsWith(QLatin1String("data:")))
        return false;
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    if (comma < 0)
        return false;
    const QString header = url.mid(5, comma - 5);
    if (!header.endsWith(QLatin1String(";base64")))
        return false;
    *mediaType = header.chopped(7);
    *base64 = url.mid(comma + 1).toLatin1();
    return true;
}

QString mediaTypeForFileName(const QString &name)
{
    const QString lower = name.toLower();
    if (lower.endsWith(QLatin1String(".pdf")))
        return QStringLiteral("application/pdf");
    if (lower.endsWith(QLatin1String(".txt")) || lower.endsWith(QLatin1String(".md")))
        return QStringLiteral("text/plain");
    return QStringLiteral("application/octet-stream");
}

// Reads one request; the first problem found is kept with its JSON path.
class RequestReader
{
public:
    std::optional<Request> read(const QJsonObject &body, QString *error);

private:
    bool fail(const QString &path, const QString &what)
    {
        if (m_error.isEmpty())
            m_error = path + QLatin1String(": ") + what;
        return false;
    }
    bool readScalars(const QJsonObject &body);
    bool readInput(const QJsonValue &input);
    bool readItem(const QJsonValue &value, const QString &path);
    bool readMessage(const QJsonObject &item, const QString &path);
    bool readParts(const QJsonValue &content, const QString &path, QList<ContentPart> *out);
    bool readPart(const QJsonObject &part, const QString &path, QList<ContentPart> *out);
    bool readFunctionCallOutput(const QJsonObject &item, const QString &path);
    bool readTools(const QJsonValue &tools);
    void readToolChoice(const QJsonValue &choice);
    void readReasoning(const QJsonObject &reasoning);
    void readTextFormat(const QJsonObject &text);
    // The assistant turn items join: consecutive reasoning, messages and calls are one turn.
    Message &assistantTurn();

    Request m_request;
    QString m_error;
};

std::optional<Request> RequestReader::read(const QJsonObject &body, QString *error)
{
    const bool ok = readScalars(body) && readInput(body.value(QLatin1String("input")))
        && readTools(body.value(QLatin1String("tools")));
    if (!ok) {
        if (error)
            *error = m_error;
        return std::nullopt;
    }
    readToolChoice(body.value(QLatin1String("tool_choice")));
    readReasoning(body.value(QLatin1String("reasoning")).toObject());
    readTextFormat(body.value(QLatin1String("text")).toObject());
    return m_request;
}

bool RequestReader::readScalars(const QJsonObject &body)
{
    auto present = [&](QLatin1String key) {
        const QJsonValue v = body.value(key);
        return !v.isUndefined() && !v.isNull();
    };
    for (QLatin1String key : {QLatin1String("model"), QLatin1String("instructions"), QLatin1String("user"),
                              QLatin1String("safety_identifier"), QLatin1String("prompt_cache_key"),
                              QLatin1String("service_tier")}) {
        if (present(key) && !body.value(key).isString())
            return fail(QLatin1String("$.") + key, QStringLiteral("expected a string"));
    }
    for (QLatin1String key : {QLatin1String("max_output_tokens"), QLatin1String("temperature"), QLatin1String("top_p")}) {
        if (present(key) && !body.value(key).isDouble())
            return fail(QLatin1String("$.") + key, QStringLiteral("expected a number"));
    }
    m_request.model = string(body, QLatin1String("model"));
    const QString instructions = string(body, QLatin1String("instructions"));
    if (!instructions.isEmpty())
        m_request.system.append(ContentPart::makeText(instructions));
    if (present(QLatin1String("max_output_tokens")))
        m_request.maxOutputTokens = body.value(QLatin1String("max_output_tokens")).toInt();
    if (present(QLatin1String("temperature")))
        m_request.temperature = body.value(QLatin1String("temperature")).toDouble();
    if (present(QLatin1String("top_p")))
        m_request.topP = body.value(QLatin1String("top_p")).toDouble();
    if (body.value(QLatin1String("parallel_tool_calls")).isBool())
        m_request.parallelToolCalls = body.value(QLatin1String("parallel_tool_calls")).toBool();
    m_request.stream = body.value(QLatin1String("stream")).toBool(false);
    m_request.userId = string(body, QLatin1String("safety_identifier"));
    if (m_request.userId.isEmpty())
        m_request.userId = string(body, QLatin1String("user"));
    m_request.promptCacheKey = string(body, QLatin1String("prompt_cache_key"));
    m_request.serviceTier = string(body, QLatin1String("service_tier"));
    return true;
}

bool RequestReader::readInput(const QJsonValue &input)
{
    if (input.isString()) {
        Message m;
        m.parts.append(ContentPart::makeText(input.toString()));
        m_request.messages.append(m);
        return true;
    }
    if (!input.isArray())
        return fail(QStringLiteral("$.input"), QStringLiteral("expected a string or an array of items"));
    const QJsonArray items = input.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!readItem(items.at(i), QStringLiteral("$.input[%1]").arg(i)))
            return false;
    }
    return true;
}

Message &RequestReader::assistantTurn()
{
    if (m_request.messages.isEmpty() || m_request.messages.last().role != Role::Assistant) {
        Message m;
        m.role = Role::Assistant;
        m_request.messages.append(m);
    }
    return m_request.messages.last();
}

// Items of hosted tools (web search, code interpreter, ...) have no canonical form: a
// conversation that used them must still go on, without them.
bool isSkippedItemType(const QString &type)
{
    return type == QLatin1String("item_reference") || type.endsWith(QLatin1String("_call"))
        || type.endsWith(QLatin1String("_call_output")) || type.startsWith(QLatin1String("mcp_"));
}

bool RequestReader::readItem(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return fail(path, QStringLiteral("expected an object"));
    const QJsonObject item = value.toObject();
    const QString type = string(item, QLatin1String("type"));
    if (type.isEmpty() || type == QLatin1String("message"))
        return readMessage(item, path);
    if (type == QLatin1String("function_call")) {
        ContentPart call;
        call.kind = Kind::ToolCall;
        call.toolCallId = string(item, QLatin1String("call_id"));
        if (call.toolCallId.isEmpty())
            call.toolCallId = string(item, QLatin1String("id"));
        call.toolName = string(item, QLatin1String("name"));
        const QJsonValue args = item.value(QLatin1String("arguments"));
        call.arguments = args.isObject() ? QString::fromUtf8(compact(args.toObject())) : args.toString();
        if (call.arguments.trimmed().isEmpty())
            call.arguments = QStringLiteral("{}");
        assistantTurn().parts.append(call);
        return true;
    }
    if (type == QLatin1String("function_call_output"))
        return readFunctionCallOutput(item, path);
    if (type == QLatin1String("reasoning")) {
        ContentPart thinking;
        thinking.kind = Kind::Thinking;
        thinking.reasoningId = string(item, QLatin1String("id"));
        thinking.text = ResponsesJson::reasoningText(item);
        thinking.signature = string(item, QLatin1String("encrypted_content"));
        assistantTurn().parts.append(thinking);
        return true;
    }
    if (isSkippedItemType(type))
        return true;
    return fail(path + QLatin1String(".type"), QStringLiteral("unknown item type '%1'").arg(type));
}

bool RequestReader::readMessage(const QJsonObject &item, const QString &path)
{
    const QString role = string(item, QLatin1String("role"));
    QList<ContentPart> parts;
    if (!readParts(item.value(QLatin1String("content")), path + QLatin1String(".content"), &parts))
        return false;
    if (role == QLatin1String("system") || role == QLatin1String("developer")) {
        for (const ContentPart &p : std::as_const(parts)) {
            if (p.kind == Kind::Text)
                m_request.system.append(p);
        }
        return true;
    }
    if (role == QLatin1String("assistant")) {
        assistantTurn().parts += parts;
        return true;
    }
    if (role != QLatin1String("user"))
        return fail(path + QLatin1String(".role"), QStringLiteral("unknown role '%1'").arg(role));
    Message m;
    m.parts = parts;
    m_request.messages.append(m);
    return true;
}

bool RequestReader::readParts(const QJsonValue &content, const QString &path, QList<ContentPart> *out)
{
    if (content.isString()) {
        out->append(ContentPart::makeText(content.toString()));
        return true;
    }
    if (!content.isArray())
        return fail(path, QStringLiteral("expected a string or an array of parts"));
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString partPath = path + QStringLiteral("[%1]").arg(i);
        if (!parts.at(i).isObject())
            return fail(partPath, QStringLiteral("expected an object"));
        if (!readPart(parts.at(i).toObject(), partPath, out))
            return false;
    }
    return true;
}

bool RequestReader::readPart(const QJsonObject &part, const QString &path, QList<ContentPart> *out)
{
    const QString type = string(part, QLatin1String("type"));
    ContentPart p;
    if (type == QLatin1String("input_text") || type == QLatin1String("output_text") || type == QLatin1String("text")) {
        p.text = string(part, QLatin1String("text"));
    } else if (type == QLatin1String("refusal")) {
        p.text = string(part, QLatin1String("refusal"));
    } else if (type == QLatin1String("input_image")) {
        p.kind = Kind::Image;
        const QJsonValue imageUrl = part.value(QLatin1String("image_url"));
        const QString url = imageUrl.isObject() ? string(imageUrl.toObject(), QLatin1String("url")) : imageUrl.toString();
        // A file id is kept as the url: it only means something to an OpenAI upstream.
        if (!parseDataUrl(url, &p.mediaType, &p.base64Data))
            p.url = url.isEmpty() ? string(part, QLatin1String("file_id")) : url;
        if (p.url.isEmpty() && p.base64Data.isEmpty())
            return fail(path, QStringLiteral("input_image needs image_url or file_id"));
    } else if (type == QLatin1String("input_file")) {
        p.kind = Kind::Document;
        p.fileName = string(part, QLatin1String("filename"));
        const QString data = string(part, QLatin1String("file_data"));
        if (!data.isEmpty() && !parseDataUrl(data, &p.mediaType, &p.base64Data)) {
            p.base64Data = data.toLatin1();
            p.mediaType = mediaTypeForFileName(p.fileName);
        }
        if (p.base64Data.isEmpty())
            p.url = string(part, QLatin1String("file_url"));
        if (p.base64Data.isEmpty() && p.url.isEmpty())
            p.url = string(part, QLatin1String("file_id"));
        if (p.url.isEmpty() && p.base64Data.isEmpty())
            return fail(path, QStringLiteral("input_file needs file_data, file_url or file_id"));
    } else {
        return fail(path + QLatin1String(".type"), QStringLiteral("unknown part type '%1'").arg(type));
    }
    out->append(p);
    return true;
}

bool RequestReader::readFunctionCallOutput(const QJsonObject &item, const QString &path)
{
    ContentPart result;
    result.kind = Kind::ToolResult;
    result.toolCallId = string(item, QLatin1String("call_id"));
    const QJsonValue output = item.value(QLatin1String("output"));
    if (output.isArray()) {
        if (!readParts(output, path + QLatin1String(".output"), &result.resultParts))
            return false;
    } else if (output.isObject()) {
        result.text = QString::fromUtf8(compact(output.toObject()));
    } else {
        result.text = output.toString();
    }
    Message m;
    m.role = Role::Tool;
    m.parts.append(result);
    m_request.messages.append(m);
    return true;
}

bool RequestReader::readTools(const QJsonValue &tools)
{
    if (tools.isUndefined() || tools.isNull())
        return true;
    if (!tools.isArray())
        return fail(QStringLiteral("$.tools"), QStringLiteral("expected an array"));
    const QJsonArray list = tools.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("$.tools[%1]").arg(i);
        QJsonObject tool = list.at(i).toObject();
        if (string(tool, QLatin1String("type")) != QLatin1String("function"))
            continue; // hosted tools (web_search, file_search, ...) cannot be translated
        if (tool.value(QLatin1String("function")).isObject()) // Chat Completions shape, sent here by mistake
            tool = tool.value(QLatin1String("function")).toObject();
        ToolDefinition def;
        def.name = string(tool, QLatin1String("name"));
        if (def.name.isEmpty())
            return fail(path + QLatin1String(".name"), QStringLiteral("missing function name"));
        def.description = string(tool, QLatin1String("description"));
        def.parameters = tool.value(QLatin1String("parameters")).toObject();
        m_request.tools.append(def);
    }
    return true;
}

void RequestReader::readToolChoice(const QJsonValue &choice)
{
    ToolChoice &tc = m_request.toolChoice;
    const QString mode = choice.isObject() ? string(choice.toObject(), QLatin1String("mode")) : choice.toString();
    if (choice.isObject() && string(choice.toObject(), QLatin1String("type")) == QLatin1String("function")) {
        tc.mode = ToolChoice::Mode::Specific;
        tc.name = string(choice.toObject(), QLatin1String("name"));
    } else if (mode == QLatin1String("none")) {
        tc.mode = ToolChoice::Mode::None;
    } else if (mode == QLatin1String("required")) {
        tc.mode = ToolChoice::Mode::Required;
    }
}

void RequestReader::readReasoning(const QJsonObject &reasoning)
{
    const QString effort = string(reasoning, QLatin1String("effort"));
    QString summary = string(reasoning, QLatin1String("summary"));
    if (summary.isEmpty())
        summary = string(reasoning, QLatin1String("generate_summary"));
    ReasoningOptions &r = m_request.reasoning;
    r.includeSummary = !summary.isEmpty() && summary != QLatin1String("none");
    if (effort == QLatin1String("none"))
        return;
    r.effort = effort;
    r.enabled = !effort.isEmpty() || r.includeSummary;
}

// Responses `text.format` -> the Chat Completions `response_format` shape of the canonical model.
void RequestReader::readTextFormat(const QJsonObject &text)
{
    QJsonObject format = text.value(QLatin1String("format")).toObject();
    const QString type = string(format, QLatin1String("type"));
    if (type == QLatin1String("json_object")) {
        m_request.responseFormat = QJsonObject{{QStringLiteral("type"), type}};
    } else if (type == QLatin1String("json_schema")) {
        format.remove(QLatin1String("type"));
        m_request.responseFormat = QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("json_schema"), format}};
    }
}


// ---- encode -----------------------------------------------------------------------------

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

std::optional<Request> decode(const QJsonObject &body, QString *error)
{
    return RequestReader().read(body, error);
}

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
