#include "openaichatrequest.h"

#include "formats/formatjson.h"
#include "openaichatwire.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <climits>

using namespace FormatJson;

namespace {

// Decoding state: the first error (with its JSON path) and what later messages need to know.
struct Decoding
{
    QString error;
    QHash<QString, QString> toolNames; // tool_call id -> function name, for tool results

    bool fail(const QString &path, const QString &what)
    {
        if (error.isEmpty())
            error = path % QLatin1String(": ") % what;
        return false;
    }
};

QString at(const QString &path, qsizetype i)
{
    return path % QLatin1Char('[') % QString::number(i) % QLatin1Char(']');
}

bool readImagePart(const QJsonObject &part, const QString &path, ContentPart &out, Decoding &d)
{
    const QJsonValue image = part.value(QLatin1String("image_url"));
    // Some clients send the URL as a plain string instead of {"url": ...}.
    const QString url = image.isString() ? image.toString() : string(image.toObject(), QLatin1String("url"));
    if (url.isEmpty())
        return d.fail(path % QLatin1String(".image_url.url"), QStringLiteral("missing"));
    out.kind = ContentPart::Kind::Image;
    if (!OpenAIChatWire::splitDataUrl(url, &out.mediaType, &out.base64Data))
        out.url = url;
    return true;
}

// {"type":"file","file":{"file_data":"data:application/pdf;base64,...","filename":...}}.
// A bare file_id names a file stored at OpenAI, which no other upstream can read: skipped.
bool readFilePart(const QJsonObject &part, ContentPart &out)
{
    const QJsonObject file = part.value(QLatin1String("file")).toObject();
    const QString data = string(file, QLatin1String("file_data"));
    if (data.isEmpty())
        return false;
    out.kind = ContentPart::Kind::Document;
    out.fileName = string(file, QLatin1String("filename"));
    if (!OpenAIChatWire::splitDataUrl(data, &out.mediaType, &out.base64Data)) {
        out.mediaType = QStringLiteral("application/pdf");
        out.base64Data = data.toLatin1();
    }
    return true;
}

// One element of a content array; false + error for an unknown type. `keep` turns false for
// parts that are valid but have no canonical form (audio, OpenAI file ids).
bool readPart(const QJsonValue &value, const QString &path, ContentPart &out, bool &keep, Decoding &d)
{
    const QJsonObject part = value.toObject();
    if (!value.isObject())
        return d.fail(path, QStringLiteral("expected an object"));
    const QString type = string(part, QLatin1String("type"));
    keep = true;
    if (type == QLatin1String("text") || type == QLatin1String("input_text")) {
        out = ContentPart::makeText(string(part, QLatin1String("text")));
        return true;
    }
    if (type == QLatin1String("refusal")) {
        out = ContentPart::makeText(string(part, QLatin1String("refusal")));
        return true;
    }
    if (type == QLatin1String("image_url"))
        return readImagePart(part, path, out, d);
    if (type == QLatin1String("file")) {
        keep = readFilePart(part, out);
        return true;
    }
    if (type == QLatin1String("input_audio")) {
        keep = false;
        return true;
    }
    return d.fail(path % QLatin1String(".type"), QStringLiteral("unknown part type '%1'").arg(type));
}

// `content`: a string, an array of parts, or null/absent (allowed when `optional`).
bool readContent(const QJsonObject &message, const QString &path, bool optional,
                 QList<ContentPart> &parts, Decoding &d)
{
    const QJsonValue content = message.value(QLatin1String("content"));
    const QString contentPath = path % QLatin1String(".content");
    if (content.isString()) {
        parts.append(ContentPart::makeText(content.toString()));
        return true;
    }
    if (content.isNull() || content.isUndefined())
        return optional || d.fail(contentPath, QStringLiteral("missing"));
    if (!content.isArray())
        return d.fail(contentPath, QStringLiteral("expected a string or an array"));
    const QJsonArray array = content.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        ContentPart part;
        bool keep = true;
        if (!readPart(array.at(i), at(contentPath, i), part, keep, d))
            return false;
        if (keep)
            parts.append(part);
    }
    return true;
}

QString argumentsText(const QJsonValue &arguments)
{
    // Arguments are JSON text; a few clients send the object itself.
    if (arguments.isObject())
        return QString::fromUtf8(compact(arguments.toObject()));
    const QString text = arguments.toString();
    return text.trimmed().isEmpty() ? QStringLiteral("{}") : text;
}

bool readToolCalls(const QJsonObject &message, const QString &path, QList<ContentPart> &parts, Decoding &d)
{
    const QJsonArray calls = message.value(QLatin1String("tool_calls")).toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QString callPath = at(path % QLatin1String(".tool_calls"), i);
        const QJsonObject call = calls.at(i).toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        ContentPart part;
        part.kind = ContentPart::Kind::ToolCall;
        part.toolName = string(function, QLatin1String("name"));
        if (part.toolName.isEmpty())
            return d.fail(callPath % QLatin1String(".function.name"), QStringLiteral("missing"));
        part.toolCallId = string(call, QLatin1String("id"));
        if (part.toolCallId.isEmpty())
            part.toolCallId = OpenAIChatWire::deterministicId(QLatin1String("call_"), callPath, int(i));
        part.arguments = argumentsText(function.value(QLatin1String("arguments")));
        d.toolNames.insert(part.toolCallId, part.toolName);
        parts.append(part);
    }
    return true;
}

bool readAssistant(const QJsonObject &message, const QString &path, Message &out, Decoding &d)
{
    // DeepSeek / vLLM say reasoning_content, OpenRouter reasoning: the reasoning came first.
    QString reasoning = string(message, QLatin1String("reasoning_content"));
    if (reasoning.isEmpty())
        reasoning = string(message, QLatin1String("reasoning"));
    if (!reasoning.isEmpty()) {
        ContentPart thinking = ContentPart::makeText(reasoning);
        thinking.kind = ContentPart::Kind::Thinking;
        out.parts.append(thinking);
    }
    QList<ContentPart> content;
    if (!readContent(message, path, true, content, d))
        return false;
    for (const ContentPart &p : std::as_const(content)) {
        if (p.kind != ContentPart::Kind::Text || !p.text.isEmpty())
            out.parts.append(p);
    }
    const QString refusal = string(message, QLatin1String("refusal"));
    if (!refusal.isEmpty())
        out.parts.append(ContentPart::makeText(refusal));
    return readToolCalls(message, path, out.parts, d);
}

// A tool message: string content stays in `text`; arrays of text parts are joined there too,
// and only results with other parts (images) keep them in `resultParts`.
bool readToolResult(const QJsonObject &message, const QString &path, ContentPart &out, Decoding &d)
{
    out.kind = ContentPart::Kind::ToolResult;
    out.toolCallId = string(message, QLatin1String("tool_call_id"));
    if (out.toolCallId.isEmpty())
        return d.fail(path % QLatin1String(".tool_call_id"), QStringLiteral("missing"));
    out.toolName = d.toolNames.value(out.toolCallId, string(message, QLatin1String("name")));
    QList<ContentPart> parts;
    if (!readContent(message, path, true, parts, d))
        return false;
    bool textOnly = true;
    for (const ContentPart &p : std::as_const(parts)) {
        textOnly = textOnly && p.kind == ContentPart::Kind::Text;
        out.text += p.text;
    }
    if (!textOnly) {
        out.text.clear();
        out.resultParts = parts;
    }
    return true;
}

bool readSystem(const QJsonObject &message, const QString &path, Request &r, Decoding &d)
{
    QList<ContentPart> parts;
    if (!readContent(message, path, false, parts, d))
        return false;
    for (const ContentPart &p : std::as_const(parts)) {
        if (p.kind == ContentPart::Kind::Text)
            r.system.append(p);
    }
    return true;
}

bool readMessage(const QJsonValue &value, const QString &path, Request &r, Decoding &d)
{
    if (!value.isObject())
        return d.fail(path, QStringLiteral("expected an object"));
    const QJsonObject message = value.toObject();
    const QString role = string(message, QLatin1String("role"));
    if (role == QLatin1String("system") || role == QLatin1String("developer"))
        return readSystem(message, path, r, d);
    Message m;
    m.name = string(message, QLatin1String("name"));
    if (role == QLatin1String("user")) {
        m.role = Role::User;
        if (!readContent(message, path, false, m.parts, d))
            return false;
    } else if (role == QLatin1String("assistant")) {
        m.role = Role::Assistant;
        if (!readAssistant(message, path, m, d))
            return false;
    } else if (role == QLatin1String("tool")) {
        ContentPart result;
        if (!readToolResult(message, path, result, d))
            return false;
        // Consecutive tool messages answer one assistant turn: one canonical Tool message.
        if (!r.messages.isEmpty() && r.messages.last().role == Role::Tool) {
            r.messages.last().parts.append(result);
            return true;
        }
        m.role = Role::Tool;
        m.name.clear();
        m.parts.append(result);
    } else {
        return d.fail(path % QLatin1String(".role"), QStringLiteral("unknown role '%1'").arg(role));
    }
    r.messages.append(m);
    return true;
}

bool readTools(const QJsonObject &body, Request &r, Decoding &d)
{
    const QJsonArray tools = body.value(QLatin1String("tools")).toArray();
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const QJsonObject tool = tools.at(i).toObject();
        // Other tool types (custom, built-in) have no canonical form.
        if (!tool.contains(QLatin1String("function")))
            continue;
        const QJsonObject function = tool.value(QLatin1String("function")).toObject();
        ToolDefinition def;
        def.name = string(function, QLatin1String("name"));
        if (def.name.isEmpty())
            return d.fail(at(QStringLiteral("$.tools"), i) % QLatin1String(".function.name"), QStringLiteral("missing"));
        def.description = string(function, QLatin1String("description"));
        def.parameters = function.value(QLatin1String("parameters")).toObject();
        r.tools.append(def);
    }
    return true;
}

ToolChoice readToolChoice(const QJsonValue &choice)
{
    ToolChoice tc;
    const QString mode = choice.toString();
    if (mode == QLatin1String("none"))
        tc.mode = ToolChoice::Mode::None;
    else if (mode == QLatin1String("required"))
        tc.mode = ToolChoice::Mode::Required;
    const QString name = string(choice.toObject().value(QLatin1String("function")).toObject(), QLatin1String("name"));
    if (!name.isEmpty()) {
        tc.mode = ToolChoice::Mode::Specific;
        tc.name = name;
    }
    return tc;
}

void readReasoning(const QJsonObject &body, Request &r)
{
    ReasoningOptions &reasoning = r.reasoning;
    reasoning.effort = string(body, QLatin1String("reasoning_effort"));
    // OpenRouter's unified {"reasoning":{"effort","max_tokens","enabled"}}.
    const QJsonObject unified = body.value(QLatin1String("reasoning")).toObject();
    if (reasoning.effort.isEmpty())
        reasoning.effort = string(unified, QLatin1String("effort"));
    reasoning.budgetTokens = int(qMin<qint64>(integer(unified, QLatin1String("max_tokens")), INT_MAX));
    reasoning.enabled = (!reasoning.effort.isEmpty() && reasoning.effort != QLatin1String("none"))
        || reasoning.budgetTokens > 0 || unified.value(QLatin1String("enabled")).toBool();
    // A Chat client shows reasoning_content: ask upstreams that hide reasoning for a summary.
    reasoning.includeSummary = reasoning.enabled;
}

std::optional<double> number(const QJsonObject &body, QLatin1String key)
{
    const QJsonValue v = body.value(key);
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

void readSampling(const QJsonObject &body, Request &r)
{
    r.temperature = number(body, QLatin1String("temperature"));
    r.topP = number(body, QLatin1String("top_p"));
    if (const auto topK = number(body, QLatin1String("top_k")); topK && *topK >= 1)
        r.topK = int(qMin<double>(*topK, INT_MAX));
    // max_completion_tokens replaced max_tokens; when both are sent the newer one counts.
    qint64 maxTokens = integer(body, QLatin1String("max_completion_tokens"));
    if (!maxTokens)
        maxTokens = integer(body, QLatin1String("max_tokens"));
    if (maxTokens > 0)
        r.maxOutputTokens = int(qMin<qint64>(maxTokens, INT_MAX));
    const QJsonValue stop = body.value(QLatin1String("stop"));
    if (stop.isString() && !stop.toString().isEmpty())
        r.stopSequences.append(stop.toString());
    for (const QJsonValue &s : stop.toArray()) {
        if (s.isString() && !s.toString().isEmpty())
            r.stopSequences.append(s.toString());
    }
}

void readOptions(const QJsonObject &body, Request &r)
{
    r.model = string(body, QLatin1String("model"));
    const QJsonValue parallel = body.value(QLatin1String("parallel_tool_calls"));
    if (parallel.isBool())
        r.parallelToolCalls = parallel.toBool();
    r.toolChoice = readToolChoice(body.value(QLatin1String("tool_choice")));
    r.stream = body.value(QLatin1String("stream")).toBool(false);
    // Chat clients get the usage chunk only when they ask for it (older SDKs choke on choices: []).
    r.includeUsage = body.value(QLatin1String("stream_options")).toObject()
                         .value(QLatin1String("include_usage")).toBool(false);
    r.userId = string(body, QLatin1String("user"));
    if (r.userId.isEmpty())
        r.userId = string(body, QLatin1String("safety_identifier"));
    r.promptCacheKey = string(body, QLatin1String("prompt_cache_key"));
    r.serviceTier = string(body, QLatin1String("service_tier"));
    r.responseFormat = body.value(QLatin1String("response_format")).toObject();
    readSampling(body, r);
    readReasoning(body, r);
}

} // namespace

namespace OpenAIChatRequest {

std::optional<Request> decode(const QJsonObject &body, QString *error)
{
    Decoding d;
    Request r;
    const QJsonValue messages = body.value(QLatin1String("messages"));
    if (!messages.isArray())
        d.fail(QStringLiteral("$.messages"), QStringLiteral("expected an array"));
    const QJsonArray array = messages.toArray();
    for (qsizetype i = 0; d.error.isEmpty() && i < array.size(); ++i)
        readMessage(array.at(i), at(QStringLiteral("$.messages"), i), r, d);
    if (d.error.isEmpty())
        readTools(body, r, d);
    if (!d.error.isEmpty()) {
        if (error)
            *error = d.error;
        return std::nullopt;
    }
    readOptions(body, r);
    return r;
}

} // namespace OpenAIChatRequest
