#include "formatcodec.h"

#include "anthropic/anthropiccodec.h"
#include "gemini/geminicodec.h"
#include "openai_chat/openaichatcodec.h"
#include "openai_responses/openairesponsescodec.h"

// The one place a format's codec is registered.
const FormatCodec &formatCodec(ApiFormat format)
{
    static const OpenAIChatCodec chat;
    static const OpenAIResponsesCodec responses;
    static const AnthropicCodec anthropic;
    static const GeminiCodec gemini;
    switch (format) {
    case ApiFormat::OpenAIChat: return chat;
    case ApiFormat::OpenAIResponses: return responses;
    case ApiFormat::Anthropic: return anthropic;
    case ApiFormat::Gemini: return gemini;
    }
    return chat;
}
