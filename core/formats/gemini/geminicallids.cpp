#include "geminicallids.h"

#include "geminiwire.h"

#include <QUuid>

GeminiCallIds::GeminiCallIds(const QString &responseId)
{
    setResponseId(responseId);
}

void GeminiCallIds::setResponseId(const QString &responseId)
{
    m_seed = responseId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : responseId;
}

void GeminiCallIds::assign(ContentPart &call)
{
    const int n = m_next++;
    if (call.toolCallId.isEmpty())
        call.toolCallId = GeminiWire::callId(m_seed + QLatin1Char('#') + QString::number(n));
}
