#include "quotacharge.h"

#include "pricing.h"
#include "store/keybudget.h"

#include <cmath>

namespace {
// Bytes of SSE framing and JSON envelope around the content of one event (typical for the four
// formats' delta events).
constexpr qint64 kFramingBytesPerEvent = 120;
} // namespace

qint64 QuotaCharge::streamedOutputTokens(qint64 bytes, qint64 events)
{
    const qint64 content = qMax<qint64>(0, bytes - events * kFramingBytesPerEvent);
    return qMax<qint64>(1, (content + 3) / 4);
}

QuotaCharge QuotaCharge::compute(const Config &config, const QuotaPolicy &policy, const ChargeInput &in)
{
    QuotaCharge charge;
    const Price price = priceFor(config, in.clientModel, in.upstreamModel, policy, &charge.priceDefaulted);
    if (in.usage.known) {
        charge.nanoUsd = qint64(std::llround(costUsd(price, in.usage) * kNanoPerUsd));
        return charge;
    }
    if (!in.contentDelivered)
        return charge; // nothing came back: nothing to pay
    charge.estimated = true;
    Usage guess;
    guess.known = true;
    guess.inputTokens = in.estimate.inputTokens;
    guess.outputTokens = qMin(in.estimate.outputTokens, streamedOutputTokens(in.bytesDelivered, in.eventsDelivered));
    charge.nanoUsd = qint64(std::llround(costUsd(price, guess) * kNanoPerUsd));
    if (in.estimate.nanoUsd > 0)
        charge.nanoUsd = qMin(charge.nanoUsd, in.estimate.nanoUsd); // a guess never beyond the worst case
    return charge;
}
