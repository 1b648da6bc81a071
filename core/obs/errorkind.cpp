#include "errorkind.h"

#include <array>

namespace {
struct KindName { ErrorKind kind; const char *name; };
constexpr std::array kKindNames{
    KindName{ErrorKind::ClientAbort, "client-abort"},
    KindName{ErrorKind::ClientWriteFailed, "client-write-failed"},
    KindName{ErrorKind::UpstreamError, "upstream-error"},
    KindName{ErrorKind::UpstreamPremature, "upstream-premature"},
    KindName{ErrorKind::UpstreamRetried, "upstream-retried"},
    KindName{ErrorKind::Timeout, "timeout"},
    KindName{ErrorKind::ScannerError, "scanner-error"},
    KindName{ErrorKind::Auth, "auth"},
    KindName{ErrorKind::Quota, "quota"},
    KindName{ErrorKind::Rejected, "rejected"},
    KindName{ErrorKind::Translation, "translation"},
    KindName{ErrorKind::Internal, "internal"},
};
} // namespace

QString errorKindName(ErrorKind kind)
{
    for (const auto &k : kKindNames)
        if (k.kind == kind)
            return QLatin1String(k.name);
    return QStringLiteral("internal");
}

std::optional<ErrorKind> errorKindFromName(QStringView name)
{
    for (const auto &k : kKindNames)
        if (name == QLatin1String(k.name))
            return k.kind;
    return std::nullopt;
}

bool isStreamCloseKind(ErrorKind kind)
{
    return kind == ErrorKind::ClientAbort || kind == ErrorKind::ClientWriteFailed
        || kind == ErrorKind::UpstreamError || kind == ErrorKind::UpstreamPremature;
}
