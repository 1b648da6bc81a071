#include "anthropicrequestdecoder.h"

#include "anthropicblocks.h"

#include "formats/formatjson.h"

#include <QJsonArray>
#include <limits>

using namespace FormatJson;

namespace {

QString indexed(const QString &path, qsizetype i)
{
    return path % QLatin1Char('[') % QString::number(i) % QLatin1Char(']');
}

bool isPresent(const QJsonValue &v)
{
    return !v.isUndefined() && !v.isNull();
}

} // namespace

std::optional<Request> AnthropicRequestDecoder::decode(const QJsonObject &body, QString *error)
{
    m_request = Request();
    m_error.clear();
    m_toolNames.clear();
    const QJsonValue model = body.value(QLatin1String("model"));
    const bool ok = (model.isString() || fail(QStringLiteral("$.model"), QStringLiteral("must be a string")))
        && readSystem(body.value(QLatin1String("system")), QStringLiteral("$.system"))
        && readMessages(body.value(QLatin1String("messages")))
        && readTools(body.value(QLatin1String("tools")))
        && readToolChoice(body.value(QLatin1String("tool_choice")))
        && readSampling(body)
        && readThinking(body);
    if (!ok) {
        if (error)
            *error = m_error;
        return std::nullopt;
    }
    m_request.model = model.toString();
    return m_request;
}

bool AnthropicRequestDecoder::fail(const QString &path, const QString &what)
{
    m_error = path % QLatin1String(": ") % what;
    return false;
}

bool AnthropicRequestDecoder::readSystem(const QJsonValue &system, const QString &path)
{
    if (!isPresent(system))
        return true;
    if (system.isString()) {
        if (!system.toString().isEmpty())
            m_request.system << ContentPart::makeText(system.toString());
        return true;
    }
    if (!system.isArray())
        return fail(path, QStringLiteral("must be a string or an array"));
    const QJsonArray blocks = system.toArray();
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        ContentPart part;
        const auto decoded = AnthropicBlocks::decode(blocks.at(i), indexed(path, i), part, &m_error);
        if (decoded == AnthropicBlocks::Decoded::Invalid)
            return false;
        if (decoded == AnthropicBlocks::Decoded::Skipped || part.kind != ContentPart::Kind::Text)
            return fail(indexed(path, i) % QLatin1String(".type"), QStringLiteral("only text blocks are allowed"));
        m_request.system << part;
    }
    return true;
}

bool AnthropicRequestDecoder::readMessages(const QJsonValue &messages)
{
    if (!messages.isArray())
        return fail(QStringLiteral("$.messages"), QStringLiteral("must be an array"));
    const QJsonArray list = messages.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!readMessage(list.at(i), indexed(QStringLiteral("$.messages"), i)))
            return false;
    }
    return true;
}

bool AnthropicRequestDecoder::readMessage(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return fail(path, QStringLiteral("must be an object"));
    const QJsonObject message = value.toObject();
    const QString roleName = string(message, QLatin1String("role"));
    // Claude Code sends extra system context as role "system" inside messages (e.g. its
    // environment block last): it joins the system prompt, which every format can carry.
    if (roleName == QLatin1String("system"))
        return readSystem(message.value(QLatin1String("content")), path % QLatin1String(".content"));
    if (roleName != QLatin1String("user") && roleName != QLatin1String("assistant"))
        return fail(path % QLatin1String(".role"), QStringLiteral("unknown role '%1'").arg(roleName));
    const Role role = roleName == QLatin1String("user") ? Role::User : Role::Assistant;
    const QJsonValue content = message.value(QLatin1String("content"));
    if (content.isString()) {
        appendParts(role, {ContentPart::makeText(content.toString())});
        return true;
    }
    if (!content.isArray())
        return fail(path % QLatin1String(".content"), QStringLiteral("must be a string or an array"));

    // Canonical tool results live in Tool-role messages, one per result, in their original
    // order relative to the rest of the user's turn.
    const QJsonArray blocks = content.toArray();
    QList<ContentPart> run;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        ContentPart part;
        const auto decoded = AnthropicBlocks::decode(blocks.at(i), indexed(path % QLatin1String(".content"), i),
                                                     part, &m_error);
        if (decoded == AnthropicBlocks::Decoded::Invalid)
            return false;
        if (decoded == AnthropicBlocks::Decoded::Skipped)
            continue;
        if (part.kind == ContentPart::Kind::ToolCall)
            m_toolNames.insert(part.toolCallId, part.toolName);
        if (part.kind != ContentPart::Kind::ToolResult) {
            run << part;
            continue;
        }
        part.toolName = m_toolNames.value(part.toolCallId);
        appendParts(role, run);
        run.clear();
        appendParts(Role::Tool, {part});
    }
    appendParts(role, run);
    return true;
}

void AnthropicRequestDecoder::appendParts(Role role, const QList<ContentPart> &parts)
{
    if (parts.isEmpty())
        return;
    Message m;
    m.role = role;
    m.parts = parts;
    m_request.messages << m;
}

bool AnthropicRequestDecoder::readTools(const QJsonValue &tools)
{
    if (!isPresent(tools))
        return true;
    if (!tools.isArray())
        return fail(QStringLiteral("$.tools"), QStringLiteral("must be an array"));
    const QJsonArray list = tools.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = indexed(QStringLiteral("$.tools"), i);
        if (!list.at(i).isObject())
            return fail(path, QStringLiteral("must be an object"));
        const QJsonObject tool = list.at(i).toObject();
        const QString type = string(tool, QLatin1String("type"));
        // Versioned tools ("web_search_20250305", "bash_20250124") are run by Anthropic or
        // shaped by it: no other upstream knows them.
        if (!type.isEmpty() && type != QLatin1String("custom"))
            continue;
        ToolDefinition def;
        def.name = string(tool, QLatin1String("name"));
        if (def.name.isEmpty())
            return fail(path % QLatin1String(".name"), QStringLiteral("required"));
        def.description = string(tool, QLatin1String("description"));
        const QJsonValue schema = tool.value(QLatin1String("input_schema"));
        if (isPresent(schema) && !schema.isObject())
            return fail(path % QLatin1String(".input_schema"), QStringLiteral("must be an object"));
        def.parameters = schema.toObject();
        m_request.tools << def;
    }
    return true;
}

bool AnthropicRequestDecoder::readToolChoice(const QJsonValue &choice)
{
    const QString path = QStringLiteral("$.tool_choice");
    if (!isPresent(choice))
        return true;
    if (!choice.isObject())
        return fail(path, QStringLiteral("must be an object"));
    const QJsonObject o = choice.toObject();
    const QString type = string(o, QLatin1String("type"));
    ToolChoice &tc = m_request.toolChoice;
    if (type == QLatin1String("auto")) {
        tc.mode = ToolChoice::Mode::Auto;
    } else if (type == QLatin1String("any")) {
        tc.mode = ToolChoice::Mode::Required;
    } else if (type == QLatin1String("none")) {
        tc.mode = ToolChoice::Mode::None;
    } else if (type == QLatin1String("tool")) {
        tc.mode = ToolChoice::Mode::Specific;
        tc.name = string(o, QLatin1String("name"));
        if (tc.name.isEmpty())
            return fail(path % QLatin1String(".name"), QStringLiteral("required"));
    } else {
        return fail(path % QLatin1String(".type"), QStringLiteral("unknown tool choice '%1'").arg(type));
    }
    const QJsonValue disable = o.value(QLatin1String("disable_parallel_tool_use"));
    if (disable.isBool())
        m_request.parallelToolCalls = !disable.toBool();
    return true;
}

bool AnthropicRequestDecoder::readNumber(const QJsonObject &body, QLatin1String key, std::optional<double> &out)
{
    const QJsonValue v = body.value(key);
    if (!isPresent(v))
        return true;
    if (!v.isDouble())
        return fail(QLatin1String("$.") % key, QStringLiteral("must be a number"));
    out = v.toDouble();
    return true;
}

bool AnthropicRequestDecoder::readInteger(const QJsonObject &body, QLatin1String key, std::optional<int> &out)
{
    const QJsonValue v = body.value(key);
    if (!isPresent(v))
        return true;
    const qint64 n = v.toInteger(-1);
    if (!v.isDouble() || n < 0)
        return fail(QLatin1String("$.") % key, QStringLiteral("must be a non-negative integer"));
    out = int(qMin<qint64>(n, std::numeric_limits<int>::max()));
    return true;
}

bool AnthropicRequestDecoder::readSampling(const QJsonObject &body)
{
    if (!readInteger(body, QLatin1String("max_tokens"), m_request.maxOutputTokens)
        || !readNumber(body, QLatin1String("temperature"), m_request.temperature)
        || !readNumber(body, QLatin1String("top_p"), m_request.topP)
        || !readInteger(body, QLatin1String("top_k"), m_request.topK))
        return false;
    const QJsonValue stops = body.value(QLatin1String("stop_sequences"));
    if (isPresent(stops) && !stops.isArray())
        return fail(QStringLiteral("$.stop_sequences"), QStringLiteral("must be an array"));
    const QJsonArray stopList = stops.toArray();
    for (qsizetype i = 0; i < stopList.size(); ++i) {
        if (!stopList.at(i).isString())
            return fail(indexed(QStringLiteral("$.stop_sequences"), i), QStringLiteral("must be a string"));
        m_request.stopSequences << stopList.at(i).toString();
    }
    m_request.stream = body.value(QLatin1String("stream")).toBool(false);
    m_request.userId = string(body.value(QLatin1String("metadata")).toObject(), QLatin1String("user_id"));
    return true;
}

bool AnthropicRequestDecoder::readThinking(const QJsonObject &body)
{
    const QJsonValue thinking = body.value(QLatin1String("thinking"));
    if (isPresent(thinking)) {
        if (!thinking.isObject())
            return fail(QStringLiteral("$.thinking"), QStringLiteral("must be an object"));
        const QJsonObject o = thinking.toObject();
        const QString type = string(o, QLatin1String("type"));
        if (type == QLatin1String("enabled") || type == QLatin1String("adaptive")) {
            m_request.reasoning.enabled = true;
            m_request.reasoning.includeSummary = true; // the client shows thinking text
            m_request.reasoning.budgetTokens = int(qMin<qint64>(integer(o, QLatin1String("budget_tokens")),
                                                                std::numeric_limits<int>::max()));
        } else if (type != QLatin1String("disabled")) {
            return fail(QStringLiteral("$.thinking.type"), QStringLiteral("unknown thinking type '%1'").arg(type));
        }
    }
    // Newer models take an effort level next to (or instead of) a budget.
    const QString effort = string(body.value(QLatin1String("output_config")).toObject(), QLatin1String("effort"));
    if (effort == QLatin1String("low") || effort == QLatin1String("medium") || effort == QLatin1String("high"))
        m_request.reasoning.effort = effort;
    return true;
}
