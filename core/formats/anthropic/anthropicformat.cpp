#include "anthropicformat.h"

#include "anthropicwire.h"

#include "formats/formatjson.h"
#include "formats/lazyjsonobject.h"

#include <QJsonArray>

using namespace FormatJson;

namespace {

void observeUsage(const QJsonObject &holder, StreamObservation &obs)
{
    const QJsonValue usage = holder.value(QLatin1String("usage"));
    if (usage.isObject())
        obs.usage.mergeFrom(AnthropicWire::usageFromJson(usage.toObject()));
}

// A Message object: the non-stream body, or message_start's `message`.
void observeMessage(const QJsonObject &message, StreamObservation &obs)
{
    assignIfSet(obs.responseId, string(message, QLatin1String("id")));
    assignIfSet(obs.upstreamModel, string(message, QLatin1String("model")));
    observeUsage(message, obs);
}

// A content block as it starts (stream) or as it stands (non-stream body).
void observeBlock(const QJsonObject &block, bool complete, StreamObservation &obs)
{
    const QString type = string(block, QLatin1String("type"));
    const bool thinking = type == QLatin1String("thinking") || type == QLatin1String("redacted_thinking");
    if (thinking)
        obs.sawReasoning = true;
    // Tool calls and redacted thinking carry their payload in the start event itself.
    if (complete || type == QLatin1String("tool_use") || type == QLatin1String("server_tool_use")
        || type == QLatin1String("redacted_thinking")
        || !string(block, QLatin1String("text")).isEmpty())
        obs.sawContent = true;
}

void observeBlockDelta(LazyJsonObject &json, const QByteArray &data, StreamObservation &obs)
{
    // Only a thinking delta can still teach something once content was seen.
    const bool mayBeThinking = data.contains("\"thinking_delta\"") || data.contains("\"signature_delta\"");
    if (obs.sawContent && (obs.sawReasoning || !mayBeThinking))
        return;
    if (!json.isValid())
        return;
    obs.sawContent = true;
    const QString deltaType = string(json.object().value(QLatin1String("delta")).toObject(), QLatin1String("type"));
    if (deltaType == QLatin1String("thinking_delta") || deltaType == QLatin1String("signature_delta"))
        obs.sawReasoning = true;
}

void observeErrorEvent(LazyJsonObject &json, const QByteArray &data, StreamObservation &obs)
{
    obs.upstreamFailed = true;
    if (!json.isValid()) { // still an error; keep what the upstream said
        obs.errorMessage = QString::fromUtf8(data.left(2000)).trimmed();
        return;
    }
    const QJsonValue error = json.object().value(QLatin1String("error"));
    obs.errorMessage = error.isUndefined() ? errorMessage(json.object()) : errorMessage(error);
}

} // namespace

QString AnthropicFormat::requestModel(const QJsonObject &body, const QString &pathModel) const
{
    Q_UNUSED(pathModel);
    return string(body, QLatin1String("model"));
}

bool AnthropicFormat::requestIsStream(const QJsonObject &body, bool streamRoute) const
{
    Q_UNUSED(streamRoute);
    return body.value(QLatin1String("stream")).toBool(false);
}

QByteArray AnthropicFormat::errorBody(const RelayError &error) const
{
    return compact(AnthropicWire::errorBody(error));
}

QByteArray AnthropicFormat::streamErrorFrame(const RelayError &error, qint64 sequenceNumber) const
{
    Q_UNUSED(sequenceNumber);
    return "event: error\ndata: " + errorBody(error) + "\n\n";
}

QByteArray AnthropicFormat::pingFrame() const
{
    return QByteArrayLiteral("event: ping\ndata: {\"type\": \"ping\"}\n\n");
}

QByteArray AnthropicFormat::modelsListBody(const QStringList &models) const
{
    QJsonArray data;
    for (const QString &id : models)
        data.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("model")},
                                {QStringLiteral("id"), id},
                                {QStringLiteral("display_name"), id},
                                {QStringLiteral("created_at"), QStringLiteral("1970-01-01T00:00:00Z")}});
    const auto idOrNull = [](const QStringList &l, bool first) {
        return l.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(first ? l.first() : l.last());
    };
    return compact(QJsonObject{{QStringLiteral("data"), data},
                               {QStringLiteral("has_more"), false},
                               {QStringLiteral("first_id"), idOrNull(models, true)},
                               {QStringLiteral("last_id"), idOrNull(models, false)}});
}

QUrl AnthropicFormat::upstreamUrl(const QString &baseUrl, const QString &upstreamModel, bool stream,
                                  const QUrlQuery &clientQuery) const
{
    Q_UNUSED(upstreamModel);
    Q_UNUSED(stream);
    Q_UNUSED(clientQuery); // never forwarded: `key=` would leak the client's secret
    return joinUpstreamUrl(baseUrl, QStringLiteral("/v1/messages"));
}

QList<QPair<QByteArray, QByteArray>> AnthropicFormat::upstreamAuthHeaders(const QString &apiKey) const
{
    return {{QByteArrayLiteral("x-api-key"), apiKey.toUtf8()},
            {QByteArrayLiteral("anthropic-version"), QByteArrayLiteral("2023-06-01")}};
}

void AnthropicFormat::observeEvent(const SseEvent &event, StreamObservation &obs) const
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

    if (type == QLatin1String("content_block_delta")) {
        observeBlockDelta(json, event.data, obs);
    } else if (type == QLatin1String("error")) {
        observeErrorEvent(json, event.data, obs);
    } else if (type == QLatin1String("ping") || type == QLatin1String("content_block_stop") || !json.isValid()) {
        return;
    } else if (type == QLatin1String("message_stop")) {
        obs.terminal = true;
    } else if (type == QLatin1String("message_start")) {
        observeMessage(json.object().value(QLatin1String("message")).toObject(), obs);
    } else if (type == QLatin1String("message_delta")) {
        observeUsage(json.object(), obs);
    } else if (type == QLatin1String("content_block_start") && !(obs.sawContent && obs.sawReasoning)) {
        observeBlock(json.object().value(QLatin1String("content_block")).toObject(), false, obs);
    }
}

void AnthropicFormat::observeResponse(const QJsonObject &body, StreamObservation &obs) const
{
    if (isOwnErrorBody(body)) {
        obs.upstreamFailed = true;
        obs.errorMessage = errorMessage(body.value(QLatin1String("error")));
        return;
    }
    observeMessage(body, obs);
    const QJsonArray content = body.value(QLatin1String("content")).toArray();
    for (const QJsonValue &block : content)
        observeBlock(block.toObject(), true, obs);
}

bool AnthropicFormat::isOwnErrorBody(const QJsonObject &body) const
{
    return string(body, QLatin1String("type")) == QLatin1String("error")
        && body.value(QLatin1String("error")).isObject();
}
