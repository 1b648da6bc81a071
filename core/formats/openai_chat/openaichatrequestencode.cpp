#include "openaichatrequest.h"

#include "openaichatwire.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace {

// OpenAI rejects more stop sequences than this.
constexpr int MaxStopSequences = 4;
// OpenAI's limit on `user`; Claude Code's metadata.user_id is longer.
constexpr int MaxUserChars = 64;

QString dataUrl(const ContentPart &part, const QString &fallbackType)
{
    const QString type = part.mediaType.isEmpty() ? fallbackType : part.mediaType;
    return QLatin1String("data:") % type % QLatin1String(";base64,") % QString::fromLatin1(part.base64Data);
}

QJsonObject textPart(const QString &text)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

// A canonical part as a user content part; empty for parts Chat cannot carry.
QJsonObject userPart(const ContentPart &part)
{
    switch (part.kind) {
    case ContentPart::Kind::Text:
        return textPart(part.text);
    case ContentPart::Kind::Image: {
        const QString url = part.base64Data.isEmpty() ? part.url : dataUrl(part, QStringLiteral("image/png"));
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                           {QStringLiteral("image_url"), QJsonObject{{QStringLiteral("url"), url}}}};
    }
    case ContentPart::Kind::Document: {
        if (part.base64Data.isEmpty()) // a URL or plain-text document: Chat has no file URLs
            return textPart(part.text.isEmpty() ? part.url : part.text);
        QJsonObject file{{QStringLiteral("file_data"), dataUrl(part, QStringLiteral("application/pdf"))}};
        file.insert(QStringLiteral("filename"), part.fileName.isEmpty() ? QStringLiteral("document.pdf") : part.fileName);
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("file")}, {QStringLiteral("file"), file}};
    }
    case ContentPart::Kind::Thinking:
    case ContentPart::Kind::RedactedThinking:
    case ContentPart::Kind::ToolCall:
    case ContentPart::Kind::ToolResult: break;
    }
    return QJsonObject();
}

// One text part stays a plain string: the shape every OpenAI-compatible server accepts.
QJsonValue userContent(const QList<ContentPart> &parts)
{
    QJsonArray array;
    for (const ContentPart &p : parts) {
        const QJsonObject o = userPart(p);
        if (!o.isEmpty())
            array.append(o);
    }
    if (array.size() == 1 && parts.size() == 1 && parts.first().kind == ContentPart::Kind::Text)
        return parts.first().text;
    return array;
}

QString toolResultText(const ContentPart &result)
{
    QString text = result.text;
    for (const ContentPart &p : result.resultParts) {
        if (p.kind == ContentPart::Kind::Text)
            text += p.text;
    }
    return text;
}

QJsonObject toolMessage(const ContentPart &result)
{
    // Chat tool messages hold text only; images in a result have no place there.
    return QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                       {QStringLiteral("tool_call_id"), result.toolCallId},
                       {QStringLiteral("content"), toolResultText(result)}};
}

QJsonObject toolCall(const ContentPart &call)
{
    const QString arguments = call.arguments.trimmed().isEmpty() ? QStringLiteral("{}") : call.arguments;
    return QJsonObject{{QStringLiteral("id"), call.toolCallId},
                       {QStringLiteral("type"), QStringLiteral("function")},
                       {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), call.toolName},
                                                                {QStringLiteral("arguments"), arguments}}}};
}

QJsonObject assistantMessage(const Message &m)
{
    QStringList texts;
    QString reasoning;
    QJsonArray calls;
    for (const ContentPart &p : m.parts) {
        if (p.kind == ContentPart::Kind::Text && !p.text.isEmpty())
            texts.append(p.text);
        else if (p.kind == ContentPart::Kind::Thinking)
            reasoning += p.text;
        else if (p.kind == ContentPart::Kind::ToolCall)
            calls.append(toolCall(p));
    }
    QJsonObject o{{QStringLiteral("role"), QStringLiteral("assistant")}};
    // Text blocks are pieces of one output (Anthropic splits at citations): joined as the
    // stream would have delivered them. null when the turn only called tools.
    o.insert(QStringLiteral("content"), texts.isEmpty() && !calls.isEmpty()
                                            ? QJsonValue(QJsonValue::Null)
                                            : QJsonValue(texts.join(QString())));
    if (!calls.isEmpty())
        o.insert(QStringLiteral("tool_calls"), calls);
    // DeepSeek / Kimi thinking modes want their reasoning back within a tool-calling turn.
    if (!reasoning.isEmpty())
        o.insert(QStringLiteral("reasoning_content"), reasoning);
    if (!m.name.isEmpty())
        o.insert(QStringLiteral("name"), m.name);
    return o;
}

QJsonObject plainMessage(const QString &role, const QList<ContentPart> &parts, const QString &name)
{
    QJsonObject o{{QStringLiteral("role"), role}, {QStringLiteral("content"), userContent(parts)}};
    if (!name.isEmpty())
        o.insert(QStringLiteral("name"), name);
    return o;
}

// Tool results (wherever the source format put them) become tool messages, in order and
// before the rest of the turn: they must follow the assistant message that called the tools.
void appendUserTurn(const Message &m, const QString &role, QJsonArray &out)
{
    QList<ContentPart> rest;
    for (const ContentPart &p : m.parts) {
        if (p.kind == ContentPart::Kind::ToolResult)
            out.append(toolMessage(p));
        else if (p.kind != ContentPart::Kind::Thinking && p.kind != ContentPart::Kind::RedactedThinking)
            rest.append(p);
    }
    if (!rest.isEmpty())
        out.append(plainMessage(role, rest, m.name));
}

QJsonArray messages(const Request &r)
{
    QJsonArray out;
    QStringList system;
    for (const ContentPart &p : r.system)
        system.append(p.text);
    // Several system blocks (Anthropic cache breakpoints) as one message: many chat templates
    // accept a single leading system message only.
    if (!system.isEmpty())
        out.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                               {QStringLiteral("content"), system.join(QStringLiteral("\n\n"))}});
    for (const Message &m : r.messages) {
        switch (m.role) {
        case Role::Assistant: out.append(assistantMessage(m)); break;
        case Role::System: appendUserTurn(m, QStringLiteral("system"), out); break;
        case Role::User:
        case Role::Tool: appendUserTurn(m, QStringLiteral("user"), out); break;
        }
    }
    return out;
}

QJsonArray tools(const QList<ToolDefinition> &defs)
{
    QJsonArray out;
    for (const ToolDefinition &t : defs) {
        QJsonObject function{{QStringLiteral("name"), t.name}};
        if (!t.description.isEmpty())
            function.insert(QStringLiteral("description"), t.description);
        function.insert(QStringLiteral("parameters"),
                        t.parameters.isEmpty() ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                                             {QStringLiteral("properties"), QJsonObject()}}
                                               : t.parameters);
        out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("function"), function}});
    }
    return out;
}

void insertTools(const Request &r, QJsonObject &body)
{
    if (r.tools.isEmpty())
        return; // tool_choice / parallel_tool_calls without tools is a 400 at OpenAI
    body.insert(QStringLiteral("tools"), tools(r.tools));
    switch (r.toolChoice.mode) {
    case ToolChoice::Mode::Auto: break;
    case ToolChoice::Mode::None: body.insert(QStringLiteral("tool_choice"), QStringLiteral("none")); break;
    case ToolChoice::Mode::Required: body.insert(QStringLiteral("tool_choice"), QStringLiteral("required")); break;
    case ToolChoice::Mode::Specific:
        body.insert(QStringLiteral("tool_choice"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), r.toolChoice.name}}}});
        break;
    }
    if (r.parallelToolCalls)
        body.insert(QStringLiteral("parallel_tool_calls"), *r.parallelToolCalls);
}

// An Anthropic/Gemini thinking budget as an OpenAI effort level.
QString effortForBudget(int budget)
{
    if (budget < 4096)
        return QStringLiteral("low");
    return budget < 16384 ? QStringLiteral("medium") : QStringLiteral("high");
}

void insertSampling(const Request &r, bool reasoningModel, QJsonObject &body)
{
    if (!reasoningModel) {
        if (r.temperature)
            body.insert(QStringLiteral("temperature"), *r.temperature);
        if (r.topP)
            body.insert(QStringLiteral("top_p"), *r.topP);
    }
    // top_k is not an OpenAI parameter (OpenAI answers 400 to unknown ones): dropped.
    if (r.maxOutputTokens)
        body.insert(reasoningModel ? QStringLiteral("max_completion_tokens") : QStringLiteral("max_tokens"),
                    *r.maxOutputTokens);
    QJsonArray stop;
    for (const QString &s : r.stopSequences.mid(0, MaxStopSequences))
        stop.append(s);
    if (!stop.isEmpty())
        body.insert(QStringLiteral("stop"), stop);
    QString effort = r.reasoning.effort;
    // A budget from a thinking-budget format only means something to OpenAI reasoning models.
    if (effort.isEmpty() && r.reasoning.enabled && reasoningModel)
        effort = effortForBudget(r.reasoning.budgetTokens);
    if (!effort.isEmpty())
        body.insert(QStringLiteral("reasoning_effort"), effort);
}

void insertOptions(const Request &r, QJsonObject &body)
{
    if (r.stream) {
        body.insert(QStringLiteral("stream"), true);
        body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    if (!r.userId.isEmpty()) {
        // A stable stand-in keeps per-user abuse tracking working when the id is too long.
        const QString user = r.userId.size() <= MaxUserChars
            ? r.userId
            : QString::fromLatin1(QCryptographicHash::hash(r.userId.toUtf8(), QCryptographicHash::Sha256).toHex());
        body.insert(QStringLiteral("user"), user);
    }
    if (!r.promptCacheKey.isEmpty())
        body.insert(QStringLiteral("prompt_cache_key"), r.promptCacheKey);
    static const QStringList tiers{QStringLiteral("auto"), QStringLiteral("default"), QStringLiteral("flex"),
                                   QStringLiteral("scale"), QStringLiteral("priority")};
    if (tiers.contains(r.serviceTier))
        body.insert(QStringLiteral("service_tier"), r.serviceTier);
    if (!r.responseFormat.isEmpty())
        body.insert(QStringLiteral("response_format"), r.responseFormat);
}

} // namespace

namespace OpenAIChatRequest {

QJsonObject encode(const Request &request)
{
    QJsonObject body{{QStringLiteral("model"), request.model}, {QStringLiteral("messages"), messages(request)}};
    insertTools(request, body);
    insertSampling(request, OpenAIChatWire::isReasoningModel(request.model), body);
    insertOptions(request, body);
    return body;
}

} // namespace OpenAIChatRequest
