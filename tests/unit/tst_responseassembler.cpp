// A non-stream client of a streaming upstream gets the Response the ResponseAssembler builds
// from the canonical events: every block's content in index order, tool calls with their ids
// and arguments, thinking with its signature, the stop reason, and usage merged from pieces.
#include "codectestkit.h"

#include "model/responseassembler.h"

#include <QTest>

namespace {

using Type = StreamEvent::Type;
using Kind = ContentPart::Kind;

// The canonical events, built with the codec tests' builders (tests/common/codectestkit.h).
StreamEvent ev(Type type, int index = 0, const QString &text = QString()) { return CodecKit::streamEvent(type, index, text); }
StreamEvent start(int index, Kind kind) { return CodecKit::blockStart(index, kind); }
StreamEvent toolStart(int index, const QString &id, const QString &name) { return CodecKit::blockStart(index, Kind::ToolCall, id, name); }
using CodecKit::finish;

StreamEvent messageStart(const QString &id, const QString &model)
{
    StreamEvent e = ev(Type::MessageStart);
    e.id = id;
    e.model = model;
    return e;
}

StreamEvent usage(qint64 in, qint64 out, qint64 cached = 0, qint64 reasoning = 0)
{
    return CodecKit::usage(in, out, cached, reasoning);
}

// A compact description of the content for table-driven comparisons:
// "text:Hi|tool:call_1:shell:{}|thinking:why:sig".
QString describe(const Response &r)
{
    QStringList out;
    for (const ContentPart &p : r.content) {
        switch (p.kind) {
        case Kind::Text: out << QStringLiteral("text:") + p.text; break;
        case Kind::Thinking: out << QStringLiteral("thinking:") + p.text + QLatin1Char(':') + p.signature; break;
        case Kind::RedactedThinking: out << QStringLiteral("redacted:") + p.signature; break;
        case Kind::ToolCall:
            out << QStringLiteral("tool:") + p.toolCallId + QLatin1Char(':') + p.toolName + QLatin1Char(':') + p.arguments;
            break;
        default: out << QStringLiteral("other"); break;
        }
    }
    return out.join(QLatin1Char('|'));
}

} // namespace

Q_DECLARE_METATYPE(StreamEvents)
Q_DECLARE_METATYPE(StopReason)

class TestResponseAssembler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void assemblesContentInIndexOrder_data();
    void assemblesContentInIndexOrder();
    void stopReasonFollowsFinishOrWhatWasSeen_data();
    void stopReasonFollowsFinishOrWhatWasSeen();
    void keepsIdModelAndMergesUsage();
    void keepsReasoningIdOfThinkingStart();
    void ignoresEverythingAfterEnd();
    void recordsFirstError();
};

void TestResponseAssembler::assemblesContentInIndexOrder_data()
{
    QTest::addColumn<StreamEvents>("events");
    QTest::addColumn<QString>("expected");

    QTest::addRow("text with start and stop")
        << StreamEvents{start(0, Kind::Text), ev(Type::TextDelta, 0, QStringLiteral("Hi")),
                        ev(Type::TextDelta, 0, QStringLiteral(" there")), ev(Type::BlockStop, 0)}
        << QStringLiteral("text:Hi there");
    QTest::addRow("deltas without starts open blocks")
        << StreamEvents{ev(Type::ThinkingDelta, 0, QStringLiteral("hmm")), ev(Type::SignatureDelta, 0, QStringLiteral("sig")),
                        ev(Type::TextDelta, 1, QStringLiteral("ok")), ev(Type::ToolArgsDelta, 2, QStringLiteral("{\"a\":1}"))}
        << QStringLiteral("thinking:hmm:sig|text:ok|tool:::{\"a\":1}");
    QTest::addRow("parallel tool calls interleaved")
        << StreamEvents{toolStart(0, QStringLiteral("call_a"), QStringLiteral("read")),
                        toolStart(1, QStringLiteral("call_b"), QStringLiteral("grep")),
                        ev(Type::ToolArgsDelta, 1, QStringLiteral("{\"q\":")), ev(Type::ToolArgsDelta, 0, QStringLiteral("{\"p\":\"x\"}")),
                        ev(Type::ToolArgsDelta, 1, QStringLiteral("\"y\"}")), ev(Type::BlockStop, 0), ev(Type::BlockStop, 1)}
        << QStringLiteral("tool:call_a:read:{\"p\":\"x\"}|tool:call_b:grep:{\"q\":\"y\"}");
    QTest::addRow("blocks sorted by index, not arrival")
        << StreamEvents{ev(Type::TextDelta, 2, QStringLiteral("c")), ev(Type::TextDelta, 0, QStringLiteral("a")),
                        ev(Type::TextDelta, 1, QStringLiteral("b"))}
        << QStringLiteral("text:a|text:b|text:c");
    QTest::addRow("tool call without arguments gets {}")
        << StreamEvents{toolStart(0, QStringLiteral("call_1"), QStringLiteral("now")), ev(Type::BlockStop, 0)}
        << QStringLiteral("tool:call_1:now:{}");
    QTest::addRow("empty text block dropped")
        << StreamEvents{start(0, Kind::Text), ev(Type::BlockStop, 0), toolStart(1, QStringLiteral("c"), QStringLiteral("f"))}
        << QStringLiteral("tool:c:f:{}");
    QTest::addRow("late signature joins its stopped thinking")
        << StreamEvents{start(0, Kind::Thinking), ev(Type::ThinkingDelta, 0, QStringLiteral("t")), ev(Type::BlockStop, 0),
                        ev(Type::SignatureDelta, 0, QStringLiteral("enc"))}
        << QStringLiteral("thinking:t:enc");
    QTest::addRow("index reused after stop opens a new block")
        << StreamEvents{start(0, Kind::Thinking), ev(Type::ThinkingDelta, 0, QStringLiteral("t")), ev(Type::BlockStop, 0),
                        start(0, Kind::Text), ev(Type::TextDelta, 0, QStringLiteral("x")), ev(Type::BlockStop, 0)}
        << QStringLiteral("thinking:t:|text:x");
    QTest::addRow("duplicate start keeps one block")
        << StreamEvents{toolStart(0, QStringLiteral("call_1"), QString()), toolStart(0, QString(), QStringLiteral("shell")),
                        ev(Type::ToolArgsDelta, 0, QStringLiteral("{}"))}
        << QStringLiteral("tool:call_1:shell:{}");
    StreamEvent redacted = start(0, Kind::RedactedThinking);
    redacted.text = QStringLiteral("opaque");
    QTest::addRow("redacted thinking keeps its data")
        << StreamEvents{redacted, ev(Type::BlockStop, 0), ev(Type::TextDelta, 1, QStringLiteral("a"))}
        << QStringLiteral("redacted:opaque|text:a");
}

void TestResponseAssembler::assemblesContentInIndexOrder()
{
    QFETCH(StreamEvents, events);
    QFETCH(QString, expected);
    ResponseAssembler a;
    a.add(events);
    QCOMPARE(describe(a.response()), expected);
}

void TestResponseAssembler::stopReasonFollowsFinishOrWhatWasSeen_data()
{
    QTest::addColumn<StreamEvents>("events");
    QTest::addColumn<StopReason>("expected");
    QTest::addColumn<bool>("ended");

    const StreamEvent text = ev(Type::TextDelta, 0, QStringLiteral("x"));
    const StreamEvent tool = toolStart(1, QStringLiteral("c"), QStringLiteral("f"));
    QTest::addRow("finish max tokens") << StreamEvents{text, finish(StopReason::MaxTokens), ev(Type::End)}
                                       << StopReason::MaxTokens << true;
    QTest::addRow("finish wins over tool calls") << StreamEvents{tool, finish(StopReason::EndTurn), ev(Type::End)}
                                                 << StopReason::EndTurn << true;
    QTest::addRow("no finish, tool call") << StreamEvents{text, tool, ev(Type::End)} << StopReason::ToolUse << true;
    QTest::addRow("no finish, text") << StreamEvents{text, ev(Type::End)} << StopReason::EndTurn << true;
    QTest::addRow("truncated") << StreamEvents{text, tool} << StopReason::Unknown << false;
    QTest::addRow("error") << StreamEvents{text, ev(Type::Error), ev(Type::End)} << StopReason::Error << true;
}

void TestResponseAssembler::stopReasonFollowsFinishOrWhatWasSeen()
{
    QFETCH(StreamEvents, events);
    QFETCH(StopReason, expected);
    QFETCH(bool, ended);
    ResponseAssembler a;
    a.add(events);
    QCOMPARE(a.response().stopReason, expected);
    QCOMPARE(a.ended(), ended);
}

void TestResponseAssembler::keepsIdModelAndMergesUsage()
{
    ResponseAssembler a;
    StreamEvent first = messageStart(QStringLiteral("msg_1"), QStringLiteral("claude-x"));
    first.usage.known = true;
    first.usage.inputTokens = 120;
    first.usage.cachedInputTokens = 100;
    a.add(first);
    a.add(messageStart(QString(), QString())); // a later start without ids loses nothing
    a.add(usage(0, 7));
    a.add(usage(0, 42, 0, 30));
    const Response r = a.response();
    QCOMPARE(r.id, QStringLiteral("msg_1"));
    QCOMPARE(r.model, QStringLiteral("claude-x"));
    QVERIFY(r.usage.known);
    QCOMPARE(r.usage.inputTokens, 120);
    QCOMPARE(r.usage.cachedInputTokens, 100);
    QCOMPARE(r.usage.outputTokens, 42);
    QCOMPARE(r.usage.reasoningTokens, 30);
}

void TestResponseAssembler::keepsReasoningIdOfThinkingStart()
{
    ResponseAssembler a;
    StreamEvent s = start(0, Kind::Thinking);
    s.id = QStringLiteral("rs_1");
    a.add(s);
    a.add(ev(Type::SignatureDelta, 0, QStringLiteral("gAAA")));
    a.add(ev(Type::BlockStop, 0));
    const Response r = a.response();
    QCOMPARE(r.content.size(), 1);
    QCOMPARE(r.content[0].reasoningId, QStringLiteral("rs_1"));
    QCOMPARE(r.content[0].signature, QStringLiteral("gAAA"));
    QVERIFY(r.content[0].text.isEmpty());
}

void TestResponseAssembler::ignoresEverythingAfterEnd()
{
    ResponseAssembler a;
    a.add(ev(Type::TextDelta, 0, QStringLiteral("done")));
    a.add(usage(5, 6));
    a.add(ev(Type::End));
    a.add(ev(Type::TextDelta, 0, QStringLiteral(" more")));
    a.add(usage(50, 60));
    a.add(finish(StopReason::MaxTokens));
    const Response r = a.response();
    QVERIFY(a.ended());
    QCOMPARE(describe(r), QStringLiteral("text:done"));
    QCOMPARE(r.usage.outputTokens, 6);
    QCOMPARE(r.stopReason, StopReason::EndTurn);
}

void TestResponseAssembler::recordsFirstError()
{
    ResponseAssembler a;
    QVERIFY(!a.hasError());
    StreamEvent e1 = ev(Type::Error);
    e1.error = RelayError::make(ErrorCode::RateLimit, QStringLiteral("slow down"));
    StreamEvent e2 = ev(Type::Error);
    e2.error = RelayError::make(ErrorCode::Internal, QStringLiteral("later"));
    a.add(e1);
    a.add(e2);
    QVERIFY(a.hasError());
    QCOMPARE(a.error().code, ErrorCode::RateLimit);
    QCOMPARE(a.error().message, QStringLiteral("slow down"));
    QVERIFY(!a.ended());
}

QTEST_GUILESS_MAIN(TestResponseAssembler)
#include "tst_responseassembler.moc"
