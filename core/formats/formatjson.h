#pragma once

#include "relayerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QUrl>

// JSON and URL helpers shared by the four format adapters (formats/ only).
namespace FormatJson {

QByteArray compact(const QJsonObject &o);

// True when `"key"` occurs followed by ':' and a value other than null. A byte scan, so it
// may say true for a key nested anywhere; callers parse to confirm. Never a false negative
// for a plainly written key (JSON string contents cannot hold an unescaped quote).
bool hasNonNullKey(QByteArrayView data, QByteArrayView key);

// Non-negative integer field; 0 when absent, not a whole number, or out of range.
qint64 integer(const QJsonObject &o, QLatin1String key);
// String field, or "" when absent / not a string.
QString string(const QJsonObject &o, QLatin1String key);

// The message of an in-stream error value: a string, or an object's "message".
QString errorMessage(const QJsonValue &error);
// Assigns `value` to `target` unless it is empty (ids and models only ever get better).
void assignIfSet(QString &target, const QString &value);

// A readable message for an error built without one.
QString messageOrDefault(const RelayError &error);

// `base` + `endpoint` (which starts with "/<version>/..."), without doubling a version
// segment the base already ends with and keeping any other path prefix of the base.
QUrl joinUpstreamUrl(const QString &base, const QString &endpoint);

} // namespace FormatJson
