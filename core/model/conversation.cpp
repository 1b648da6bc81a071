#include "conversation.h"

QString stopReasonName(StopReason r)
{
    switch (r) {
    case StopReason::EndTurn: return QStringLiteral("end_turn");
    case StopReason::MaxTokens: return QStringLiteral("max_tokens");
    case StopReason::ToolUse: return QStringLiteral("tool_use");
    case StopReason::StopSequence: return QStringLiteral("stop_sequence");
    case StopReason::ContentFilter: return QStringLiteral("content_filter");
    case StopReason::Error: return QStringLiteral("error");
    case StopReason::Unknown: return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}
