// The relay against the attackers of docs/security.md, on loopback with the scripted upstream:
// a hostile web page (DNS rebinding, cross-origin requests, the admin API from a browser), a
// local user without the admin token, a client that leaks headers or never reads; and the
// real binary's data dir after an import, which must hold no secret in plain text.

#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "streamrun.h"
#include "stuckclient.h"

#include "config/configio.h"
#include "security/secretbox.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const FormatCase kChat = FormatCase::of(ApiFormat::OpenAIChat);

// A non-stream chat request with the given extra headers (Host included when given).
QByteArray chatRequest(const HeaderList &extra, bool withHost = false)
{
    const QByteArray body = kChat.clientBody(false);
    QByteArray out = "POST /v1/chat/completions HTTP/1.1\r\n";
    if (!withHost)
        out += "Host: 127.0.0.1\r\n";
    for (const auto &h : HeaderList{{"Authorization", QByteArray("Bearer ") + RelayFixture::kClientKey},
                                    {"Content-Type", "application/json"}} + extra)
        out += h.first + ": " + h.second + "\r\n";
    return out + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray getRequest(const QByteArray &target, const HeaderList &headers)
{
    QByteArray out = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    return out + "\r\n";
}

RawHttpClient *exchange(RelayFixture &fx, const QByteArray &raw)
{
    RawHttpClient *c = fx.client();
    c->send(raw);
    c->waitForFinished(5000);
    return c;
}

QString errorMessage(const RawHttpClient *c)
{
    return QJsonDocument::fromJson(c->body()).object().value(QLatin1String("error")).toObject()
        .value(QLatin1String("message")).toString();
}

// Every file under `dir` whose bytes contain `needle`.
QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            hits.append(QFileInfo(f.fileName()).fileName());
    }
    return hits;
}

} // namespace

class TestSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void foreignHostIsRefused_data();
    void foreignHostIsRefused();
    void crossOriginRequestIsRefused_data();
    void crossOriginRequestIsRefused();
    void allowedOriginGetsCors();
    void allowedOriginPreflightIsAnswered();
    void malformedAllowListIsRejectedWithItsPath_data();
    void malformedAllowListIsRejectedWithItsPath();
    void adminTokenIsRequiredEvenOnLoopback();
    void connectionNamedAndIdentityHeadersNeverReachUpstream();
    void clientKeyInQueryNeverReachesUpstream();
    void neverReadingClientIsDroppedAndUpstreamHeldBack();
    void dataDirHoldsNoSecretAfterImport();
};

void TestSecurity::foreignHostIsRefused_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("status");
    QTest::newRow("rebinding name") << QByteArray("evil.example:8645") << 403;
    QTest::newRow("rebinding name, no port") << QByteArray("evil.example") << 403;
    QTest::newRow("subdomain of localhost") << QByteArray("evil.localhost") << 403;
    QTest::newRow("allowed name") << QByteArray("relay.internal:8645") << 200;
    QTest::newRow("allowed name, other port") << QByteArray("pinned.internal:9999") << 403;
    QTest::newRow("allowed name with its port") << QByteArray("pinned.internal:8645") << 200;
    QTest::newRow("localhost") << QByteArray("localhost:8645") << 200;
    QTest::newRow("LOCALHOST.") << QByteArray("LOCALHOST.:8645") << 200;
    QTest::newRow("IPv4 literal") << QByteArray("127.0.0.1:8645") << 200;
    QTest::newRow("IPv6 literal") << QByteArray("[::1]:8645") << 200;
    QTest::newRow("LAN address") << QByteArray("192.168.1.20:8645") << 200;
}

void TestSecurity::foreignHostIsRefused()
{
    QFETCH(QByteArray, host);
    QFETCH(int, status);
    RelayFixture fx;
    const QJsonObject settings{
        {QStringLiteral("allowed_hosts"), QJsonArray{QStringLiteral("relay.internal"), QStringLiteral("pinned.internal:8645")}}};
    QVERIFY2(fx.start(settings), qPrintable(fx.error()));
    RawHttpClient *c = exchange(fx, chatRequest({{"Host", host}}, true));
    QCOMPARE(c->status(), status);
    QCOMPARE(fx.upstream().requestCount(), status == 200 ? 1 : 0);
    if (status == 403) // in the caller's own error format, saying why
        QVERIFY2(errorMessage(c).contains(QLatin1String("DNS rebinding")), c->body().constData());
}

void TestSecurity::crossOriginRequestIsRefused_data()
{
    QTest::addColumn<QByteArray>("raw");
    const HeaderList evil{{"Origin", "https://evil.example"}};
    QTest::newRow("chat completions") << chatRequest(evil);
    QTest::newRow("chat completions, null origin") << chatRequest({{"Origin", "null"}});
    QTest::newRow("models") << getRequest("/v1/models", evil + HeaderList{{"Authorization", "Bearer x"}});
    QTest::newRow("admin health") << getRequest("/admin/health", evil);
    QTest::newRow("admin, allowed origin") << getRequest("/admin/health", {{"Origin", "http://localhost:3000"}});
    QTest::newRow("admin, cross-site navigation") << getRequest("/admin/health", {{"Sec-Fetch-Site", "cross-site"}});
    QTest::newRow("metrics") << getRequest("/metrics", evil);
    QTest::newRow("preflight of a foreign origin")
        << getRequest("/v1/chat/completions", evil + HeaderList{{"Access-Control-Request-Method", "POST"}})
               .replace("GET ", "OPTIONS ");
}

void TestSecurity::crossOriginRequestIsRefused()
{
    QFETCH(QByteArray, raw);
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("allowed_origins"), QJsonArray{QStringLiteral("http://localhost:3000")}}}),
             qPrintable(fx.error()));
    RawHttpClient *c = exchange(fx, raw);
    QCOMPARE(c->status(), 403);
    QVERIFY(c->header("access-control-allow-origin").isEmpty());
    QVERIFY2(!errorMessage(c).isEmpty(), c->body().constData());
    QCOMPARE(fx.upstream().requestCount(), 0);
}

void TestSecurity::allowedOriginGetsCors()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("allowed_origins"), QJsonArray{QStringLiteral("http://localhost:3000")}}}),
             qPrintable(fx.error()));
    // Two requests on one connection: the CORS headers belong to each response, not the connection.
    RawHttpClient *c = fx.client();
    c->send(chatRequest({{"Origin", "http://LOCALHOST:3000"}}));
    QVERIFY(c->waitForFinished(5000));
    QCOMPARE(c->status(), 200);
    QCOMPARE(c->header("access-control-allow-origin"), QByteArray("http://LOCALHOST:3000"));
    QCOMPARE(c->header("vary"), QByteArray("Origin"));
    QVERIFY(c->body().contains("choices"));
    c->send(chatRequest({}));
    QVERIFY(c->waitForFinished(5000));
    QCOMPARE(c->status(), 200);
    QVERIFY(c->header("access-control-allow-origin").isEmpty());
    QCOMPARE(fx.upstream().requestCount(), 2);
    QVERIFY(!fx.upstream().requests().at(0).hasHeader("origin")); // never forwarded
}

void TestSecurity::allowedOriginPreflightIsAnswered()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("allowed_origins"), QJsonArray{QStringLiteral("https://app.example")}}}),
             qPrintable(fx.error()));
    QByteArray raw = getRequest("/v1/chat/completions", {{"Origin", "https://app.example"},
                                                         {"Access-Control-Request-Method", "POST"},
                                                         {"Access-Control-Request-Headers", "authorization, content-type"}});
    RawHttpClient *c = exchange(fx, raw.replace("GET ", "OPTIONS "));
    QCOMPARE(c->status(), 204);
    QCOMPARE(c->header("access-control-allow-origin"), QByteArray("https://app.example"));
    QVERIFY(c->header("access-control-allow-methods").contains("POST"));
    QCOMPARE(c->header("access-control-allow-headers"), QByteArray("authorization, content-type"));
    QCOMPARE(fx.upstream().requestCount(), 0);
}

void TestSecurity::malformedAllowListIsRejectedWithItsPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::newRow("origin without scheme") << QByteArray(R"({"settings":{"allowed_origins":["https://ok.example","localhost:3000"]}})")
                                           << QStringLiteral("$.settings.allowed_origins[1]");
    QTest::newRow("origin with a path") << QByteArray(R"({"settings":{"allowed_origins":["https://app.example/page"]}})")
                                        << QStringLiteral("$.settings.allowed_origins[0]");
    QTest::newRow("host with a scheme") << QByteArray(R"({"settings":{"allowed_hosts":["http://relay.internal"]}})")
                                        << QStringLiteral("$.settings.allowed_hosts[0]");
    QTest::newRow("host with a path") << QByteArray(R"({"settings":{"allowed_hosts":["relay.internal/x"]}})")
                                      << QStringLiteral("$.settings.allowed_hosts[0]");
}

void TestSecurity::malformedAllowListIsRejectedWithItsPath()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    Config config;
    const auto error = ConfigIO::importInto(config, json);
    QVERIFY(error);
    QCOMPARE(error->path, path);
}

void TestSecurity::adminTokenIsRequiredEvenOnLoopback()
{
    RelayFixture fx;
    QByteArray config = RelayFixture::standardConfig(QStringLiteral("${UPSTREAM}"));
    QJsonObject o = QJsonDocument::fromJson(config).object();
    o.insert(QStringLiteral("admin_token"), QStringLiteral("adm-secret-token-0001"));
    QVERIFY2(fx.startWithConfig(QJsonDocument(o).toJson()), qPrintable(fx.error()));
    QCOMPARE(exchange(fx, getRequest("/admin/health", {}))->status(), 401);
    QCOMPARE(exchange(fx, getRequest("/admin/health", {{"Authorization", "Bearer adm-wrong"}}))->status(), 401);
    QCOMPARE(exchange(fx, getRequest("/admin/health", {{"Authorization", QByteArray("Bearer ") + RelayFixture::kClientKey}}))->status(), 401);
    QCOMPARE(exchange(fx, getRequest("/admin/health", {{"Authorization", "Bearer adm-secret-token-0001"}}))->status(), 200);
}

void TestSecurity::connectionNamedAndIdentityHeadersNeverReachUpstream()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("allowed_origins"), QJsonArray{QStringLiteral("http://localhost:3000")}}}),
             qPrintable(fx.error()));
    const HeaderList sent{
        {"Connection", "keep-alive, X-Hop-Secret"}, {"X-Hop-Secret", "hop"}, {"Keep-Alive", "timeout=5"},
        {"Cookie", "session=cookie-secret"}, {"X-Forwarded-For", "10.9.8.7"}, {"X-Forwarded-Host", "evil.example"},
        {"Forwarded", "for=10.9.8.7"}, {"X-Real-IP", "10.9.8.7"}, {"Proxy-Authorization", "Basic cHJveHk6c2VjcmV0"},
        {"X-Api-Key", RelayFixture::kClientKey}, {"Api-Key", RelayFixture::kClientKey},
        {"Origin", "http://localhost:3000"}, {"Referer", "http://localhost:3000/page"}, {"TE", "trailers"},
        {"X-Kept", "end-to-end"}};
    RawHttpClient *c = exchange(fx, chatRequest(sent));
    QCOMPARE(c->status(), 200);
    QCOMPARE(fx.upstream().requestCount(), 1);
    const ReceivedRequest r = fx.upstream().lastRequest();
    for (const char *name : {"x-hop-secret", "keep-alive", "cookie", "x-forwarded-for", "x-forwarded-host", "forwarded",
                             "x-real-ip", "proxy-authorization", "x-api-key", "api-key", "origin", "referer", "te"})
        QVERIFY2(!r.hasHeader(name), name);
    QCOMPARE(r.header("x-kept"), QByteArray("end-to-end"));
    QCOMPARE(r.header("authorization"), QByteArray("Bearer ") + kChat.channelKey);
    QCOMPARE(r.header("host"), QByteArray("127.0.0.1:") + QByteArray::number(fx.upstream().port()));
    for (const auto &h : r.headers) {
        QVERIFY2(!h.second.contains(RelayFixture::kClientKey), h.first.constData());
        QVERIFY2(!h.second.contains("cookie-secret") && !h.second.contains("10.9.8.7"), h.first.constData());
    }
}

void TestSecurity::clientKeyInQueryNeverReachesUpstream()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const FormatCase g = FormatCase::of(ApiFormat::Gemini);
    RawHttpClient *c = fx.client();
    c->post(g.target(false) + (g.target(false).contains('?') ? "&key=" : "?key=") + RelayFixture::kClientKey,
            g.clientBody(false), {});
    QVERIFY(c->waitForFinished(5000));
    QCOMPARE(c->status(), 200);
    const ReceivedRequest r = fx.upstream().lastRequest();
    QVERIFY2(!r.target.contains(RelayFixture::kClientKey), r.target.constData());
    for (const auto &h : r.headers)
        QVERIFY2(!h.second.contains(RelayFixture::kClientKey), h.first.constData());
}

void TestSecurity::neverReadingClientIsDroppedAndUpstreamHeldBack()
{
    RelayFixture fx;
    QVERIFY2(fx.start({{QStringLiteral("stream_idle_timeout_seconds"), 20},
                       {QStringLiteral("slow_client_timeout_seconds"), 1}}),
             qPrintable(fx.error()));
    // 40 MB: far more than the kernel buffers between the three sockets hold.
    const qint64 total = 10000 * qint64(Transcripts::bigChatFrame(4000).size());
    const UpstreamScript flood = StreamRun::streamHead()
                                     .sendFrames(QList<QByteArray>(10000, Transcripts::bigChatFrame(4000)))
                                     .sendFrames(kChat.transcript().tail());
    fx.upstream().setHandler([flood](const ReceivedRequest &r) {
        return upstreamRequestStreams(r) ? flood : transcriptAnswer(r);
    });
    QElapsedTimer clock;
    clock.start();
    StuckClient stuck(fx.port(), RawHttpClient::buildRequest(
                                     "POST", kChat.target(true),
                                     kChat.clientAuth(RelayFixture::kClientKey) + HeaderList{{"Content-Type", "application/json"}},
                                     kChat.clientBody(true)));
    QVERIFY(stuck.ok());
    QVERIFY(spinUntil([&] { return fx.upstream().requestCount() == 1; }, 5000));

    // Meanwhile the relay serves others.
    RawHttpClient *other = exchange(fx, chatRequest({}));
    QCOMPARE(other->status(), 200);

    QVERIFY2(fx.waitForRows(2, 20000), "the never-reading client was never dropped");
    QVERIFY2(clock.elapsed() < 15000, "the never-reading client was not dropped in time");
    const QList<RequestLogRow> rows = fx.rows();
    const auto streamed = std::find_if(rows.cbegin(), rows.cend(), [](const RequestLogRow &r) { return r.stream; });
    QVERIFY(streamed != rows.cend());
    const RequestLogRow row = *streamed;
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("client_gone"));
    QVERIFY2(row.streamStatus.errors.join(u' ').contains(QLatin1String("stopped reading")),
             qPrintable(row.streamStatus.errors.join(u' ')));
    // The upstream was held back (setReadBufferSize) instead of piling up in the relay: what
    // the relay wrote towards the client is bounded by the kernel buffers plus ~1 MiB, not by
    // what the upstream sent.
    QVERIFY2(row.streamStatus.bytes < qMin<qint64>(16 << 20, total / 2), qPrintable(QString::number(row.streamStatus.bytes)));
}

void TestSecurity::dataDirHoldsNoSecretAfterImport()
{
    const QString binary = QStringLiteral(RELAYDESK_BINARY);
    if (!QFileInfo::exists(binary))
        QSKIP("the relaydesk binary is not built");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray upstreamKey = "sk-upstream-plaintext-4f1c2a";
    const QByteArray clientKey = "rk-client-plaintext-77e0b3";
    const QByteArray adminToken = "adm-token-plaintext-9d2e11";
    const QJsonObject config{
        {QStringLiteral("admin_token"), QString::fromLatin1(adminToken)},
        {QStringLiteral("channels"), QJsonArray{QJsonObject{
             {QStringLiteral("name"), QStringLiteral("main")}, {QStringLiteral("type"), QStringLiteral("openai-chat")},
             {QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:9")},
             {QStringLiteral("keys"), QJsonArray{QString::fromLatin1(upstreamKey), QStringLiteral("sk-second-plaintext-5a5a5a")}},
             {QStringLiteral("models"), QJsonArray{QStringLiteral("*")}}}}},
        {QStringLiteral("keys"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("laptop")},
                                                        {QStringLiteral("key"), QString::fromLatin1(clientKey)}}}}};
    const QString configPath = dir.filePath(QStringLiteral("import.json"));
    QFile f(configPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(config).toJson());
    f.close();
    const QString dataDir = dir.filePath(QStringLiteral("data"));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QLatin1String(SecretBox::kEnvVar));
    QProcess relay;
    relay.setProcessEnvironment(env);
    relay.start(binary, {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir, QStringLiteral("--config"),
                         configPath, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QByteArray stderrText;
    QVERIFY2(spinUntil([&] { return (stderrText += relay.readAllStandardError()).contains("listening on"); }, 15000),
             stderrText.constData());
    relay.terminate();
    QVERIFY(relay.waitForFinished(15000));
    QCOMPARE(relay.exitStatus(), QProcess::NormalExit);
    QCOMPARE(relay.exitCode(), 0);
    QVERIFY(QFileInfo::exists(dataDir + QStringLiteral("/relaydesk.db")));

    for (const QByteArray &secret : {upstreamKey, QByteArray("sk-second-plaintext-5a5a5a"), clientKey, adminToken})
        QVERIFY2(filesContaining(dataDir, secret).isEmpty(),
                 qPrintable(QString::fromLatin1(secret) + QStringLiteral(" found in ") + filesContaining(dataDir, secret).join(u',')));
    QVERIFY2(!filesContaining(dataDir, "enc:v1:k:").isEmpty(), "the upstream keys were not stored sealed");
    const QFileInfo keyFile(dataDir + QStringLiteral("/secret.key"));
    QVERIFY(keyFile.exists());
    QCOMPARE(keyFile.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());

    // The secrets are still there for the relay: export with secrets opens them.
    QProcess exporter;
    exporter.setProcessEnvironment(env);
    exporter.start(binary, {QStringLiteral("export-config"), QStringLiteral("--with-secrets"), QStringLiteral("--data-dir"), dataDir});
    QVERIFY(exporter.waitForFinished(15000));
    QCOMPARE(exporter.exitStatus(), QProcess::NormalExit);
    QCOMPARE(exporter.exitCode(), 0);
    const QByteArray exported = exporter.readAllStandardOutput();
    QVERIFY2(exported.contains(upstreamKey) && exported.contains(adminToken), exported.constData());
    QVERIFY(!exported.contains(clientKey)); // only its hash exists

    // Under another master secret they cannot be opened: a clear error, exit code 2.
    env.insert(QLatin1String(SecretBox::kEnvVar), QStringLiteral("not-the-key-they-were-sealed-with"));
    QProcess wrongKey;
    wrongKey.setProcessEnvironment(env);
    wrongKey.start(binary, {QStringLiteral("export-config"), QStringLiteral("--data-dir"), dataDir});
    QVERIFY(wrongKey.waitForFinished(15000));
    QCOMPARE(wrongKey.exitStatus(), QProcess::NormalExit);
    QCOMPARE(wrongKey.exitCode(), 2);
    QVERIFY2(wrongKey.readAllStandardError().contains("decrypt"), "no reason given");
}

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_security.moc"
