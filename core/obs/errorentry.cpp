#include "errorentry.h"

#include "errorsignature.h"
#include "secretmask.h"

ErrorEntry ErrorEntry::make(ErrorKind kind, const QString &channelType, const QString &message, const QDateTime &at)
{
    ErrorEntry e;
    e.kind = kind;
    e.channelType = channelType;
    e.message = SecretMask::apply(message);
    e.signature = errorSignature(errorKindName(kind), channelType, message);
    e.at = at.toUTC();
    return e;
}
