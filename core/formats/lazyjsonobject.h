#pragma once

#include <QByteArray>
#include <QJsonObject>

// Parses one JSON object on first use and never again: each observed event is parsed at
// most once, and not at all when a handler proves it does not need to look inside.
class LazyJsonObject
{
public:
    explicit LazyJsonObject(const QByteArray &data) : m_data(data) {}
    // False for invalid JSON or a non-object document.
    bool isValid();
    // Empty object when !isValid().
    const QJsonObject &object();

private:
    const QByteArray &m_data;
    QJsonObject m_object;
    bool m_parsed = false;
    bool m_valid = false;
};
