#include "formatcase.h"

#include <QJsonDocument>
#include <QJsonObject>

FormatCase FormatCase::of(ApiFormat format)
{
    FormatCase c;
    c.format = format;
    switch (format) {
    case ApiFormat::OpenAIChat:
        c.channel = "ch-chat";
        c.clientModel = "gpt-test";
        break;
    case ApiFormat::OpenAIResponses:
        c.channel = "ch-resp";
        c.clientModel = "resp-test";
        break;
    case ApiFormat::Anthropic:
        c.channel = "ch-anth";
        c.clientModel = "claude-test";
        break;
    case ApiFormat::Gemini:
        c.channel = "ch-gem";
        c.clientModel = "gemini-test";
        break;
    }
    c.channelKey = "sk-up-" + c.channel.mid(3) + "-secret";
    c.upstreamModel = c.clientModel;
    c.upstreamModel.replace("-test", "-upstream");
    return c;
}

QList<ApiFormat> FormatCase::all()
{
    return {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic, ApiFormat::Gemini};
}

const char *FormatCase::name(ApiFormat format)
{
    switch (format) {
    case ApiFormat::OpenAIChat: return "openai-chat";
    case ApiFormat::OpenAIResponses: return "openai-responses";
    case ApiFormat::Anthropic: return "anthropic";
    case ApiFormat::Gemini: return "gemini";
    }
    return "?";
}

QByteArray FormatCase::target(bool stream) const
{
    switch (format) {
    case ApiFormat::OpenAIChat: return "/v1/chat/completions";
    case ApiFormat::OpenAIResponses: return "/v1/responses";
    case ApiFormat::Anthropic: return "/v1/messages";
    case ApiFormat::Gemini:
        return "/v1beta/models/" + clientModel + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }
    return {};
}

QByteArray FormatCase::upstreamPath(bool stream) const
{
    if (format == ApiFormat::Gemini)
        return "/v1beta/models/" + upstreamModel + (stream ? ":streamGenerateContent" : ":generateContent");
    return target(stream);
}

static QByteArray bodyTemplate(ApiFormat format, bool stream)
{
    const QByteArray flag = stream ? "true" : "false";
    switch (format) {
    case ApiFormat::OpenAIChat:
        return R"({"model":  "$M" ,"messages":[{"role":"user","content":"caf\u00e9 hi"}],  "temperature":0.70,)"
               R"("metadata":{"model":"gpt-test"},"stream":)" + flag
            + (stream ? R"(,"stream_options":{"include_usage":true})" : "") + R"(,"zeta":1,"alpha":{"b":2,"a":1}})";
    case ApiFormat::OpenAIResponses:
        return R"({"model": "$M","input":[{"role":"user","content":"hi"}] , "temperature":0.70,"stream":)" + flag
            + R"(,"store":false})";
    case ApiFormat::Anthropic:
        return R"({"model":"$M",  "max_tokens":64,"messages":[{"role":"user","content":"caf\u00e9 hi"}],"temperature":0.70,"stream":)"
            + flag + "}";
    case ApiFormat::Gemini:
        return R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}],  "generationConfig":{"temperature":0.70}})";
    }
    return {};
}

QByteArray FormatCase::clientBody(bool stream) const
{
    return bodyTemplate(format, stream).replace("$M", clientModel);
}

QByteArray FormatCase::clientBodyFor(const QByteArray &model, bool stream) const
{
    const QByteArray from = QByteArray("\"") + clientModel + "\"";
    const QByteArray to = QByteArray("\"") + model + "\"";
    return clientBody(stream).replace(from, to);
}

QByteArray FormatCase::upstreamBody(bool stream) const
{
    return bodyTemplate(format, stream).replace("$M", upstreamModel);
}

HeaderList FormatCase::clientAuth(const QByteArray &clientKey) const
{
    switch (format) {
    case ApiFormat::OpenAIChat:
    case ApiFormat::OpenAIResponses:
        return {{"Authorization", "Bearer " + clientKey}};
    case ApiFormat::Anthropic:
        return {{"x-api-key", clientKey}, {"anthropic-version", "2023-06-01"}};
    case ApiFormat::Gemini:
        return {{"x-goog-api-key", clientKey}};
    }
    return {};
}

Transcript FormatCase::transcript() const
{
    return Transcripts::forFormat(format, upstreamModel);
}

Transcript FormatCase::clientTranscript() const
{
    return Transcripts::forFormat(format, clientModel);
}

QString FormatCase::checkUpstreamAuth(const ReceivedRequest &request) const
{
    const auto why = [&](const char *header) {
        return QStringLiteral("upstream %1 is \"%2\"").arg(QLatin1String(header), QString::fromUtf8(request.header(header)));
    };
    switch (format) {
    case ApiFormat::OpenAIChat:
    case ApiFormat::OpenAIResponses:
        return request.header("authorization") == "Bearer " + channelKey ? QString() : why("Authorization");
    case ApiFormat::Anthropic:
        if (request.header("x-api-key") != channelKey)
            return why("x-api-key");
        return request.header("anthropic-version").isEmpty() ? why("anthropic-version") : QString();
    case ApiFormat::Gemini:
        return request.header("x-goog-api-key") == channelKey ? QString() : why("x-goog-api-key");
    }
    return {};
}

ApiFormat formatOfUpstreamPath(const QByteArray &path)
{
    if (path.startsWith("/v1beta/"))
        return ApiFormat::Gemini;
    if (path.endsWith("/messages"))
        return ApiFormat::Anthropic;
    if (path.endsWith("/responses"))
        return ApiFormat::OpenAIResponses;
    return ApiFormat::OpenAIChat;
}

bool upstreamRequestStreams(const ReceivedRequest &request)
{
    if (formatOfUpstreamPath(request.path()) == ApiFormat::Gemini)
        return request.path().contains(":streamGenerateContent");
    return QJsonDocument::fromJson(request.body).object().value(QLatin1String("stream")).toBool();
}

static QByteArray requestedModel(const ReceivedRequest &request)
{
    const QByteArray path = request.path();
    if (formatOfUpstreamPath(path) == ApiFormat::Gemini) {
        const qsizetype start = path.indexOf("/models/") + 8;
        return path.mid(start, path.indexOf(':', start) - start);
    }
    return QJsonDocument::fromJson(request.body).object().value(QLatin1String("model")).toString().toUtf8();
}

UpstreamScript transcriptAnswer(const ReceivedRequest &request)
{
    const ApiFormat format = formatOfUpstreamPath(request.path());
    const Transcript t = Transcripts::forFormat(format, requestedModel(request));
    if (!upstreamRequestStreams(request))
        return Upstream::jsonResponse(200, t.json);
    if (format == ApiFormat::Gemini && !request.query().contains("alt=sse"))
        return Upstream::jsonArrayResponse(t.arrayObjects);
    return Upstream::sseResponse(t.frames);
}
