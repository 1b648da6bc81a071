#include "formatadapter.h"

bool FormatAdapter::streamIsSse(const QUrlQuery &clientQuery) const
{
    Q_UNUSED(clientQuery);
    return true;
}

QByteArray FormatAdapter::streamContentType(const QUrlQuery &clientQuery) const
{
    Q_UNUSED(clientQuery);
    return QByteArrayLiteral("text/event-stream");
}

QByteArray FormatAdapter::responseModelKey() const
{
    return QByteArrayLiteral("model");
}
