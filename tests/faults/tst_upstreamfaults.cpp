// Issue #8, upstream side: every way an upstream fails, through the real relay, for an
// OpenAI-chat and an Anthropic client (pass-through) and an Anthropic client of an OpenAI-chat
// channel (translating), streamed and not. Each row ends with the documented end reason, a
// clean error in the client's format, the row stored, the budget key's ledger in balance and
// the relay still serving. Timeouts come from config (1 s for the silent faults), not from sleeps.

#include "budgetkey.h"
#include "clientstream.h"
#include "faultcheck.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include <QFile>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QStringDecoder>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace BudgetKey;

namespace {

enum class Fault {
    ConnectRefused,
    TlsGarbage,    // https channel, the port answers with garbage bytes and closes
    TlsPlainHttp,  // https channel, the port is a plain HTTP server
    TlsSelfSigned, // https channel, a TLS server whose certificate nobody signed
    Status5xx,     // 500 before the first byte
    CloseMidBody,  // the connection closes after part of the answer
    StallBeforeHeaders,
    StallMidBody,
    LongLine,      // a 10 MB line (a stream line without its newline; a 10 MB non-stream answer)
    InvalidUtf8,   // a content event with bytes that are not UTF-8 (soft: the stream goes on)
    InvalidJson,   // an event whose data is not JSON (soft)
};

struct Expected
{
    EndReason reason;
    int status; // what the client's status line says (200: a stream that carries the error)
};

// Keep-alive pings are off (10 s) in these tests, so a failure before the first event is
// still a complete error response.
Expected expectedFor(Fault fault, bool stream)
{
    switch (fault) {
    case Fault::ConnectRefused:
    case Fault::TlsGarbage:
    case Fault::TlsSelfSigned: return {EndReason::UpstreamError, 502};
    case Fault::Status5xx: return {EndReason::UpstreamError, 500};
    case Fault::CloseMidBody: return {EndReason::Eof, stream ? 200 : 502};
    case Fault::TlsPlainHttp: // the server waits for an HTTP head that never comes: as a stall
    case Fault::StallBeforeHeaders: return {EndReason::Timeout, 504};
    case Fault::StallMidBody: return {EndReason::Timeout, stream ? 200 : 504};
    case Fault::LongLine: return {EndReason::ScannerError, stream ? 200 : 502};
    case Fault::InvalidUtf8:
    case Fault::InvalidJson: return {EndReason::Done, 200};
    }
    return {EndReason::Internal, 0};
}

// A loopback port where nothing listens any more.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// A loopback server that answers every connection with `bytes` and closes it.
std::unique_ptr<QTcpServer> garbageServer(const QByteArray &bytes)
{
    auto server = std::make_unique<QTcpServer>();
    server->listen(QHostAddress::LocalHost, 0);
    QTcpServer *s = server.get();
    QObject::connect(s, &QTcpServer::newConnection, s, [s, bytes] {
        while (QTcpSocket *socket = s->nextPendingConnection()) {
            socket->write(bytes);
            socket->disconnectFromHost();
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    return server;
}

// A TLS server on loopback with a self-signed certificate (tests/fixtures/tls); nullptr when
// the fixture cannot be read.
std::unique_ptr<QTcpServer> selfSignedTlsServer()
{
    const QString dir = QStringLiteral(RELAYDESK_FIXTURES_DIR "/tls/");
    QFile certFile(dir + QStringLiteral("selfsigned-test-only.crt"));
    QFile keyFile(dir + QStringLiteral("selfsigned-test-only.key"));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return nullptr;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certFile.readAll()));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(tls);
    server->listen(QHostAddress::LocalHost, 0);
    return server;
}

QByteArray withInvalidUtf8(const Transcript &t)
{
    for (const QByteArray &frame : t.frames)
        if (frame.contains("\"Hello\""))
            return QByteArray(frame).replace("\"Hello\"", "\"bad \xff\xfe bytes\"");
    return {};
}

UpstreamScript streamScript(Fault fault, const Transcript &t)
{
    const auto head = [] { return UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}); };
    switch (fault) {
    case Fault::Status5xx: return Upstream::jsonResponse(500, Transcripts::errorBody(t.format, 500, "upstream broke"));
    case Fault::CloseMidBody: return head().sendFrames(t.head()).close();
    case Fault::StallBeforeHeaders: return UpstreamScript().stall();
    case Fault::StallMidBody: return head().sendFrames(t.head()).stall();
    case Fault::LongLine: return head().sendFrames(t.head()).send("data: " + QByteArray(10 * 1024 * 1024, 'x')).stall();
    case Fault::InvalidUtf8: return head().sendFrames(t.head()).send(withInvalidUtf8(t)).sendFrames(t.tail());
    case Fault::InvalidJson: return head().sendFrames(t.head()).send(Transcripts::malformedFrame(t.format)).sendFrames(t.tail());
    default: return UpstreamScript();
    }
}

UpstreamScript unaryScript(Fault fault, const Transcript &t)
{
    const auto head = [&] {
        return UpstreamScript().head(200, {{"Content-Type", "application/json"}}, Framing::ContentLength, t.json.size());
    };
    switch (fault) {
    case Fault::Status5xx: return Upstream::jsonResponse(500, Transcripts::errorBody(t.format, 500, "upstream broke"));
    case Fault::CloseMidBody: return head().rawSend(t.json.left(t.json.size() / 2)).close();
    case Fault::StallBeforeHeaders: return UpstreamScript().stall();
    case Fault::StallMidBody: return head().rawSend(t.json.left(t.json.size() / 2)).stall();
    case Fault::LongLine: {
        const QByteArray huge = R"({"padding":")" + QByteArray(10 * 1024 * 1024, 'x') + R"("})";
        return UpstreamScript().head(200, {{"Content-Type", "application/json"}}, Framing::ContentLength, huge.size()).rawSend(huge);
    }
    default: return UpstreamScript();
    }
}

// The client's request for the model the `channel` format's channel serves.
RawHttpClient *post(RelayFixture &fx, ApiFormat client, ApiFormat channel, bool stream)
{
    const FormatCase c = FormatCase::of(client);
    const QByteArray model = FormatCase::of(channel).clientModel;
    RawHttpClient *raw = fx.client();
    raw->post(c.target(stream), c.clientBodyFor(model, stream), c.clientAuth(kBudgetKey));
    return raw;
}

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString ignored = decoder(bytes);
    return !decoder.hasError();
}

} // namespace

class TestUpstreamFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void faultEndsCleanly_data();
    void faultEndsCleanly();
    void rateLimitStormCoolsTheKeyAndSaysWhenToRetry_data();
    void rateLimitStormCoolsTheKeyAndSaysWhenToRetry();
};

void TestUpstreamFaults::faultEndsCleanly_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<int>("client");
    QTest::addColumn<int>("channel");
    QTest::addColumn<bool>("stream");
    const QList<QPair<const char *, Fault>> faults{
        {"connect refused", Fault::ConnectRefused},   {"tls garbage", Fault::TlsGarbage},
        {"tls to plain http", Fault::TlsPlainHttp},   {"tls self-signed", Fault::TlsSelfSigned},
        {"5xx before first byte", Fault::Status5xx},
        {"close mid-body", Fault::CloseMidBody},      {"stall before headers", Fault::StallBeforeHeaders},
        {"stall mid-body", Fault::StallMidBody},      {"10 MB line", Fault::LongLine},
        {"invalid utf-8", Fault::InvalidUtf8},        {"invalid json event", Fault::InvalidJson},
    };
    const QList<QPair<ApiFormat, ApiFormat>> pairs{{ApiFormat::OpenAIChat, ApiFormat::OpenAIChat},
                                                   {ApiFormat::Anthropic, ApiFormat::Anthropic},
                                                   {ApiFormat::Anthropic, ApiFormat::OpenAIChat}};
    for (const auto &[name, fault] : faults) {
        for (const auto &[client, channel] : pairs) {
            for (bool stream : {true, false}) {
                const bool streamOnly = fault == Fault::InvalidUtf8 || fault == Fault::InvalidJson;
                if (streamOnly && !stream)
                    continue;
                // A stall by another name (the TLS client waits for an answer): one pair is enough.
                if (fault == Fault::TlsPlainHttp && client != ApiFormat::OpenAIChat)
                    continue;
                QTest::addRow("%s %s<-%s %s", name, FormatCase::name(client), FormatCase::name(channel),
                              stream ? "stream" : "unary")
                    << int(fault) << int(client) << int(channel) << stream;
            }
        }
    }
}

void TestUpstreamFaults::faultEndsCleanly()
{
    QFETCH(int, fault);
    QFETCH(int, client);
    QFETCH(int, channel);
    QFETCH(bool, stream);
    const Fault f = Fault(fault);
    const ApiFormat clientFormat = ApiFormat(client);
    const FormatCase ch = FormatCase::of(ApiFormat(channel));
    const Transcript t = ch.transcript();

    std::unique_ptr<QTcpServer> fakeUpstream; // for the faults below the HTTP layer
    // Short timeouts only where the fault is silence: elsewhere a loaded machine must not
    // turn a fast failure into a timeout.
    const bool silent = f == Fault::StallBeforeHeaders || f == Fault::StallMidBody || f == Fault::TlsPlainHttp;
    const int timeoutSeconds = silent ? 1 : 10;
    RelayFixture fx;
    const QByteArray config = budgetConfig(1.0, price(2.0, 8.0),
                                     {{QStringLiteral("stream_idle_timeout_seconds"), timeoutSeconds},
                                      {QStringLiteral("first_byte_timeout_seconds"), timeoutSeconds},
                                      {QStringLiteral("keepalive_seconds"), 10},
                                      {QStringLiteral("max_sse_line_bytes"), 1024 * 1024}});
    QString url;
    if (f == Fault::ConnectRefused)
        url = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
    if (f == Fault::TlsGarbage) {
        fakeUpstream = garbageServer("this is not TLS\r\n\r\n");
        url = QStringLiteral("https://127.0.0.1:%1").arg(fakeUpstream->serverPort());
    }
    if (f == Fault::TlsSelfSigned) {
        fakeUpstream = selfSignedTlsServer();
        QVERIFY2(fakeUpstream && fakeUpstream->isListening(), "no TLS server (fixture or TLS backend missing)");
        url = QStringLiteral("https://127.0.0.1:%1").arg(fakeUpstream->serverPort());
    }
    if (f == Fault::TlsPlainHttp) // the scripted upstream answers a TLS client hello as bad HTTP
        url = QStringLiteral("https://127.0.0.1:%1").arg(fx.upstream().port());
    QJsonObject channelFields{{QStringLiteral("timeout_seconds"), timeoutSeconds}};
    if (!url.isEmpty())
        channelFields.insert(QStringLiteral("base_url"), url);
    QVERIFY2(fx.startWithConfig(RelayFixture::withChannelFields(config, ch.channel, channelFields)), qPrintable(fx.error()));
    fx.upstream().setScript(stream ? streamScript(f, t) : unaryScript(f, t));

    RawHttpClient *raw = post(fx, clientFormat, ch.format, stream);
    QVERIFY2(raw->waitForFinished(8000), raw->rawReceived().left(300).constData());
    const Expected expected = expectedFor(f, stream);
    const bool ok = expected.reason == EndReason::Done;
    QCOMPARE(raw->status(), expected.status);
    if (ok) {
        QVERIFY(raw->bodyComplete());
        // The bad event is skipped (a soft error), pass-through and translating alike.
        QVERIFY2(isValidUtf8(raw->body()), "invalid UTF-8 reached the client");
        QVERIFY(!raw->body().contains("bad "));
    } else {
        const QString problem = FaultCheck::cleanClientError(clientFormat, *raw);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    const RequestLogRow row = fx.lastRow();
    QCOMPARE(endReasonName(row.streamStatus.endReason), endReasonName(expected.reason));
    QCOMPARE(row.ok(), ok);
    if (ok)
        QVERIFY2(row.streamStatus.errors.join(u'\n').contains(QLatin1String("skipped unparseable upstream event")),
                 qPrintable(row.streamStatus.errors.join(u'\n')));
    QCOMPARE(row.keyName, kBudgetKeyName);
    if (f == Fault::TlsSelfSigned) // refused for its certificate, not for anything else
        QVERIFY2(row.errorMessage.contains(QLatin1String("certificate"), Qt::CaseInsensitive), qPrintable(row.errorMessage));
    const QString ledger = FaultCheck::ledgerBalanced(fx);
    QVERIFY2(ledger.isEmpty(), qPrintable(ledger));
    const QString serving = FaultCheck::stillServing(fx);
    QVERIFY2(serving.isEmpty(), qPrintable(serving));
}

void TestUpstreamFaults::rateLimitStormCoolsTheKeyAndSaysWhenToRetry_data()
{
    QTest::addColumn<int>("client");
    QTest::newRow("openai-chat") << int(ApiFormat::OpenAIChat);
    QTest::newRow("anthropic") << int(ApiFormat::Anthropic);
}

void TestUpstreamFaults::rateLimitStormCoolsTheKeyAndSaysWhenToRetry()
{
    QFETCH(int, client);
    const FormatCase c = FormatCase::of(ApiFormat(client));
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(budgetConfig(1.0, price(2.0, 8.0))), qPrintable(fx.error()));
    UpstreamScript limited = Upstream::jsonResponse(429, Transcripts::errorBody(c.format, 429, "slow down"));
    fx.upstream().setScript(UpstreamScript()
                                .head(429, {{"Content-Type", "application/json"}, {"Retry-After", "30"}},
                                      Framing::ContentLength, limited.steps().constLast().bytes.size())
                                .rawSend(limited.steps().constLast().bytes));

    // The first request meets the 429; the channel's only key then cools for 30 s, so the
    // storm behind it is answered by the relay itself, without an upstream call.
    constexpr int kStorm = 20;
    RawHttpClient *first = post(fx, c.format, c.format, true);
    QVERIFY(first->waitForFinished(5000));
    QCOMPARE(first->status(), 429);
    QList<RawHttpClient *> storm;
    for (int i = 0; i < kStorm; ++i)
        storm.append(post(fx, c.format, c.format, i % 2 == 0));
    for (RawHttpClient *raw : std::as_const(storm)) {
        QVERIFY(raw->waitForFinished(5000));
        const QString problem = FaultCheck::cleanClientError(c.format, *raw);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(raw->status(), 503); // the relay's own: no upstream can take it now
        const int retryAfter = raw->header("Retry-After").toInt();
        QVERIFY2(retryAfter > 0 && retryAfter <= 30, raw->header("Retry-After").constData());
    }
    QCOMPARE(fx.upstream().requestCount(), 1);
    QVERIFY(fx.waitForRows(kStorm + 1));
    const QList<RequestLogRow> rows = fx.rows(kStorm + 1);
    for (qsizetype i = 0; i < kStorm; ++i) // newest first: the storm, then the first request
        QCOMPARE(endReasonName(rows[i].streamStatus.endReason), endReasonName(EndReason::Rejected));
    QCOMPARE(endReasonName(rows.last().streamStatus.endReason), endReasonName(EndReason::UpstreamError));
    const QString ledger = FaultCheck::ledgerBalanced(fx);
    QVERIFY2(ledger.isEmpty(), qPrintable(ledger));
    QCOMPARE(ledgerRow(fx).spentNano, qint64(0));
    const QString serving = FaultCheck::stillServing(fx); // another channel: not cooling
    QVERIFY2(serving.isEmpty(), qPrintable(serving));
}

QTEST_GUILESS_MAIN(TestUpstreamFaults)
#include "tst_upstreamfaults.moc"
