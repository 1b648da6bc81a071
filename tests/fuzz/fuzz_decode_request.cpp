// FormatCodec::decodeRequest of each format on any JSON object: a client body must be
// decoded or refused with a message, never crash. Byte 0 picks the format and the route.
#include "formats/formatcodec.h"

#include <QJsonDocument>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const ApiFormat format = ApiFormat(data[0] % 4);
    const bool streamRoute = (data[0] >> 2) & 1;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
    if (!doc.isObject())
        return 0;
    QString error;
    const auto request = formatCodec(format).decodeRequest(doc.object(), QStringLiteral("fuzz-model"), streamRoute, &error);
    if (request) {
        // A decoded request must also re-encode for every upstream format.
        for (int f = 0; f < 4; ++f)
            (void)formatCodec(ApiFormat(f)).encodeRequest(*request);
    }
    return 0;
}
