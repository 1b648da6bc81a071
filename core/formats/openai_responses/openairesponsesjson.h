#pragma once

#include "formats/relayerror.h"
#include "model/conversation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// JSON pieces of the Responses API shared by the pass-through adapter, the codec and the
// stream encoder/decoder, so that a streamed answer and a non-stream one carry the very
// same items and response object.
namespace ResponsesJson {

// usage {input_tokens, input_tokens_details.cached_tokens, output_tokens, ...} <-> Usage.
Usage usageFromJson(const QJsonObject &u);
QJsonObject usageToJson(const Usage &usage);

// prefix + the first 24 hex digits of SHA-256(seed "/" salt): ids a client format requires
// and the source lacks, the same for the same request every time.
QString deterministicId(QLatin1String prefix, const QString &seed, const QString &salt);

// Output items as strict clients validate them. `status` is "in_progress" or "completed".
QJsonObject outputTextPart(const QString &text);
QJsonObject messageItem(const QString &id, const QString &status, const QString &text, bool withContent);
QJsonObject functionCallItem(const QString &id, const QString &status, const QString &callId,
                             const QString &name, const QString &arguments);
QJsonObject reasoningItem(const QString &id, const QString &summaryText, const QString &encryptedContent);

// The joined text of a message item's output_text (and refusal) parts, and of a reasoning
// item's summary (or, without one, its reasoning_text content).
QString messageText(const QJsonObject &item);
QString reasoningText(const QJsonObject &item);

// Canonical tools and tool choice in Responses shape (requests, and response echoes).
QJsonArray toolsJson(const QList<ToolDefinition> &tools);
QJsonValue toolChoiceJson(const ToolChoice &choice);
// {effort, summary} of a request's reasoning options; empty when reasoning is off.
QJsonObject reasoningJson(const ReasoningOptions &reasoning);

// A response object with everything clients read; `status` "in_progress" | "completed" |
// "incomplete" | "failed". Echo fields come from the client's decoded request.
struct ResponseShell
{
    QString id;
    qint64 createdAt = 0;
    QString status;
    QString model;
    QJsonArray output;
    Usage usage;
    StopReason stopReason = StopReason::EndTurn;
    QJsonValue error = QJsonValue::Null; // {code, message} when failed
};
QJsonObject responseObject(const ResponseShell &shell, const Request &echo);

// "completed" / "incomplete" for a stop reason, and the incomplete_details.reason.
QString statusFor(StopReason reason);
QString incompleteReasonFor(StopReason reason);

// In-stream error: the OpenAI `code` string, and back from an upstream's code / type.
QString errorCodeString(const RelayError &error);
ErrorCode errorCodeFromString(const QString &code);
RelayError relayErrorFrom(const QJsonObject &error);

} // namespace ResponsesJson
