#pragma once

#include "codectestkit.h"

// The codec one codec test (tests/unit/tst_codec_*.cpp) is about and its folder under
// tests/fixtures/translate/, named once per test file: `const CodecSubject<AnthropicCodec>
// kit("anthropic");`. Its reads and runs are CodecKit's, bound to both.
template <typename Codec>
class CodecSubject
{
public:
    explicit CodecSubject(const char *folder)
        : m_folder(QStringLiteral("translate/%1/").arg(QLatin1String(folder)))
    {
    }

    const Codec &codec() const { return m_codec; }
    QByteArray fixture(const QString &name) const { return CodecKit::fixture(m_folder + name); }
    QJsonObject json(const QString &name) const { return CodecKit::jsonFixture(m_folder + name); }
    // The request in fixture `name` as a client sent it (no model in the path, not a stream route).
    std::optional<Request> request(const QString &name, QString *error) const
    {
        return m_codec.decodeRequest(json(name), QString(), false, error);
    }
    StreamEvents decodeAll(const QList<SseEvent> &frames) const { return CodecKit::decodeAll(m_codec, frames); }
    QByteArray encodeAll(const StreamEvents &events, const EncoderOptions &options) const
    {
        return CodecKit::encodeAll(m_codec, events, options);
    }

private:
    const Codec m_codec{};
    QString m_folder;
};
