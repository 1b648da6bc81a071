// Each format's StreamDecoder on whatever SSE an upstream sends (byte 0 picks the format),
// and the canonical events it yields re-encoded for every client format: never crash.
#include "formats/formatcodec.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const ApiFormat format = ApiFormat(data[0] % 4);
    const ApiFormat client = ApiFormat((data[0] >> 2) % 4);
    SseParser parser(1 << 20);
    auto decoder = formatCodec(format).newStreamDecoder();
    EncoderOptions options;
    options.clientModel = QStringLiteral("fuzz-model");
    options.requestId = QStringLiteral("req-fuzz");
    auto encoder = formatCodec(client).newStreamEncoder(options);
    QList<SseEvent> events = parser.feed(QByteArrayView(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
    events += parser.finish();
    for (const SseEvent &e : events)
        for (const StreamEvent &se : decoder->decode(e))
            (void)encoder->encode(se);
    return 0;
}
