#include "geminiformat.h"

#include "geminiwire.h"

#include "formats/formatjson.h"
#include "formats/lazyjsonobject.h"

#include <QJsonArray>

using namespace FormatJson;
using GeminiWire::stripModelsPrefix;

namespace {

void observeParts(const QJsonArray &parts, StreamObservation &obs)
{
    for (const QJsonValue &v : parts) {
        const QJsonObject part = v.toObject();
        const bool hasText = !string(part, QLatin1String("text")).isEmpty();
        if (part.value(QLatin1String("thought")).toBool() && hasText)
            obs.sawReasoning = true;
        if (hasText || part.contains(QLatin1String("functionCall"))
            || part.contains(QLatin1String("inlineData")) || part.contains(QLatin1String("executableCode")))
            obs.sawContent = true;
    }
}

// Ids, usage and content of one GenerateContentResponse. Returns whether it finished the
// answer: a candidate with a finishReason, or a prompt blocked before any candidate.
bool observeChunk(const QJsonObject &chunk, StreamObservation &obs)
{
    assignIfSet(obs.responseId, string(chunk, QLatin1String("responseId")));
    assignIfSet(obs.upstreamModel, string(chunk, QLatin1String("modelVersion")));
    const QJsonValue usage = chunk.value(QLatin1String("usageMetadata"));
    if (usage.isObject())
        obs.usage.mergeFrom(GeminiWire::usageFromJson(usage.toObject()));
    bool finished = !string(chunk.value(QLatin1String("promptFeedback")).toObject(),
                            QLatin1String("blockReason")).isEmpty();
    const QJsonArray candidates = chunk.value(QLatin1String("candidates")).toArray();
    for (const QJsonValue &v : candidates) {
        const QJsonObject candidate = v.toObject();
        observeParts(candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray(), obs);
        finished = finished || !string(candidate, QLatin1String("finishReason")).isEmpty();
    }
    return finished;
}

bool observeError(const QJsonObject &body, StreamObservation &obs)
{
    const QJsonValue error = body.value(QLatin1String("error"));
    if (!error.isObject() && !error.isString())
        return false;
    obs.upstreamFailed = true;
    obs.errorMessage = errorMessage(error);
    return true;
}

// Gemini repeats usageMetadata in every chunk, so most chunks are parsed; the check still
// spares chunks that provably carry nothing new.
bool chunkNeedsParse(QByteArrayView data, const StreamObservation &obs)
{
    return !obs.sawContent || (!obs.sawReasoning && data.contains("\"thought\"")) || obs.responseId.isEmpty()
        || obs.upstreamModel.isEmpty()
        || data.contains("usageMetadata") || data.contains("finishReason") || data.contains("blockReason")
        || data.contains("\"error\"");
}

} // namespace

QString GeminiFormat::requestModel(const QJsonObject &body, const QString &pathModel) const
{
    Q_UNUSED(body);
    return stripModelsPrefix(pathModel);
}

bool GeminiFormat::requestIsStream(const QJsonObject &body, bool streamRoute) const
{
    Q_UNUSED(body);
    return streamRoute;
}

bool GeminiFormat::streamIsSse(const QUrlQuery &clientQuery) const
{
    return clientQuery.queryItemValue(QStringLiteral("alt")).compare(QLatin1String("sse"), Qt::CaseInsensitive) == 0;
}

QByteArray GeminiFormat::streamContentType(const QUrlQuery &clientQuery) const
{
    return streamIsSse(clientQuery) ? QByteArrayLiteral("text/event-stream") : QByteArrayLiteral("application/json");
}

QByteArray GeminiFormat::errorBody(const RelayError &error) const
{
    return compact(GeminiWire::errorBody(error));
}

// SSE form; the relay turns it into an array element for clients without alt=sse.
QByteArray GeminiFormat::streamErrorFrame(const RelayError &error, qint64 sequenceNumber) const
{
    Q_UNUSED(sequenceNumber);
    return "data: " + errorBody(error) + "\n\n";
}

QByteArray GeminiFormat::pingFrame() const
{
    return QByteArrayLiteral(": keep-alive\n\n");
}

QByteArray GeminiFormat::modelsListBody(const QStringList &models) const
{
    const QJsonArray methods{QStringLiteral("generateContent"), QStringLiteral("streamGenerateContent")};
    QJsonArray list;
    for (const QString &id : models)
        list.append(QJsonObject{{QStringLiteral("name"), QString(QLatin1String("models/") + stripModelsPrefix(id))},
                                {QStringLiteral("displayName"), stripModelsPrefix(id)},
                                {QStringLiteral("supportedGenerationMethods"), methods}});
    return compact(QJsonObject{{QStringLiteral("models"), list}});
}

// Always SSE upstream (alt=sse): the relay builds the JSON array for clients that want one.
QUrl GeminiFormat::upstreamUrl(const QString &baseUrl, const QString &upstreamModel, bool stream,
                               const QUrlQuery &clientQuery) const
{
    Q_UNUSED(clientQuery); // never forwarded: `key=` would leak the client's secret
    const QString method = stream ? QStringLiteral(":streamGenerateContent") : QStringLiteral(":generateContent");
    QUrl url = joinUpstreamUrl(baseUrl, QLatin1String("/v1beta/models/") + stripModelsPrefix(upstreamModel) + method);
    if (stream) {
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("alt"));
        query.addQueryItem(QStringLiteral("alt"), QStringLiteral("sse"));
        url.setQuery(query);
    }
    return url;
}

QList<QPair<QByteArray, QByteArray>> GeminiFormat::upstreamAuthHeaders(const QString &apiKey) const
{
    return {{QByteArrayLiteral("x-goog-api-key"), apiKey.toUtf8()}};
}

void GeminiFormat::observeEvent(const SseEvent &event, StreamObservation &obs) const
{
    if (event.commentOnly)
        return;
    obs.lastEventType = QStringLiteral("chunk");
    if (!chunkNeedsParse(event.data, obs))
        return;
    LazyJsonObject json(event.data);
    if (!json.isValid())
        return;
    if (observeError(json.object(), obs)) {
        obs.lastEventType = QStringLiteral("error");
        return;
    }
    if (observeChunk(json.object(), obs))
        obs.terminal = true;
}

void GeminiFormat::observeResponse(const QJsonObject &body, StreamObservation &obs) const
{
    if (!observeError(body, obs))
        observeChunk(body, obs);
}

bool GeminiFormat::isOwnErrorBody(const QJsonObject &body) const
{
    // OpenAI's error also has a "code" (string or null) but always a "type".
    const QJsonObject error = body.value(QLatin1String("error")).toObject();
    return error.value(QLatin1String("status")).isString()
        || (error.value(QLatin1String("code")).isDouble() && !error.contains(QLatin1String("type")));
}
