// Issue #8, the relay's own bugs: an exception thrown while a request is handled (injected
// through FaultPoint) ends that request as `internal`, with an error in the client's format,
// a stored row, a critical log line and the ledger in balance, and the relay goes on serving.

#include "budgetkey.h"
#include "faultcheck.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "relay/faultpoint.h"

#include <QRegularExpression>
#include <QTest>

#include <atomic>
#include <stdexcept>

using namespace BudgetKey;

namespace {

std::atomic<int> g_countdown{0};
QByteArray g_point; // written before the relay sees a request, read on the relay thread

// Throws at the g_countdown-th hit of g_point.
void throwingHook(const char *point)
{
    if (g_point == point && g_countdown.fetch_sub(1) == 1)
        throw std::runtime_error(std::string("injected fault at ") + point);
}

} // namespace

class TestInternalFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void exceptionEndsRequestAsInternal_data();
    void exceptionEndsRequestAsInternal();
    void exceptionOutsideASessionGets500AndRelayServes_data();
    void exceptionOutsideASessionGets500AndRelayServes();
};

void TestInternalFaults::cleanup()
{
    FaultPoint::setHook(nullptr);
}

void TestInternalFaults::exceptionEndsRequestAsInternal_data()
{
    QTest::addColumn<QByteArray>("point");
    QTest::addColumn<int>("nth");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("format");
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::Anthropic}) {
        const char *name = FormatCase::name(f);
        QTest::addRow("before the upstream call, stream %s", name) << QByteArray("session.launch") << 1 << true << int(f);
        QTest::addRow("before the upstream call, unary %s", name) << QByteArray("session.launch") << 1 << false << int(f);
        QTest::addRow("reading the unary answer %s", name) << QByteArray("session.unary_reply") << 1 << false << int(f);
        QTest::addRow("first stream event %s", name) << QByteArray("pump.event") << 1 << true << int(f);
        QTest::addRow("mid-stream event %s", name) << QByteArray("pump.event") << 3 << true << int(f);
    }
}

void TestInternalFaults::exceptionEndsRequestAsInternal()
{
    QFETCH(QByteArray, point);
    QFETCH(int, nth);
    QFETCH(bool, stream);
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0), {{QStringLiteral("keepalive_seconds"), 10}})),
             qPrintable(fx.error()));
    g_point = point;
    g_countdown = nth;
    FaultPoint::setHook(throwingHook);
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("ended by an internal error: injected fault")));

    RawHttpClient *raw = fx.client();
    raw->post(c.target(stream), c.clientBody(stream), c.clientAuth(kBudgetKey));
    QVERIFY(raw->waitForFinished(5000));
    const QString problem = FaultCheck::cleanClientError(c.format, *raw);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(raw->status(), nth > 1 ? 200 : 500); // mid-stream: an error event in the stream

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Internal));
    QCOMPARE(row.detail.value(QStringLiteral("error_kind")).toString(), QStringLiteral("internal"));
    QVERIFY2(row.streamStatus.errors.join(u'\n').contains(QLatin1String("injected fault")),
             qPrintable(row.streamStatus.errors.join(u'\n')));
    FaultPoint::setHook(nullptr);
    const QString ledger = FaultCheck::ledgerBalanced(fx);
    QVERIFY2(ledger.isEmpty(), qPrintable(ledger));
    if (nth == 1)
        QCOMPARE(ledgerRow(fx).spentNano, qint64(0)); // nothing delivered, nothing paid
    const QString serving = FaultCheck::stillServing(fx);
    QVERIFY2(serving.isEmpty(), qPrintable(serving));
}

void TestInternalFaults::exceptionOutsideASessionGets500AndRelayServes_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("openai-chat") << int(ApiFormat::OpenAIChat);
    QTest::newRow("anthropic") << int(ApiFormat::Anthropic);
}

// Routing itself (and the admin API, models list, token count behind it) is not a session:
// its boundary is the HTTP server's request handler, which still stores the request's row.
void TestInternalFaults::exceptionOutsideASessionGets500AndRelayServes()
{
    QFETCH(int, format);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0))), qPrintable(fx.error()));
    g_point = "server.route";
    g_countdown = 1;
    FaultPoint::setHook(throwingHook);
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("ended by an internal error: injected fault")));

    RawHttpClient *raw = fx.client();
    raw->post(c.target(true), c.clientBody(true), c.clientAuth(kBudgetKey));
    QVERIFY(raw->waitForFinished(5000));
    QCOMPARE(raw->status(), 500);
    const QString problem = FaultCheck::cleanClientError(c.format, *raw);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(raw->waitForDisconnected(5000));
    QCOMPARE(fx.upstream().requestCount(), 0);
    FaultPoint::setHook(nullptr);
    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Internal));
    QCOMPARE(row.httpStatus, 500);
    QVERIFY2(row.errorMessage.contains(QLatin1String("injected fault")), qPrintable(row.errorMessage));
    QCOMPARE(row.path, QString::fromLatin1(c.target(true)));
    const QString serving = FaultCheck::stillServing(fx);
    QVERIFY2(serving.isEmpty(), qPrintable(serving));
    QCOMPARE(ledgerRow(fx).reservedNano, qint64(0));
}

QTEST_GUILESS_MAIN(TestInternalFaults)
#include "tst_internalfaults.moc"
