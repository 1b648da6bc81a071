#include "streamtransform.h"

#include <QJsonDocument>

QByteArray JsonArrayTransform::onEvent(const SseEvent &event)
{
    if (event.commentOnly || event.data.isEmpty())
        return {};
    QByteArray out = m_first ? QByteArray() : QByteArrayLiteral(",\r\n");
    m_first = false;
    out += event.data;
    return out;
}

QByteArray JsonArrayTransform::errorBytes(const RelayError &error, qint64)
{
    QByteArray out = m_first ? QByteArray() : QByteArrayLiteral(",\r\n");
    m_first = false;
    return out + m_client.errorBody(error);
}

std::unique_ptr<StreamTransform> makeStreamTransform(const FormatAdapter &client,
                                                     const FormatAdapter &upstream,
                                                     bool clientWantsSse)
{
    Q_UNUSED(upstream); // same format only until the translating transform exists
    if (!clientWantsSse)
        return std::make_unique<JsonArrayTransform>(client);
    return std::make_unique<PassThroughTransform>(client);
}
