#include "geminischema.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonValue>

namespace GeminiSchema {

namespace {

constexpr int MaxDepth = 64; // a hostile schema nested deeper is passed on unchanged below it

// snake_case spellings the REST API accepts -> the JSON Schema keyword.
QString keyword(const QString &key)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("any_of"), QStringLiteral("anyOf")},
        {QStringLiteral("min_items"), QStringLiteral("minItems")},
        {QStringLiteral("max_items"), QStringLiteral("maxItems")},
        {QStringLiteral("min_length"), QStringLiteral("minLength")},
        {QStringLiteral("max_length"), QStringLiteral("maxLength")},
        {QStringLiteral("min_properties"), QStringLiteral("minProperties")},
        {QStringLiteral("max_properties"), QStringLiteral("maxProperties")},
        {QStringLiteral("property_ordering"), QStringLiteral("propertyOrdering")},
    };
    return names.value(key, key);
}

bool isInt64Keyword(const QString &key)
{
    return key == QLatin1String("minItems") || key == QLatin1String("maxItems")
        || key == QLatin1String("minLength") || key == QLatin1String("maxLength")
        || key == QLatin1String("minProperties") || key == QLatin1String("maxProperties");
}

QJsonObject convert(const QJsonObject &schema, int depth);

QJsonValue convertValue(const QJsonValue &v, int depth)
{
    return v.isObject() ? QJsonValue(convert(v.toObject(), depth + 1)) : v;
}

QJsonObject convertMap(const QJsonObject &properties, int depth)
{
    QJsonObject out;
    for (auto it = properties.begin(); it != properties.end(); ++it)
        out.insert(it.key(), convertValue(it.value(), depth));
    return out;
}

QJsonArray convertList(const QJsonArray &list, int depth)
{
    QJsonArray out;
    for (const QJsonValue &v : list)
        out.append(convertValue(v, depth));
    return out;
}

// Copies one keyword, converting what differs between the two dialects.
void convertKeyword(const QString &key, const QJsonValue &value, QJsonObject &out, int depth)
{
    if (key == QLatin1String("type")) {
        const QString type = value.toString().toLower();
        if (!type.isEmpty() && type != QLatin1String("type_unspecified"))
            out.insert(key, type);
    } else if (key == QLatin1String("properties") && value.isObject()) {
        out.insert(key, convertMap(value.toObject(), depth));
    } else if ((key == QLatin1String("anyOf") || key == QLatin1String("prefixItems")) && value.isArray()) {
        out.insert(key, convertList(value.toArray(), depth));
    } else if (key == QLatin1String("items") || key == QLatin1String("additionalProperties")) {
        out.insert(key, convertValue(value, depth));
    } else if (isInt64Keyword(key) && value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().toLongLong(&ok);
        out.insert(key, ok ? QJsonValue(n) : value);
    } else {
        out.insert(key, value);
    }
}

QJsonObject convert(const QJsonObject &schema, int depth)
{
    if (depth > MaxDepth)
        return schema;
    QJsonObject out;
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        const QString key = keyword(it.key());
        if (key == QLatin1String("nullable") || key == QLatin1String("propertyOrdering"))
            continue;
        convertKeyword(key, it.value(), out, depth);
    }
    // JSON Schema spells "nullable" as a second type.
    const QJsonValue type = out.value(QLatin1String("type"));
    if (schema.value(QLatin1String("nullable")).toBool() && type.isString())
        out.insert(QStringLiteral("type"), QJsonArray{type, QStringLiteral("null")});
    return out;
}

} // namespace

QJsonObject toJsonSchema(const QJsonObject &openApiSchema)
{
    return convert(openApiSchema, 0);
}

} // namespace GeminiSchema
