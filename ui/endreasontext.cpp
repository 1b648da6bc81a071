#include "endreasontext.h"

#include <QCoreApplication>

QString endReasonText(EndReason reason)
{
    const char *text = nullptr;
    switch (reason) {
    case EndReason::Done: text = QT_TRANSLATE_NOOP("EndReason", "Completed"); break;
    case EndReason::Eof: text = QT_TRANSLATE_NOOP("EndReason", "Premature close"); break;
    case EndReason::Timeout: text = QT_TRANSLATE_NOOP("EndReason", "Timeout"); break;
    case EndReason::ClientGone: text = QT_TRANSLATE_NOOP("EndReason", "Client gone"); break;
    case EndReason::ScannerError: text = QT_TRANSLATE_NOOP("EndReason", "Unreadable stream"); break;
    case EndReason::PingFail: text = QT_TRANSLATE_NOOP("EndReason", "Keep-alive failed"); break;
    case EndReason::UpstreamError: text = QT_TRANSLATE_NOOP("EndReason", "Upstream error"); break;
    case EndReason::Internal: text = QT_TRANSLATE_NOOP("EndReason", "Internal error"); break;
    case EndReason::Rejected: text = QT_TRANSLATE_NOOP("EndReason", "Rejected"); break;
    }
    return text ? QCoreApplication::translate("EndReason", text) : endReasonName(reason);
}
