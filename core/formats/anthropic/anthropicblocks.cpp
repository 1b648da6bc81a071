#include "anthropicblocks.h"

#include "model/signatureenvelope.h"

#include "formats/formatjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

using namespace FormatJson;

namespace AnthropicBlocks {

namespace {

const QLatin1String TypeKey("type");

// Blocks that record what Anthropic's servers did (web search, code execution, MCP): another
// upstream can neither read nor continue them, so a translated request leaves them out.
bool isServerToolBlock(const QString &type)
{
    return type == QLatin1String("server_tool_use") || type == QLatin1String("mcp_tool_use")
        || type == QLatin1String("container_upload")
        || (type.endsWith(QLatin1String("_tool_result")) && type != QLatin1String("tool_result"));
}

bool fail(QString *error, const QString &path, const QString &what)
{
    if (error)
        *error = path % QLatin1String(": ") % what;
    return false;
}

// A string field that must be a string when present.
bool readString(const QJsonObject &o, QLatin1String key, const QString &path, QString &out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString())
        return fail(error, path % QLatin1Char('.') % key, QStringLiteral("must be a string"));
    out = v.toString();
    return true;
}

// Text of a document whose source is a list of content blocks (only text blocks count).
QString joinedText(const QJsonArray &blocks)
{
    QStringList texts;
    for (const QJsonValue &b : blocks) {
        if (b.isString())
            texts << b.toString();
        else if (string(b.toObject(), TypeKey) == QLatin1String("text"))
            texts << string(b.toObject(), QLatin1String("text"));
    }
    return texts.join(QLatin1Char('\n'));
}

// image / document `source`: base64, url, plain text or (documents) a list of blocks.
bool readSource(const QJsonObject &block, const QString &path, ContentPart &part, QString *error)
{
    const QString sourcePath = path % QLatin1String(".source");
    const QJsonValue sourceValue = block.value(QLatin1String("source"));
    if (!sourceValue.isObject())
        return fail(error, sourcePath, QStringLiteral("must be an object"));
    const QJsonObject source = sourceValue.toObject();
    const QString type = string(source, TypeKey);
    part.mediaType = string(source, QLatin1String("media_type"));
    const bool document = part.kind == ContentPart::Kind::Document;
    if (type == QLatin1String("base64")) {
        part.base64Data = string(source, QLatin1String("data")).toLatin1();
    } else if (type == QLatin1String("url")) {
        part.url = string(source, QLatin1String("url"));
    } else if (document && type == QLatin1String("text")) {
        part.mediaType = QStringLiteral("text/plain");
        part.base64Data = string(source, QLatin1String("data")).toUtf8().toBase64();
    } else if (document && type == QLatin1String("content")) {
        part.mediaType = QStringLiteral("text/plain");
        const QJsonValue content = source.value(QLatin1String("content"));
        const QString text = content.isString() ? content.toString() : joinedText(content.toArray());
        part.base64Data = text.toUtf8().toBase64();
    } else {
        return fail(error, sourcePath % QLatin1String(".type"),
                    QStringLiteral("unsupported source type '%1'").arg(type));
    }
    if (part.base64Data.isEmpty() && part.url.isEmpty())
        return fail(error, sourcePath, QStringLiteral("has neither data nor url"));
    return true;
}

bool readToolUse(const QJsonObject &block, const QString &path, ContentPart &part, QString *error)
{
    part.kind = ContentPart::Kind::ToolCall;
    if (!readString(block, QLatin1String("id"), path, part.toolCallId, error)
        || !readString(block, QLatin1String("name"), path, part.toolName, error))
        return false;
    if (part.toolName.isEmpty())
        return fail(error, path % QLatin1String(".name"), QStringLiteral("required"));
    const QJsonValue input = block.value(QLatin1String("input"));
    if (!input.isUndefined() && !input.isNull() && !input.isObject())
        return fail(error, path % QLatin1String(".input"), QStringLiteral("must be an object"));
    part.arguments = QString::fromUtf8(compact(input.toObject()));
    return true;
}

bool readToolResult(const QJsonObject &block, const QString &path, ContentPart &part, QString *error)
{
    part.kind = ContentPart::Kind::ToolResult;
    if (!readString(block, QLatin1String("tool_use_id"), path, part.toolCallId, error))
        return false;
    part.isError = block.value(QLatin1String("is_error")).toBool(false);
    const QJsonValue content = block.value(QLatin1String("content"));
    if (content.isString() || content.isUndefined() || content.isNull()) {
        part.text = content.toString();
        return true;
    }
    if (!content.isArray())
        return fail(error, path % QLatin1String(".content"), QStringLiteral("must be a string or an array"));
    const QJsonArray items = content.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString itemPath = path % QLatin1String(".content[") % QString::number(i) % QLatin1Char(']');
        ContentPart inner;
        const Decoded d = decode(items.at(i), itemPath, inner, error);
        if (d == Decoded::Invalid)
            return false;
        if (d == Decoded::Skipped)
            continue;
        const bool allowed = inner.kind == ContentPart::Kind::Text || inner.kind == ContentPart::Kind::Image
            || inner.kind == ContentPart::Kind::Document;
        if (!allowed)
            return fail(error, itemPath % QLatin1String(".type"), QStringLiteral("not allowed in a tool result"));
        part.resultParts << inner;
    }
    // Text-only results read as plain text in every format (as the other decoders do).
    const bool textOnly = std::all_of(part.resultParts.cbegin(), part.resultParts.cend(),
                                      [](const ContentPart &p) { return p.kind == ContentPart::Kind::Text; });
    if (textOnly) {
        QStringList texts;
        for (const ContentPart &p : std::as_const(part.resultParts))
            texts << p.text;
        part.text = texts.join(QLatin1Char('\n'));
        part.resultParts.clear();
    }
    return true;
}

} // namespace

Decoded decode(const QJsonValue &value, const QString &path, ContentPart &part, QString *error)
{
    if (!value.isObject()) {
        fail(error, path, QStringLiteral("must be an object"));
        return Decoded::Invalid;
    }
    const QJsonObject block = value.toObject();
    const QString type = string(block, TypeKey);
    part = ContentPart();
    bool ok = true;
    if (type == QLatin1String("text")) {
        ok = readString(block, QLatin1String("text"), path, part.text, error);
    } else if (type == QLatin1String("image") || type == QLatin1String("document")) {
        part.kind = type == QLatin1String("image") ? ContentPart::Kind::Image : ContentPart::Kind::Document;
        part.fileName = string(block, QLatin1String("title"));
        ok = readSource(block, path, part, error);
    } else if (type == QLatin1String("thinking")) {
        part.kind = ContentPart::Kind::Thinking;
        ok = readString(block, QLatin1String("thinking"), path, part.text, error)
            && readString(block, QLatin1String("signature"), path, part.signature, error);
        // An OpenAI reasoning item the relay handed this client earlier (SignatureEnvelope).
        if (ok)
            SignatureEnvelope::unwrap(QString(part.signature), &part.reasoningId, &part.signature);
    } else if (type == QLatin1String("redacted_thinking")) {
        part.kind = ContentPart::Kind::RedactedThinking;
        ok = readString(block, QLatin1String("data"), path, part.signature, error);
    } else if (type == QLatin1String("search_result")) {
        // Search results given to the model (in tool results) read as their text for others.
        const QStringList head{string(block, QLatin1String("title")), string(block, QLatin1String("source"))};
        part.text = head.join(QLatin1Char('\n')) % QLatin1Char('\n')
            % joinedText(block.value(QLatin1String("content")).toArray());
    } else if (type == QLatin1String("tool_use")) {
        ok = readToolUse(block, path, part, error);
    } else if (type == QLatin1String("tool_result")) {
        ok = readToolResult(block, path, part, error);
    } else if (isServerToolBlock(type)) {
        return Decoded::Skipped;
    } else {
        fail(error, path % QLatin1String(".type"), QStringLiteral("unknown part type '%1'").arg(type));
        return Decoded::Invalid;
    }
    return ok ? Decoded::Part : Decoded::Invalid;
}

namespace {

struct InlineData
{
    QString mediaType;
    QByteArray base64;
};

// "data:image/png;base64,AAAA" (what OpenAI clients send as an image URL).
std::optional<InlineData> parseDataUrl(const QString &url)
{
    if (!url.startsWith(QLatin1String("data:"), Qt::CaseInsensitive))
        return std::nullopt;
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    const QString header = url.mid(5, comma - 5);
    if (comma < 0 || !header.endsWith(QLatin1String(";base64"), Qt::CaseInsensitive))
        return std::nullopt;
    return InlineData{header.chopped(7), url.mid(comma + 1).toLatin1()};
}

std::optional<QJsonObject> sourceOf(const ContentPart &part, const QString &defaultMediaType)
{
    InlineData data{part.mediaType, part.base64Data};
    if (data.base64.isEmpty()) {
        if (part.url.isEmpty())
            return std::nullopt;
        const std::optional<InlineData> inlined = parseDataUrl(part.url);
        if (!inlined)
            return QJsonObject{{TypeKey, QStringLiteral("url")}, {QStringLiteral("url"), part.url}};
        data = *inlined;
    }
    if (data.mediaType.isEmpty())
        data.mediaType = defaultMediaType;
    // Plain-text documents travel as text: base64 sources accept only PDF.
    if (data.mediaType.startsWith(QLatin1String("text/")) && part.kind == ContentPart::Kind::Document)
        return QJsonObject{{TypeKey, QStringLiteral("text")},
                           {QStringLiteral("media_type"), QStringLiteral("text/plain")},
                           {QStringLiteral("data"), QString::fromUtf8(QByteArray::fromBase64(data.base64))}};
    return QJsonObject{{TypeKey, QStringLiteral("base64")},
                       {QStringLiteral("media_type"), data.mediaType},
                       {QStringLiteral("data"), QString::fromLatin1(data.base64)}};
}

std::optional<QJsonObject> mediaBlock(const ContentPart &part)
{
    const bool image = part.kind == ContentPart::Kind::Image;
    const std::optional<QJsonObject> source
        = sourceOf(part, image ? QStringLiteral("image/png") : QStringLiteral("application/pdf"));
    if (!source)
        return std::nullopt;
    QJsonObject block{{TypeKey, image ? QStringLiteral("image") : QStringLiteral("document")},
                      {QStringLiteral("source"), *source}};
    if (!image && !part.fileName.isEmpty())
        block.insert(QLatin1String("title"), part.fileName);
    return block;
}

QJsonObject toolResultBlock(const ContentPart &part)
{
    QJsonObject block{{TypeKey, QStringLiteral("tool_result")}, {QStringLiteral("tool_use_id"), part.toolCallId}};
    QJsonArray content;
    if (!part.resultParts.isEmpty() && !part.text.isEmpty())
        content.append(QJsonObject{{TypeKey, QStringLiteral("text")}, {QStringLiteral("text"), part.text}});
    for (const ContentPart &inner : part.resultParts) {
        const bool allowed = inner.kind == ContentPart::Kind::Text || inner.kind == ContentPart::Kind::Image
            || inner.kind == ContentPart::Kind::Document;
        if (allowed)
            if (const std::optional<QJsonObject> b = encode(inner))
                content.append(*b);
    }
    if (content.isEmpty()) {
        if (!part.text.isEmpty()) // an empty result is written without content
            block.insert(QLatin1String("content"), part.text);
    } else
        block.insert(QLatin1String("content"), content);
    if (part.isError)
        block.insert(QLatin1String("is_error"), true);
    return block;
}

} // namespace

QJsonObject toolInput(const QString &arguments)
{
    const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8());
    return doc.isObject() ? doc.object() : QJsonObject();
}

std::optional<QJsonObject> encode(const ContentPart &part)
{
    switch (part.kind) {
    case ContentPart::Kind::Text:
        if (part.text.isEmpty()) // Anthropic rejects empty text blocks
            return std::nullopt;
        return QJsonObject{{TypeKey, QStringLiteral("text")}, {QStringLiteral("text"), part.text}};
    case ContentPart::Kind::Image:
    case ContentPart::Kind::Document:
        return mediaBlock(part);
    case ContentPart::Kind::Thinking:
        return QJsonObject{{TypeKey, QStringLiteral("thinking")},
                           {QStringLiteral("thinking"), part.text},
                           {QStringLiteral("signature"), part.reasoningId.isEmpty()
                                ? part.signature
                                : SignatureEnvelope::wrap(part.reasoningId, part.signature)}};
    case ContentPart::Kind::RedactedThinking:
        return QJsonObject{{TypeKey, QStringLiteral("redacted_thinking")}, {QStringLiteral("data"), part.signature}};
    case ContentPart::Kind::ToolCall:
        return QJsonObject{{TypeKey, QStringLiteral("tool_use")},
                           {QStringLiteral("id"), part.toolCallId},
                           {QStringLiteral("name"), part.toolName},
                           {QStringLiteral("input"), toolInput(part.arguments)}};
    case ContentPart::Kind::ToolResult:
        return toolResultBlock(part);
    }
    return std::nullopt;
}

} // namespace AnthropicBlocks
