// SseParser on arbitrary bytes, split into pieces at arbitrary points: the framer must never
// crash, and the raw bytes of the frames it returns are the input's bytes in order.
#include "wire/sseparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype step = 1 + data[0] % 64; // feed() piece size
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    SseParser parser(4096);
    QByteArray raw;
    for (qsizetype at = 0; at < input.size() && !parser.hasError(); at += step) {
        for (const SseEvent &e : parser.feed(input.sliced(at, std::min(step, input.size() - at))))
            raw += e.raw;
    }
    if (!parser.hasError())
        for (const SseEvent &e : parser.finish())
            raw += e.raw;
    // Every frame's raw bytes came from the input; finish() may end a partial last line and
    // add the blank line, in the frame's line-end style: at most "\r\n\r\n" more.
    if (raw.size() > input.size() + 4)
        std::abort();
    return 0;
}
