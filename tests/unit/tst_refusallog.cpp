// Rows and log lines of requests refused outside any session (issue #8): bounded, masked,
// never the presented key, and a flood of refusals does not flood the relay's log.
#include "relay/refusallog.h"

#include <QTest>

namespace {

QStringList g_lines; // relaydesk.relay lines seen while a test records refusals

void captureRelayLines(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (QByteArrayView(context.category) == "relaydesk.relay")
        g_lines.append(message);
}

RefusalLog::Refusal refusal(const QString &path)
{
    RefusalLog::Refusal r;
    r.requestId = QStringLiteral("req_1");
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.method = "POST";
    r.path = path;
    r.httpStatus = 413;
    r.message = QStringLiteral("request body over max_request_bytes (1024 bytes)");
    return r;
}

} // namespace

class TestRefusalLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowSaysWhatWasRefusedAndWhy();
    void longPathIsBoundedAndMasked();
    void pathNamesTheClientFormat_data();
    void pathNamesTheClientFormat();
    void floodOfRefusalsIsRateLimitedInTheLog();
};

void TestRefusalLog::rowSaysWhatWasRefusedAndWhy()
{
    RefusalLog log;
    g_lines.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureRelayLines);
    const RequestLogRow row = log.record(nullptr, QStringLiteral("node-a"), refusal(QStringLiteral("/v1/messages")));
    qInstallMessageHandler(previous);
    QCOMPARE(row.node, QStringLiteral("node-a"));
    QCOMPARE(row.path, QStringLiteral("/v1/messages"));
    QCOMPARE(row.clientFormat, QStringLiteral("anthropic"));
    QCOMPARE(row.httpStatus, 413);
    QCOMPARE(endReasonName(row.streamStatus.endReason), QStringLiteral("rejected"));
    QVERIFY(row.errorMessage.contains(QLatin1String("max_request_bytes")));
    QVERIFY(row.keyName.isEmpty());
    QCOMPARE(row.detail.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
    QVERIFY(!row.ok());
    QCOMPARE(g_lines.size(), 1);
    QVERIFY2(g_lines.first().contains(QLatin1String("refused POST /v1/messages with 413")), qPrintable(g_lines.first()));
}

void TestRefusalLog::longPathIsBoundedAndMasked()
{
    const QString secret = QStringLiteral("sk-abcdefghijklmnopqrstuvwxyz0123456789");
    const QString path = QStringLiteral("/v1/") + secret + QStringLiteral("/") + QString(5000, u'a');
    RefusalLog log;
    const QtMessageHandler previous = qInstallMessageHandler(captureRelayLines);
    const RequestLogRow row = log.record(nullptr, QStringLiteral("n"), refusal(path));
    qInstallMessageHandler(previous);
    QVERIFY2(row.path.size() <= RefusalLog::kMaxPathChars + 3, qPrintable(QString::number(row.path.size())));
    QVERIFY(row.path.startsWith(QLatin1String("/v1/")));
    QVERIFY2(!row.path.contains(secret), qPrintable(row.path));
}

void TestRefusalLog::pathNamesTheClientFormat_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("format"); // "" = the path does not tell
    QTest::newRow("chat") << "/v1/chat/completions" << "openai-chat";
    QTest::newRow("responses") << "/v1/responses" << "openai-responses";
    QTest::newRow("messages") << "/v1/messages" << "anthropic";
    QTest::newRow("gemini") << "/v1beta/models/g:generateContent" << "gemini";
    QTest::newRow("models list") << "/v1/models" << "";
    QTest::newRow("unknown") << "/v1/../admin/config" << "";
}

void TestRefusalLog::pathNamesTheClientFormat()
{
    QFETCH(QString, path);
    QFETCH(QString, format);
    const std::optional<ApiFormat> f = RefusalLog::formatOfPath(path);
    QCOMPARE(f ? apiFormatName(*f) : QString(), format);
}

void TestRefusalLog::floodOfRefusalsIsRateLimitedInTheLog()
{
    RefusalLog log;
    g_lines.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureRelayLines);
    int rows = 0;
    for (int i = 0; i < 10 * RefusalLog::kLinesPerWindow; ++i)
        rows += log.record(nullptr, QStringLiteral("n"), refusal(QStringLiteral("/v1/chat/completions"))).httpStatus == 413;
    qInstallMessageHandler(previous);
    QCOMPARE(rows, 10 * RefusalLog::kLinesPerWindow); // every refusal has its row
    QCOMPARE(g_lines.size(), RefusalLog::kLinesPerWindow);
}

QTEST_GUILESS_MAIN(TestRefusalLog)
#include "tst_refusallog.moc"
