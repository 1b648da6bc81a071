#include "openaichatformat.h"

#include "formats/formatjson.h"
#include "formats/lazyjsonobject.h"
#include "openaichatwire.h"
#include "openaierror.h"

#include <QJsonArray>

using namespace FormatJson;

namespace {

bool nonEmpty(const QJsonValue &v)
{
    if (v.isString())
        return !v.toString().isEmpty();
    if (v.isArray())
        return !v.toArray().isEmpty();
    return v.isObject() && !v.toObject().isEmpty();
}

// `part` is a stream chunk's `delta` or a complete reply's `message`.
void observeMessagePart(const QJsonObject &part, StreamObservation &obs)
{
    // DeepSeek/vLLM say reasoning_content, OpenRouter reasoning / reasoning_details.
    const bool reasoning = nonEmpty(part.value(QLatin1String("reasoning_content")))
        || nonEmpty(part.value(QLatin1String("reasoning")))
        || nonEmpty(part.value(QLatin1String("reasoning_details")));
    if (reasoning)
        obs.sawReasoning = true;
    if (reasoning || nonEmpty(part.value(QLatin1String("content")))
        || nonEmpty(part.value(QLatin1String("tool_calls")))
        || nonEmpty(part.value(QLatin1String("function_call")))
        || nonEmpty(part.value(QLatin1String("refusal"))))
        obs.sawContent = true;
}

void observeChoices(const QJsonObject &body, QLatin1String partKey, StreamObservation &obs)
{
    const QJsonArray choices = body.value(QLatin1String("choices")).toArray();
    for (const QJsonValue &choice : choices)
        observeMessagePart(choice.toObject().value(partKey).toObject(), obs);
}

// `{"error":...}` chunks, and vLLM's older `{"object":"error","message":...}`.
bool observeError(const QJsonObject &body, bool errorEvent, StreamObservation &obs)
{
    const QJsonValue error = body.value(QLatin1String("error"));
    const bool vllmError = string(body, QLatin1String("object")) == QLatin1String("error");
    if (!errorEvent && !vllmError && (error.isUndefined() || error.isNull()))
        return false;
    obs.upstreamFailed = true;
    obs.errorMessage = (error.isUndefined() || error.isNull()) ? errorMessage(body) : errorMessage(error);
    return true;
}

// A chunk needs parsing only while something is still unknown or when it may carry usage
// or an error; the bulk of a long stream (content deltas) is skipped unparsed.
bool chunkNeedsParse(QByteArrayView data, const StreamObservation &obs)
{
    return !obs.sawContent || obs.responseId.isEmpty() || obs.upstreamModel.isEmpty()
        || (!obs.sawReasoning && data.contains("reasoning")) || hasNonNullKey(data, "usage")
        || data.contains("\"error\"");
}

} // namespace

QString OpenAIChatFormat::requestModel(const QJsonObject &body, const QString &pathModel) const
{
    Q_UNUSED(pathModel);
    return string(body, QLatin1String("model"));
}

bool OpenAIChatFormat::requestIsStream(const QJsonObject &body, bool streamRoute) const
{
    Q_UNUSED(streamRoute);
    return body.value(QLatin1String("stream")).toBool(false);
}

QByteArray OpenAIChatFormat::errorBody(const RelayError &error) const
{
    return compact(QJsonObject{{QStringLiteral("error"), OpenAIError::errorObject(error)}});
}

QByteArray OpenAIChatFormat::streamErrorFrame(const RelayError &error, qint64 sequenceNumber) const
{
    Q_UNUSED(sequenceNumber);
    return "data: " + errorBody(error) + "\n\n";
}

QByteArray OpenAIChatFormat::pingFrame() const
{
    return QByteArrayLiteral(": keep-alive\n\n");
}

QByteArray OpenAIChatFormat::modelsListBody(const QStringList &models) const
{
    return openAIModelsListBody(models);
}

QByteArray OpenAIChatFormat::openAIModelsListBody(const QStringList &models)
{
    QJsonArray data;
    for (const QString &id : models)
        data.append(QJsonObject{{QStringLiteral("id"), id},
                                {QStringLiteral("object"), QStringLiteral("model")},
                                {QStringLiteral("created"), 0},
                                {QStringLiteral("owned_by"), QStringLiteral("relaydesk")}});
    return compact(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}});
}

QUrl OpenAIChatFormat::upstreamUrl(const QString &baseUrl, const QString &upstreamModel, bool stream,
                                   const QUrlQuery &clientQuery) const
{
    Q_UNUSED(upstreamModel);
    Q_UNUSED(stream);
    Q_UNUSED(clientQuery); // never forwarded: `key=` would leak the client's secret
    return joinUpstreamUrl(baseUrl, QStringLiteral("/v1/chat/completions"));
}

QList<QPair<QByteArray, QByteArray>> OpenAIChatFormat::upstreamAuthHeaders(const QString &apiKey) const
{
    return bearerAuthHeaders(apiKey);
}

QList<QPair<QByteArray, QByteArray>> OpenAIChatFormat::bearerAuthHeaders(const QString &apiKey)
{
    return {{QByteArrayLiteral("Authorization"), "Bearer " + apiKey.toUtf8()}};
}

void OpenAIChatFormat::observeEvent(const SseEvent &event, StreamObservation &obs) const
{
    if (event.commentOnly)
        return;
    const QByteArrayView data = QByteArrayView(event.data).trimmed();
    if (data == "[DONE]") {
        obs.terminal = true;
        obs.lastEventType = QStringLiteral("[DONE]");
        return;
    }
    const bool errorEvent = event.event == "error";
    obs.lastEventType = errorEvent ? QStringLiteral("error") : QStringLiteral("chunk");
    if (!errorEvent && !chunkNeedsParse(data, obs))
        return;
    LazyJsonObject json(event.data);
    if (!json.isValid())
        return;
    const QJsonObject &chunk = json.object();
    if (observeError(chunk, errorEvent, obs)) {
        obs.lastEventType = QStringLiteral("error");
        return;
    }
    assignIfSet(obs.responseId, string(chunk, QLatin1String("id")));
    assignIfSet(obs.upstreamModel, string(chunk, QLatin1String("model")));
    const QJsonValue usage = chunk.value(QLatin1String("usage"));
    if (usage.isObject())
        obs.usage.mergeFrom(OpenAIChatWire::usageFromJson(usage.toObject()));
    observeChoices(chunk, QLatin1String("delta"), obs);
}

void OpenAIChatFormat::observeResponse(const QJsonObject &body, StreamObservation &obs) const
{
    if (observeError(body, false, obs))
        return;
    assignIfSet(obs.responseId, string(body, QLatin1String("id")));
    assignIfSet(obs.upstreamModel, string(body, QLatin1String("model")));
    const QJsonValue usage = body.value(QLatin1String("usage"));
    if (usage.isObject())
        obs.usage.mergeFrom(OpenAIChatWire::usageFromJson(usage.toObject()));
    observeChoices(body, QLatin1String("message"), obs);
}

bool OpenAIChatFormat::isOwnErrorBody(const QJsonObject &body) const
{
    return OpenAIError::isErrorBody(body);
}
