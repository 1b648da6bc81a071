#include "wire/sseparser.h"

#include <QElapsedTimer>
#include <QTest>

namespace {

// One event as a readable line: "event|data|id", or "#comment" for a keep-alive frame.
QByteArray describe(const SseEvent &e)
{
    if (e.commentOnly)
        return QByteArrayLiteral("#comment");
    return e.event + '|' + e.data + '|' + e.id;
}

QByteArray describeAll(const QList<SseEvent> &events)
{
    QByteArrayList lines;
    for (const SseEvent &e : events)
        lines.append(describe(e));
    return lines.join("\n--\n");
}

QByteArrayList raws(const QList<SseEvent> &events)
{
    QByteArrayList out;
    for (const SseEvent &e : events)
        out.append(e.raw);
    return out;
}

QList<SseEvent> feedInPieces(SseParser &parser, QByteArrayView input, const QList<qsizetype> &cuts)
{
    QList<SseEvent> events;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        events += parser.feed(input.sliced(from, cut - from));
        from = cut;
    }
    events += parser.feed(input.sliced(from));
    return events;
}

// A frame whose blank line was a CRLF split across two reads is dispatched at the CR (waiting
// for the LF would stall CR-only streams), so its raw lacks that LF; any other difference is a bug.
bool sameRaw(const QByteArray &split, const QByteArray &whole)
{
    return split == whole || (split.endsWith('\r') && split + '\n' == whole);
}

const QByteArray transcriptLf = "event: message_start\ndata: {\"a\":1}\n\n"
                                ": keep-alive\n\n"
                                "data: line1\ndata: line2\nid: 7\n\n"
                                "event: ping\n\n"
                                "data: [DONE]\n\n";

QByteArray withLineEnds(QByteArray lf, const char *end)
{
    return lf.replace("\n", end);
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryLineEndingStyle_data();
    void parsesEveryLineEndingStyle();
    void appliesFieldRules_data();
    void appliesFieldRules();
    void splitAtAnyByteMatchesUnsplit_data();
    void splitAtAnyByteMatchesUnsplit();
    void handlesCrAtChunkBoundary_data();
    void handlesCrAtChunkBoundary();
    void failsOnOverlongLine_data();
    void failsOnOverlongLine();
    void finishCompletesPendingFrame_data();
    void finishCompletesPendingFrame();
    void acceptsHugeLineInPieces();
    void boundsBufferForHugeLineOverLimit();
    void writesFrames_data();
    void writesFrames();
};

void TestSseParser::parsesEveryLineEndingStyle_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray expected = "message_start|{\"a\":1}|\n--\n#comment\n--\n|line1\nline2|7\n--\nping||\n--\n|[DONE]|";
    QTest::addRow("lf") << transcriptLf << expected;
    QTest::addRow("crlf") << withLineEnds(transcriptLf, "\r\n") << expected;
    QTest::addRow("cr") << withLineEnds(transcriptLf, "\r") << expected;
    QTest::addRow("mixed") << QByteArray("event: message_start\r\ndata: {\"a\":1}\n\r: keep-alive\r\r\n"
                                         "data: line1\rdata: line2\r\nid: 7\n\nevent: ping\r\n\r\n"
                                         "data: [DONE]\r\r")
                           << expected;
}

void TestSseParser::parsesEveryLineEndingStyle()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);

    SseParser parser;
    const QList<SseEvent> events = parser.feed(input);
    QCOMPARE(describeAll(events), expected);
    // Nothing dropped, nothing duplicated: the frames' raw bytes are the stream.
    QCOMPARE(raws(events).join(), input);
    QVERIFY(parser.finish().isEmpty());
    QVERIFY(!parser.hasError());
}

void TestSseParser::appliesFieldRules_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("multi-line data joined with LF") << QByteArray("data: a\ndata: b\ndata: c\n\n") << QByteArray("|a\nb\nc|");
    QTest::addRow("only one leading space stripped") << QByteArray("data:  two\n\n") << QByteArray("| two|");
    QTest::addRow("no space after colon") << QByteArray("data:x\n\n") << QByteArray("|x|");
    QTest::addRow("colon in value kept") << QByteArray("data: {\"k\": \"v\"}\n\n") << QByteArray("|{\"k\": \"v\"}|");
    QTest::addRow("field without colon is empty value")
        << QByteArray("data\ndata: b\n\n") << QByteArray("|\nb|");
    QTest::addRow("empty data line") << QByteArray("data:\n\n") << QByteArray("||");
    QTest::addRow("event without data") << QByteArray("event: ping\n\n") << QByteArray("ping||");
    QTest::addRow("last event line wins") << QByteArray("event: a\nevent: b\ndata: 1\n\n") << QByteArray("b|1|");
    QTest::addRow("id") << QByteArray("id: 42\ndata: x\n\n") << QByteArray("|x|42");
    QTest::addRow("id with NUL ignored") << QByteArray(QByteArray("id: 4") + '\0' + "2\ndata: x\n\n") << QByteArray("|x|");
    QTest::addRow("retry ignored") << QByteArray("retry: 1000\ndata: x\n\n") << QByteArray("|x|");
    QTest::addRow("unknown field ignored") << QByteArray("foo: bar\ndata: x\n\n") << QByteArray("|x|");
    QTest::addRow("field names are case-sensitive") << QByteArray("Data: x\nEVENT: y\ndata: z\n\n") << QByteArray("|z|");
    QTest::addRow("comment between data lines") << QByteArray("data: a\n: note\ndata: b\n\n") << QByteArray("|a\nb|");
    QTest::addRow("comments-only frame") << QByteArray(": ping\n: again\n\n") << QByteArray("#comment");
    QTest::addRow("bare colon comment") << QByteArray(":\n\n") << QByteArray("#comment");
    QTest::addRow("retry-only frame is a keep-alive") << QByteArray("retry: 5\n\n") << QByteArray("#comment");
    QTest::addRow("leading blank lines produce nothing") << QByteArray("\n\r\n\r\ndata: x\n\n") << QByteArray("|x|");
    QTest::addRow("extra blank lines between frames")
        << QByteArray("data: a\n\n\n\n\ndata: b\n\n") << QByteArray("|a|\n--\n|b|");
    QTest::addRow("blank lines only") << QByteArray("\n\n\r\n\r") << QByteArray();
    QTest::addRow("utf-8 passes through") << QByteArray("data: h\xc3\xa9llo\n\n") << QByteArray("|h\xc3\xa9llo|");
}

void TestSseParser::appliesFieldRules()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);

    SseParser parser;
    const QList<SseEvent> events = parser.feed(input);
    QCOMPARE(describeAll(events), expected);
    for (const SseEvent &e : events) {
        QVERIFY2(input.contains(e.raw), e.raw.constData());
        QVERIFY(e.raw.endsWith("\n\n") || e.raw.endsWith("\r\n\r\n") || e.raw.endsWith("\r\r"));
    }
}

void TestSseParser::splitAtAnyByteMatchesUnsplit_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::addRow("lf") << transcriptLf;
    QTest::addRow("crlf") << withLineEnds(transcriptLf, "\r\n");
    QTest::addRow("cr") << withLineEnds(transcriptLf, "\r");
    QTest::addRow("mixed with stray blank lines")
        << QByteArray("\r\n: hi\r\n\r\nevent: x\rdata: 1\r\n\rdata: 2\n\n\r\ndata: [DONE]\r\n\r\n");
}

void TestSseParser::splitAtAnyByteMatchesUnsplit()
{
    QFETCH(QByteArray, input);

    SseParser reference;
    const QList<SseEvent> whole = reference.feed(input);
    QVERIFY(!whole.isEmpty());

    auto check = [&](const QList<qsizetype> &cuts) {
        SseParser parser;
        const QList<SseEvent> split = feedInPieces(parser, input, cuts);
        QCOMPARE(describeAll(split), describeAll(whole));
        for (qsizetype i = 0; i < whole.size(); ++i)
            QVERIFY2(sameRaw(split[i].raw, whole[i].raw), split[i].raw.constData());
        QVERIFY(parser.finish().isEmpty());
    };
    for (qsizetype a = 0; a <= input.size(); ++a) {
        check({a});
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("single split at %1").arg(a)));
        for (qsizetype b = a; b <= input.size(); b += 3) {
            check({a, b});
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("splits at %1 and %2").arg(a).arg(b)));
        }
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < input.size(); ++i)
        everyByte.append(i);
    check(everyByte);
}

void TestSseParser::handlesCrAtChunkBoundary_data()
{
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArray>("second");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QByteArrayList>("expectedRaws");

    QTest::addRow("CRLF of a field line split")
        << QByteArray("data: a\r") << QByteArray("\ndata: b\r\n\r\n") << QByteArray("|a\nb|")
        << QByteArrayList{"data: a\r\ndata: b\r\n\r\n"};
    QTest::addRow("CRLF of the blank line split")
        << QByteArray("data: a\r\n\r") << QByteArray("\ndata: b\r\n\r\n") << QByteArray("|a|\n--\n|b|")
        << QByteArrayList{"data: a\r\n\r", "data: b\r\n\r\n"};
    QTest::addRow("lone CR then a field")
        << QByteArray("data: a\r") << QByteArray("data: b\r\r") << QByteArray("|a\nb|")
        << QByteArrayList{"data: a\rdata: b\r\r"};
    QTest::addRow("lone CR then a blank line")
        << QByteArray("data: a\r") << QByteArray("\r") << QByteArray("|a|") << QByteArrayList{"data: a\r\r"};
    QTest::addRow("CR LF LF across the boundary")
        << QByteArray("data: a\r") << QByteArray("\n\n") << QByteArray("|a|") << QByteArrayList{"data: a\r\n\n"};
}

void TestSseParser::handlesCrAtChunkBoundary()
{
    QFETCH(QByteArray, first);
    QFETCH(QByteArray, second);
    QFETCH(QByteArray, expected);
    QFETCH(QByteArrayList, expectedRaws);

    SseParser parser;
    QList<SseEvent> events = parser.feed(first);
    events += parser.feed({}); // an empty read must not lose the pending CR
    events += parser.feed(second);
    QCOMPARE(describeAll(events), expected);
    QCOMPARE(raws(events), expectedRaws);
    QVERIFY(parser.finish().isEmpty());
}

void TestSseParser::failsOnOverlongLine_data()
{
    QTest::addColumn<QByteArrayList>("pieces");
    QTest::addColumn<QByteArray>("expectedBeforeError");
    QTest::addColumn<bool>("error");

    // The limit is 10 bytes.
    QTest::addRow("line at the limit") << QByteArrayList{"data: 1234\n\n"} << QByteArray("|1234|") << false;
    QTest::addRow("line over the limit") << QByteArrayList{"data: 12345\n\n"} << QByteArray() << true;
    QTest::addRow("events before the long line are kept")
        << QByteArrayList{"data: a\n\ndata: 0123456789\n\n"} << QByteArray("|a|") << true;
    QTest::addRow("incomplete line over the limit")
        << QByteArrayList{"data: a\n\n", "data: 01", "23456789"} << QByteArray("|a|") << true;
    QTest::addRow("CRLF does not count") << QByteArrayList{"data: 1234\r\n\r\n"} << QByteArray("|1234|") << false;
    QTest::addRow("long comment") << QByteArrayList{": this is a long comment\n\n"} << QByteArray() << true;
}

void TestSseParser::failsOnOverlongLine()
{
    QFETCH(QByteArrayList, pieces);
    QFETCH(QByteArray, expectedBeforeError);
    QFETCH(bool, error);

    SseParser parser(10);
    QList<SseEvent> events;
    for (const QByteArray &piece : pieces)
        events += parser.feed(piece);
    QCOMPARE(describeAll(events), expectedBeforeError);
    QCOMPARE(parser.hasError(), error);
    if (!error)
        return;
    QCOMPARE(parser.errorString(), QStringLiteral("SSE line exceeds 10 bytes"));
    QCOMPARE(parser.bufferedBytes(), 0);
    // The stream cannot be framed any more: nothing comes out after the error.
    QVERIFY(parser.feed("\n\ndata: b\n\n").isEmpty());
    QVERIFY(parser.finish().isEmpty());
}

void TestSseParser::finishCompletesPendingFrame_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QByteArrayList>("expectedRaws");

    QTest::addRow("missing blank line") << QByteArray("data: a\n") << QByteArray("|a|") << QByteArrayList{"data: a\n\n"};
    QTest::addRow("missing line end and blank line")
        << QByteArray("data: [DONE]") << QByteArray("|[DONE]|") << QByteArrayList{"data: [DONE]\n\n"};
    QTest::addRow("crlf terminator kept") << QByteArray("event: e\r\ndata: a\r\n") << QByteArray("e|a|")
                                          << QByteArrayList{"event: e\r\ndata: a\r\n\r\n"};
    QTest::addRow("crlf style for unterminated line")
        << QByteArray("data: a\r\ndata: b") << QByteArray("|a\nb|") << QByteArrayList{"data: a\r\ndata: b\r\n\r\n"};
    QTest::addRow("complete frame already returned") << QByteArray("data: a\n\n") << QByteArray() << QByteArrayList{};
    QTest::addRow("partial comment dropped") << QByteArray("data: a\n\n: keep") << QByteArray() << QByteArrayList{};
    QTest::addRow("partial field without data dropped")
        << QByteArray("data: a\n\nevent: x") << QByteArray() << QByteArrayList{};
    QTest::addRow("pending event without data dropped") << QByteArray("event: x\n") << QByteArray() << QByteArrayList{};
    QTest::addRow("nothing") << QByteArray() << QByteArray() << QByteArrayList{};
}

void TestSseParser::finishCompletesPendingFrame()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(QByteArrayList, expectedRaws);

    SseParser parser;
    parser.feed(input);
    const QList<SseEvent> events = parser.finish();
    QCOMPARE(describeAll(events), expected);
    QCOMPARE(raws(events), expectedRaws);
    QVERIFY(!parser.hasError());
}

void TestSseParser::acceptsHugeLineInPieces()
{
    constexpr qsizetype lineSize = 10 * 1024 * 1024;
    constexpr qsizetype piece = 16 * 1024;
    const QByteArray input = "data: " + QByteArray(lineSize, 'x') + "\n\n";

    SseParser parser(16 * 1024 * 1024);
    QList<SseEvent> events;
    QElapsedTimer timer;
    timer.start();
    for (qsizetype from = 0; from < input.size(); from += piece)
        events += parser.feed(QByteArrayView(input).sliced(from, qMin(piece, input.size() - from)));
    // Linear work takes tens of milliseconds; rescanning the buffer on every read takes seconds.
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!parser.hasError());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data.size(), lineSize);
    QCOMPARE(events.first().raw.size(), input.size());
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestSseParser::boundsBufferForHugeLineOverLimit()
{
    constexpr qsizetype limit = 1024 * 1024;
    constexpr qsizetype piece = 16 * 1024;
    const QByteArray input = "data: a\n\ndata: " + QByteArray(10 * 1024 * 1024, 'x') + "\n\n";

    SseParser parser(limit);
    QList<SseEvent> events;
    qsizetype fedAfterError = 0;
    for (qsizetype from = 0; from < input.size(); from += piece) {
        const QList<SseEvent> got = parser.feed(QByteArrayView(input).sliced(from, qMin(piece, input.size() - from)));
        if (parser.hasError() && fedAfterError++ > 0)
            QVERIFY(got.isEmpty());
        events += got;
        QVERIFY2(parser.bufferedBytes() <= limit + piece, qPrintable(QString::number(parser.bufferedBytes())));
    }
    QVERIFY(parser.hasError());
    QCOMPARE(parser.errorString(), QStringLiteral("SSE line exceeds %1 bytes").arg(limit));
    QCOMPARE(describeAll(events), QByteArray("|a|"));
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestSseParser::writesFrames_data()
{
    QTest::addColumn<QByteArray>("written");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("event and data") << Sse::frame("message_start", "{\"a\":1}")
                                    << QByteArray("event: message_start\ndata: {\"a\":1}\n\n");
    QTest::addRow("no event") << Sse::frame({}, "{}") << QByteArray("data: {}\n\n");
    QTest::addRow("multi-line data split") << Sse::frame("e", "a\nb\r\nc\rd")
                                           << QByteArray("event: e\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    QTest::addRow("data frame") << Sse::dataFrame("[DONE]") << QByteArray("data: [DONE]\n\n");
    QTest::addRow("empty data") << Sse::dataFrame({}) << QByteArray("data: \n\n");
    QTest::addRow("comment") << Sse::comment("keep-alive") << QByteArray(": keep-alive\n\n");
    QTest::addRow("multi-line comment") << Sse::comment("a\nb") << QByteArray(": a\n: b\n\n");
}

void TestSseParser::writesFrames()
{
    QFETCH(QByteArray, written);
    QFETCH(QByteArray, expected);

    QCOMPARE(written, expected);
    // What the writer produces, the parser reads back as one frame.
    SseParser parser;
    const QList<SseEvent> events = parser.feed(written);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().raw, written);
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
