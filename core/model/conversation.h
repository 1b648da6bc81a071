#pragma once

#include "usage.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// The canonical conversation every format decodes into and encodes from. Four decoders and
// four encoders instead of twelve translators (DESIGN.md). Fields a format lacks stay empty;
// opaque provider data (signatures, encrypted reasoning) is carried untouched for round trips.

enum class Role { System, User, Assistant, Tool };

enum class StopReason {
    EndTurn,       // natural end (OpenAI "stop", Anthropic "end_turn", Gemini "STOP")
    MaxTokens,     // output limit (OpenAI "length", Responses incomplete max_output_tokens)
    ToolUse,       // the model called tools (OpenAI "tool_calls")
    StopSequence,  // a stop sequence matched
    ContentFilter, // refused / filtered (Anthropic "refusal", Gemini "SAFETY")
    Error,
    Unknown
};

struct ContentPart
{
    enum class Kind { Text, Image, Document, Thinking, RedactedThinking, ToolCall, ToolResult };
    Kind kind = Kind::Text;

    QString text;          // Text; Thinking: the reasoning text (or summary)
    // Image / Document: either inline base64 data or a URL
    QString mediaType;     // "image/png", "application/pdf"
    QByteArray base64Data; // base64 text, not decoded
    QString url;
    QString fileName;
    // Thinking: opaque continuation data (Anthropic signature, Responses encrypted_content,
    // Gemini thoughtSignature); RedactedThinking: Anthropic's redacted data.
    QString signature;
    QString reasoningId;   // Responses reasoning item id, kept for round trips
    // ToolCall
    QString toolCallId;
    QString toolName;
    QString arguments;     // JSON text of the arguments object ("{}" when none)
    // ToolResult (toolCallId names the call it answers; text or nested parts)
    QList<ContentPart> resultParts;
    bool isError = false;

    static ContentPart makeText(const QString &t) { ContentPart p; p.text = t; return p; }
};

struct Message
{
    Role role = Role::User;
    QList<ContentPart> parts;
    QString name; // optional participant name
};

struct ToolDefinition
{
    QString name;
    QString description;
    QJsonObject parameters; // JSON Schema
};

struct ToolChoice
{
    enum class Mode { Auto, None, Required, Specific };
    Mode mode = Mode::Auto;
    QString name; // Specific
};

struct ReasoningOptions
{
    bool enabled = false;
    int budgetTokens = 0;   // Anthropic thinking budget / Gemini thinkingBudget (0 = unset)
    QString effort;         // "low" | "medium" | "high" (OpenAI); "" = unset
    bool includeSummary = false;
};

// A client request in canonical form.
struct Request
{
    QString model;
    QList<ContentPart> system;        // system / developer instructions as text parts
    QList<Message> messages;          // user / assistant / tool turns, in order
    QList<ToolDefinition> tools;
    ToolChoice toolChoice;
    std::optional<bool> parallelToolCalls;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    std::optional<int> maxOutputTokens;
    QStringList stopSequences;
    ReasoningOptions reasoning;
    bool stream = false;
    bool includeUsage = true;         // OpenAI chat stream_options.include_usage
    QString userId;                   // metadata.user_id / user / safety identifier
    QString promptCacheKey;           // Responses prompt_cache_key
    QString serviceTier;              // "priority" for Anthropic fast mode
    QJsonObject responseFormat;       // JSON mode / schema (OpenAI shape), empty when none
};

// A complete (non-streamed) answer in canonical form.
struct Response
{
    QString id;
    QString model;
    QList<ContentPart> content; // assistant output: text, thinking, tool calls, in order
    StopReason stopReason = StopReason::EndTurn;
    QString stopSequence;
    Usage usage;
};

QString stopReasonName(StopReason r); // for logs: "end_turn", "max_tokens", ...
