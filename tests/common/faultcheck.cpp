#include "faultcheck.h"

#include "budgetkey.h"
#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "store/keybudget.h"

namespace FaultCheck {

QString cleanClientError(ApiFormat format, const RawHttpClient &client)
{
    const QByteArray body = client.body();
    if (client.status() >= 400)
        return ClientStream::checkErrorBody(format, body, client.status());
    if (client.status() != 200)
        return QStringLiteral("HTTP %1, neither an error nor a stream").arg(client.status());
    for (const QByteArray &frame : ClientStream::splitFrames(body))
        if (ClientStream::isErrorEvent(format, frame))
            return {};
    return QStringLiteral("a 200 without an in-stream error event: ") + QString::fromUtf8(body.right(600));
}

QString ledgerBalanced(RelayFixture &fx)
{
    if (!BudgetKey::waitForNothingReserved(fx))
        return QStringLiteral("%1 nano-USD still reserved").arg(BudgetKey::ledgerRow(fx).reservedNano);
    qint64 charged = 0;
    for (const RequestLogRow &row : fx.rows(200))
        if (row.keyName == BudgetKey::kBudgetKeyName)
            charged += usdToNano(row.costUsd);
    const qint64 spent = BudgetKey::ledgerRow(fx).spentNano;
    if (spent != charged)
        return QStringLiteral("the ledger spent %1 nano-USD, the rows cost %2").arg(spent).arg(charged);
    return {};
}

QString stillServing(RelayFixture &fx)
{
    fx.upstream().setHandler(transcriptAnswer);
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIResponses);
    RawHttpClient *client = fx.client();
    client->post(c.target(true), c.clientBody(true), c.clientAuth(RelayFixture::kClientKey));
    if (!client->waitForFinished(5000))
        return QStringLiteral("the next request got no complete answer");
    if (client->status() != 200 || !client->bodyComplete())
        return QStringLiteral("the next request got HTTP %1: %2").arg(client->status()).arg(QString::fromUtf8(client->body().left(300)));
    if (ClientStream::withoutPings(client->body()) != c.clientTranscript().joinedFrames())
        return QStringLiteral("the next request got another stream: ") + QString::fromUtf8(client->body().left(300));
    return {};
}

} // namespace FaultCheck
