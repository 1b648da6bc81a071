#pragma once

#include "formats/formatadapter.h"

// Gemini generateContent / streamGenerateContent (`POST /v1beta/models/{model}:...`).
class GeminiFormat : public FormatAdapter
{
public:
    ApiFormat format() const override { return ApiFormat::Gemini; }

    QString requestModel(const QJsonObject &body, const QString &pathModel) const override;
    bool requestIsStream(const QJsonObject &body, bool streamRoute) const override;
    bool streamIsSse(const QUrlQuery &clientQuery) const override;
    QByteArray streamContentType(const QUrlQuery &clientQuery) const override;

    QByteArray errorBody(const RelayError &error) const override;
    QByteArray streamErrorFrame(const RelayError &error, qint64 sequenceNumber) const override;
    QByteArray pingFrame() const override;
    QByteArray modelsListBody(const QStringList &models) const override;

    QUrl upstreamUrl(const QString &baseUrl, const QString &upstreamModel, bool stream,
                     const QUrlQuery &clientQuery) const override;
    QList<QPair<QByteArray, QByteArray>> upstreamAuthHeaders(const QString &apiKey) const override;

    void observeEvent(const SseEvent &event, StreamObservation &obs) const override;
    void observeResponse(const QJsonObject &body, StreamObservation &obs) const override;
    bool isOwnErrorBody(const QJsonObject &body) const override;
    QByteArray responseModelKey() const override { return QByteArrayLiteral("modelVersion"); }

};
