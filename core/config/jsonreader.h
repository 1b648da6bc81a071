#pragma once

#include "configio.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <initializer_list>
#include <optional>

// JSON path of a child: `$.a.b`, `$.prices["gpt-4.1"]`, `$.channels[2]`.
QString jsonChildPath(const QString &base, QStringView key);
QString jsonIndexPath(const QString &base, qsizetype index);

// Typed, path-aware reads of one JSON object for the config importer. Keeps only the first
// error; once it has one, every further read is a no-op. A read of an absent field is a
// no-op too, so `out` keeps its value: "only fields present overwrite".
class JsonReader
{
public:
    JsonReader(const QJsonObject &object, const QString &path);

    bool ok() const { return !m_error; }
    const std::optional<ConfigError> &error() const { return m_error; }
    void fail(const QString &path, const QString &message);
    void failField(const char *field, const QString &message) { fail(pathOf(field), message); }

    QString pathOf(const char *field) const { return jsonChildPath(m_path, QString::fromLatin1(field)); }
    bool has(const char *field) const { return m_object.contains(QLatin1String(field)); }
    QJsonValue value(const char *field) const { return m_object.value(QLatin1String(field)); }

    void rejectUnknown(std::initializer_list<const char *> known);
    void require(const char *field);

    // Each returns true when the field was present, of the right type and in range.
    bool readString(const char *field, QString &out);
    bool readNonEmptyString(const char *field, QString &out);
    bool readBool(const char *field, bool &out);
    bool readInt(const char *field, qint64 min, qint64 max, int &out);
    bool readInt64(const char *field, qint64 min, qint64 max, qint64 &out);
    bool readNumber(const char *field, double min, double &out); // finite, >= min
    bool readStringList(const char *field, QStringList &out);    // array of non-empty strings
    bool readArray(const char *field, QJsonArray &out);
    bool readObject(const char *field, QJsonObject &out);

private:
    bool integerValue(const char *field, qint64 min, qint64 max, qint64 &out);

    QJsonObject m_object;
    QString m_path;
    std::optional<ConfigError> m_error;
};
