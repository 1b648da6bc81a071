#include "benchwire.h"

namespace {
QByteArray sse(QByteArrayView event, const QByteArray &data)
{
    QByteArray out;
    if (!event.isEmpty())
        out += "event: " + event.toByteArray() + '\n';
    out += "data: " + data + "\n\n";
    return out;
}
} // namespace

namespace BenchWire {

ApiFormat formatOfPath(QByteArrayView path)
{
    if (path.startsWith("/v1/messages"))
        return ApiFormat::Anthropic;
    if (path.startsWith("/v1/responses"))
        return ApiFormat::OpenAIResponses;
    if (path.startsWith("/v1beta/"))
        return ApiFormat::Gemini;
    return ApiFormat::OpenAIChat;
}

bool requestStreams(QByteArrayView path, QByteArrayView body)
{
    return path.contains(QByteArrayView("streamGenerateContent")) || body.contains(QByteArrayView("\"stream\":true"));
}

QList<QByteArray> openFrames(ApiFormat format)
{
    switch (format) {
    case ApiFormat::Anthropic:
        return {sse("message_start", R"({"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"bench-up","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}})"),
                sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})")};
    case ApiFormat::OpenAIResponses:
        return {sse("response.created", R"({"type":"response.created","sequence_number":0,"response":{"id":"resp_bench","object":"response","created_at":1755000000,"status":"in_progress","model":"bench-up","output":[],"usage":null}})"),
                sse("response.output_item.added", R"({"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_bench","type":"message","status":"in_progress","content":[],"role":"assistant"}})"),
                sse("response.content_part.added", R"({"type":"response.content_part.added","sequence_number":2,"item_id":"msg_bench","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}})")};
    case ApiFormat::OpenAIChat:
        return {sse({}, R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1753180000,"model":"bench-up","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})")};
    case ApiFormat::Gemini:
        return {};
    }
    return {};
}

QByteArray deltaFrame(ApiFormat format, int index, const QByteArray &text)
{
    switch (format) {
    case ApiFormat::Anthropic:
        return sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")" + text + "\"}}");
    case ApiFormat::OpenAIResponses:
        return sse("response.output_text.delta", R"({"type":"response.output_text.delta","sequence_number":)" + QByteArray::number(index + 3)
                   + R"(,"item_id":"msg_bench","output_index":0,"content_index":0,"delta":")" + text + "\"}");
    case ApiFormat::OpenAIChat:
        return sse({}, R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1753180000,"model":"bench-up","choices":[{"index":0,"delta":{"content":")" + text + R"("},"finish_reason":null}]})");
    case ApiFormat::Gemini:
        return sse({}, R"({"candidates":[{"content":{"parts":[{"text":")" + text + R"("}],"role":"model"},"index":0}],"modelVersion":"bench-up"})");
    }
    return {};
}

QList<QByteArray> closeFrames(ApiFormat format, int chunks)
{
    const QByteArray n = QByteArray::number(chunks);
    switch (format) {
    case ApiFormat::Anthropic:
        return {sse("content_block_stop", R"({"type":"content_block_stop","index":0})"),
                sse("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":)" + n + "}}"),
                sse("message_stop", R"({"type":"message_stop"})")};
    case ApiFormat::OpenAIResponses:
        return {sse("response.completed", R"({"type":"response.completed","sequence_number":)" + QByteArray::number(chunks + 3)
                    + R"(,"response":{"id":"resp_bench","object":"response","created_at":1755000000,"status":"completed","model":"bench-up","output":[],"usage":{"input_tokens":25,"output_tokens":)"
                    + n + R"(,"total_tokens":)" + QByteArray::number(chunks + 25) + "}}}")};
    case ApiFormat::OpenAIChat:
        return {sse({}, R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1753180000,"model":"bench-up","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"),
                sse({}, R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1753180000,"model":"bench-up","choices":[],"usage":{"prompt_tokens":25,"completion_tokens":)" + n + R"(,"total_tokens":)" + QByteArray::number(chunks + 25) + "}}"),
                sse({}, "[DONE]")};
    case ApiFormat::Gemini:
        return {sse({}, R"({"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":25,"candidatesTokenCount":)"
                    + n + R"(,"totalTokenCount":)" + QByteArray::number(chunks + 25) + R"(},"modelVersion":"bench-up"})")};
    }
    return {};
}

QByteArray jsonReply(ApiFormat format, const QByteArray &text)
{
    switch (format) {
    case ApiFormat::Anthropic:
        return R"({"id":"msg_bench","type":"message","role":"assistant","model":"bench-up","content":[{"type":"text","text":")" + text
               + R"("}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}})";
    case ApiFormat::OpenAIResponses:
        return R"({"id":"resp_bench","object":"response","created_at":1755000000,"status":"completed","model":"bench-up","output":[{"id":"msg_bench","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":")"
               + text + R"("}]}],"usage":{"input_tokens":25,"output_tokens":12,"total_tokens":37}})";
    case ApiFormat::OpenAIChat:
        return R"({"id":"chatcmpl-bench","object":"chat.completion","created":1753180000,"model":"bench-up","choices":[{"index":0,"message":{"role":"assistant","content":")" + text
               + R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":25,"completion_tokens":12,"total_tokens":37}})";
    case ApiFormat::Gemini:
        return R"({"candidates":[{"content":{"parts":[{"text":")" + text
               + R"("}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":25,"candidatesTokenCount":12,"totalTokenCount":37},"modelVersion":"bench-up"})";
    }
    return {};
}

QByteArray clientRequest(ApiFormat format, const QByteArray &model, bool stream, const QByteArray &key)
{
    QByteArray path, auth, body;
    const QByteArray streamField = stream ? ",\"stream\":true" : "";
    switch (format) {
    case ApiFormat::Anthropic:
        path = "/v1/messages";
        auth = "x-api-key: " + key + "\r\nanthropic-version: 2023-06-01\r\n";
        body = R"({"model":")" + model + R"(","max_tokens":256,"messages":[{"role":"user","content":"Say hello."}])" + streamField + "}";
        break;
    case ApiFormat::OpenAIResponses:
        path = "/v1/responses";
        auth = "Authorization: Bearer " + key + "\r\n";
        body = R"({"model":")" + model + R"(","input":"Say hello.")" + streamField + "}";
        break;
    case ApiFormat::OpenAIChat:
        path = "/v1/chat/completions";
        auth = "Authorization: Bearer " + key + "\r\n";
        body = R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Say hello."}])" + streamField
               + (stream ? R"(,"stream_options":{"include_usage":true}})" : "}");
        break;
    case ApiFormat::Gemini:
        path = "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        auth = "x-goog-api-key: " + key + "\r\n";
        body = R"({"contents":[{"role":"user","parts":[{"text":"Say hello."}]}]})";
        break;
    }
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + auth
           + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const char *name(ApiFormat format)
{
    switch (format) {
    case ApiFormat::OpenAIChat: return "openai-chat";
    case ApiFormat::OpenAIResponses: return "openai-responses";
    case ApiFormat::Anthropic: return "anthropic";
    case ApiFormat::Gemini: return "gemini";
    }
    return "?";
}

} // namespace BenchWire
