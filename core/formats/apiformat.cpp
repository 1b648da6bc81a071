#include "apiformat.h"

QString apiFormatName(ApiFormat f)
{
    switch (f) {
    case ApiFormat::OpenAIChat: return QStringLiteral("openai-chat");
    case ApiFormat::OpenAIResponses: return QStringLiteral("openai-responses");
    case ApiFormat::Anthropic: return QStringLiteral("anthropic");
    case ApiFormat::Gemini: return QStringLiteral("gemini");
    }
    return QString();
}

std::optional<ApiFormat> apiFormatFromName(QStringView name)
{
    for (auto f : {ApiFormat::OpenAIChat, ApiFormat::OpenAIResponses, ApiFormat::Anthropic, ApiFormat::Gemini})
        if (name == apiFormatName(f))
            return f;
    return std::nullopt;
}
