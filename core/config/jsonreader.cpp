#include "jsonreader.h"

#include <algorithm>
#include <climits>
#include <cmath>

static bool isIdentifier(QStringView key)
{
    if (key.isEmpty() || key.front().isDigit())
        return false;
    for (QChar c : key)
        if (!(c == u'_' || (c.unicode() < 128 && c.isLetterOrNumber())))
            return false;
    return true;
}

QString jsonChildPath(const QString &base, QStringView key)
{
    if (isIdentifier(key))
        return base + u'.' + key;
    QString escaped = key.toString();
    escaped.replace(u'\\', QLatin1String("\\\\")).replace(u'"', QLatin1String("\\\""));
    return base + QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

QString jsonIndexPath(const QString &base, qsizetype index)
{
    return base + u'[' + QString::number(index) + u']';
}

JsonReader::JsonReader(const QJsonObject &object, const QString &path)
    : m_object(object), m_path(path)
{
}

void JsonReader::fail(const QString &path, const QString &message)
{
    if (!m_error)
        m_error = ConfigError{path, message};
}

void JsonReader::rejectUnknown(std::initializer_list<const char *> known)
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd() && ok(); ++it) {
        const bool isKnown = std::any_of(known.begin(), known.end(), [&](const char *k) {
            return it.key() == QLatin1String(k);
        });
        if (!isKnown)
            fail(jsonChildPath(m_path, it.key()), QStringLiteral("unknown field"));
    }
}

void JsonReader::require(const char *field)
{
    if (ok() && !has(field))
        failField(field, QStringLiteral("is required"));
}

bool JsonReader::readString(const char *field, QString &out)
{
    if (!ok() || !has(field))
        return false;
    const QJsonValue v = value(field);
    if (!v.isString()) {
        failField(field, QStringLiteral("must be a string"));
        return false;
    }
    out = v.toString();
    return true;
}

bool JsonReader::readNonEmptyString(const char *field, QString &out)
{
    if (!ok() || !has(field))
        return false;
    const QJsonValue v = value(field);
    if (!v.isString() || v.toString().isEmpty()) {
        failField(field, QStringLiteral("must be a non-empty string"));
        return false;
    }
    out = v.toString();
    return true;
}

bool JsonReader::readBool(const char *field, bool &out)
{
    if (!ok() || !has(field))
        return false;
    const QJsonValue v = value(field);
    if (!v.isBool()) {
        failField(field, QStringLiteral("must be true or false"));
        return false;
    }
    out = v.toBool();
    return true;
}

bool JsonReader::integerValue(const char *field, qint64 min, qint64 max, qint64 &out)
{
    if (!ok() || !has(field))
        return false;
    const QJsonValue v = value(field);
    const double d = v.toDouble();
    if (!v.isDouble() || std::trunc(d) != d || d < double(min) || d > double(max)) {
        failField(field, QStringLiteral("must be an integer between %1 and %2").arg(min).arg(max));
        return false;
    }
    out = qint64(d);
    return true;
}

bool JsonReader::readInt(const char *field, qint64 min, qint64 max, int &out)
{
    qint64 v = 0;
    if (!integerValue(field, qMax<qint64>(min, INT_MIN), qMin<qint64>(max, INT_MAX), v))
        return false;
    out = int(v);
    return true;
}

bool JsonReader::readInt64(const char *field, qint64 min, qint64 max, qint64 &out)
{
    return integerValue(field, min, max, out);
}

bool JsonReader::readNumber(const char *field, double min, double &out)
{
    if (!ok() || !has(field))
        return false;
    const QJsonValue v = value(field);
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < min) {
        failField(field, QStringLiteral("must be a number >= %1").arg(min));
        return false;
    }
    out = v.toDouble();
    return true;
}

bool JsonReader::readStringList(const char *field, QStringList &out)
{
    QJsonArray array;
    if (!readArray(field, array))
        return false;
    QStringList list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString() || array.at(i).toString().isEmpty()) {
            fail(jsonIndexPath(pathOf(field), i), QStringLiteral("must be a non-empty string"));
            return false;
        }
        list.append(array.at(i).toString());
    }
    out = list;
    return true;
}

bool JsonReader::readArray(const char *field, QJsonArray &out)
{
    if (!ok() || !has(field))
        return false;
    const QJsonValue v = value(field);
    if (!v.isArray()) {
        failField(field, QStringLiteral("must be an array"));
        return false;
    }
    out = v.toArray();
    return true;
}

bool JsonReader::readObject(const char *field, QJsonObject &out)
{
    if (!ok() || !has(field))
        return false;
    const QJsonValue v = value(field);
    if (!v.isObject()) {
        failField(field, QStringLiteral("must be an object"));
        return false;
    }
    out = v.toObject();
    return true;
}
