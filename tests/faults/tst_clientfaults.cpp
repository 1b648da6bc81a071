// Issue #8, client side: bad requests and clients that leave, through the real relay, for an
// OpenAI-chat and an Anthropic client. A bad request gets a clean error in the client's
// format, never reaches the upstream and leaves a `rejected` row saying why (also when it was
// refused before any route, by the raw-request guard); a client that leaves at any stage ends its row as
// client_gone (or done once the answer was complete) with the ledger in balance. After each,
// the relay still serves. Timeouts come from config (1 s), not from sleeps.

#include "budgetkey.h"
#include "clientstream.h"
#include "faultcheck.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace BudgetKey;

namespace {

enum class BadRequest {
    MalformedJson,
    HugeBody,      // Content-Length 100 MB over max_request_bytes: refused from the head
    SlowBody,      // a body trickling in: bounded by body_read_timeout_seconds as a whole
    SlowHead,      // a head trickling in: bounded by header_read_timeout_seconds as a whole
    HeadersTooLarge,
    WrongMethod,
    PathTraversal,
};

constexpr qint64 kHugeBody = 100 * 1024 * 1024;

QJsonObject shortLimits()
{
    return {{QStringLiteral("header_read_timeout_seconds"), 1},
            {QStringLiteral("body_read_timeout_seconds"), 1},
            {QStringLiteral("max_header_bytes"), 4096},
            {QStringLiteral("stream_idle_timeout_seconds"), 20},
            {QStringLiteral("keepalive_seconds"), 10}};
}

HeaderList withJson(HeaderList headers)
{
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return headers;
}

// Sends `rest` one byte every 250 ms (slowloris): the whole would take far longer than the
// relay's 1 s deadline, which each byte must not push back.
void trickle(RawHttpClient *raw, const QByteArray &rest)
{
    auto *timer = new QTimer(raw);
    auto sent = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, raw, [raw, rest, sent, timer] {
        if (*sent >= rest.size() || raw->isFinished())
            return timer->stop();
        raw->sendMore(rest.mid((*sent)++, 1));
    });
    timer->start(250);
}

// Sends the bad request; `target` is used by PathTraversal only.
void sendBadRequest(RawHttpClient *raw, BadRequest kind, const FormatCase &c, const QByteArray &target)
{
    const HeaderList auth = withJson(c.clientAuth(kBudgetKey));
    const QByteArray body = c.clientBody(true);
    switch (kind) {
    case BadRequest::MalformedJson:
        return raw->post(c.target(true), R"({"model": "x", "messages": [ {"role": "user", )", auth);
    case BadRequest::HugeBody: {
        HeaderList huge = auth;
        huge.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(kHugeBody)));
        return raw->send(RawHttpClient::buildRequest("POST", c.target(true), huge) + QByteArray(256 * 1024, ' '));
    }
    case BadRequest::SlowBody: {
        const QByteArray full = RawHttpClient::buildRequest("POST", c.target(true), auth, body);
        const qsizetype bodyAt = full.indexOf("\r\n\r\n") + 4;
        raw->send(full.left(bodyAt));
        return trickle(raw, full.mid(bodyAt));
    }
    case BadRequest::SlowHead: {
        const QByteArray full = RawHttpClient::buildRequest("POST", c.target(true), auth, body);
        const qsizetype firstLine = full.indexOf("\r\n") + 2;
        raw->send(full.left(firstLine));
        return trickle(raw, full.mid(firstLine));
    }
    case BadRequest::HeadersTooLarge: {
        HeaderList big = auth;
        big.append(qMakePair(QByteArray("X-Padding"), QByteArray(8 * 1024, 'p')));
        return raw->post(c.target(true), body, big);
    }
    case BadRequest::WrongMethod:
        return raw->get(c.target(true), auth);
    case BadRequest::PathTraversal:
        return raw->post(target, body, auth);
    }
}

} // namespace

class TestClientFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badRequestGetsCleanError_data();
    void badRequestGetsCleanError();
    void clientLeavingAtAnyStageSettles_data();
    void clientLeavingAtAnyStageSettles();
};

void TestClientFaults::badRequestGetsCleanError_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("why"); // what the row's error message says
    const QList<std::tuple<const char *, BadRequest, int, const char *>> kinds{
        {"malformed json", BadRequest::MalformedJson, 400, "not valid JSON"},
        {"100 MB body", BadRequest::HugeBody, 413, "over max_request_bytes"},
        {"slow body", BadRequest::SlowBody, 408, "request body not complete within body_read_timeout_seconds"},
        {"slow head", BadRequest::SlowHead, 408, "request head not complete within header_read_timeout_seconds"},
        {"headers over limit", BadRequest::HeadersTooLarge, 431, "request head over max_header_bytes"},
        {"wrong method", BadRequest::WrongMethod, 405, "method GET not allowed"},
    };
    const QList<QByteArray> traversals{
        "/v1/../admin/config",        "/v1/%2e%2e/admin/config", "/v1/%2E%2E/%2E%2E/admin/keys",
        "/v1/chat/completions/../../admin/config", "/v1/..%2fadmin/config", "//admin/config",
        "/v1/chat/completions%00",    "/v1/./chat/completions/.."};
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::Anthropic}) {
        for (const auto &[name, kind, status, why] : kinds)
            QTest::addRow("%s %s", name, FormatCase::name(f))
                << int(kind) << int(f) << QByteArray() << status << QString::fromLatin1(why);
        for (const QByteArray &t : traversals)
            QTest::addRow("traversal %s %s", t.constData(), FormatCase::name(f)) // routed as sent, never normalized
                << int(BadRequest::PathTraversal) << int(f) << t << 404 << QStringLiteral("no route for POST");
    }
}

void TestClientFaults::badRequestGetsCleanError()
{
    QFETCH(int, kind);
    QFETCH(int, format);
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QString, why);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0), shortLimits())), qPrintable(fx.error()));

    RawHttpClient *raw = fx.client();
    QElapsedTimer clock;
    clock.start();
    sendBadRequest(raw, BadRequest(kind), c, target);
    QVERIFY2(raw->waitForFinished(5000), raw->rawReceived().left(300).constData());
    if (BadRequest(kind) == BadRequest::SlowBody || BadRequest(kind) == BadRequest::SlowHead)
        QVERIFY2(clock.elapsed() < 3000, "a trickling client kept the connection past its deadline");
    QCOMPARE(raw->status(), status);
    const QString problem = ClientStream::checkErrorBody(c.format, raw->body(), raw->status());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    if (BadRequest(kind) == BadRequest::HugeBody) // answered from the head, the body never read
        QVERIFY2(raw->rawReceived().size() < 4096, raw->rawReceived().left(300).constData());
    QCOMPARE(fx.upstream().requestCount(), 0);
    if (status == 404 && c.format == ApiFormat::OpenAIChat) // a wrong path, not a model problem
        QCOMPARE(QJsonDocument::fromJson(raw->body()).object().value("error").toObject().value("code").toString(),
                 QStringLiteral("not_found"));

    // Refused in a session or before any route (by the raw-request guard): one row either way.
    QVERIFY(fx.waitForRows(1));
    const QList<RequestLogRow> rows = fx.rows();
    QCOMPARE(rows.size(), 1);
    const RequestLogRow &row = rows.first();
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::Rejected));
    QCOMPARE(row.httpStatus, status);
    QVERIFY2(row.errorMessage.contains(why), qPrintable(row.errorMessage));
    QVERIFY(!row.node.isEmpty());
    if (BadRequest(kind) == BadRequest::PathTraversal) {
        QVERIFY2(row.path.startsWith(u'/'), qPrintable(row.path));
    } else {
        QCOMPARE(row.path, QString::fromLatin1(c.target(true)));
        QCOMPARE(row.clientFormat, apiFormatName(c.format));
    }
    QVERIFY2(!QJsonDocument(row.toJson()).toJson().contains(kBudgetKey), "the presented key was recorded");
    const QString ledger = FaultCheck::ledgerBalanced(fx);
    QVERIFY2(ledger.isEmpty(), qPrintable(ledger));
    QCOMPARE(ledgerRow(fx).spentNano, qint64(0));
    const QString serving = FaultCheck::stillServing(fx);
    QVERIFY2(serving.isEmpty(), qPrintable(serving));
}

enum class LeaveAt { BeforeUpstreamAnswers, MidStream, FinalFlush };

void TestClientFaults::clientLeavingAtAnyStageSettles_data()
{
    QTest::addColumn<int>("stage");
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("stream");
    for (ApiFormat f : {ApiFormat::OpenAIChat, ApiFormat::Anthropic}) {
        QTest::addRow("before upstream answers %s stream", FormatCase::name(f)) << int(LeaveAt::BeforeUpstreamAnswers) << int(f) << true;
        QTest::addRow("before upstream answers %s unary", FormatCase::name(f)) << int(LeaveAt::BeforeUpstreamAnswers) << int(f) << false;
        QTest::addRow("mid-stream %s", FormatCase::name(f)) << int(LeaveAt::MidStream) << int(f) << true;
        QTest::addRow("during final flush %s", FormatCase::name(f)) << int(LeaveAt::FinalFlush) << int(f) << true;
    }
}

void TestClientFaults::clientLeavingAtAnyStageSettles()
{
    QFETCH(int, stage);
    QFETCH(int, format);
    QFETCH(bool, stream);
    const FormatCase c = FormatCase::of(ApiFormat(format));
    const Transcript t = c.transcript();
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0), shortLimits())), qPrintable(fx.error()));
    const auto streamHead = [] { return UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}); };
    // Final flush: a big answer the client does not read, complete on the upstream's side
    // before the client leaves with most of it still in the relay's buffers.
    QList<QByteArray> bulk;
    for (int i = 0; i < 8; ++i)
        bulk.append(QByteArray(t.frames[1]).replace("Hello", QByteArray(256 * 1024, 'a')));
    switch (LeaveAt(stage)) {
    case LeaveAt::BeforeUpstreamAnswers: fx.upstream().setScript(UpstreamScript().stall()); break;
    case LeaveAt::MidStream: fx.upstream().setScript(streamHead().sendFrames(t.head()).stall()); break;
    case LeaveAt::FinalFlush: fx.upstream().setScript(streamHead().sendFrames(t.head() + bulk + t.tail())); break;
    }

    RawHttpClient *raw = fx.client();
    raw->post(c.target(stream), c.clientBody(stream), c.clientAuth(kBudgetKey));
    switch (LeaveAt(stage)) {
    case LeaveAt::BeforeUpstreamAnswers: QTRY_COMPARE_WITH_TIMEOUT(fx.upstream().requestCount(), 1, 5000); break;
    case LeaveAt::MidStream: QVERIFY(raw->waitForBody(c.clientTranscript().head().last(), 5000)); break;
    case LeaveAt::FinalFlush:
        // Content must have reached the client before it stops reading: the upstream can
        // finish sending into the kernel's buffers before the relay has read a byte, and a
        // client leaving then is the "before the upstream answers" case (nothing to pay).
        QVERIFY(raw->waitForBody(c.clientTranscript().head().last(), 5000));
        raw->setReading(false);
        QTRY_COMPARE_WITH_TIMEOUT(fx.upstream().completedExchanges(), 1, 5000);
        break;
    }
    raw->disconnectNow();

    const RequestLogRow row = fx.lastRow();
    if (LeaveAt(stage) == LeaveAt::FinalFlush) {
        // The relay stopped reading the upstream while the client had too much unread, so the
        // end may still have been in its buffers: content was delivered, so the key pays (the
        // upstream's usage if it was read, else the estimate), never nothing.
        const EndReason r = row.streamStatus.endReason;
        QVERIFY2(r == EndReason::ClientGone || r == EndReason::Done, qPrintable(endReasonName(r)));
        QVERIFY(row.costUsd > 0);
    } else {
        QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(EndReason::ClientGone));
        QTRY_COMPARE_WITH_TIMEOUT(fx.upstream().abortedExchanges(), 1, 5000); // not drained: cancelled
    }
    const QString ledger = FaultCheck::ledgerBalanced(fx);
    QVERIFY2(ledger.isEmpty(), qPrintable(ledger));
    if (LeaveAt(stage) == LeaveAt::BeforeUpstreamAnswers)
        QCOMPARE(ledgerRow(fx).spentNano, qint64(0));
    const QString serving = FaultCheck::stillServing(fx);
    QVERIFY2(serving.isEmpty(), qPrintable(serving));
}

QTEST_GUILESS_MAIN(TestClientFaults)
#include "tst_clientfaults.moc"
