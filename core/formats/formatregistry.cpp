#include "formatadapter.h"

#include "anthropic/anthropicformat.h"
#include "gemini/geminiformat.h"
#include "openai_chat/openaichatformat.h"
#include "openai_responses/openairesponsesformat.h"

// Adapters are stateless, so one shared instance per format serves every thread.
const FormatAdapter &formatAdapter(ApiFormat format)
{
    static const OpenAIChatFormat openAIChat;
    static const OpenAIResponsesFormat openAIResponses;
    static const AnthropicFormat anthropic;
    static const GeminiFormat gemini;
    switch (format) {
    case ApiFormat::OpenAIChat: return openAIChat;
    case ApiFormat::OpenAIResponses: return openAIResponses;
    case ApiFormat::Anthropic: return anthropic;
    case ApiFormat::Gemini: return gemini;
    }
    return openAIChat;
}
