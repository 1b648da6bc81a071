#include "channelprobe.h"

#include "formats/formatadapter.h"
#include "formats/formatcodec.h"
#include "formats/relayerror.h"
#include "obs/secretmask.h"
#include "upstreampool.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>

QJsonObject ChannelProbe::Result::toJson() const
{
    return QJsonObject{
        {QStringLiteral("ok"), ok},
        {QStringLiteral("status"), status},
        {QStringLiteral("latency_ms"), latencyMs},
        {QStringLiteral("channel"), channel},
        {QStringLiteral("model"), model},
        {QStringLiteral("upstream_model"), upstreamModel},
        {QStringLiteral("key_index"), keyIndex},
        {QStringLiteral("error"), error},
        {QStringLiteral("upstream_response_id"), responseId},
        {QStringLiteral("usage"), usage.toJson()},
    };
}

ChannelProbe::ChannelProbe(UpstreamPool *pool, QObject *parent) : QObject(parent), m_pool(pool)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &ChannelProbe::onTimeout);
}

ChannelProbe::~ChannelProbe()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QString ChannelProbe::defaultModel(const Channel &channel)
{
    for (const QString &m : channel.models)
        if (!m.contains(u'*'))
            return m;
    for (const auto &[from, to] : channel.modelMap)
        if (!from.contains(u'*'))
            return from;
    return channel.modelMap.isEmpty() ? QString() : channel.modelMap.first().second;
}

void ChannelProbe::start(const Channel &channel, const QString &model, int keyIndex, int timeoutMs)
{
    m_channel = channel;
    m_result.channel = channel.name;
    m_result.model = model;
    m_result.upstreamModel = channel.upstreamModel(model);
    m_result.keyIndex = keyIndex;
    Request r;
    r.model = m_result.upstreamModel;
    Message m;
    m.parts.append(ContentPart{});
    m.parts.first().text = QStringLiteral("ping");
    r.messages.append(m);
    r.maxOutputTokens = 16;
    const FormatAdapter &up = formatAdapter(channel.type);
    QNetworkRequest nr(up.upstreamUrl(channel.baseUrl, m_result.upstreamModel, false, QUrlQuery()));
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &h : up.upstreamAuthHeaders(channel.keys.value(keyIndex)))
        nr.setRawHeader(h.first, h.second);
    for (const auto &h : channel.headers)
        nr.setRawHeader(h.first, h.second);
    nr.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QByteArray body = QJsonDocument(formatCodec(channel.type).encodeRequest(r)).toJson(QJsonDocument::Compact);
    m_clock.start();
    m_reply = m_pool->post(nr, body, channel.proxy);
    connect(m_reply, &QNetworkReply::finished, this, &ChannelProbe::onFinished);
    m_timeout.start(timeoutMs);
}

void ChannelProbe::onFinished()
{
    if (!m_reply || m_done)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    m_result.status = code.isValid() ? code.toInt() : 0;
    const QByteArray body = reply->readAll();
    if (m_result.status == 0)
        return finish(QStringLiteral("upstream connection failed: ") + reply->errorString());
    if (m_result.status < 200 || m_result.status >= 300)
        return finish(QStringLiteral("upstream HTTP %1: %2").arg(m_result.status).arg(extractErrorMessage(body)));
    StreamObservation obs;
    formatAdapter(m_channel.type).observeResponse(QJsonDocument::fromJson(body).object(), obs);
    m_result.responseId = obs.responseId;
    m_result.usage = obs.usage;
    finish(QString());
}

void ChannelProbe::onTimeout()
{
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    finish(QStringLiteral("upstream did not answer within %1 s").arg(m_timeout.interval() / 1000.0));
}

void ChannelProbe::finish(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_result.latencyMs = m_clock.elapsed();
    m_result.ok = error.isEmpty();
    m_result.error = SecretMask::apply(error);
    Q_EMIT finished(m_result);
}
