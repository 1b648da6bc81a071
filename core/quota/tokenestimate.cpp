#include "tokenestimate.h"

namespace {
bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
        || c == '=';
}

qint64 positiveInt(const QJsonValue &v)
{
    const double d = v.toDouble(-1);
    return d >= 1 ? qint64(d) : -1;
}
} // namespace

namespace TokenEstimate {

qint64 inputTokens(const QByteArray &body)
{
    qint64 asciiBytes = 0;
    qint64 tokens = 0;
    const qsizetype n = body.size();
    for (qsizetype i = 0; i < n;) {
        const char c = body.at(i);
        if (isBase64Char(c)) {
            qsizetype end = i;
            while (end < n && isBase64Char(body.at(end)))
                ++end;
            if (end - i >= kMinBlobChars)
                tokens += kTokensPerBlob;
            else
                asciiBytes += end - i;
            i = end;
        } else if (static_cast<unsigned char>(c) < 0x80) {
            ++asciiBytes;
            ++i;
        } else {
            // A UTF-8 lead byte starts one character; continuation bytes (10xxxxxx) don't count.
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
                ++tokens;
            ++i;
        }
    }
    return tokens + (asciiBytes + 3) / 4;
}

qint64 requestedMaxOutputTokens(ApiFormat format, const QJsonObject &body)
{
    switch (format) {
    case ApiFormat::OpenAIChat: {
        const qint64 completion = positiveInt(body.value(QLatin1String("max_completion_tokens")));
        return completion > 0 ? completion : positiveInt(body.value(QLatin1String("max_tokens")));
    }
    case ApiFormat::OpenAIResponses:
        return positiveInt(body.value(QLatin1String("max_output_tokens")));
    case ApiFormat::Anthropic:
        return positiveInt(body.value(QLatin1String("max_tokens")));
    case ApiFormat::Gemini: {
        QJsonObject config = body.value(QLatin1String("generationConfig")).toObject();
        if (config.isEmpty())
            config = body.value(QLatin1String("generation_config")).toObject();
        const qint64 camel = positiveInt(config.value(QLatin1String("maxOutputTokens")));
        return camel > 0 ? camel : positiveInt(config.value(QLatin1String("max_output_tokens")));
    }
    }
    return -1;
}

} // namespace TokenEstimate
