// Budgets through a real relay on loopback: a storm of concurrent streams never overspends a
// key, settlements match the upstream's usage (cached input at its own price), refusals come
// in the client's format without an upstream call, and every exit path gives the reservation
// back.

#include "budgetkey.h"
#include "clientstream.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "relay/relayservice.h"
#include "store/quotaledger.h"
#include "store/store.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace BudgetKey;

namespace {

RawHttpClient *post(RelayFixture &fx, const FormatCase &c, bool stream, const QByteArray &body = {})
{
    RawHttpClient *client = fx.client();
    client->post(c.target(stream), body.isEmpty() ? c.clientBody(stream) : body, c.clientAuth(kBudgetKey));
    return client;
}

QByteArray fixture(const QString &relative)
{
    QFile f(QStringLiteral(RELAYDESK_FIXTURES_DIR "/") + relative);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString fixtureFolder(ApiFormat format)
{
    switch (format) {
    case ApiFormat::OpenAIChat: return QStringLiteral("openai_chat");
    case ApiFormat::OpenAIResponses: return QStringLiteral("openai_responses");
    case ApiFormat::Anthropic: return QStringLiteral("anthropic");
    case ApiFormat::Gemini: return QStringLiteral("gemini");
    }
    return {};
}

qint64 nano(double usd)
{
    return usdToNano(usd);
}

} // namespace

class TestQuota : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stormOfFiftyStreamsNeverOverspends();
    void settlementMatchesUpstreamUsage_data();
    void settlementMatchesUpstreamUsage();
    void exhaustedBudgetGets429InClientFormat_data();
    void exhaustedBudgetGets429InClientFormat();
    void failureBeforeUsageReleasesEverything();
    void clientGoneMidStreamIsChargedDrainedOrEstimated_data();
    void clientGoneMidStreamIsChargedDrainedOrEstimated();
    void reimportedConfigKeepsWhatWasSpent();
    void unlimitedKeyNeverTouchesTheLedger();
    void unpricedModelIsChargedAtTheDefaultPrice();
};

void TestQuota::stormOfFiftyStreamsNeverOverspends()
{
    constexpr int kClients = 50;
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    const Transcript t = c.transcript(); // usage: 7 output tokens
    RelayFixture fx;
    // 7 output tokens at 1000 USD/M = 0.007 a request, reserved and charged alike: 10 fit.
    QVERIFY2(fx.startWithConfig(budgetConfig(0.073, price(0, 1000),
                                             {{QStringLiteral("stream_idle_timeout_seconds"), 10},
                                              {QStringLiteral("first_byte_timeout_seconds"), 10}})),
             qPrintable(fx.error()));
    fx.upstream().setScript(Upstream::sseResponse(t.frames, 30)); // each stream stays in flight a while
    const QByteArray body = R"({"model":"gpt-test","max_tokens":7,"stream":true,"stream_options":{"include_usage":true},)"
                            R"("messages":[{"role":"user","content":"hi"}]})";

    QList<RawHttpClient *> clients;
    for (int i = 0; i < kClients; ++i)
        clients.append(post(fx, c, true, body));
    const qint64 budget = nano(0.073);
    bool overspent = false;
    const auto allFinished = [&] {
        const KeyBudget row = ledgerRow(fx);
        overspent = overspent || row.spentNano > budget || row.spentNano + row.reservedNano > budget;
        for (RawHttpClient *client : std::as_const(clients))
            if (!client->isFinished())
                return false;
        return true;
    };
    QVERIFY(spinUntil(allFinished, 15000));
    QVERIFY2(!overspent, "spent + reserved went over the budget during the storm");

    int served = 0, refused = 0;
    for (RawHttpClient *client : std::as_const(clients)) {
        if (client->status() == 200) {
            ++served;
            QCOMPARE(ClientStream::withoutPings(client->body()), c.clientTranscript().joinedFrames());
            continue;
        }
        ++refused;
        QCOMPARE(client->status(), 429);
        const QJsonObject error = QJsonDocument::fromJson(client->body()).object().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("insufficient_quota"));
    }
    QCOMPARE(served, 10);
    QCOMPARE(refused, kClients - 10);
    QCOMPARE(fx.upstream().requestCount(), 10);

    QVERIFY2(waitForNothingReserved(fx), "reservations left after the storm");
    const KeyBudget row = ledgerRow(fx);
    QCOMPARE(row.spentNano, nano(0.07));
    QVERIFY(row.spentNano <= budget);
    QVERIFY(fx.waitForRows(kClients));
}

void TestQuota::settlementMatchesUpstreamUsage_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<qint64>("input"); // including cached
    QTest::addColumn<qint64>("cached");
    QTest::addColumn<qint64>("output");
    // The cached_usage fixtures: real providers' streams with cache hits.
    QTest::newRow("openai-chat") << int(ApiFormat::OpenAIChat) << qint64(2306) << qint64(1920) << qint64(11);
    QTest::newRow("openai-responses") << int(ApiFormat::OpenAIResponses) << qint64(18432) << qint64(17920) << qint64(64);
    // Anthropic: input_tokens 12 + cache_read 2048 + cache_creation 300.
    QTest::newRow("anthropic") << int(ApiFormat::Anthropic) << qint64(2360) << qint64(2048) << qint64(41);
    // Gemini: candidates 15 + thoughts 94.
    QTest::newRow("gemini") << int(ApiFormat::Gemini) << qint64(40312) << qint64(32768) << qint64(109);
}

void TestQuota::settlementMatchesUpstreamUsage()
{
    QFETCH(int, format);
    QFETCH(qint64, input);
    QFETCH(qint64, cached);
    QFETCH(qint64, output);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(100.0, price(2.0, 8.0, 0.5))), qPrintable(fx.error()));
    const QByteArray stream = fixture(QStringLiteral("sse/") + fixtureFolder(c.format) + QStringLiteral("/cached_usage.sse"));
    QVERIFY(!stream.isEmpty());
    fx.upstream().setScript(UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}).send(stream));

    RawHttpClient *client = post(fx, c, true);
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);

    const qint64 expected = ((input - cached) * 2000 + cached * 500 + output * 8000); // nano-USD
    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.usage.inputTokens, input);
    QCOMPARE(row.usage.cachedInputTokens, cached);
    QCOMPARE(nano(row.costUsd), expected);
    QCOMPARE(nano(row.detail.value(QStringLiteral("quota")).toObject().value(QStringLiteral("charged_usd")).toDouble()),
             expected);
    QVERIFY(waitForNothingReserved(fx));
    QCOMPARE(ledgerRow(fx).spentNano, expected);
}

void TestQuota::exhaustedBudgetGets429InClientFormat_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("stream");
    for (ApiFormat f : FormatCase::all()) {
        QTest::addRow("%s stream", FormatCase::name(f)) << int(f) << true;
        QTest::addRow("%s unary", FormatCase::name(f)) << int(f) << false;
    }
}

void TestQuota::exhaustedBudgetGets429InClientFormat()
{
    QFETCH(int, format);
    QFETCH(bool, stream);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(0.000001, price(2.0, 8.0))), qPrintable(fx.error()));

    RawHttpClient *client = post(fx, c, stream);
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 429);
    QString message;
    const QString problem = ClientStream::checkErrorBody(c.format, client->body(), 429, &message);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(message.contains(QStringLiteral("budget")), qPrintable(message));
    const QJsonObject error = QJsonDocument::fromJson(client->body()).object().value(QStringLiteral("error")).toObject();
    switch (c.format) {
    case ApiFormat::OpenAIChat:
    case ApiFormat::OpenAIResponses:
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("insufficient_quota"));
        break;
    case ApiFormat::Anthropic:
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("rate_limit_error"));
        break;
    case ApiFormat::Gemini:
        QCOMPARE(error.value(QStringLiteral("status")).toString(), QStringLiteral("RESOURCE_EXHAUSTED"));
        break;
    }
    QCOMPARE(fx.upstream().requestCount(), 0);
    const RequestLogRow row = fx.lastRow();
    QCOMPARE(row.httpStatus, 429);
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Rejected));
    QCOMPARE(ledgerRow(fx).reservedNano, qint64(0));
}

void TestQuota::failureBeforeUsageReleasesEverything()
{
    const FormatCase c = FormatCase::of(ApiFormat::Anthropic);
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0))), qPrintable(fx.error()));
    fx.upstream().setScript(Upstream::jsonResponse(500, Transcripts::errorBody(c.format, 500, "down")));
    for (bool stream : {true, false}) {
        RawHttpClient *client = post(fx, c, stream);
        QVERIFY(client->waitForFinished(5000));
        QCOMPARE(client->status(), 500);
    }
    QVERIFY(fx.waitForRows(2));
    QVERIFY(waitForNothingReserved(fx));
    QCOMPARE(ledgerRow(fx).spentNano, qint64(0));
    QCOMPARE(fx.lastRow().costUsd, 0.0);
}

void TestQuota::clientGoneMidStreamIsChargedDrainedOrEstimated_data()
{
    QTest::addColumn<bool>("drain");
    QTest::newRow("drained: upstream usage") << true;
    QTest::newRow("cancelled: estimate") << false;
}

void TestQuota::clientGoneMidStreamIsChargedDrainedOrEstimated()
{
    QFETCH(bool, drain);
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    const Transcript t = c.transcript(); // usage: 11 in, 7 out
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0),
                                             {{QStringLiteral("drain_upstream_on_client_gone"), drain},
                                              {QStringLiteral("stream_idle_timeout_seconds"), 20}})),
             qPrintable(fx.error()));
    UpstreamScript script = UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}).sendFrames(t.head());
    if (drain)
        script.delay(300).sendFrames(t.tail());
    else
        script.stall();
    fx.upstream().setScript(script);

    RawHttpClient *client = post(fx, c, true);
    QVERIFY2(client->waitForBody(c.clientTranscript().head().last(), 5000), client->body().constData());
    client->disconnectNow();

    const RequestLogRow row = fx.lastRow(8000);
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::ClientGone));
    QVERIFY(waitForNothingReserved(fx));
    const qint64 spent = ledgerRow(fx).spentNano;
    const qint64 reserved = nano(row.detail.value(QStringLiteral("quota")).toObject().value(QStringLiteral("reserved_usd")).toDouble());
    if (drain) {
        QCOMPARE(spent, qint64(11 * 2000 + 7 * 8000));
        QVERIFY(!row.detail.contains(QStringLiteral("cost_estimated")));
    } else {
        QVERIFY(row.detail.value(QStringLiteral("cost_estimated")).toBool());
        QVERIFY2(spent > 0 && spent <= reserved, qPrintable(QStringLiteral("%1 of %2").arg(spent).arg(reserved)));
    }
    QCOMPARE(nano(row.costUsd), spent);
}

void TestQuota::reimportedConfigKeepsWhatWasSpent()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0))), qPrintable(fx.error()));
    QVERIFY(post(fx, c, true)->waitForFinished(5000));
    QVERIFY(waitForNothingReserved(fx));
    const qint64 spentOnce = ledgerRow(fx).spentNano;
    QCOMPARE(spentOnce, qint64(11 * 2000 + 7 * 8000));

    Config next = fx.config();
    for (ClientKey &k : next.keys)
        if (k.name == kBudgetKeyName)
            k.budgetUsd = 2.0;
    fx.relay()->setConfig(next);
    QVERIFY(post(fx, c, true)->waitForFinished(5000));
    QVERIFY(waitForNothingReserved(fx));
    const KeyBudget row = ledgerRow(fx);
    QCOMPARE(row.budgetNano, nano(2.0));
    QCOMPARE(row.spentNano, 2 * spentOnce);
}

void TestQuota::unlimitedKeyNeverTouchesTheLedger()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0))), qPrintable(fx.error()));
    for (int i = 0; i < 3; ++i) {
        RawHttpClient *client = fx.client();
        client->post(c.target(true), c.clientBody(true), c.clientAuth(RelayFixture::kClientKey));
        QVERIFY(client->waitForFinished(5000));
        QCOMPARE(client->status(), 200);
    }
    QVERIFY(fx.waitForRows(3));
    QVERIFY(fx.store()->quotaLedger()->keyBudgets().isEmpty());
    QCOMPARE(nano(fx.lastRow().costUsd), qint64(11 * 2000 + 7 * 8000)); // still priced in the log
}

void TestQuota::unpricedModelIsChargedAtTheDefaultPrice()
{
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, QJsonObject())), qPrintable(fx.error()));
    QVERIFY(post(fx, c, true)->waitForFinished(5000));
    const RequestLogRow row = fx.lastRow();
    QVERIFY(row.detail.value(QStringLiteral("price_defaulted")).toBool());
    const qint64 expected = 11 * 3000 + 7 * 15000; // default 3 / 15 USD per million
    QCOMPARE(nano(row.costUsd), expected);
    QVERIFY(waitForNothingReserved(fx));
    QCOMPARE(ledgerRow(fx).spentNano, expected);
}

QTEST_GUILESS_MAIN(TestQuota)
#include "tst_quota.moc"
