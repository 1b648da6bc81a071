// Error signatures: messages of every upstream format that differ only by what varies between
// occurrences (ids, numbers, times, URLs, keys) group together; different failures do not.

#include "obs/errorentry.h"
#include "obs/errorsignature.h"

#include <QTest>

class TestErrorSignature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameFailureWithDifferentIdsIsOneSignature_data();
    void sameFailureWithDifferentIdsIsOneSignature();
    void differentFailuresAreDifferentSignatures_data();
    void differentFailuresAreDifferentSignatures();
    void kindAndChannelTypeArePartOfTheSignature();
    void signatureIsStableAcrossRuns_data();
    void signatureIsStableAcrossRuns();
    void secretsNeverReachASignatureOrMessage();
    void signatureIsBounded();
    void emptyMessageGivesKindAlone();
};

void TestErrorSignature::sameFailureWithDifferentIdsIsOneSignature_data()
{
    QTest::addColumn<QString>("channelType");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("openai request id")
        << "openai-chat"
        << "The server had an error while processing your request. Sorry about that! (Please include the request ID "
           "req_8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c in your message.)"
        << "The server had an error while processing your request. Sorry about that! (Please include the request ID "
           "req_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d in your message.)";
    QTest::newRow("openai rate limit numbers and org")
        << "openai-chat"
        << "Rate limit reached for gpt-4o in organization org-AbC123xyzQwe on tokens per min (TPM): Limit 30000, "
           "Used 29876, Requested 1234. Please try again in 2.468s. Visit https://platform.openai.com/account/rate-limits "
           "to learn more."
        << "Rate limit reached for gpt-4o in organization org-ZZz987uvwRty on tokens per min (TPM): Limit 30000, "
           "Used 12, Requested 40001. Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits?x=1 "
           "to learn more.";
    QTest::newRow("openai context length")
        << "openai-chat"
        << "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens."
        << "This model's maximum context length is 200000 tokens. However, your messages resulted in 201337 tokens.";
    QTest::newRow("responses quoted item id")
        << "openai-responses"
        << "Item with id 'rs_68a1b2c3d4e5f6a7b8c9' not found. Items are not persisted when `store` is set to false."
        << "Item with id 'rs_0f9e8d7c6b5a49382716' not found. Items are not persisted when `store` is set to false.";
    QTest::newRow("responses previous response")
        << "openai-responses"
        << "Previous response with id 'resp_68b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4' not found."
        << "Previous response with id 'resp_0123456789abcdef0123456789abcdef' not found.";
    QTest::newRow("anthropic tool_use id and message index")
        << "anthropic"
        << "messages.3.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01A09q90qw90lq917835lq9. "
           "Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
        << "messages.17.content.2: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01XyZ8Ab7Cd6Ef5Gh4Ij3Kl. "
           "Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
    QTest::newRow("anthropic org uuid and thousands")
        << "anthropic"
        << "This request would exceed the rate limit for your organization (a1b2c3d4-e5f6-7890-abcd-ef1234567890) of "
           "40,000 input tokens per minute."
        << "This request would exceed the rate limit for your organization (0fedcba9-8765-4321-0fed-cba987654321) of "
           "400,000 input tokens per minute.";
    QTest::newRow("gemini field path")
        << "gemini"
        << "* GenerateContentRequest.contents[2].parts[0].function_response.name: Name cannot be empty."
        << "* GenerateContentRequest.contents[11].parts[3].function_response.name: Name cannot be empty.";
    QTest::newRow("timestamps")
        << "gemini"
        << "Quota exceeded at 2025-06-01T12:34:56.789Z, retry after Mon, 02 Jun 2025 08:00:00 GMT"
        << "Quota exceeded at 2025-07-14T01:02:03Z, retry after Tue, 15 Jul 2025 23:59:59 GMT";
    QTest::newRow("relay premature close")
        << "openai-chat" << "upstream closed the stream before its terminal event"
        << "upstream closed the stream before its terminal event";
    QTest::newRow("relay timeouts")
        << "anthropic" << "upstream sent nothing for 300 s" << "upstream sent nothing for 2 s";
    QTest::newRow("email and hex")
        << "openai-chat" << "account owner@example.com suspended (trace 0x7ffd3a2b)"
        << "account someone.else@corp.example.org suspended (trace 0x1)";
    QTest::newRow("keys echoed by the upstream")
        << "openai-chat"
        << "Incorrect API key provided: sk-proj-abc123defghijklmnopqrstuvwxyz0987. You can find your API key at "
           "https://platform.openai.com/account/api-keys."
        << "Incorrect API key provided: sk-Zyxwvutsrqponmlkjihgfedcba12. You can find your API key at "
           "https://platform.openai.com/account/api-keys.";
    QTest::newRow("quoted model names")
        << "openai-chat" << "The model `gpt-5-mini-2025-08-07` does not exist or you do not have access to it."
        << "The model `o3-pro` does not exist or you do not have access to it.";
}

void TestErrorSignature::sameFailureWithDifferentIdsIsOneSignature()
{
    QFETCH(QString, channelType);
    QFETCH(QString, a);
    QFETCH(QString, b);
    const QString sa = errorSignature(QStringLiteral("upstream-error"), channelType, a);
    const QString sb = errorSignature(QStringLiteral("upstream-error"), channelType, b);
    QCOMPARE(sa, sb);
}

void TestErrorSignature::differentFailuresAreDifferentSignatures_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("http status kept") << "upstream HTTP 429: Too Many Requests" << "upstream HTTP 500: Too Many Requests";
    QTest::newRow("status code kept") << "Error code: 400 - bad request" << "Error code: 401 - bad request";
    QTest::newRow("different text") << "Overloaded" << "Internal server error";
    QTest::newRow("premature vs connect")
        << "upstream closed the stream before its terminal event" << "upstream connection failed: Connection refused";
    QTest::newRow("different field names")
        << "messages.0.content: Field required" << "messages.0.role: Field required";
}

void TestErrorSignature::differentFailuresAreDifferentSignatures()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QVERIFY(errorSignature(QStringLiteral("upstream-error"), QStringLiteral("openai-chat"), a)
            != errorSignature(QStringLiteral("upstream-error"), QStringLiteral("openai-chat"), b));
}

void TestErrorSignature::kindAndChannelTypeArePartOfTheSignature()
{
    const QString msg = QStringLiteral("upstream closed the stream before its terminal event");
    const QString premature = errorSignature(QStringLiteral("upstream-premature"), QStringLiteral("anthropic"), msg);
    QVERIFY(premature != errorSignature(QStringLiteral("upstream-error"), QStringLiteral("anthropic"), msg));
    QVERIFY(premature != errorSignature(QStringLiteral("upstream-premature"), QStringLiteral("gemini"), msg));
    QVERIFY(premature.startsWith(QLatin1String("upstream-premature anthropic: ")));
}

void TestErrorSignature::signatureIsStableAcrossRuns_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("channelType");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");
    // Golden strings: a change here regroups every stored error log, so it must be deliberate.
    QTest::newRow("premature") << "upstream-premature" << "openai-chat"
                               << "upstream closed the stream before its terminal event"
                               << "upstream-premature openai-chat: upstream closed the stream before its terminal event";
    QTest::newRow("http status") << "upstream-error" << "anthropic"
                                 << "upstream HTTP 529: Overloaded (request req_011CSHoEeqs5C35K2UUqR7Fy)"
                                 << "upstream-error anthropic: upstream HTTP 529: Overloaded (request req_<id>)";
    QTest::newRow("auth") << "auth" << "" << "API key 'laptop' has expired" << "auth: API key '<v>' has expired";
    QTest::newRow("timeout") << "timeout" << "gemini" << "no upstream byte within 120 s"
                             << "timeout gemini: no upstream byte within <duration>";
    QTest::newRow("url and uuid") << "upstream-error" << "openai-responses"
                                  << "see https://status.example.com/i/42 for 3f2504e0-4f89-11d3-9a0c-0305e82c3301"
                                  << "upstream-error openai-responses: see <url> for <uuid>";
}

void TestErrorSignature::signatureIsStableAcrossRuns()
{
    QFETCH(QString, kind);
    QFETCH(QString, channelType);
    QFETCH(QString, message);
    QFETCH(QString, expected);
    QCOMPARE(errorSignature(kind, channelType, message), expected);
}

void TestErrorSignature::secretsNeverReachASignatureOrMessage()
{
    const QString raw = QStringLiteral("Incorrect API key provided: sk-abcdefghijklmnopqrst (header Authorization: "
                                       "Bearer rk-live-abcdefghijklmnop, url https://x.example/v1?key=AIzaSyA1234567890abcdefghij)");
    const QString sig = errorSignature(QStringLiteral("upstream-error"), QStringLiteral("openai-chat"), raw);
    const ErrorEntry e = ErrorEntry::make(ErrorKind::UpstreamError, QStringLiteral("openai-chat"), raw);
    for (const QString &text : {sig, e.message}) {
        QVERIFY2(!text.contains(QLatin1String("abcdefghijklmnopqrst")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("live-abcdefghijklmnop")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("1234567890abcdefghij")), qPrintable(text));
    }
    QCOMPARE(e.signature, sig);
}

void TestErrorSignature::signatureIsBounded()
{
    QString huge;
    for (int i = 0; i < 2000; ++i)
        huge += QStringLiteral("word%1 ").arg(i % 7 == 0 ? QStringLiteral("x") : QStringLiteral("y"));
    const QString sig = errorSignature(QStringLiteral("internal"), QString(), huge);
    QVERIFY(sig.size() <= kMaxSignatureLength);
    QCOMPARE(sig, errorSignature(QStringLiteral("internal"), QString(), huge));
}

void TestErrorSignature::emptyMessageGivesKindAlone()
{
    QCOMPARE(errorSignature(QStringLiteral("client-abort"), QStringLiteral("gemini"), QString()),
             QStringLiteral("client-abort gemini"));
    QCOMPARE(errorSignature(QStringLiteral("auth"), QString(), QStringLiteral("  ")), QStringLiteral("auth"));
}

QTEST_GUILESS_MAIN(TestErrorSignature)
#include "tst_errorsignature.moc"
