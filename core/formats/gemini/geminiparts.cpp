#include "geminiparts.h"

#include "geminiwire.h"
#include "formats/formatjson.h"

#include <QJsonDocument>
#include <QPair>
#include <QStringList>
#include <QUrl>

using namespace FormatJson;
using GeminiWire::field;

namespace GeminiParts {

namespace {

const QLatin1String SkipSignatureSentinel("skip_thought_signature_validator");

// Gemini's documented dummy signatures: they only switch validation off.
bool isSentinel(const QString &signature)
{
    return signature == SkipSignatureSentinel || signature == QLatin1String("context_engineering_is_the_way_to_go");
}

QString keysOf(const QJsonObject &o)
{
    return o.keys().join(QLatin1Char(','));
}

QString mimeOf(const QJsonObject &blob)
{
    const QJsonValue v = field(blob, QLatin1String("mimeType"), QLatin1String("mime_type"));
    return v.isString() ? v.toString() : QString();
}

// Images become Image parts; PDFs, audio, video and text files travel as Document parts.
ContentPart::Kind mediaKind(const QString &mimeType, const QString &uri)
{
    if (mimeType.startsWith(QLatin1String("image/")))
        return ContentPart::Kind::Image;
    if (mimeType.isEmpty()) {
        static const QStringList imageSuffixes{QStringLiteral(".png"), QStringLiteral(".jpg"), QStringLiteral(".jpeg"),
                                               QStringLiteral(".webp"), QStringLiteral(".gif"), QStringLiteral(".heic")};
        for (const QString &suffix : imageSuffixes)
            if (uri.endsWith(suffix, Qt::CaseInsensitive))
                return ContentPart::Kind::Image;
    }
    return ContentPart::Kind::Document;
}

Decoded decodeInlineData(const QJsonObject &blob, const QString &path, ContentPart &part, QString *error)
{
    const QJsonValue data = blob.value(QLatin1String("data"));
    if (!data.isString()) {
        *error = path + QLatin1String(".inlineData.data: missing base64 data");
        return Decoded::Invalid;
    }
    part.mediaType = mimeOf(blob);
    part.kind = mediaKind(part.mediaType, QString());
    part.base64Data = data.toString().toLatin1();
    return Decoded::Parts;
}

Decoded decodeFileData(const QJsonObject &file, const QString &path, ContentPart &part, QString *error)
{
    part.url = field(file, QLatin1String("fileUri"), QLatin1String("file_uri")).toString();
    if (part.url.isEmpty()) {
        *error = path + QLatin1String(".fileData.fileUri: missing");
        return Decoded::Invalid;
    }
    part.mediaType = mimeOf(file);
    part.kind = mediaKind(part.mediaType, part.url);
    part.fileName = part.url.section(QLatin1Char('/'), -1);
    return Decoded::Parts;
}

Decoded decodeFunctionCall(const QJsonObject &call, const QString &path, ContentPart &part, QString *error)
{
    part.kind = ContentPart::Kind::ToolCall;
    part.toolName = string(call, QLatin1String("name"));
    if (part.toolName.isEmpty()) {
        *error = path + QLatin1String(".functionCall.name: missing");
        return Decoded::Invalid;
    }
    part.toolCallId = string(call, QLatin1String("id"));
    part.arguments = QString::fromUtf8(compact(call.value(QLatin1String("args")).toObject()));
    return Decoded::Parts;
}

Decoded decodeFunctionResponse(const QJsonObject &response, const QString &path, ContentPart &part, QString *error)
{
    part.kind = ContentPart::Kind::ToolResult;
    part.toolName = string(response, QLatin1String("name"));
    if (part.toolName.isEmpty()) {
        *error = path + QLatin1String(".functionResponse.name: missing");
        return Decoded::Invalid;
    }
    part.toolCallId = string(response, QLatin1String("id"));
    part.text = resultText(response.value(QLatin1String("response")), &part.isError);
    return Decoded::Parts;
}

// Code the model ran with the code-execution tool, and its output: kept as text, the only
// form every other format can carry.
QString codeText(const QJsonObject &part)
{
    const QJsonObject code = field(part, QLatin1String("executableCode"), QLatin1String("executable_code")).toObject();
    if (!code.isEmpty())
        return QLatin1String("```") + string(code, QLatin1String("language")).toLower() + QLatin1Char('\n')
            + string(code, QLatin1String("code")) + QLatin1String("\n```");
    const QJsonObject result =
        field(part, QLatin1String("codeExecutionResult"), QLatin1String("code_execution_result")).toObject();
    return string(result, QLatin1String("output"));
}

// The data of one part; `part` keeps Kind::Text with empty text when the part has none.
Decoded decodeData(const QJsonObject &o, const QString &path, ContentPart &part, QString *error)
{
    const QJsonValue text = o.value(QLatin1String("text"));
    if (text.isString()) {
        part.text = text.toString();
        if (o.value(QLatin1String("thought")).toBool())
            part.kind = ContentPart::Kind::Thinking;
        return Decoded::Parts;
    }
    QJsonValue v = field(o, QLatin1String("inlineData"), QLatin1String("inline_data"));
    if (v.isObject())
        return decodeInlineData(v.toObject(), path, part, error);
    v = field(o, QLatin1String("fileData"), QLatin1String("file_data"));
    if (v.isObject())
        return decodeFileData(v.toObject(), path, part, error);
    v = field(o, QLatin1String("functionCall"), QLatin1String("function_call"));
    if (v.isObject())
        return decodeFunctionCall(v.toObject(), path, part, error);
    v = field(o, QLatin1String("functionResponse"), QLatin1String("function_response"));
    if (v.isObject())
        return decodeFunctionResponse(v.toObject(), path, part, error);
    const QString code = codeText(o);
    if (!code.isEmpty()) {
        part.text = code;
        return Decoded::Parts;
    }
    return Decoded::Skipped;
}

QString guessMimeType(const ContentPart &part, const QString &uri)
{
    if (!part.mediaType.isEmpty())
        return part.mediaType;
    static const QList<QPair<QLatin1String, QLatin1String>> bySuffix{
        {QLatin1String(".png"), QLatin1String("image/png")},   {QLatin1String(".jpg"), QLatin1String("image/jpeg")},
        {QLatin1String(".jpeg"), QLatin1String("image/jpeg")}, {QLatin1String(".webp"), QLatin1String("image/webp")},
        {QLatin1String(".gif"), QLatin1String("image/gif")},   {QLatin1String(".heic"), QLatin1String("image/heic")},
        {QLatin1String(".pdf"), QLatin1String("application/pdf")}, {QLatin1String(".txt"), QLatin1String("text/plain")}};
    const QString path = QUrl(uri).path();
    for (const auto &entry : bySuffix)
        if (path.endsWith(entry.first, Qt::CaseInsensitive))
            return entry.second;
    return part.kind == ContentPart::Kind::Image ? QStringLiteral("image/jpeg") : QStringLiteral("application/pdf");
}

// `data:<mime>;base64,<data>` URLs are inline data for Gemini, not files.
bool splitDataUrl(const QString &url, QString *mimeType, QByteArray *data)
{
    if (!url.startsWith(QLatin1String("data:")))
        return false;
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    const QString header = url.mid(5, comma - 5);
    if (comma < 0 || !header.endsWith(QLatin1String(";base64")))
        return false;
    *mimeType = header.chopped(7);
    *data = url.mid(comma + 1).toLatin1();
    return true;
}

// inlineData / fileData for an Image or Document part; empty when it has neither data nor URL.
QJsonObject mediaPart(const ContentPart &part)
{
    QString mimeType = part.mediaType;
    QByteArray data = part.base64Data;
    if (data.isEmpty() && !splitDataUrl(part.url, &mimeType, &data) && !part.url.isEmpty())
        return QJsonObject{{QStringLiteral("fileData"),
                            QJsonObject{{QStringLiteral("mimeType"), guessMimeType(part, part.url)},
                                        {QStringLiteral("fileUri"), part.url}}}};
    if (data.isEmpty())
        return QJsonObject();
    if (mimeType.isEmpty())
        mimeType = guessMimeType(part, QString());
    return QJsonObject{{QStringLiteral("inlineData"),
                        QJsonObject{{QStringLiteral("mimeType"), mimeType},
                                    {QStringLiteral("data"), QString::fromLatin1(data)}}}};
}

// Writes the parts of one message, moving Thinking signatures onto the part they belong to.
class PartWriter
{
public:
    explicit PartWriter(const EncodeOptions &options) : m_options(options) {}

    void write(const ContentPart &part);
    QJsonArray finish();

private:
    void append(QJsonObject part, bool takesSignature);
    void flushSignature();
    void writeThinking(const ContentPart &part);
    void writeToolCall(const ContentPart &part);
    void writeToolResult(const ContentPart &part);

    const EncodeOptions &m_options;
    QJsonArray m_parts;
    QString m_pendingSignature;
    bool m_sawFunctionCall = false;
};

void PartWriter::append(QJsonObject part, bool takesSignature)
{
    if (takesSignature && !m_pendingSignature.isEmpty()) {
        part.insert(QStringLiteral("thoughtSignature"), m_pendingSignature);
        m_pendingSignature.clear();
    }
    m_parts.append(part);
}

// A signature no later part takes ends the message in an empty text part, as in Gemini's
// own answers (and as Gemini clients replay them).
void PartWriter::flushSignature()
{
    if (!m_pendingSignature.isEmpty())
        append(QJsonObject{{QStringLiteral("text"), QString()}}, true);
}

void PartWriter::writeThinking(const ContentPart &part)
{
    if (!part.signature.isEmpty())
        flushSignature(); // an earlier signature still waiting goes out first, alone
    if (!part.text.isEmpty())
        append(QJsonObject{{QStringLiteral("text"), part.text}, {QStringLiteral("thought"), true}}, false);
    if (!part.signature.isEmpty())
        m_pendingSignature = part.signature;
}

void PartWriter::writeToolCall(const ContentPart &part)
{
    QJsonObject call{{QStringLiteral("name"), part.toolName}, {QStringLiteral("args"), toolArgs(part.arguments)}};
    QJsonObject out{{QStringLiteral("functionCall"), call}};
    if (m_pendingSignature.isEmpty() && m_options.signFunctionCalls && !m_sawFunctionCall)
        out.insert(QStringLiteral("thoughtSignature"), SkipSignatureSentinel);
    m_sawFunctionCall = true;
    append(out, true);
}

void PartWriter::writeToolResult(const ContentPart &part)
{
    QString name = m_options.toolNames ? m_options.toolNames->value(part.toolCallId) : QString();
    if (name.isEmpty())
        name = part.toolName.isEmpty() ? part.toolCallId : part.toolName;
    QString text = part.text;
    QList<QJsonObject> media;
    for (const ContentPart &nested : part.resultParts) {
        if (nested.kind == ContentPart::Kind::Text)
            text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + nested.text;
        else if (const QJsonObject m = mediaPart(nested); !m.isEmpty())
            media.append(m);
    }
    append(QJsonObject{{QStringLiteral("functionResponse"),
                        QJsonObject{{QStringLiteral("name"), name},
                                    {QStringLiteral("response"), resultResponse(text, part.isError)}}}},
           true);
    for (const QJsonObject &m : std::as_const(media))
        append(m, false);
}

void PartWriter::write(const ContentPart &part)
{
    switch (part.kind) {
    case ContentPart::Kind::Text:
        if (!part.text.isEmpty())
            append(QJsonObject{{QStringLiteral("text"), part.text}}, true);
        break;
    case ContentPart::Kind::Image:
    case ContentPart::Kind::Document:
        if (const QJsonObject m = mediaPart(part); !m.isEmpty())
            append(m, true);
        break;
    case ContentPart::Kind::Thinking: writeThinking(part); break;
    case ContentPart::Kind::RedactedThinking: break; // Anthropic's own encrypted thinking
    case ContentPart::Kind::ToolCall: writeToolCall(part); break;
    case ContentPart::Kind::ToolResult: writeToolResult(part); break;
    }
}

QJsonArray PartWriter::finish()
{
    flushSignature();
    return m_parts;
}

} // namespace

Decoded decode(const QJsonValue &value, const QString &path, QList<ContentPart> &out, QString *error)
{
    if (!value.isObject()) {
        *error = path + QLatin1String(": a part must be an object");
        return Decoded::Invalid;
    }
    const QJsonObject o = value.toObject();
    QString signature = field(o, QLatin1String("thoughtSignature"), QLatin1String("thought_signature")).toString();
    if (isSentinel(signature))
        signature.clear();
    ContentPart part;
    const Decoded decoded = decodeData(o, path, part, error);
    if (decoded == Decoded::Invalid)
        return decoded;
    const bool textLike = part.kind == ContentPart::Kind::Text || part.kind == ContentPart::Kind::Thinking;
    if (decoded == Decoded::Parts && textLike && part.text.isEmpty() && signature.isEmpty())
        return Decoded::Skipped; // the empty closing part of a streamed answer
    if (decoded == Decoded::Skipped && signature.isEmpty()) {
        if (o.isEmpty() || o.contains(QLatin1String("thought")) || o.contains(QLatin1String("thoughtSignature"))
            || o.contains(QLatin1String("thought_signature")))
            return Decoded::Skipped;
        *error = path + QLatin1String(": unknown part type '") + keysOf(o) + QLatin1Char('\'');
        return Decoded::Invalid;
    }
    if (part.kind == ContentPart::Kind::Thinking || decoded == Decoded::Skipped) {
        part.kind = ContentPart::Kind::Thinking;
        part.signature = signature;
        out.append(part);
        return Decoded::Parts;
    }
    if (!signature.isEmpty()) {
        ContentPart thinking;
        thinking.kind = ContentPart::Kind::Thinking;
        thinking.signature = signature;
        out.append(thinking);
    }
    if (part.kind != ContentPart::Kind::Text || !part.text.isEmpty())
        out.append(part);
    return Decoded::Parts;
}

void mergeThoughts(QList<ContentPart> &parts)
{
    QList<ContentPart> merged;
    merged.reserve(parts.size());
    for (ContentPart &part : parts) {
        ContentPart *previous = merged.isEmpty() ? nullptr : &merged.last();
        const bool bothThoughts = previous && previous->kind == ContentPart::Kind::Thinking
            && part.kind == ContentPart::Kind::Thinking && previous->signature.isEmpty();
        if (bothThoughts) {
            previous->text += part.text;
            previous->signature = part.signature;
            continue;
        }
        merged.append(std::move(part));
    }
    parts = std::move(merged);
}

QString resultText(const QJsonValue &response, bool *isError)
{
    *isError = false;
    if (response.isString())
        return response.toString();
    const QJsonObject o = response.toObject();
    if (o.size() == 1) {
        const QString key = o.begin().key();
        const QJsonValue value = o.begin().value();
        if (key == QLatin1String("error")) {
            *isError = true;
            return value.isString() ? value.toString() : QString::fromUtf8(compact(o));
        }
        if (value.isString() && (key == QLatin1String("result") || key == QLatin1String("output")
                                 || key == QLatin1String("content")))
            return value.toString();
    }
    return QString::fromUtf8(compact(o));
}

QJsonObject resultResponse(const QString &text, bool isError)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('{'))) {
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8());
        if (doc.isObject())
            return isError && !doc.object().contains(QLatin1String("error"))
                ? QJsonObject{{QStringLiteral("error"), doc.object()}}
                : doc.object();
    }
    return QJsonObject{{isError ? QStringLiteral("error") : QStringLiteral("result"), text}};
}

QJsonArray encode(const QList<ContentPart> &parts, const EncodeOptions &options)
{
    PartWriter writer(options);
    for (const ContentPart &part : parts)
        writer.write(part);
    return writer.finish();
}

QJsonObject toolArgs(const QString &arguments)
{
    if (arguments.trimmed().isEmpty())
        return QJsonObject();
    return QJsonDocument::fromJson(arguments.toUtf8()).object();
}

} // namespace GeminiParts
