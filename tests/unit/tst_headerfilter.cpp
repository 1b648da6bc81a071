#include "wire/headerfilter.h"

#include <QTest>

using HeaderFilter::HeaderList;

namespace {

// "Name: value" lines, so a failed comparison prints something readable.
QByteArray describe(const HeaderList &headers)
{
    QByteArray out;
    for (const auto &[name, value] : headers)
        out += name + ": " + value + '\n';
    return out;
}

HeaderList headers(std::initializer_list<const char *> names)
{
    HeaderList out;
    for (const char *name : names)
        out.append({QByteArray(name), QByteArray(QByteArray("v-") + name)});
    return out;
}

} // namespace

class TestHeaderFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forwardsOnlySafeRequestHeaders_data();
    void forwardsOnlySafeRequestHeaders();
    void forwardsOnlySafeResponseHeaders_data();
    void forwardsOnlySafeResponseHeaders();
    void recognisesHopByHopHeaders_data();
    void recognisesHopByHopHeaders();
    void masksSecrets_data();
    void masksSecrets();
    void masksCredentialHeaderValues_data();
    void masksCredentialHeaderValues();
    void masksUrlQuerySecrets_data();
    void masksUrlQuerySecrets();
};

void TestHeaderFilter::forwardsOnlySafeRequestHeaders_data()
{
    QTest::addColumn<HeaderList>("input");
    QTest::addColumn<HeaderList>("expected");

    const HeaderList ordinary = headers({"User-Agent", "Accept", "anthropic-version", "anthropic-beta",
                                         "OpenAI-Organization", "x-stainless-lang", "Idempotency-Key"});
    QTest::addRow("ordinary headers kept in order") << ordinary << ordinary;
    QTest::addRow("hop-by-hop dropped")
        << headers({"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
                    "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Accept"})
        << headers({"Accept"});
    QTest::addRow("headers named by Connection dropped")
        << HeaderList{{"Connection", "keep-alive, X-Custom ,x-other"}, {"x-custom", "1"}, {"X-Other", "2"}, {"X-Kept", "3"}}
        << HeaderList{{"X-Kept", "3"}};
    QTest::addRow("several Connection headers")
        << HeaderList{{"Connection", "X-A"}, {"connection", "X-B"}, {"X-A", "1"}, {"X-B", "2"}, {"X-C", "3"}}
        << HeaderList{{"X-C", "3"}};
    QTest::addRow("relay-set and client-identifying headers dropped")
        << headers({"Host", "Content-Length", "Content-Type", "Expect", "Cookie", "Forwarded", "X-Forwarded-For",
                    "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP", "Origin", "Referer", "Accept-Encoding",
                    "Accept"})
        << headers({"Accept"});
    QTest::addRow("auth headers dropped")
        << headers({"Authorization", "x-api-key", "x-goog-api-key", "api-key", "Accept"}) << headers({"Accept"});
    QTest::addRow("relay control headers dropped")
        << headers({"X-RelayDesk-Channel", "x-relaydesk-trace", "Accept"}) << headers({"Accept"});
    QTest::addRow("names compared case-insensitively")
        << headers({"AUTHORIZATION", "X-API-KEY", "x-FORWARDED-for", "CONTENT-type", "transfer-ENCODING", "Accept"})
        << headers({"Accept"});
    QTest::addRow("near misses kept")
        << headers({"X-Forwarded", "Hostname", "Content-Language", "X-Api-Key-Hint", "X-RelayDeskish", "Accept-Language"})
        << headers({"X-Forwarded", "Hostname", "Content-Language", "X-Api-Key-Hint", "X-RelayDeskish",
                    "Accept-Language"});
    QTest::addRow("empty") << HeaderList() << HeaderList();
}

void TestHeaderFilter::forwardsOnlySafeRequestHeaders()
{
    QFETCH(HeaderList, input);
    QFETCH(HeaderList, expected);

    QCOMPARE(describe(HeaderFilter::forwardableRequestHeaders(input)), describe(expected));
}

void TestHeaderFilter::forwardsOnlySafeResponseHeaders_data()
{
    QTest::addColumn<HeaderList>("input");
    QTest::addColumn<HeaderList>("expected");

    const HeaderList informative = headers({"x-request-id", "request-id", "anthropic-ratelimit-requests-remaining",
                                            "x-ratelimit-remaining-tokens", "openai-processing-ms", "Retry-After",
                                            "Cache-Control"});
    QTest::addRow("informative headers kept in order") << informative << informative;
    QTest::addRow("hop-by-hop and Connection-named dropped")
        << HeaderList{{"Connection", "close, X-Hop"}, {"Transfer-Encoding", "chunked"}, {"Keep-Alive", "timeout=5"},
                      {"X-Hop", "1"}, {"Upgrade", "h2c"}, {"x-request-id", "r1"}}
        << HeaderList{{"x-request-id", "r1"}};
    QTest::addRow("body framing dropped")
        << headers({"Content-Length", "Content-Encoding", "Content-Type", "x-request-id"}) << headers({"x-request-id"});
    QTest::addRow("cookies and auth dropped")
        << headers({"Set-Cookie", "set-cookie2", "Authorization", "x-api-key", "Proxy-Authenticate", "x-request-id"})
        << headers({"x-request-id"});
    QTest::addRow("upstream server details dropped")
        << headers({"Date", "Server", "Alt-Svc", "Strict-Transport-Security", "x-request-id"})
        << headers({"x-request-id"});
    QTest::addRow("chained relay control headers dropped")
        << headers({"X-RelayDesk-Request-Id", "x-request-id"}) << headers({"x-request-id"});
    QTest::addRow("case-insensitive") << headers({"SERVER", "content-LENGTH", "set-COOKIE", "x-request-id"})
                                      << headers({"x-request-id"});
}

void TestHeaderFilter::forwardsOnlySafeResponseHeaders()
{
    QFETCH(HeaderList, input);
    QFETCH(HeaderList, expected);

    QCOMPARE(describe(HeaderFilter::forwardableResponseHeaders(input)), describe(expected));
}

void TestHeaderFilter::recognisesHopByHopHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("hopByHop");

    for (const char *name : {"Connection", "keep-alive", "Proxy-Connection", "Proxy-Authenticate", "PROXY-AUTHORIZATION",
                             "TE", "te", "Trailer", "Transfer-Encoding", "Upgrade"})
        QTest::addRow("%s", name) << QByteArray(name) << true;
    for (const char *name : {"Trailers", "Content-Length", "Authorization", "Host", "Upgrade-Insecure-Requests", "", "T"})
        QTest::addRow("not %s", name) << QByteArray(name) << false;
}

void TestHeaderFilter::recognisesHopByHopHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, hopByHop);

    QCOMPARE(HeaderFilter::isHopByHop(name), hopByHop);
}

void TestHeaderFilter::masksSecrets_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("masked");

    QTest::addRow("empty") << QString() << QStringLiteral("****");
    QTest::addRow("short") << QStringLiteral("abc") << QStringLiteral("****");
    QTest::addRow("twelve characters") << QStringLiteral("abcdefghijkl") << QStringLiteral("****");
    QTest::addRow("thirteen characters") << QStringLiteral("abcdefghijklm") << QStringLiteral("abcd…lm");
    QTest::addRow("anthropic key") << QStringLiteral("sk-ant-api03-abcdefghijkXY") << QStringLiteral("sk-a…XY");
    QTest::addRow("gemini key") << QStringLiteral("AIzaSyA1234567890abcdefgh") << QStringLiteral("AIza…gh");
}

void TestHeaderFilter::masksSecrets()
{
    QFETCH(QString, secret);
    QFETCH(QString, masked);

    QCOMPARE(HeaderFilter::maskSecret(secret), masked);
}

void TestHeaderFilter::masksCredentialHeaderValues_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("masked");

    QTest::addRow("bearer token") << QByteArray("Authorization") << QByteArray("Bearer sk-1234567890abcdef")
                                  << QByteArray("Bearer sk-1…ef");
    QTest::addRow("short bearer token") << QByteArray("authorization") << QByteArray("Bearer abc")
                                        << QByteArray("Bearer ****");
    QTest::addRow("authorization without scheme")
        << QByteArray("Authorization") << QByteArray("sk-1234567890abcdef") << QByteArray("sk-1…ef");
    QTest::addRow("proxy basic credentials") << QByteArray("Proxy-Authorization")
                                             << QByteArray("Basic dXNlcjpwYXNzd29yZA==") << QByteArray("Basic dXNl…==");
    QTest::addRow("x-api-key") << QByteArray("x-api-key") << QByteArray("sk-ant-api03-abcdefghXY")
                               << QByteArray("sk-a…XY");
    QTest::addRow("x-goog-api-key") << QByteArray("X-Goog-Api-Key") << QByteArray("AIzaSyA1234567890abcdefgh")
                                    << QByteArray("AIza…gh");
    QTest::addRow("azure api-key") << QByteArray("api-key") << QByteArray("0123456789abcdef0123")
                                   << QByteArray("0123…23");
    QTest::addRow("cookie keeps names") << QByteArray("Cookie")
                                        << QByteArray("session=abcdefghijklmnop; theme=dark")
                                        << QByteArray("session=abcd…op; theme=****");
    QTest::addRow("other header unchanged") << QByteArray("User-Agent") << QByteArray("curl/8.0 Bearer xyz")
                                            << QByteArray("curl/8.0 Bearer xyz");
    QTest::addRow("content type unchanged") << QByteArray("Content-Type") << QByteArray("application/json")
                                            << QByteArray("application/json");
}

void TestHeaderFilter::masksCredentialHeaderValues()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, masked);

    QCOMPARE(HeaderFilter::maskedHeaderValue(name, value), masked);
}

void TestHeaderFilter::masksUrlQuerySecrets_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("masked");

    const QString base = QStringLiteral("https://generativelanguage.example/v1beta/models/gemini:streamGenerateContent");
    QTest::addRow("key") << QString(base + "?key=AIzaSyA1234567890abcdefgh") << QString(base + "?key=AIza…gh");
    QTest::addRow("key among others") << QString(base + "?alt=sse&key=AIzaSyA1234567890abcdefgh&x=1")
                                      << QString(base + "?alt=sse&key=AIza…gh&x=1");
    QTest::addRow("api_key and access_token")
        << QStringLiteral("https://h/p?api_key=abcdefghijklmnop&access_token=ya29.abcdefghijkl")
        << QStringLiteral("https://h/p?api_key=abcd…op&access_token=ya29…kl");
    QTest::addRow("name case-insensitive") << QStringLiteral("https://h/p?KEY=abcdefghijklmnop")
                                           << QStringLiteral("https://h/p?KEY=abcd…op");
    QTest::addRow("short and empty values") << QStringLiteral("https://h/p?key=abc&api_key=")
                                            << QStringLiteral("https://h/p?key=****&api_key=****");
    QTest::addRow("similar names untouched") << QStringLiteral("https://h/p?monkey=abcdefghijklmnop&keys=abcdefghijklmnop")
                                             << QStringLiteral("https://h/p?monkey=abcdefghijklmnop&keys=abcdefghijklmnop");
    QTest::addRow("fragment kept") << QStringLiteral("https://h/p?key=abcdefghijklmnop#top")
                                   << QStringLiteral("https://h/p?key=abcd…op#top");
    QTest::addRow("no query") << QStringLiteral("https://h/p/key=abcdefghijklmnop")
                              << QStringLiteral("https://h/p/key=abcdefghijklmnop");
    QTest::addRow("empty") << QString() << QString();
}

void TestHeaderFilter::masksUrlQuerySecrets()
{
    QFETCH(QString, url);
    QFETCH(QString, masked);

    QCOMPARE(HeaderFilter::maskUrlQuerySecrets(url), masked);
}

QTEST_GUILESS_MAIN(TestHeaderFilter)
#include "tst_headerfilter.moc"
