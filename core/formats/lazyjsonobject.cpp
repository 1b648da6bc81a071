#include "lazyjsonobject.h"

#include <QJsonDocument>
#include <QJsonParseError>

bool LazyJsonObject::isValid()
{
    if (!m_parsed) {
        m_parsed = true;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(m_data, &err);
        m_valid = err.error == QJsonParseError::NoError && doc.isObject();
        if (m_valid)
            m_object = doc.object();
    }
    return m_valid;
}

const QJsonObject &LazyJsonObject::object()
{
    isValid();
    return m_object;
}
