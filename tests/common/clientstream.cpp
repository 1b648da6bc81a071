#include "clientstream.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace ClientStream {

static qsizetype frameEnd(const QByteArray &body, qsizetype from, qsizetype *terminatorSize)
{
    const qsizetype lf = body.indexOf("\n\n", from);
    const qsizetype crlf = body.indexOf("\r\n\r\n", from);
    if (crlf >= 0 && (lf < 0 || crlf < lf)) {
        *terminatorSize = 4;
        return crlf;
    }
    *terminatorSize = 2;
    return lf;
}

QList<QByteArray> splitFrames(const QByteArray &body, QByteArray *rest)
{
    QList<QByteArray> frames;
    qsizetype pos = 0;
    for (;;) {
        qsizetype terminator = 0;
        const qsizetype end = frameEnd(body, pos, &terminator);
        if (end < 0)
            break;
        frames.append(body.mid(pos, end + terminator - pos));
        pos = end + terminator;
    }
    if (rest)
        *rest = body.mid(pos);
    return frames;
}

static QList<QByteArray> lines(const QByteArray &frame)
{
    QList<QByteArray> out;
    for (const QByteArray &line : frame.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if (!l.isEmpty())
            out.append(l);
    }
    return out;
}

static QByteArray fieldValue(const QByteArray &line, QByteArrayView field)
{
    QByteArray v = line.mid(field.size() + 1);
    return v.startsWith(' ') ? v.mid(1) : v;
}

QByteArray eventName(const QByteArray &frame)
{
    QByteArray name;
    for (const QByteArray &l : lines(frame)) {
        if (l.startsWith("event:"))
            name = fieldValue(l, "event");
    }
    return name;
}

QByteArray data(const QByteArray &frame)
{
    QList<QByteArray> parts;
    for (const QByteArray &l : lines(frame)) {
        if (l.startsWith("data:"))
            parts.append(fieldValue(l, "data"));
    }
    return parts.join('\n');
}

bool isCommentPing(const QByteArray &frame)
{
    const QList<QByteArray> ls = lines(frame);
    if (ls.isEmpty())
        return false;
    for (const QByteArray &l : ls) {
        if (!l.startsWith(':'))
            return false;
    }
    return true;
}

bool isAnthropicPing(const QByteArray &frame)
{
    return eventName(frame) == "ping";
}

bool isPing(ApiFormat format, const QByteArray &frame)
{
    return format == ApiFormat::Anthropic ? isAnthropicPing(frame) : isCommentPing(frame);
}

bool isAnyPing(const QByteArray &frame)
{
    return isCommentPing(frame) || isAnthropicPing(frame);
}

QByteArray withoutPings(const QByteArray &body)
{
    QByteArray rest;
    QByteArray out;
    for (const QByteArray &f : splitFrames(body, &rest)) {
        if (!isAnyPing(f))
            out += f;
    }
    return out + rest;
}

int pingCount(const QByteArray &body)
{
    int n = 0;
    for (const QByteArray &f : splitFrames(body)) {
        if (isAnyPing(f))
            ++n;
    }
    return n;
}

static QJsonObject jsonObject(const QByteArray &bytes)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    return err.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
}

bool isErrorEvent(ApiFormat format, const QByteArray &frame)
{
    const QJsonObject o = jsonObject(data(frame));
    switch (format) {
    case ApiFormat::OpenAIChat:
    case ApiFormat::Gemini:
        return o.value(QLatin1String("error")).isObject();
    case ApiFormat::OpenAIResponses: {
        const QString type = o.value(QLatin1String("type")).toString();
        return type == QLatin1String("error") || type == QLatin1String("response.failed");
    }
    case ApiFormat::Anthropic:
        return eventName(frame) == "error" && o.value(QLatin1String("type")).toString() == QLatin1String("error")
            && o.value(QLatin1String("error")).isObject();
    }
    return false;
}

QString checkErrorBody(ApiFormat format, const QByteArray &body, int httpStatus, QString *message)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return QStringLiteral("not a JSON object: ") + QString::fromUtf8(body.left(300));
    const QJsonObject o = doc.object();
    const QJsonObject e = o.value(QLatin1String("error")).toObject();
    if (e.isEmpty())
        return QStringLiteral("no \"error\" object: ") + QString::fromUtf8(body.left(300));
    if (message)
        *message = e.value(QLatin1String("message")).toString();
    if (!e.value(QLatin1String("message")).isString())
        return QStringLiteral("error.message missing: ") + QString::fromUtf8(body.left(300));
    if (format == ApiFormat::Anthropic) {
        if (o.value(QLatin1String("type")).toString() != QLatin1String("error"))
            return QStringLiteral("Anthropic error without top-level type \"error\": ") + QString::fromUtf8(body.left(300));
        if (e.value(QLatin1String("type")).toString().isEmpty())
            return QStringLiteral("Anthropic error.type empty: ") + QString::fromUtf8(body.left(300));
    }
    if (format == ApiFormat::Gemini) {
        if (e.value(QLatin1String("code")).toInt() != httpStatus)
            return QStringLiteral("Gemini error.code is not %1: ").arg(httpStatus) + QString::fromUtf8(body.left(300));
        if (e.value(QLatin1String("status")).toString().isEmpty())
            return QStringLiteral("Gemini error.status empty: ") + QString::fromUtf8(body.left(300));
    }
    return {};
}

} // namespace ClientStream
