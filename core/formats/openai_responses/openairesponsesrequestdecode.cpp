#include "openairesponsesrequest.h"

#include "model/signatureenvelope.h"

#include "openairesponsesjson.h"

#include "formats/formatjson.h"

#include <QJsonArray>

using namespace FormatJson;
using Kind = ContentPart::Kind;

namespace {

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
        // Another provider's signature the relay handed this client as encrypted_content.
        QString originalId;
        if (SignatureEnvelope::unwrap(QString(thinking.signature), &originalId, &thinking.signature))
            thinking.reasoningId = originalId;
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

} // namespace

namespace ResponsesRequest {

std::optional<Request> decode(const QJsonObject &body, QString *error)
{
    return RequestReader().read(body, error);
}

} // namespace ResponsesRequest
