// Request smuggling and header abuse over raw sockets, against a real relay in front of the
// scripted upstream. Qt 6.4's parser accepts nearly anything (QT64.md); the guard in front of
// it must refuse every ambiguous request before it is routed, so none of them may ever reach
// the upstream, and well-formed requests (chunked, pipelined, Expect: 100-continue) must
// still work. Also the limits in time: slow heads and bodies, idle connections, the cap.

#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

namespace {

const FormatCase kChat = FormatCase::of(ApiFormat::OpenAIChat);

QByteArray chatBody()
{
    return kChat.clientBody(false);
}

// A chat request with the standard head lines, then `fields` (each ending in CRLF), the
// empty line and `body` as given: the framing is the row's business.
QByteArray request(const QByteArray &fields, const QByteArray &body = chatBody(),
                   const QByteArray &requestLine = "POST /v1/chat/completions HTTP/1.1")
{
    return requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + RelayFixture::kClientKey
        + "\r\nContent-Type: application/json\r\n" + fields + "\r\n" + body;
}

QByteArray withLength(const QByteArray &fields = {}, const QByteArray &body = chatBody())
{
    return request(fields + "Content-Length: " + QByteArray::number(body.size()) + "\r\n", body);
}

QByteArray chunked(const QList<QByteArray> &pieces, const QByteArray &after = "0\r\n\r\n")
{
    QByteArray out;
    for (const QByteArray &p : pieces)
        out += QByteArray::number(p.size(), 16) + "\r\n" + p + "\r\n";
    return out + after;
}

QByteArray manyFields(int n)
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray::number(i) + "\r\n";
    return out;
}

// Sends one valid request with a marker header on a fresh connection and waits until the
// upstream has it: whatever a refused request might have smuggled would have arrived first.
bool sentinelArrives(RelayFixture &fx)
{
    RawHttpClient *c = fx.client();
    c->send(withLength("X-Sentinel: 1\r\n"));
    return c->waitForFinished(5000) && c->status() == 200 && fx.upstream().requestCount() > 0
        && fx.upstream().lastRequest().hasHeader("x-sentinel");
}

} // namespace

class TestSmuggling : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void malformedRequestIsRefusedAndNeverForwarded_data();
    void malformedRequestIsRefusedAndNeverForwarded();
    void oversizedBodyIsRefusedBeforeItIsSent();
    void chunkedBodyArrivesWhole();
    void hundredHeaderFieldsStillArrive();
    void expectContinueIsAnsweredOnce();
    void pipelinedRequestsAreAnsweredInOrder();
    void malformedRequestBehindAValidOneIsNeverForwarded();
    void slowHeadIsCutOffAndOthersAreServed();
    void slowBodyIsCutOff();
    void idleKeepAliveConnectionIsClosed();
    void connectionsBeyondTheCapGet503();
    void connectionCloseIsHonoured();
};

void TestSmuggling::malformedRequestIsRefusedAndNeverForwarded_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    const QByteArray body = chatBody();
    const QByteArray len = "Content-Length: " + QByteArray::number(body.size()) + "\r\n";

    // Framing: two parsers must never disagree about where a body ends.
    QTest::newRow("content-length and transfer-encoding")
        << request(len + "Transfer-Encoding: chunked\r\n", chunked({body})) << 400;
    QTest::newRow("transfer-encoding then content-length")
        << request("Transfer-Encoding: chunked\r\n" + len, chunked({body})) << 400;
    QTest::newRow("duplicate content-length, same value") << request(len + len, body) << 400;
    QTest::newRow("duplicate content-length, other value")
        << request(len + "Content-Length: 3\r\n", body) << 400;
    QTest::newRow("content-length list")
        << request("Content-Length: " + QByteArray::number(body.size()) + ", " + QByteArray::number(body.size()) + "\r\n", body) << 400;
    QTest::newRow("content-length with sign") << request("Content-Length: +" + QByteArray::number(body.size()) + "\r\n", body) << 400;
    QTest::newRow("content-length negative") << request("Content-Length: -1\r\n", body) << 400;
    QTest::newRow("content-length hex") << request("Content-Length: 0x10\r\n", body) << 400;
    QTest::newRow("content-length with inner space") << request("Content-Length: 1 0\r\n", body) << 400;
    QTest::newRow("transfer-encoding gzip, chunked")
        << request("Transfer-Encoding: gzip, chunked\r\n", chunked({body})) << 400;
    QTest::newRow("transfer-encoding identity") << request("Transfer-Encoding: identity\r\n" + len, body) << 400;
    QTest::newRow("transfer-encoding xchunked") << request("Transfer-Encoding: xchunked\r\n", chunked({body})) << 400;
    QTest::newRow("transfer-encoding twice")
        << request("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", chunked({body})) << 400;
    QTest::newRow("space before colon")
        << request("Transfer-Encoding : chunked\r\n", chunked({body})) << 400;
    QTest::newRow("transfer-encoding in HTTP/1.0")
        << request("Transfer-Encoding: chunked\r\n", chunked({body}), "POST /v1/chat/completions HTTP/1.0") << 400;

    // Line structure and characters.
    QTest::newRow("obs-fold") << request(len + "X-Folded: a\r\n b\r\n", body) << 400;
    QTest::newRow("bare LF ends a field") << request(len + "X-Lf: a\n", body) << 400;
    QTest::newRow("bare LF ends the head") << request(len + "X-Lf: a\r\n\n" + body, {}) << 400;
    QTest::newRow("bare CR in a value") << request(len + "X-Cr: a\rb\r\n", body) << 400;
    QTest::newRow("NUL in a value") << request(len + QByteArray("X-Nul: a\0b\r\n", 12), body) << 400;
    QTest::newRow("control character in a value") << request(len + "X-Ctl: a\x01" "b\r\n", body) << 400;
    QTest::newRow("DEL in a value") << request(len + "X-Del: a\x7f" "b\r\n", body) << 400;
    QTest::newRow("space in a field name") << request(len + "X Foo: a\r\n", body) << 400;
    QTest::newRow("non-ASCII field name") << request(len + "X-F\xc3\xb6: a\r\n", body) << 400;
    QTest::newRow("empty field name") << request(len + ": a\r\n", body) << 400;
    QTest::newRow("missing Host") << QByteArray("GET /v1/models HTTP/1.1\r\nAuthorization: Bearer x\r\n\r\n") << 400;
    QTest::newRow("two Hosts") << request(len + "Host: evil.example\r\n", body) << 400;
    QTest::newRow("absolute-form target")
        << request(len, body, "POST http://evil.example/v1/chat/completions HTTP/1.1") << 400;
    QTest::newRow("double space in the request line")
        << request(len, body, "POST  /v1/chat/completions HTTP/1.1") << 400;
    QTest::newRow("HTTP/1.2") << request(len, body, "POST /v1/chat/completions HTTP/1.2") << 505;
    QTest::newRow("unknown method") << request(len, body, "BREW /v1/chat/completions HTTP/1.1") << 501;
    QTest::newRow("Expect other than 100-continue") << request(len + "Expect: 200-ok\r\n", body) << 417;

    // Limits: Qt 6.4 would route these with zero headers, or buffer them whole.
    QTest::newRow("101 header fields") << request(len + manyFields(97), body) << 431;
    QTest::newRow("header block over max_header_bytes")
        << request(len + "X-Big: " + QByteArray(40 * 1024, 'a') + "\r\n", body) << 431;
    QTest::newRow("content-length over max_request_bytes") << request("Content-Length: 1048577\r\n", body) << 413;
    QTest::newRow("content-length of 30 digits")
        << request("Content-Length: 100000000000000000000000000000\r\n", body) << 413;

    // Chunked bodies: only the strict form (Qt 6.4 reads a trailer as the next request).
    QTest::newRow("chunked with a trailer field")
        << request("Transfer-Encoding: chunked\r\n", chunked({body}, "0\r\nX-Trailer: 1\r\n\r\n")) << 400;
    QTest::newRow("chunk size not hex") << request("Transfer-Encoding: chunked\r\n", "zz\r\n" + body + "\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk size with a space")
        << request("Transfer-Encoding: chunked\r\n", QByteArray::number(body.size(), 16) + " \r\n" + body + "\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk data without CRLF")
        << request("Transfer-Encoding: chunked\r\n", QByteArray::number(body.size(), 16) + "\r\n" + body + "XX0\r\n\r\n") << 400;
    QTest::newRow("chunked body over max_request_bytes")
        << request("Transfer-Encoding: chunked\r\n", "ffffffff\r\n" + body) << 413;
}

void TestSmuggling::malformedRequestIsRefusedAndNeverForwarded()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("max_request_bytes"), 1024 * 1024}}), qPrintable(fx.error()));

    RawHttpClient *client = fx.client();
    QElapsedTimer clock;
    clock.start();
    client->send(raw);
    QVERIFY2(client->waitForFinished(5000), "no answer");
    QCOMPARE(client->status(), status);
    QCOMPARE(client->header("connection").toLower(), QByteArray("close"));
    const QJsonObject error = QJsonDocument::fromJson(client->body()).object().value(QLatin1String("error")).toObject();
    QVERIFY2(!error.value(QLatin1String("message")).toString().isEmpty(), client->body().constData());
    QVERIFY2(client->waitForDisconnected(5000), "the connection stays open after a refusal");
    QVERIFY2(clock.elapsed() < 4000, "the refusal took too long");

    QVERIFY(sentinelArrives(fx));
    QCOMPARE(fx.upstream().requestCount(), 1); // the sentinel only

    // The refusal has its row, saying what the client was told, without the key it presented.
    QVERIFY(fx.waitForRows(2));
    int refusals = 0;
    for (const RequestLogRow &row : fx.rows()) {
        QVERIFY(!QJsonDocument(row.toJson()).toJson().contains(RelayFixture::kClientKey));
        if (row.streamStatus.endReason != EndReason::Rejected)
            continue;
        ++refusals;
        QCOMPARE(row.httpStatus, status);
        QCOMPARE(row.errorMessage, error.value(QLatin1String("message")).toString());
        QVERIFY(row.keyName.isEmpty());
    }
    QCOMPARE(refusals, 1);
}

void TestSmuggling::oversizedBodyIsRefusedBeforeItIsSent()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("max_request_bytes"), 1024 * 1024}}), qPrintable(fx.error()));
    // The head announces 50 MB and not one byte of it follows: the answer must not wait for it.
    RawHttpClient *client = fx.client();
    client->send(request("Content-Length: 52428800\r\n", {}));
    QVERIFY(client->waitForFinished(3000));
    QCOMPARE(client->status(), 413);
    QVERIFY(client->body().contains("1048576"));
    QCOMPARE(fx.upstream().requestCount(), 0);
}

void TestSmuggling::chunkedBodyArrivesWhole()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const QByteArray body = chatBody();
    const qsizetype third = body.size() / 3;
    RawHttpClient *client = fx.client();
    client->send(request("Transfer-Encoding: chunked\r\n",
                         chunked({body.left(third), body.mid(third, third), body.mid(2 * third)})));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);
    QCOMPARE(fx.upstream().requestCount(), 1);
    QCOMPARE(fx.upstream().lastRequest().body, kChat.upstreamBody(false));
}

void TestSmuggling::hundredHeaderFieldsStillArrive()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    // Host, Authorization, Content-Type, Content-Length, X-Probe + 95: exactly 100 fields.
    RawHttpClient *client = fx.client();
    client->send(withLength("X-Probe: here\r\n" + manyFields(95)));
    QVERIFY(client->waitForFinished(5000));
    QCOMPARE(client->status(), 200);
    QCOMPARE(fx.upstream().lastRequest().header("x-probe"), QByteArray("here"));
}

void TestSmuggling::expectContinueIsAnsweredOnce()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const QByteArray body = chatBody();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, fx.port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write(request("Expect: 100-continue\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n", {}));
    QByteArray received;
    QVERIFY(spinUntil([&] { return (received += socket.readAll()).contains("\r\n\r\n"); }, 3000));
    QCOMPARE(received, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    socket.write(body);
    QVERIFY(spinUntil([&] { return (received += socket.readAll()).contains("\"choices\""); }, 5000));
    QVERIFY(received.contains("HTTP/1.1 200"));
    QCOMPARE(received.count("100 Continue"), 1);
    QCOMPARE(fx.upstream().requestCount(), 1);
}

void TestSmuggling::pipelinedRequestsAreAnsweredInOrder()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, fx.port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write(withLength("X-Order: first\r\n") + withLength("X-Order: second\r\n"));
    QByteArray received;
    QVERIFY2(spinUntil([&] { return (received += socket.readAll()).count("HTTP/1.1 200") == 2; }, 5000),
             received.constData());
    QCOMPARE(fx.upstream().requestCount(), 2);
    QCOMPARE(fx.upstream().requests().at(0).header("x-order"), QByteArray("first"));
    QCOMPARE(fx.upstream().requests().at(1).header("x-order"), QByteArray("second"));
}

void TestSmuggling::malformedRequestBehindAValidOneIsNeverForwarded()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    // The classic CL.TE desync: the second request hides a third in its "chunked" body.
    const QByteArray desync = request("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
                                      "0\r\n\r\n" + withLength("X-Order: smuggled\r\n"));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, fx.port());
    QVERIFY(socket.waitForConnected(3000));
    QByteArray received;
    const auto receivedUntil = [&](const QByteArray &needle) {
        return spinUntil([&] { return (received += socket.readAll()).contains(needle); }, 5000);
    };
    // Kept alive after a good exchange, the connection still refuses the desync.
    socket.write(withLength("X-Order: first\r\n"));
    QVERIFY2(receivedUntil("\"choices\""), received.constData());
    QVERIFY(received.startsWith("HTTP/1.1 200"));
    socket.write(desync);
    QVERIFY2(receivedUntil("HTTP/1.1 400"), received.constData());
    QVERIFY(spinUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 5000));

    // In one packet with a good request: the connection is refused as a whole, before Qt
    // routes anything from it (the good one is not answered; a client retries it, RFC 9112 9.3.2).
    QTcpSocket both;
    both.connectToHost(QHostAddress::LocalHost, fx.port());
    QVERIFY(both.waitForConnected(3000));
    both.write(withLength("X-Order: unanswered\r\n") + desync);
    QByteArray refused;
    QVERIFY(spinUntil([&] {
        refused += both.readAll();
        return both.state() == QAbstractSocket::UnconnectedState;
    }, 5000));
    QVERIFY2(refused.startsWith("HTTP/1.1 400"), refused.constData());
    QCOMPARE(refused.count("HTTP/1.1"), 1);

    QVERIFY(sentinelArrives(fx));
    QCOMPARE(fx.upstream().requestCount(), 2); // first + sentinel
    QCOMPARE(fx.upstream().requests().at(0).header("x-order"), QByteArray("first"));
}

void TestSmuggling::slowHeadIsCutOffAndOthersAreServed()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("header_read_timeout_seconds"), 1}}), qPrintable(fx.error()));
    // Slowloris: a head that never ends, one byte at a time.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, fx.port());
    QVERIFY(slow.waitForConnected(3000));
    const QByteArray head = request("X-Slow: ");
    QElapsedTimer clock;
    clock.start();
    int sent = 0;
    QByteArray received;
    while (slow.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 5000) {
        if (sent < head.size())
            slow.write(head.mid(sent++, 1));
        QTest::qWait(50);
        received += slow.readAll();
        if (sent == 10) { // meanwhile, another client is served normally
            RawHttpClient *other = fx.client();
            other->send(withLength());
            QVERIFY(other->waitForFinished(3000));
            QCOMPARE(other->status(), 200);
        }
    }
    received += slow.readAll();
    QVERIFY2(received.startsWith("HTTP/1.1 408"), received.constData());
    QVERIFY2(clock.elapsed() < 3000, "the slow head was not cut off in time");
    QCOMPARE(fx.upstream().requestCount(), 1); // the other client's
}

void TestSmuggling::slowBodyIsCutOff()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("body_read_timeout_seconds"), 1}}), qPrintable(fx.error()));
    const QByteArray body = chatBody();
    RawHttpClient *client = fx.client();
    QElapsedTimer clock;
    clock.start();
    // A body that never completes (a "Content-Length with no body" holds Qt 6.4 forever).
    client->send(request("Content-Length: " + QByteArray::number(body.size()) + "\r\n", body.left(10)));
    QVERIFY(client->waitForFinished(4000));
    QCOMPARE(client->status(), 408);
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(fx.upstream().requestCount(), 0);
}

void TestSmuggling::idleKeepAliveConnectionIsClosed()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("idle_timeout_seconds"), 1}}), qPrintable(fx.error()));
    RawHttpClient *client = fx.client();
    client->send(withLength());
    QVERIFY(client->waitForFinished(3000));
    QCOMPARE(client->status(), 200);
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(client->waitForDisconnected(4000), "an idle keep-alive connection stays open");
    QVERIFY(clock.elapsed() >= 500);
    // A connection that never sends a byte is closed the same way.
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, fx.port());
    QVERIFY(silent.waitForConnected(3000));
    QVERIFY(spinUntil([&] { return silent.state() == QAbstractSocket::UnconnectedState; }, 4000));
}

void TestSmuggling::connectionsBeyondTheCapGet503()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("max_connections"), 2}}), qPrintable(fx.error()));
    QTcpSocket first, second;
    for (QTcpSocket *s : {&first, &second}) {
        s->connectToHost(QHostAddress::LocalHost, fx.port());
        QVERIFY(s->waitForConnected(3000));
    }
    // Accepted in order: the third connection is the one over the cap.
    RawHttpClient *third = fx.client();
    third->send(withLength());
    QVERIFY(third->waitForFinished(3000));
    QCOMPARE(third->status(), 503);
    QCOMPARE(third->header("retry-after"), QByteArray("1"));
    QCOMPARE(fx.upstream().requestCount(), 0);
    // A freed slot is usable again. The relay notices a close on its own thread: a request in a
    // slot freed by a close is retried until the relay has seen that close.
    const auto servedOnce = [&](const std::function<void(RawHttpClient *)> &send) {
        RawHttpClient *client = nullptr;
        const bool served = spinUntil([&] {
            client = fx.client();
            send(client);
            return client->waitForFinished(3000) && client->status() != 503;
        }, 5000);
        return served ? client : nullptr;
    };
    first.abort();
    RawHttpClient *health = servedOnce([](RawHttpClient *c) { c->get("/admin/health", {}); });
    QVERIFY(health);
    QCOMPARE(health->status(), 200);
    // The refusal left no request row, so the admin sees it counted.
    const QJsonObject connections = QJsonDocument::fromJson(health->body()).object().value(QLatin1String("connections")).toObject();
    QCOMPARE(connections.value(QLatin1String("max")).toInt(), 2);
    QCOMPARE(connections.value(QLatin1String("open")).toInt(), 2); // `second` and this request's own
    QVERIFY2(connections.value(QLatin1String("refused_over_limit")).toInteger() >= 1, health->body().constData());
    second.abort();
    health->disconnectNow();
    RawHttpClient *metrics = servedOnce([](RawHttpClient *c) { c->get("/metrics", {}); });
    QVERIFY(metrics);
    QVERIFY2(metrics->body().contains("\nrelaydesk_connections_refused_total "), metrics->body().constData());
    metrics->disconnectNow();
    RawHttpClient *fourth = servedOnce([](RawHttpClient *c) { c->send(withLength()); });
    QVERIFY(fourth);
    QCOMPARE(fourth->status(), 200);
}

void TestSmuggling::connectionCloseIsHonoured()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    // Qt 6.4 ignores Connection: close (QT64.md): the guard closes after the response.
    RawHttpClient *client = fx.client();
    client->send(withLength("Connection: close\r\n"));
    QVERIFY(client->waitForFinished(3000));
    QCOMPARE(client->status(), 200);
    QVERIFY(client->waitForDisconnected(2000));
}

QTEST_GUILESS_MAIN(TestSmuggling)
#include "tst_smuggling.moc"
