#include "transcripts.h"

// The transcripts are written by hand, byte for byte as the providers send them (key order
// included), because pass-through tests compare bytes.

QByteArray Transcript::joinedFrames() const
{
    QByteArray out;
    for (const QByteArray &f : frames)
        out += f;
    return out;
}

static QByteArray dataFrame(const QByteArray &json)
{
    return "data: " + json + "\n\n";
}

static QByteArray eventFrame(const QByteArray &event, const QByteArray &json)
{
    return "event: " + event + "\ndata: " + json + "\n\n";
}

static QByteArray withModel(QByteArray text, const QByteArray &model)
{
    return text.replace("$MODEL", model);
}

namespace Transcripts {

Transcript openAIChat(const QByteArray &model)
{
    const QByteArray prefix = withModel(
        R"({"id":"chatcmpl-T1","object":"chat.completion.chunk","created":1700000000,"model":"$MODEL",)", model);
    Transcript t;
    t.format = ApiFormat::OpenAIChat;
    t.frames = {
        dataFrame(prefix + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"),
        dataFrame(prefix + R"("choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]})"),
        dataFrame(prefix + R"("choices":[{"index":0,"delta":{"content":" world"},"finish_reason":null}]})"),
        dataFrame(prefix + R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"),
        dataFrame(prefix + R"("choices":[],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}})"),
        dataFrame("[DONE]"),
    };
    t.json = withModel(
        R"({"id":"chatcmpl-T1","object":"chat.completion","created":1700000000,"model":"$MODEL",)"
        R"("choices":[{"index":0,"message":{"role":"assistant","content":"Hello world"},"finish_reason":"stop"}],)"
        R"("usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}})",
        model);
    t.text = "Hello world";
    t.inputTokens = 11;
    t.outputTokens = 7;
    t.partialFrames = 3;
    return t;
}

static QByteArray responseObject(const QByteArray &status, const QByteArray &output, const QByteArray &usage)
{
    return R"({"id":"resp_T1","object":"response","created_at":1700000000,"status":")" + status
        + R"(","model":"$MODEL","output":)" + output + R"(,"usage":)" + usage + "}";
}

Transcript openAIResponses(const QByteArray &model)
{
    const QByteArray part = R"({"type":"output_text","text":"Hello world","annotations":[]})";
    const QByteArray item = R"({"id":"msg_T1","type":"message","status":"completed","role":"assistant","content":[)"
        + part + "]}";
    const QByteArray usage = R"({"input_tokens":13,"input_tokens_details":{"cached_tokens":0},)"
                             R"("output_tokens":5,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":18})";
    const QByteArray ids = R"("item_id":"msg_T1","output_index":0,"content_index":0,)";
    auto ev = [&](const QByteArray &type, int seq, const QByteArray &rest) {
        return eventFrame(type, withModel(R"({"type":")" + type + R"(","sequence_number":)"
                                              + QByteArray::number(seq) + "," + rest + "}",
                                          model));
    };
    Transcript t;
    t.format = ApiFormat::OpenAIResponses;
    t.frames = {
        ev("response.created", 0, R"("response":)" + responseObject("in_progress", "[]", "null")),
        ev("response.in_progress", 1, R"("response":)" + responseObject("in_progress", "[]", "null")),
        ev("response.output_item.added", 2,
           R"("output_index":0,"item":{"id":"msg_T1","type":"message","status":"in_progress","role":"assistant","content":[]})"),
        ev("response.content_part.added", 3, ids + R"("part":{"type":"output_text","text":"","annotations":[]})"),
        ev("response.output_text.delta", 4, ids + R"("delta":"Hello")"),
        ev("response.output_text.delta", 5, ids + R"("delta":" world")"),
        ev("response.output_text.done", 6, ids + R"("text":"Hello world")"),
        ev("response.content_part.done", 7, ids + R"("part":)" + part),
        ev("response.output_item.done", 8, R"("output_index":0,"item":)" + item),
        ev("response.completed", 9, R"("response":)" + responseObject("completed", "[" + item + "]", usage)),
    };
    t.json = withModel(responseObject("completed", "[" + item + "]", usage), model);
    t.text = "Hello world";
    t.inputTokens = 13;
    t.outputTokens = 5;
    t.partialFrames = 5;
    return t;
}

Transcript anthropic(const QByteArray &model)
{
    Transcript t;
    t.format = ApiFormat::Anthropic;
    t.frames = {
        eventFrame("message_start", withModel(
            R"({"type":"message_start","message":{"id":"msg_T1","type":"message","role":"assistant","model":"$MODEL",)"
            R"("content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":17,"output_tokens":1}}})",
            model)),
        eventFrame("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"),
        eventFrame("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})"),
        eventFrame("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}})"),
        eventFrame("content_block_stop", R"({"type":"content_block_stop","index":0})"),
        eventFrame("message_delta",
                   R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}})"),
        eventFrame("message_stop", R"({"type":"message_stop"})"),
    };
    t.json = withModel(
        R"({"id":"msg_T1","type":"message","role":"assistant","model":"$MODEL","content":[{"type":"text","text":"Hello world"}],)"
        R"("stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":17,"output_tokens":9}})",
        model);
    t.text = "Hello world";
    t.inputTokens = 17;
    t.outputTokens = 9;
    t.partialFrames = 3;
    return t;
}

static QByteArray geminiChunk(const QByteArray &text, const QByteArray &finish, const QByteArray &usage)
{
    return R"({"candidates":[{"content":{"parts":[{"text":")" + text + R"("}],"role":"model"})"
        + (finish.isEmpty() ? QByteArray() : QByteArray(R"(,"finishReason":")" + finish + "\""))
        + R"(,"index":0}],"usageMetadata":)" + usage + R"(,"modelVersion":"$MODEL","responseId":"gem-T1"})";
}

Transcript gemini(const QByteArray &model)
{
    const QByteArray early = R"({"promptTokenCount":19,"totalTokenCount":19})";
    const QByteArray last = R"({"promptTokenCount":19,"candidatesTokenCount":4,"totalTokenCount":23})";
    Transcript t;
    t.format = ApiFormat::Gemini;
    t.arrayObjects = {
        withModel(geminiChunk("Hello", "", early), model),
        withModel(geminiChunk(" world", "", early), model),
        withModel(geminiChunk("!", "STOP", last), model),
    };
    for (const QByteArray &o : std::as_const(t.arrayObjects))
        t.frames.append(dataFrame(o));
    t.json = withModel(geminiChunk("Hello world!", "STOP", last), model);
    t.text = "Hello world!";
    t.inputTokens = 19;
    t.outputTokens = 4;
    t.partialFrames = 2;
    return t;
}

Transcript forFormat(ApiFormat format, const QByteArray &model)
{
    switch (format) {
    case ApiFormat::OpenAIChat: return openAIChat(model);
    case ApiFormat::OpenAIResponses: return openAIResponses(model);
    case ApiFormat::Anthropic: return anthropic(model);
    case ApiFormat::Gemini: return gemini(model);
    }
    return {};
}

QByteArray errorEvent(ApiFormat format)
{
    switch (format) {
    case ApiFormat::OpenAIChat:
        return dataFrame(R"({"error":{"message":"upstream overloaded mid-stream","type":"server_error","param":null,"code":null}})");
    case ApiFormat::OpenAIResponses:
        return eventFrame("error",
                          R"({"type":"error","code":"server_error","message":"upstream overloaded mid-stream","param":null,"sequence_number":5})");
    case ApiFormat::Anthropic:
        return eventFrame("error",
                          R"({"type":"error","error":{"type":"overloaded_error","message":"upstream overloaded mid-stream"}})");
    case ApiFormat::Gemini:
        return dataFrame(R"({"error":{"code":503,"message":"upstream overloaded mid-stream","status":"UNAVAILABLE"}})");
    }
    return {};
}

QByteArray errorBody(ApiFormat format, int status, const QByteArray &message)
{
    switch (format) {
    case ApiFormat::OpenAIChat:
    case ApiFormat::OpenAIResponses:
        return R"({"error":{"message":")" + message + R"(","type":")"
            + (status >= 500 ? "server_error" : "invalid_request_error") + R"(","param":null,"code":null}})";
    case ApiFormat::Anthropic:
        return R"({"type":"error","error":{"type":")" + QByteArray(status >= 500 ? "api_error" : "invalid_request_error")
            + R"(","message":")" + message + R"("}})";
    case ApiFormat::Gemini:
        return R"({"error":{"code":)" + QByteArray::number(status) + R"(,"message":")" + message + R"(","status":")"
            + (status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT") + R"("}})";
    }
    return {};
}

QByteArray malformedFrame(ApiFormat format)
{
    switch (format) {
    case ApiFormat::OpenAIChat:
    case ApiFormat::Gemini:
        return dataFrame(R"({"choices":[{"delta":{"content":"trunc)");
    case ApiFormat::OpenAIResponses:
        return eventFrame("response.output_text.delta", R"({"type":"response.output_text.delta","delta":"trunc)");
    case ApiFormat::Anthropic:
        return eventFrame("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_d)");
    }
    return {};
}

QByteArray bigChatFrame(int size)
{
    return "data: {\"id\":\"chatcmpl-big\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
           "\"model\":\"gpt-upstream\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + QByteArray(size, 'x') + "\"},\"finish_reason\":null}]}\n\n";
}

} // namespace Transcripts
