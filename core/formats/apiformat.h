#pragma once

#include <QString>
#include <optional>

// The four wire formats. A client route speaks one; a channel's `type` names one.
enum class ApiFormat { OpenAIChat, OpenAIResponses, Anthropic, Gemini };

// Channel-type names of SPEC.md: "openai-chat", "openai-responses", "anthropic", "gemini".
QString apiFormatName(ApiFormat f);
std::optional<ApiFormat> apiFormatFromName(QStringView name);
