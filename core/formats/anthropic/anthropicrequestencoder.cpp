#include "anthropicrequestencoder.h"

#include "anthropicblocks.h"
#include "anthropicwire.h"

#include <algorithm>

namespace {

constexpr int DefaultMaxTokens = 8192;
constexpr int MinThinkingBudget = 1024; // Anthropic rejects smaller budgets

const QLatin1String UserRole("user");
const QLatin1String AssistantRole("assistant");

int effortBudget(const QString &effort)
{
    if (effort == QLatin1String("minimal"))
        return MinThinkingBudget;
    if (effort == QLatin1String("low"))
        return 4096;
    if (effort == QLatin1String("high"))
        return 16384;
    if (effort == QLatin1String("xhigh"))
        return 32768;
    return 8192;
}

QString blockType(const QJsonObject &block)
{
    return block.value(QLatin1String("type")).toString();
}

bool isToolResult(const QJsonObject &block)
{
    return blockType(block) == QLatin1String("tool_result");
}

// Thinking text from another provider (an encrypted Responses item, or no signature at all)
// would be rejected by Anthropic's signature check: only its own signed blocks go back.
bool isAnthropicThinking(const ContentPart &part)
{
    return !part.signature.isEmpty() && part.reasoningId.isEmpty();
}

// What each side of the conversation may hold: media and results are the user's, thinking
// and calls the assistant's. Anything else is left out rather than failing the request.
bool belongsTo(Role role, ContentPart::Kind kind)
{
    switch (kind) {
    case ContentPart::Kind::Text: return true;
    case ContentPart::Kind::Image:
    case ContentPart::Kind::Document:
    case ContentPart::Kind::ToolResult: return role != Role::Assistant;
    case ContentPart::Kind::Thinking:
    case ContentPart::Kind::RedactedThinking:
    case ContentPart::Kind::ToolCall: return role == Role::Assistant;
    }
    return false;
}

} // namespace

QJsonObject AnthropicRequestEncoder::encode()
{
    const QJsonArray messageList = messages();
    int maxTokens = m_request.maxOutputTokens.value_or(DefaultMaxTokens);
    if (maxTokens <= 0)
        maxTokens = DefaultMaxTokens;
    const int budget = lastToolTurnKeepsThinking() ? thinkingBudget(maxTokens) : 0;

    QJsonObject body{{QStringLiteral("model"), m_request.model},
                     {QStringLiteral("max_tokens"), maxTokens},
                     {QStringLiteral("messages"), messageList}};
    const QJsonValue system = systemValue();
    if (!system.isNull())
        body.insert(QLatin1String("system"), system);
    const QJsonArray toolList = tools();
    if (!toolList.isEmpty()) {
        body.insert(QLatin1String("tools"), toolList);
        const QJsonObject choice = toolChoice();
        if (!choice.isEmpty())
            body.insert(QLatin1String("tool_choice"), choice);
    }
    if (budget > 0)
        body.insert(QLatin1String("thinking"), QJsonObject{{QStringLiteral("type"), QStringLiteral("enabled")},
                                                           {QStringLiteral("budget_tokens"), budget}});
    addSampling(body, budget > 0);
    if (!m_request.userId.isEmpty())
        body.insert(QLatin1String("metadata"), QJsonObject{{QStringLiteral("user_id"), m_request.userId}});
    if (m_request.stream)
        body.insert(QLatin1String("stream"), true);
    return body;
}

QJsonValue AnthropicRequestEncoder::systemValue() const
{
    QStringList texts;
    for (const ContentPart &part : m_request.system) {
        if (!part.text.isEmpty())
            texts << part.text;
    }
    texts += m_hoistedSystem;
    if (texts.isEmpty())
        return QJsonValue::Null;
    if (texts.size() == 1)
        return texts.first();
    QJsonArray blocks;
    for (const QString &t : texts)
        blocks.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), t}});
    return blocks;
}

QJsonArray AnthropicRequestEncoder::messages()
{
    m_turns.clear();
    m_hoistedSystem.clear();
    m_unansweredCalls.clear();
    m_madeUpIds = 0;
    for (const Message &m : m_request.messages)
        addMessage(m);

    QJsonArray out;
    for (Turn &turn : m_turns) {
        if (turn.role == UserRole) // results must open the turn that answers the calls
            std::stable_partition(turn.blocks.begin(), turn.blocks.end(), isToolResult);
        QJsonArray content;
        for (const QJsonObject &block : std::as_const(turn.blocks))
            content.append(block);
        out.append(QJsonObject{{QStringLiteral("role"), turn.role}, {QStringLiteral("content"), content}});
    }
    return out;
}

void AnthropicRequestEncoder::addMessage(const Message &message)
{
    if (message.role == Role::System) {
        for (const ContentPart &part : message.parts) {
            if (!part.text.isEmpty())
                m_hoistedSystem << part.text;
        }
        return;
    }
    const QString role = message.role == Role::Assistant ? QString(AssistantRole) : QString(UserRole);
    QList<QJsonObject> blocks;
    for (const ContentPart &part : message.parts) {
        if (!belongsTo(message.role, part.kind))
            continue;
        if (const std::optional<QJsonObject> block = blockFor(part))
            blocks.append(*block);
    }
    if (blocks.isEmpty()) // Anthropic rejects empty turns; nothing of this one survived
        return;
    // Roles must alternate: consecutive turns of one role (tool results, then the user's
    // next words) become one message.
    if (!m_turns.isEmpty() && m_turns.last().role == role) {
        m_turns.last().blocks += blocks;
    } else {
        m_turns << Turn{role, blocks};
    }
}

std::optional<QJsonObject> AnthropicRequestEncoder::blockFor(ContentPart part)
{
    if (part.kind == ContentPart::Kind::Thinking && !isAnthropicThinking(part))
        return std::nullopt;
    if (part.kind == ContentPart::Kind::ToolCall && part.toolCallId.isEmpty()) {
        part.toolCallId = AnthropicWire::toolUseId(part.toolName, m_madeUpIds++);
        m_unansweredCalls << part;
    } else if (part.kind == ContentPart::Kind::ToolResult && part.toolCallId.isEmpty()) {
        // A source without ids (Gemini) answers calls in order, matched by name when it has one.
        auto it = std::find_if(m_unansweredCalls.begin(), m_unansweredCalls.end(), [&](const ContentPart &call) {
            return part.toolName.isEmpty() || call.toolName == part.toolName;
        });
        if (it != m_unansweredCalls.end()) {
            part.toolCallId = it->toolCallId;
            m_unansweredCalls.erase(it);
        } else {
            part.toolCallId = AnthropicWire::toolUseId(part.toolName, m_madeUpIds++);
        }
    }
    return AnthropicBlocks::encode(part);
}

// With thinking on, Anthropic wants the assistant turn that made the pending tool calls to
// start with its (signed) thinking. A conversation that comes from another provider has none,
// so thinking stays off for it rather than the request failing.
bool AnthropicRequestEncoder::lastToolTurnKeepsThinking() const
{
    for (auto it = m_turns.crbegin(); it != m_turns.crend(); ++it) {
        if (it->role != AssistantRole)
            continue;
        const bool callsTools = std::any_of(it->blocks.begin(), it->blocks.end(), [](const QJsonObject &b) {
            return blockType(b) == QLatin1String("tool_use");
        });
        if (!callsTools)
            return true;
        const QString first = blockType(it->blocks.first());
        return first == QLatin1String("thinking") || first == QLatin1String("redacted_thinking");
    }
    return true;
}

QJsonArray AnthropicRequestEncoder::tools() const
{
    QJsonArray out;
    for (const ToolDefinition &def : m_request.tools) {
        QJsonObject schema = def.parameters;
        // input_schema is required and must describe an object; OpenAI clients may send {}.
        if (!schema.contains(QLatin1String("type")))
            schema.insert(QLatin1String("type"), QStringLiteral("object"));
        if (!schema.contains(QLatin1String("properties")))
            schema.insert(QLatin1String("properties"), QJsonObject());
        QJsonObject tool{{QStringLiteral("name"), def.name}, {QStringLiteral("input_schema"), schema}};
        if (!def.description.isEmpty())
            tool.insert(QLatin1String("description"), def.description);
        out.append(tool);
    }
    return out;
}

QJsonObject AnthropicRequestEncoder::toolChoice() const
{
    const ToolChoice &tc = m_request.toolChoice;
    QJsonObject choice;
    switch (tc.mode) {
    case ToolChoice::Mode::Auto:
        if (!m_request.parallelToolCalls)
            return choice; // the default: leave it out
        choice.insert(QLatin1String("type"), QStringLiteral("auto"));
        break;
    case ToolChoice::Mode::None:
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("none")}};
    case ToolChoice::Mode::Required:
        choice.insert(QLatin1String("type"), QStringLiteral("any"));
        break;
    case ToolChoice::Mode::Specific:
        choice.insert(QLatin1String("type"), QStringLiteral("tool"));
        choice.insert(QLatin1String("name"), tc.name);
        break;
    }
    if (m_request.parallelToolCalls)
        choice.insert(QLatin1String("disable_parallel_tool_use"), !*m_request.parallelToolCalls);
    return choice;
}

// 0: no thinking. May raise `maxTokens` when the client left it open, since Anthropic wants
// max_tokens above the budget.
int AnthropicRequestEncoder::thinkingBudget(int &maxTokens) const
{
    const ReasoningOptions &r = m_request.reasoning;
    const bool forcedTool = m_request.toolChoice.mode == ToolChoice::Mode::Required
        || m_request.toolChoice.mode == ToolChoice::Mode::Specific;
    const bool wanted = (r.enabled || !r.effort.isEmpty()) && r.effort != QLatin1String("none");
    if (!wanted || forcedTool) // Anthropic refuses thinking together with a forced tool
        return 0;
    int budget = qMax(MinThinkingBudget, r.budgetTokens > 0 ? r.budgetTokens : effortBudget(r.effort));
    if (budget < maxTokens)
        return budget;
    if (!m_request.maxOutputTokens) {
        maxTokens = budget + DefaultMaxTokens;
        return budget;
    }
    // The client's limit covers thinking and answer alike: keep half of it for the answer.
    budget = qMax(MinThinkingBudget, maxTokens / 2);
    return budget < maxTokens ? budget : 0;
}

void AnthropicRequestEncoder::addSampling(QJsonObject &body, bool thinking) const
{
    // Thinking accepts no temperature / top_k / narrow top_p; recent models refuse temperature
    // and top_p together, so temperature (the one clients set on purpose) wins.
    if (!thinking) {
        if (m_request.temperature)
            body.insert(QLatin1String("temperature"), qBound(0.0, *m_request.temperature, 1.0));
        else if (m_request.topP)
            body.insert(QLatin1String("top_p"), qBound(0.0, *m_request.topP, 1.0));
        if (m_request.topK)
            body.insert(QLatin1String("top_k"), *m_request.topK);
    }
    if (!m_request.stopSequences.isEmpty())
        body.insert(QLatin1String("stop_sequences"), QJsonArray::fromStringList(m_request.stopSequences));
}
