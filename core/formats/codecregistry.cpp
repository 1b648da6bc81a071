#include "formatcodec.h"

// Temporary while the four codecs are being written: replaced by the real registry.
namespace {
class PendingCodec : public FormatCodec
{
public:
    ApiFormat format() const override { return ApiFormat::OpenAIChat; }
    std::optional<Request> decodeRequest(const QJsonObject &, const QString &, bool, QString *error) const override
    {
        *error = QStringLiteral("translation not available");
        return std::nullopt;
    }
    QJsonObject encodeRequest(const Request &) const override { return {}; }
    Response decodeResponse(const QJsonObject &) const override { return {}; }
    QJsonObject encodeResponse(const Response &, const EncoderOptions &) const override { return {}; }
    std::unique_ptr<StreamDecoder> newStreamDecoder() const override { return nullptr; }
    std::unique_ptr<StreamEncoder> newStreamEncoder(const EncoderOptions &) const override { return nullptr; }
};
} // namespace

const FormatCodec &formatCodec(ApiFormat)
{
    static const PendingCodec pending;
    return pending;
}
