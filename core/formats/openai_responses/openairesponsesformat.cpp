#include "openairesponsesformat.h"

#include "openairesponsesjson.h"

#include "formats/formatjson.h"
#include "formats/lazyjsonobject.h"
#include "formats/openai_chat/openaichatformat.h"
#include "formats/openai_chat/openaierror.h"

#include <QJsonArray>

using namespace FormatJson;

namespace {

void observeOutputItem(const QJsonObject &item, StreamObservation &obs)
{
    const QString type = string(item, QLatin1String("type"));
    if (type.isEmpty())
        return;
    obs.sawContent = true;
    if (type == QLatin1String("reasoning"))
        obs.sawReasoning = true;
}

// Ids, usage and failure of a Response object (a non-stream body, or the `response` of
// response.created / response.completed / response.failed).
void observeResponseObject(const QJsonObject &response, StreamObservation &obs)
{
    assignIfSet(obs.responseId, string(response, QLatin1String("id")));
    assignIfSet(obs.upstreamModel, string(response, QLatin1String("model")));
    const QJsonValue usage = response.value(QLatin1String("usage"));
    if (usage.isObject())
        obs.usage.mergeFrom(ResponsesJson::usageFromJson(usage.toObject()));
    const QJsonValue error = response.value(QLatin1String("error"));
    if (string(response, QLatin1String("status")) == QLatin1String("failed") || error.isObject()) {
        obs.upstreamFailed = true;
        obs.errorMessage = error.isObject() ? errorMessage(error) : QStringLiteral("response failed");
    }
}

// The `error` event: {"type":"error","code","message","param"}, or a nested {"error":{...}}.
void observeErrorEvent(LazyJsonObject &json, const QByteArray &data, StreamObservation &obs)
{
    obs.upstreamFailed = true;
    if (!json.isValid()) { // still an error; keep what the upstream said
        obs.errorMessage = QString::fromUtf8(data.left(2000)).trimmed();
        return;
    }
    const QJsonObject &o = json.object();
    const QString message = string(o, QLatin1String("message"));
    obs.errorMessage = message.isEmpty() ? errorMessage(o.value(QLatin1String("error"))) : message;
}

void observeDelta(const QString &type, LazyJsonObject &json, StreamObservation &obs)
{
    const bool reasoning = type.contains(QLatin1String("reasoning"));
    if (obs.sawContent && (!reasoning || obs.sawReasoning))
        return; // nothing left to learn from another delta: skip the parse
    if (!json.isValid())
        return;
    obs.sawContent = true;
    obs.sawReasoning = obs.sawReasoning || reasoning;
}

bool isTerminalType(const QString &type)
{
    return type == QLatin1String("response.completed") || type == QLatin1String("response.incomplete")
        || type == QLatin1String("response.done") || type == QLatin1String("response.failed");
}

} // namespace

QString OpenAIResponsesFormat::requestModel(const QJsonObject &body, const QString &pathModel) const
{
    Q_UNUSED(pathModel);
    return string(body, QLatin1String("model"));
}

bool OpenAIResponsesFormat::requestIsStream(const QJsonObject &body, bool streamRoute) const
{
    Q_UNUSED(streamRoute);
    return body.value(QLatin1String("stream")).toBool(false);
}

QByteArray OpenAIResponsesFormat::errorBody(const RelayError &error) const
{
    return compact(QJsonObject{{QStringLiteral("error"), OpenAIError::errorObject(error)}});
}

// Strict clients reject `{"error":{...}}` here: the event needs a top-level type and number.
QByteArray OpenAIResponsesFormat::streamErrorFrame(const RelayError &error, qint64 sequenceNumber) const
{
    const QJsonObject inner = OpenAIError::errorObject(error);
    QJsonValue code = inner.value(QLatin1String("code"));
    if (code.isNull())
        code = inner.value(QLatin1String("type"));
    const QJsonObject event{{QStringLiteral("type"), QStringLiteral("error")},
                            {QStringLiteral("code"), code},
                            {QStringLiteral("message"), inner.value(QLatin1String("message"))},
                            {QStringLiteral("param"), inner.value(QLatin1String("param"))},
                            {QStringLiteral("sequence_number"), sequenceNumber}};
    return "event: error\ndata: " + compact(event) + "\n\n";
}

QByteArray OpenAIResponsesFormat::pingFrame() const
{
    return QByteArrayLiteral(": keep-alive\n\n");
}

QByteArray OpenAIResponsesFormat::modelsListBody(const QStringList &models) const
{
    return OpenAIChatFormat::openAIModelsListBody(models);
}

QUrl OpenAIResponsesFormat::upstreamUrl(const QString &baseUrl, const QString &upstreamModel, bool stream,
                                        const QUrlQuery &clientQuery) const
{
    Q_UNUSED(upstreamModel);
    Q_UNUSED(stream);
    Q_UNUSED(clientQuery); // never forwarded: `key=` would leak the client's secret
    return joinUpstreamUrl(baseUrl, QStringLiteral("/v1/responses"));
}

QList<QPair<QByteArray, QByteArray>> OpenAIResponsesFormat::upstreamAuthHeaders(const QString &apiKey) const
{
    return OpenAIChatFormat::bearerAuthHeaders(apiKey);
}

void OpenAIResponsesFormat::observeEvent(const SseEvent &event, StreamObservation &obs) const
{
    if (event.commentOnly)
        return;
    LazyJsonObject json(event.data);
    QString type = QString::fromUtf8(event.event);
    if (type.isEmpty()) // upstreams that send bare `data:` lines: the type is in the JSON
        type = string(json.object(), QLatin1String("type"));
    if (type.isEmpty())
        return;
    obs.lastEventType = type;

    if (type.endsWith(QLatin1String(".delta"))) {
        observeDelta(type, json, obs);
    } else if (type == QLatin1String("error")) {
        observeErrorEvent(json, event.data, obs);
    } else if (isTerminalType(type) || type == QLatin1String("response.created")
               || type == QLatin1String("response.in_progress")) {
        const bool idsKnown = !obs.responseId.isEmpty() && !obs.upstreamModel.isEmpty();
        if (!isTerminalType(type) && idsKnown)
            return;
        if (!json.isValid())
            return;
        obs.terminal = obs.terminal || isTerminalType(type);
        observeResponseObject(json.object().value(QLatin1String("response")).toObject(), obs);
        if (type == QLatin1String("response.failed") && !obs.upstreamFailed) {
            obs.upstreamFailed = true;
            obs.errorMessage = QStringLiteral("response failed");
        }
    } else if (type == QLatin1String("response.output_item.done")) {
        if ((obs.sawContent && obs.sawReasoning) || !json.isValid())
            return;
        observeOutputItem(json.object().value(QLatin1String("item")).toObject(), obs);
    }
}

void OpenAIResponsesFormat::observeResponse(const QJsonObject &body, StreamObservation &obs) const
{
    observeResponseObject(body, obs);
    const QJsonArray output = body.value(QLatin1String("output")).toArray();
    for (const QJsonValue &item : output)
        observeOutputItem(item.toObject(), obs);
}

bool OpenAIResponsesFormat::isOwnErrorBody(const QJsonObject &body) const
{
    return OpenAIError::isErrorBody(body);
}
