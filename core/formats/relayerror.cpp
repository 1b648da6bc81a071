#include "relayerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

constexpr qsizetype MaxMessageChars = 2000;

// Cuts to MaxMessageChars without splitting a surrogate pair.
QString bounded(QString text)
{
    text = text.trimmed();
    if (text.size() <= MaxMessageChars)
        return text;
    qsizetype cut = MaxMessageChars;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    text.truncate(cut);
    return text;
}

QString stringField(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString().trimmed() : QString();
}

QString messageFromObject(const QJsonObject &o, int depth);

QString messageFromValue(const QJsonValue &v, int depth)
{
    if (v.isString())
        return v.toString().trimmed();
    if (v.isObject())
        return messageFromObject(v.toObject(), depth + 1);
    if (v.isArray() && !v.toArray().isEmpty())
        return messageFromValue(v.toArray().first(), depth + 1);
    return QString();
}

// Looks through the shapes upstreams use, most specific first; `depth` stops pathological nesting.
QString messageFromObject(const QJsonObject &o, int depth)
{
    if (depth > 4)
        return QString();
    static const QLatin1String direct[] = {QLatin1String("message"), QLatin1String("msg"),
                                           QLatin1String("error_msg"), QLatin1String("error_message"),
                                           QLatin1String("errorMessage"), QLatin1String("error_description")};
    // error.message / error (string) first: "message" beside "error" is often a generic summary.
    QString m = messageFromValue(o.value(QLatin1String("error")), depth);
    if (!m.isEmpty())
        return m;
    for (QLatin1String key : direct) {
        m = stringField(o, key);
        if (!m.isEmpty())
            return m;
    }
    for (QLatin1String key : {QLatin1String("detail"), QLatin1String("errors")}) {
        m = messageFromValue(o.value(key), depth);
        if (!m.isEmpty())
            return m;
    }
    return QString();
}

} // namespace

RelayError RelayError::make(ErrorCode code, const QString &message)
{
    RelayError e;
    e.httpStatus = defaultStatus(code);
    e.code = code;
    e.message = message;
    return e;
}

int RelayError::defaultStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidRequest: return 400;
    case ErrorCode::Authentication: return 401;
    case ErrorCode::Permission: return 403;
    case ErrorCode::NotFound:
    case ErrorCode::UnknownRoute: return 404;
    case ErrorCode::RequestTooLarge: return 413;
    case ErrorCode::RateLimit: return 429;
    case ErrorCode::InsufficientQuota: return 429;
    case ErrorCode::Timeout: return 504;
    case ErrorCode::Upstream: return 502;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::Overloaded: return 529;
    case ErrorCode::Internal: return 500;
    }
    return 500;
}

ErrorCode RelayError::codeForHttpStatus(int status)
{
    switch (status) {
    case 400:
    case 422: return ErrorCode::InvalidRequest;
    case 401: return ErrorCode::Authentication;
    case 403: return ErrorCode::Permission;
    case 404: return ErrorCode::NotFound;
    case 413: return ErrorCode::RequestTooLarge;
    case 429: return ErrorCode::RateLimit;
    case 408:
    case 504: return ErrorCode::Timeout;
    case 503: return ErrorCode::Unavailable;
    case 529: return ErrorCode::Overloaded;
    default: break;
    }
    if (status >= 400 && status < 500)
        return ErrorCode::InvalidRequest;
    // 5xx, and anything that is not an HTTP error at all (0 = no reply, 2xx/3xx with a bad
    // body), is the upstream's failure.
    return ErrorCode::Upstream;
}

QString extractErrorMessage(const QByteArray &body)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error == QJsonParseError::NoError) {
        QString m;
        if (doc.isObject())
            m = messageFromObject(doc.object(), 0);
        else if (doc.isArray()) // Gemini's JSON-array stream form: [{"error":{...}}]
            m = messageFromValue(doc.array().isEmpty() ? QJsonValue() : doc.array().first(), 0);
        if (!m.isEmpty())
            return bounded(m);
    }
    return bounded(QString::fromUtf8(body));
}
