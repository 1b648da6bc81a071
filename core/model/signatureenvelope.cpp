#include "signatureenvelope.h"

namespace {
const QLatin1String kPrefix("rdsig1:");
}

QString SignatureEnvelope::wrap(const QString &reasoningId, const QString &payload)
{
    return kPrefix + reasoningId + u':' + payload;
}

bool SignatureEnvelope::unwrap(const QString &opaque, QString *reasoningId, QString *payload)
{
    if (!opaque.startsWith(kPrefix))
        return false;
    const qsizetype sep = opaque.indexOf(u':', kPrefix.size());
    if (sep < 0)
        return false;
    *reasoningId = opaque.mid(kPrefix.size(), sep - kPrefix.size());
    *payload = opaque.mid(sep + 1);
    return true;
}
