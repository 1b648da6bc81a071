#include "translatecommand.h"

#include "formats/formatcodec.h"
#include "wire/sseparser.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <cstdio>

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "relaydesk translate: %s\n", qPrintable(message));
    return 2;
}

QByteArray translateStream(const FormatCodec &from, const FormatCodec &to, const QByteArray &input)
{
    EncoderOptions options;
    options.requestId = QStringLiteral("translate");
    auto decoder = from.newStreamDecoder();
    auto encoder = to.newStreamEncoder(options);
    QByteArray out;
    for (const SseEvent &e : SseParser::parseAll(input)) {
        if (e.commentOnly)
            continue;
        for (const StreamEvent &se : decoder->decode(e))
            out += encoder->encode(se);
    }
    return out;
}
} // namespace

int runTranslateCommand(const QString &fromName, const QString &toName, bool stream, bool response)
{
    const auto from = apiFormatFromName(fromName);
    const auto to = apiFormatFromName(toName);
    if (!from || !to)
        return fail(QStringLiteral("--from and --to take openai-chat, openai-responses, anthropic or gemini"));
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read standard input"));
    const QByteArray input = in.readAll();
    const FormatCodec &src = formatCodec(*from);
    const FormatCodec &dst = formatCodec(*to);
    if (response && stream) {
        std::fputs(translateStream(src, dst, input).constData(), stdout);
        return 0;
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(input, &perr);
    if (!doc.isObject())
        return fail(QStringLiteral("input is not a JSON object: %1").arg(perr.errorString()));
    QJsonObject out;
    if (response) {
        EncoderOptions options;
        options.requestId = QStringLiteral("translate");
        out = dst.encodeResponse(src.decodeResponse(doc.object()), options);
    } else {
        QString error;
        auto request = src.decodeRequest(doc.object(), doc.object().value(QLatin1String("model")).toString(), stream, &error);
        if (!request)
            return fail(error);
        if (stream)
            request->stream = true;
        out = dst.encodeRequest(*request);
    }
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
