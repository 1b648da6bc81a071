#include "wire/jsonpatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

QByteArray nested(int depth, const QByteArray &inner)
{
    return QByteArray(depth, '[') + inner + QByteArray(depth, ']');
}

} // namespace

class TestJsonPatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replacesOnlyTopLevelString_data();
    void replacesOnlyTopLevelString();
    void refusesWhatIsNotATopLevelString_data();
    void refusesWhatIsNotATopLevelString();
    void setsTopLevelMember_data();
    void setsTopLevelMember();
    void escapesStrings_data();
    void escapesStrings();
    void recognisesDocumentsAsQtDoes_data();
    void recognisesDocumentsAsQtDoes();
    void renamesModelMembersAtAnyDepth_data();
    void renamesModelMembersAtAnyDepth();
    void leavesLookalikesOfAModelMemberAlone_data();
    void leavesLookalikesOfAModelMemberAlone();
};

void TestJsonPatch::replacesOnlyTopLevelString_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("newValue");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("simple") << QByteArray(R"({"model":"a","x":1})") << QByteArray("model") << QStringLiteral("b")
                            << QByteArray(R"({"model":"b","x":1})");
    QTest::addRow("formatting and numbers kept")
        << QByteArray("{\n  \"stream\" : true,\n  \"model\" :\t\"claude\" ,\n  \"n\": 1.50e+3, \"z\": -0.0\n}\n")
        << QByteArray("model") << QStringLiteral("gpt")
        << QByteArray("{\n  \"stream\" : true,\n  \"model\" :\t\"gpt\" ,\n  \"n\": 1.50e+3, \"z\": -0.0\n}\n");
    QTest::addRow("nested same key ignored")
        << QByteArray(R"({"meta":{"model":"inner"},"model":"outer"})") << QByteArray("model") << QStringLiteral("new")
        << QByteArray(R"({"meta":{"model":"inner"},"model":"new"})");
    QTest::addRow("key as a string value elsewhere")
        << QByteArray(R"({"note":"model","a":["model",{"model":"y"}],"model":"x"})") << QByteArray("model")
        << QStringLiteral("z") << QByteArray(R"({"note":"model","a":["model",{"model":"y"}],"model":"z"})");
    QTest::addRow("escaped quotes in other strings")
        << QByteArray(R"({"p":"say \"model\": \"x\"","model":"a"})") << QByteArray("model") << QStringLiteral("b")
        << QByteArray(R"({"p":"say \"model\": \"x\"","model":"b"})");
    QTest::addRow("backslash ending a string")
        << QByteArray(R"({"p":"c:\\","model":"a"})") << QByteArray("model") << QStringLiteral("b")
        << QByteArray(R"({"p":"c:\\","model":"b"})");
    QTest::addRow("unicode escape in key") << QByteArray(R"({"mod\u0065l":"a"})") << QByteArray("model")
                                           << QStringLiteral("b") << QByteArray(R"({"mod\u0065l":"b"})");
    QTest::addRow("surrogate pair in key")
        << QByteArray(R"({"k\ud83d\ude00":"a"})") << QByteArray("k\xf0\x9f\x98\x80") << QStringLiteral("b")
        << QByteArray(R"({"k\ud83d\ude00":"b"})");
    QTest::addRow("unicode escape in old value") << QByteArray(R"({"model":"\u00e9\"x"})") << QByteArray("model")
                                                 << QStringLiteral("b") << QByteArray(R"({"model":"b"})");
    QTest::addRow("new value escaped") << QByteArray(R"({"model":"a"})") << QByteArray("model")
                                       << QStringLiteral("q\"b\\s\nn") << QByteArray(R"({"model":"q\"b\\s\nn"})");
    QTest::addRow("new value non-ascii") << QByteArray(R"({"model":"a"})") << QByteArray("model")
                                         << QStringLiteral("é模型") << QByteArray("{\"model\":\"\xc3\xa9\xe6\xa8\xa1\xe5\x9e\x8b\"}");
    QTest::addRow("empty new value") << QByteArray(R"({"model":"a"})") << QByteArray("model") << QString()
                                     << QByteArray(R"({"model":""})");
    QTest::addRow("duplicate keys all replaced") << QByteArray(R"({"model":"a","x":[],"model":"b"})")
                                                 << QByteArray("model") << QStringLiteral("c")
                                                 << QByteArray(R"({"model":"c","x":[],"model":"c"})");
    QTest::addRow("deep nesting before the key")
        << QByteArray("{\"d\":" + nested(500, "{\"model\":1}") + ",\"model\":\"a\"}") << QByteArray("model")
        << QStringLiteral("b") << QByteArray("{\"d\":" + nested(500, "{\"model\":1}") + ",\"model\":\"b\"}");
    QTest::addRow("all value kinds skipped")
        << QByteArray(R"({"a":true,"b":false,"c":null,"d":-12.5E-3,"e":0,"f":[],"g":{},"h":[1,"]",{"}":"{"}],"model":"m"})")
        << QByteArray("model") << QStringLiteral("n")
        << QByteArray(R"({"a":true,"b":false,"c":null,"d":-12.5E-3,"e":0,"f":[],"g":{},"h":[1,"]",{"}":"{"}],"model":"n"})");
}

void TestJsonPatch::replacesOnlyTopLevelString()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, key);
    QFETCH(QString, newValue);
    QFETCH(QByteArray, expected);

    const std::optional<QByteArray> patched = JsonPatch::replaceTopLevelString(json, key, newValue);
    QVERIFY(patched.has_value());
    QCOMPARE(*patched, expected);

    // Cross-check with Qt's parser: the same document with only that member changed.
    QJsonObject before = QJsonDocument::fromJson(json).object();
    before.insert(QString::fromUtf8(key), newValue);
    QCOMPARE(QJsonDocument::fromJson(*patched).object(), before);
}

void TestJsonPatch::refusesWhatIsNotATopLevelString_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::addRow("key only nested") << QByteArray(R"({"meta":{"model":"inner"}})");
    QTest::addRow("key only as a value") << QByteArray(R"({"name":"model"})");
    QTest::addRow("number value") << QByteArray(R"({"model":42})");
    QTest::addRow("null value") << QByteArray(R"({"model":null})");
    QTest::addRow("object value") << QByteArray(R"({"model":{"id":"a"}})");
    QTest::addRow("one duplicate not a string") << QByteArray(R"({"model":"a","model":1})");
    QTest::addRow("key differs in case") << QByteArray(R"({"Model":"a"})");
    QTest::addRow("empty object") << QByteArray("{}");
    QTest::addRow("array") << QByteArray(R"([{"model":"a"}])");
    QTest::addRow("string") << QByteArray(R"("model")");
    QTest::addRow("number") << QByteArray("42");
    QTest::addRow("empty input") << QByteArray();
    QTest::addRow("whitespace only") << QByteArray(" \n");
    QTest::addRow("truncated after value") << QByteArray(R"({"model":"a")");
    QTest::addRow("truncated in value") << QByteArray(R"({"model":"a)");
    QTest::addRow("truncated after colon") << QByteArray(R"({"model":)");
    QTest::addRow("truncated in key") << QByteArray(R"({"mo)");
    QTest::addRow("truncated in escape") << QByteArray(R"({"model":"a\)");
    QTest::addRow("truncated unicode escape") << QByteArray(R"({"model":"\u00)");
    QTest::addRow("truncated nested") << QByteArray(R"({"a":[1,2,"model":"x"})");
    QTest::addRow("trailing garbage") << QByteArray(R"({"model":"a"} x)");
    QTest::addRow("two objects") << QByteArray(R"({"model":"a"}{})");
    QTest::addRow("double comma") << QByteArray(R"({"a":1,,"model":"x"})");
    QTest::addRow("trailing comma") << QByteArray(R"({"model":"x",})");
    QTest::addRow("missing colon") << QByteArray(R"({"model" "x"})");
    QTest::addRow("unquoted key") << QByteArray(R"({model:"x"})");
    QTest::addRow("single quotes") << QByteArray(R"({'model':'x'})");
    QTest::addRow("invalid escape elsewhere") << QByteArray(R"({"p":"\x","model":"a"})");
    QTest::addRow("bad unicode escape") << QByteArray(R"({"p":"\u12g4","model":"a"})");
    QTest::addRow("raw control character") << QByteArray("{\"p\":\"a\tb\",\"model\":\"a\"}");
    QTest::addRow("leading zero") << QByteArray(R"({"a":01,"model":"x"})");
    QTest::addRow("lone minus") << QByteArray(R"({"a":-,"model":"x"})");
    QTest::addRow("dot without digits") << QByteArray(R"({"a":1.,"model":"x"})");
    QTest::addRow("exponent without digits") << QByteArray(R"({"a":1e+,"model":"x"})");
    QTest::addRow("bad literal") << QByteArray(R"({"a":tru,"model":"x"})");
    QTest::addRow("mismatched brackets") << QByteArray(R"({"a":[1},"model":"x"})");
    QTest::addRow("nesting too deep") << QByteArray("{\"d\":" + nested(5000, "1") + ",\"model\":\"a\"}");
    QTest::addRow("unclosed deep nesting") << QByteArray("{\"d\":" + QByteArray(100000, '['));
}

void TestJsonPatch::refusesWhatIsNotATopLevelString()
{
    QFETCH(QByteArray, json);

    QVERIFY(!JsonPatch::replaceTopLevelString(json, "model", QStringLiteral("b")).has_value());
    // A truncated copy must never be read past its end either.
    for (qsizetype n = 0; n < qMin<qsizetype>(json.size(), 200); ++n) {
        const QByteArray prefix = json.left(n);
        JsonPatch::replaceTopLevelString(prefix, "model", QStringLiteral("b"));
        JsonPatch::setTopLevelMember(prefix, "model", "1");
    }
}

void TestJsonPatch::setsTopLevelMember_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected"); // empty: refused

    QTest::addRow("replace bool") << QByteArray(R"({"model":"a","stream":false})") << QByteArray("stream")
                                  << QByteArray("true") << QByteArray(R"({"model":"a","stream":true})");
    QTest::addRow("replace object with number") << QByteArray(R"({"a":{"b":[1,2]},"c":1})") << QByteArray("a")
                                                << QByteArray("1") << QByteArray(R"({"a":1,"c":1})");
    QTest::addRow("replace with object") << QByteArray(R"({"so":null})") << QByteArray("so")
                                         << QByteArray(R"({"include_usage":true})")
                                         << QByteArray(R"({"so":{"include_usage":true}})");
    QTest::addRow("insert") << QByteArray(R"({"model":"a"})") << QByteArray("stream") << QByteArray("true")
                            << QByteArray(R"({"model":"a","stream":true})");
    QTest::addRow("insert keeps whitespace before brace")
        << QByteArray("{\n  \"model\": \"a\"\n}\n") << QByteArray("stream") << QByteArray("true")
        << QByteArray("{\n  \"model\": \"a\",\"stream\":true\n}\n");
    QTest::addRow("insert into empty object") << QByteArray("{}") << QByteArray("stream") << QByteArray("true")
                                              << QByteArray(R"({"stream":true})");
    QTest::addRow("insert into empty object with space") << QByteArray("{ }") << QByteArray("k") << QByteArray("1")
                                                         << QByteArray(R"({ "k":1})");
    QTest::addRow("nested same key not touched")
        << QByteArray(R"({"o":{"stream":false}})") << QByteArray("stream") << QByteArray("true")
        << QByteArray(R"({"o":{"stream":false},"stream":true})");
    QTest::addRow("key escaped on insert") << QByteArray("{}") << QByteArray("a\"b") << QByteArray("1")
                                           << QByteArray(R"({"a\"b":1})");
    QTest::addRow("escaped key matched") << QByteArray(R"({"str\u0065am":false})") << QByteArray("stream")
                                         << QByteArray("true") << QByteArray(R"({"str\u0065am":true})");
    QTest::addRow("duplicates all replaced") << QByteArray(R"({"n":1,"n":2})") << QByteArray("n") << QByteArray("3")
                                             << QByteArray(R"({"n":3,"n":3})");
    QTest::addRow("not an object") << QByteArray("[]") << QByteArray("k") << QByteArray("1") << QByteArray();
    QTest::addRow("empty input") << QByteArray() << QByteArray("k") << QByteArray("1") << QByteArray();
    QTest::addRow("truncated") << QByteArray(R"({"a":1)") << QByteArray("k") << QByteArray("1") << QByteArray();
    QTest::addRow("invalid value") << QByteArray("{}") << QByteArray("k") << QByteArray("tru") << QByteArray();
    QTest::addRow("empty value") << QByteArray("{}") << QByteArray("k") << QByteArray() << QByteArray();
    QTest::addRow("two values") << QByteArray("{}") << QByteArray("k") << QByteArray("1 2") << QByteArray();
}

void TestJsonPatch::setsTopLevelMember()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);

    const QByteArray patched = JsonPatch::setTopLevelMember(json, key, value);
    QCOMPARE(patched, expected);
    if (expected.isEmpty())
        return;
    QJsonObject before = QJsonDocument::fromJson(json).object();
    before.insert(QString::fromUtf8(key), QJsonDocument::fromJson("[" + value + "]").array().first());
    QCOMPARE(QJsonDocument::fromJson(patched).object(), before);
}

void TestJsonPatch::escapesStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("empty") << QString() << QByteArray(R"("")");
    QTest::addRow("plain") << QStringLiteral("claude-3") << QByteArray(R"("claude-3")");
    QTest::addRow("quote and backslash") << QStringLiteral("a\"b\\c") << QByteArray(R"("a\"b\\c")");
    QTest::addRow("short escapes") << QStringLiteral("\b\f\n\r\t") << QByteArray(R"("\b\f\n\r\t")");
    QTest::addRow("other control characters") << QString(QString(QChar(1)) + QChar(0x1f) + QChar(0))
                                              << QByteArray(R"("\u0001\u001f\u0000")");
    QTest::addRow("slash and DEL unescaped") << QStringLiteral("a/b\x7f") << QByteArray("\"a/b\x7f\"");
    QTest::addRow("non-ascii as utf-8") << QStringLiteral("é😀") << QByteArray("\"\xc3\xa9\xf0\x9f\x98\x80\"");
}

void TestJsonPatch::escapesStrings()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);

    const QByteArray escaped = JsonPatch::escapeString(text);
    QCOMPARE(escaped, expected);
    QCOMPARE(QJsonDocument::fromJson("[" + escaped + "]").array().first().toString(), text);
}

void TestJsonPatch::recognisesDocumentsAsQtDoes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("document");

    QTest::addRow("object") << QByteArray(R"({"type":"content_block_delta","index":0,"delta":{"text":"hi"}})") << true;
    QTest::addRow("array in whitespace") << QByteArray(" \r\n[1, -2.5e3, true, null, \"\\u00e9\"]\n") << true;
    QTest::addRow("long integer") << QByteArray("[123456789012345678901234567890]") << true;
    QTest::addRow("nesting at the limit") << nested(1023, "1") << true;
    QTest::addRow("scalar at the top") << QByteArray("42") << false;
    QTest::addRow("truncated") << QByteArray(R"({"a":[1,2)") << false;
    QTest::addRow("garbage after") << QByteArray("{} {}") << false;
    QTest::addRow("trailing comma") << QByteArray("[1,]") << false;
    QTest::addRow("single quotes") << QByteArray("{'a':1}") << false;
    QTest::addRow("raw control character") << QByteArray("[\"a\tb\"]") << false;
    QTest::addRow("overflowing number") << QByteArray("[1e999]") << false;
    QTest::addRow("underflowing number") << QByteArray("[1.5e-400]") << false;
    QTest::addRow("too deep") << nested(1025, "1") << false;
}

// The stream pump forwards an event whose data this accepts without asking QJsonDocument, so
// what it accepts Qt must accept (the fuzz target fuzz_jsonpatch checks the same on arbitrary
// input). Stricter is fine: refused data gets Qt's verdict (Qt takes a raw tab in a string).
void TestJsonPatch::recognisesDocumentsAsQtDoes()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, document);
    QCOMPARE(JsonPatch::isDocument(json), document);
    if (document) {
        QJsonParseError err;
        QJsonDocument::fromJson(json, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
    }
}

void TestJsonPatch::renamesModelMembersAtAnyDepth_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("count");

    const QByteArray model("model");
    const QString alias = QStringLiteral("alias");
    QTest::addRow("top level") << model << alias << QByteArray(R"({"id":"c1","model":"up-real","n":0.70})")
                               << QByteArray(R"({"id":"c1","model":"alias","n":0.70})") << 1;
    QTest::addRow("nested (anthropic message_start)")
        << model << alias << QByteArray(R"({"type":"message_start","message":{"id":"m","model":"up-real"}})")
        << QByteArray(R"({"type":"message_start","message":{"id":"m","model":"alias"}})") << 1;
    QTest::addRow("whitespace around the colon kept")
        << model << alias << QByteArray("{\"model\" :\t\r\n \"up-real\" }") << QByteArray("{\"model\" :\t\r\n \"alias\" }") << 1;
    QTest::addRow("every occurrence")
        << model << alias << QByteArray(R"({"model":"up-real","response":{"model":"up-real"},"list":[{"model":"up-real"}]})")
        << QByteArray(R"({"model":"alias","response":{"model":"alias"},"list":[{"model":"alias"}]})") << 3;
    QTest::addRow("sse frame") << model << alias
                               << QByteArray("event: response.created\ndata: {\"response\":{\"model\":\"up-real\"}}\n\n")
                               << QByteArray("event: response.created\ndata: {\"response\":{\"model\":\"alias\"}}\n\n") << 1;
    QTest::addRow("gemini modelVersion") << QByteArray("modelVersion") << alias
                                         << QByteArray(R"({"candidates":[],"modelVersion":"up-real"})")
                                         << QByteArray(R"({"candidates":[],"modelVersion":"alias"})") << 1;
    QTest::addRow("replacement escaped") << model << QStringLiteral("a\"b\\c\n")
                                         << QByteArray(R"({"model":"up-real"})")
                                         << QByteArray(R"({"model":"a\"b\\c\n"})") << 1;
    QTest::addRow("longer and shorter names") << model << QStringLiteral("a-much-longer-client-alias")
                                              << QByteArray(R"({"model":"up-real","x":{"model":"up-real"}})")
                                              << QByteArray(R"({"model":"a-much-longer-client-alias","x":{"model":"a-much-longer-client-alias"}})")
                                              << 2;
    QTest::addRow("dated snapshots of the name (openai, anthropic, gemini)")
        << model << alias
        << QByteArray(R"({"model":"up-real-2024-08-06","m":{"model":"up-real-20250929"},"v":{"model" : "up-real-002"}})")
        << QByteArray(R"({"model":"alias","m":{"model":"alias"},"v":{"model" : "alias"}})") << 3;
    QTest::addRow("real member after an escaped lookalike")
        << model << alias << QByteArray(R"({"arguments":"{\"model\":\"up-real\"}","model":"up-real"})")
        << QByteArray(R"({"arguments":"{\"model\":\"up-real\"}","model":"alias"})") << 1;
}

void TestJsonPatch::renamesModelMembersAtAnyDepth()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, to);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    QFETCH(int, count);
    QByteArray out = text;
    QCOMPARE(JsonPatch::renameMembers(out, JsonPatch::memberRename(key, QStringLiteral("up-real"), to)), count);
    QCOMPARE(out, expected);
}

void TestJsonPatch::leavesLookalikesOfAModelMemberAlone_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::addRow("absent") << QByteArray(R"({"model":"other","choices":[]})");
    QTest::addRow("escaped inside tool arguments")
        << QByteArray(R"({"delta":{"tool_calls":[{"function":{"arguments":"{\"model\":\"up-real\"}"}}]}})");
    QTest::addRow("escaped inside text after a backslash")
        << QByteArray(R"({"text":"c:\\\"model\":\"up-real\""})");
    QTest::addRow("key ending in model") << QByteArray(R"({"say \"model": "up-real"})");
    QTest::addRow("longer key") << QByteArray(R"({"submodel":"up-real","model_id":"up-real"})");
    QTest::addRow("other key") << QByteArray(R"({"name":"up-real","model":"up-real-2"})");
    QTest::addRow("name as a prefix or suffix") << QByteArray(R"({"model":"up-real-2","x":{"model":"xup-real"}})");
    QTest::addRow("another model named after it")
        << QByteArray(R"({"model":"up-real-mini","x":{"model":"up-real-2-flash"},"y":{"model":"up-real-2024x"}})");
    QTest::addRow("a snapshot suffix, escaped") << QByteArray(R"({"arguments":"{\"model\":\"up-real-2024-08-06\"}"})");
    QTest::addRow("array element, not a member") << QByteArray(R"(["model","up-real"])");
    QTest::addRow("value as a key") << QByteArray(R"({"model":{"up-real":1}})");
    QTest::addRow("otherwise escaped value") << QByteArray(R"({"model":"up\u002dreal"})");
}

void TestJsonPatch::leavesLookalikesOfAModelMemberAlone()
{
    QFETCH(QByteArray, text);
    QByteArray out = text;
    QCOMPARE(JsonPatch::renameMembers(out, JsonPatch::memberRename("model", QStringLiteral("up-real"), QStringLiteral("alias"))), 0);
    QCOMPARE(out, text);
}

QTEST_GUILESS_MAIN(TestJsonPatch)
#include "tst_jsonpatch.moc"
