#include "formatjson.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace FormatJson {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool hasNonNullKey(QByteArrayView data, QByteArrayView key)
{
    const QByteArray quoted = '"' + key.toByteArray() + '"';
    qsizetype from = 0;
    while ((from = data.indexOf(quoted, from)) >= 0) {
        qsizetype i = from + quoted.size();
        from = i;
        auto skipSpace = [&] {
            while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
                ++i;
        };
        skipSpace();
        if (i >= data.size() || data[i] != ':')
            continue;
        ++i;
        skipSpace();
        if (i < data.size() && !data.sliced(i).startsWith("null"))
            return true;
    }
    return false;
}

qint64 integer(const QJsonObject &o, QLatin1String key)
{
    // toInteger() refuses fractions and out-of-range doubles (a plain cast would be UB).
    return qMax<qint64>(0, o.value(key).toInteger(0));
}

QString string(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

QString errorMessage(const QJsonValue &error)
{
    if (error.isString())
        return error.toString();
    const QJsonObject o = error.toObject();
    QString m = string(o, QLatin1String("message"));
    if (m.isEmpty())
        m = QString::fromUtf8(compact(o));
    return m;
}

void assignIfSet(QString &target, const QString &value)
{
    if (!value.isEmpty())
        target = value;
}

QString messageOrDefault(const RelayError &error)
{
    if (!error.message.isEmpty())
        return error.message;
    switch (error.code) {
    case ErrorCode::InvalidRequest: return QStringLiteral("Invalid request");
    case ErrorCode::Authentication: return QStringLiteral("Invalid API key");
    case ErrorCode::Permission: return QStringLiteral("Permission denied");
    case ErrorCode::NotFound:
    case ErrorCode::UnknownRoute: return QStringLiteral("Not found");
    case ErrorCode::RequestTooLarge: return QStringLiteral("Request too large");
    case ErrorCode::RateLimit: return QStringLiteral("Rate limit exceeded");
    case ErrorCode::InsufficientQuota: return QStringLiteral("Insufficient quota");
    case ErrorCode::Timeout: return QStringLiteral("Upstream timed out");
    case ErrorCode::Upstream: return QStringLiteral("Upstream error");
    case ErrorCode::Unavailable: return QStringLiteral("Service unavailable");
    case ErrorCode::Overloaded: return QStringLiteral("Overloaded");
    case ErrorCode::Internal: return QStringLiteral("Internal error");
    }
    return QStringLiteral("Error");
}

QUrl joinUpstreamUrl(const QString &base, const QString &endpoint)
{
    // Version-like last segments ("v1", "v1beta", "v4" of OpenAI-compatible vendors) already
    // name the API version the channel wants.
    static const QRegularExpression versionSegment(QStringLiteral("^v\\d+[a-z]*\\d*$"));
    QString trimmedBase = base.trimmed();
    if (!trimmedBase.contains(QLatin1String("://")))
        trimmedBase.prepend(QLatin1String("https://"));
    QUrl url(trimmedBase);
    url.setFragment(QString());

    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const qsizetype secondSlash = endpoint.indexOf(QLatin1Char('/'), 1);
    const QString rest = endpoint.mid(secondSlash); // "/chat/completions"
    const QString lastSegment = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);

    // A base pasted as the full endpoint URL is used as is.
    const bool alreadyFull = path.endsWith(endpoint) || path.endsWith(rest);
    if (!alreadyFull)
        path += versionSegment.match(lastSegment).hasMatch() ? rest : endpoint;
    url.setPath(path);
    return url;
}

} // namespace FormatJson
