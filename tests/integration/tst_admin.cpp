// The admin API and /metrics through a real relay: authorisation, request-log paging and
// filters, the error log by signature, usage series, config CRUD applied to the running relay,
// the channel test, and /metrics checked by a strict Prometheus text-format parser.

#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"

#include "relay/adminapi.h"
#include "store/store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

#include <cmath>

namespace {

// ---- a strict parser of the Prometheus text exposition format (0.0.4) ----
struct PromSample
{
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

struct PromFamily
{
    QString type;
    QString help;
    QList<PromSample> samples;
};

class PromParser
{
public:
    // Every violation of the format is an error: malformed lines, a TYPE after samples, families
    // split in two, duplicate series, bad escapes, histogram buckets out of order or without +Inf.
    bool parse(const QByteArray &text)
    {
        if (!text.endsWith('\n'))
            return fail(0, QStringLiteral("the exposition must end with a line feed"));
        const QList<QByteArray> lines = text.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i)
            if (!parseLine(int(i + 1), QString::fromUtf8(lines[i])))
                return false;
        return checkHistograms();
    }
    QString error() const { return m_error; }
    const QMap<QString, PromFamily> &families() const { return m_families; }

    // The value of one series ("" labels = none); NaN when absent.
    double value(const QString &name, const QMap<QString, QString> &labels = {}) const
    {
        for (const PromFamily &f : m_families)
            for (const PromSample &s : f.samples)
                if (s.name == name && s.labels == labels)
                    return s.value;
        return std::nan("");
    }

private:
    bool fail(int line, const QString &why)
    {
        m_error = QStringLiteral("line %1: %2").arg(line).arg(why);
        return false;
    }

    bool parseLine(int n, const QString &line)
    {
        if (line.isEmpty())
            return true;
        if (line.startsWith(u'#'))
            return parseComment(n, line);
        return parseSample(n, line);
    }

    bool parseComment(int n, const QString &line)
    {
        static const QRegularExpression meta(QStringLiteral(R"re(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)re"));
        const auto m = meta.match(line);
        if (!m.hasMatch())
            return true; // a plain comment
        const QString name = m.captured(2);
        PromFamily &f = m_families[name];
        if (!f.samples.isEmpty())
            return fail(n, QStringLiteral("%1 for %2 after its samples").arg(m.captured(1), name));
        if (m_closed.contains(name))
            return fail(n, QStringLiteral("family %1 appears twice").arg(name));
        if (m.captured(1) == QLatin1String("TYPE")) {
            static const QStringList types{QStringLiteral("counter"), QStringLiteral("gauge"), QStringLiteral("histogram"),
                                           QStringLiteral("summary"), QStringLiteral("untyped")};
            if (!f.type.isEmpty() || !types.contains(m.captured(3)))
                return fail(n, QStringLiteral("bad or repeated TYPE for %1").arg(name));
            f.type = m.captured(3);
        } else {
            if (!f.help.isEmpty())
                return fail(n, QStringLiteral("repeated HELP for %1").arg(name));
            f.help = m.captured(3);
        }
        switchFamily(name);
        return true;
    }

    void switchFamily(const QString &name)
    {
        if (!m_current.isEmpty() && m_current != name)
            m_closed.insert(m_current);
        m_current = name;
    }

    // The family a sample belongs to: histogram/summary series carry a suffix.
    QString familyOf(const QString &sample) const
    {
        for (const char *suffix : {"_bucket", "_sum", "_count"}) {
            if (!sample.endsWith(QLatin1String(suffix)))
                continue;
            const QString base = sample.chopped(int(qstrlen(suffix)));
            if (m_families.contains(base) && (m_families[base].type == QLatin1String("histogram")
                                              || m_families[base].type == QLatin1String("summary")))
                return base;
        }
        return sample;
    }

    bool parseSample(int n, const QString &line)
    {
        static const QRegularExpression name(QStringLiteral(R"re(^[a-zA-Z_:][a-zA-Z0-9_:]*)re"));
        const auto nm = name.match(line);
        if (!nm.hasMatch())
            return fail(n, QStringLiteral("bad metric name in: ") + line);
        PromSample s;
        s.name = nm.captured(0);
        qsizetype pos = nm.capturedEnd(0);
        if (pos < line.size() && line[pos] == u'{' && !parseLabels(n, line, pos, s.labels))
            return false;
        if (pos >= line.size() || line[pos] != u' ')
            return fail(n, QStringLiteral("expected a space before the value in: ") + line);
        const QStringList rest = line.mid(pos + 1).split(u' ');
        if (rest.isEmpty() || rest.size() > 2)
            return fail(n, QStringLiteral("expected a value and an optional timestamp in: ") + line);
        if (!parseValue(rest[0], s.value))
            return fail(n, QStringLiteral("bad value '%1'").arg(rest[0]));
        bool tsOk = true;
        if (rest.size() == 2)
            rest[1].toLongLong(&tsOk);
        if (!tsOk)
            return fail(n, QStringLiteral("bad timestamp"));
        const QString family = familyOf(s.name);
        if (m_closed.contains(family))
            return fail(n, QStringLiteral("family %1 is split in two").arg(family));
        switchFamily(family);
        QString key = s.name;
        for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
            key += u'\x1f' + it.key() + u'=' + it.value();
        if (m_series.contains(key))
            return fail(n, QStringLiteral("duplicate series ") + key);
        m_series.insert(key);
        m_families[family].samples.append(s);
        return true;
    }

    bool parseLabels(int n, const QString &line, qsizetype &pos, QMap<QString, QString> &labels)
    {
        static const QRegularExpression labelName(QStringLiteral(R"re(^[a-zA-Z_][a-zA-Z0-9_]*)re"));
        ++pos; // '{'
        while (pos < line.size() && line[pos] != u'}') {
            const auto m = labelName.match(QStringView(line).mid(pos));
            if (!m.hasMatch())
                return fail(n, QStringLiteral("bad label name in: ") + line);
            const QString label = m.captured(0);
            pos += m.capturedLength(0);
            if (line.mid(pos, 2) != QLatin1String("=\""))
                return fail(n, QStringLiteral("expected =\" after label %1").arg(label));
            pos += 2;
            QString value;
            for (;; ++pos) {
                if (pos >= line.size())
                    return fail(n, QStringLiteral("unterminated label value"));
                const QChar c = line[pos];
                if (c == u'"')
                    break;
                if (c == u'\\') {
                    const QChar e = pos + 1 < line.size() ? line[pos + 1] : QChar();
                    if (e != u'\\' && e != u'"' && e != u'n')
                        return fail(n, QStringLiteral("bad escape in label value"));
                    value += e == u'n' ? QChar(u'\n') : e;
                    ++pos;
                    continue;
                }
                value += c;
            }
            ++pos; // closing quote
            if (labels.contains(label))
                return fail(n, QStringLiteral("label %1 repeated").arg(label));
            labels.insert(label, value);
            if (pos < line.size() && line[pos] == u',')
                ++pos;
        }
        if (pos >= line.size())
            return fail(n, QStringLiteral("unterminated label set"));
        ++pos; // '}'
        return true;
    }

    static bool parseValue(const QString &text, double &out)
    {
        if (text == QLatin1String("+Inf") || text == QLatin1String("Inf")) {
            out = INFINITY;
            return true;
        }
        if (text == QLatin1String("-Inf")) {
            out = -INFINITY;
            return true;
        }
        if (text == QLatin1String("NaN")) {
            out = NAN;
            return true;
        }
        bool ok = false;
        out = text.toDouble(&ok);
        return ok;
    }

    // Buckets: each label set's le ascending with counts non-decreasing, +Inf present and
    // equal to _count, _sum present.
    bool checkHistograms()
    {
        for (auto it = m_families.cbegin(); it != m_families.cend(); ++it) {
            if (it.value().type != QLatin1String("histogram"))
                continue;
            double lastLe = -INFINITY, lastCount = 0, infCount = -1, count = -1;
            bool sum = false;
            for (const PromSample &s : it.value().samples) {
                if (s.name == it.key() + QStringLiteral("_bucket")) {
                    double le = 0;
                    if (!parseValue(s.labels.value(QStringLiteral("le")), le) || le < lastLe || s.value < lastCount)
                        return fail(0, QStringLiteral("histogram %1: buckets out of order").arg(it.key()));
                    lastLe = le;
                    lastCount = s.value;
                    if (std::isinf(le))
                        infCount = s.value;
                } else if (s.name == it.key() + QStringLiteral("_count")) {
                    count = s.value;
                } else if (s.name == it.key() + QStringLiteral("_sum")) {
                    sum = true;
                }
            }
            if (infCount < 0 || infCount != count || !sum)
                return fail(0, QStringLiteral("histogram %1: no +Inf bucket, _sum or _count, or they disagree").arg(it.key()));
        }
        return true;
    }

    QMap<QString, PromFamily> m_families;
    QSet<QString> m_closed;
    QSet<QString> m_series;
    QString m_current;
    QString m_error;
};

// ---- talking to the admin API ----
struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

Answer call(RelayFixture &fx, const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
            const HeaderList &headers = {})
{
    RawHttpClient *client = fx.client();
    HeaderList h = headers;
    if (!body.isEmpty())
        h.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    client->send(RawHttpClient::buildRequest(method, target, h, body));
    if (!client->waitForFinished(10000))
        return {};
    return Answer{client->status(), client->body(), client->header("content-type")};
}

QByteArray encoded(const QString &pathPart)
{
    return QUrl::toPercentEncoding(pathPart);
}

// One complete non-stream request of `format` with `key`; true when it got 200.
bool sendOne(RelayFixture &fx, ApiFormat format, const char *key = RelayFixture::kClientKey)
{
    const FormatCase c = FormatCase::of(format);
    RawHttpClient *client = fx.client();
    client->post(c.target(false), c.clientBody(false), c.clientAuth(key));
    return client->waitForFinished(5000) && client->status() == 200;
}

// One stream the upstream cuts off (an upstream-premature close).
void sendPremature(RelayFixture &fx, ApiFormat format)
{
    const FormatCase c = FormatCase::of(format);
    const Transcript t = c.transcript();
    fx.upstream().setScript(UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}})
                                .sendFrames(t.head()).close());
    RawHttpClient *client = fx.client();
    client->post(c.target(true), c.clientBody(true), c.clientAuth(RelayFixture::kClientKey));
    client->waitForFinished(5000);
    fx.upstream().setHandler(transcriptAnswer);
}

QByteArray configWithAdminToken(const QString &token)
{
    QJsonObject o = QJsonDocument::fromJson(RelayFixture::standardConfig(QStringLiteral("${UPSTREAM}"))).object();
    o.insert(QStringLiteral("admin_token"), token);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

IncomingRequest fakeRequest(const QHostAddress &remote, const QByteArray &authorization = {})
{
    IncomingRequest r;
    r.remote = remote;
    if (!authorization.isEmpty())
        r.headers.append(qMakePair(QByteArray("Authorization"), authorization));
    return r;
}

} // namespace

class TestAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthAnswersLoopbackWithoutToken();
    void tokenIsRequiredWhenConfigured();
    void withoutTokenOnlyLoopbackCallersAreAnswered_data();
    void withoutTokenOnlyLoopbackCallersAreAnswered();
    void logsArePagedByBeforeId();
    void logsAreFiltered_data();
    void logsAreFiltered();
    void badLogFiltersAreRefused_data();
    void badLogFiltersAreRefused();
    void errorsAreGroupedAndDrilledInto();
    void usageSeriesAreGrouped();
    void metricsParseAsPrometheusText();
    void channelCrudAppliesToRunningRelay();
    void channelEditsAreValidated();
    void keyCrudAppliesToRunningRelay();
    void channelTestReportsLatencyAndResult();
    void channelsShowLiveHealth();
    void unknownAdminRouteIs404();
};

void TestAdmin::healthAnswersLoopbackWithoutToken()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const Answer a = call(fx, "GET", "/admin/health");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.json().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(a.json().value(QLatin1String("database")).toString(), QStringLiteral("sqlite"));
    QVERIFY(a.json().contains(QLatin1String("uptime_s")));
    QVERIFY(a.json().contains(QLatin1String("version")));
}

void TestAdmin::tokenIsRequiredWhenConfigured()
{
    RelayFixture fx;
    QVERIFY2(fx.startWithConfig(configWithAdminToken(QStringLiteral("adm-test-token-123456"))), qPrintable(fx.error()));
    QCOMPARE(call(fx, "GET", "/admin/health").status, 401);
    QCOMPARE(call(fx, "GET", "/metrics").status, 401);
    QCOMPARE(call(fx, "GET", "/admin/logs", {}, {{"Authorization", "Bearer wrong"}}).status, 401);
    QCOMPARE(call(fx, "GET", "/admin/logs", {}, {{"Authorization", "adm-test-token-123456"}}).status, 401);
    const Answer ok = call(fx, "GET", "/admin/logs", {}, {{"Authorization", "Bearer adm-test-token-123456"}});
    QCOMPARE(ok.status, 200);
    QVERIFY(ok.json().value(QLatin1String("data")).isArray());
    // The refusal itself is in the OpenAI error shape and names what is missing.
    const Answer refused = call(fx, "GET", "/admin/errors");
    QVERIFY2(refused.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString()
                 .contains(QLatin1String("token")), refused.body.constData());
}

void TestAdmin::withoutTokenOnlyLoopbackCallersAreAnswered_data()
{
    QTest::addColumn<QString>("remote");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<bool>("answered");
    QTest::newRow("ipv4 loopback, no token") << "127.0.0.1" << "" << QByteArray() << true;
    QTest::newRow("ipv6 loopback, no token") << "::1" << "" << QByteArray() << true;
    QTest::newRow("mapped loopback, no token") << "::ffff:127.0.0.1" << "" << QByteArray() << true;
    QTest::newRow("lan, no token") << "192.168.1.20" << "" << QByteArray() << false;
    QTest::newRow("lan, no token, any bearer") << "10.0.0.7" << "" << QByteArray("Bearer x") << false;
    QTest::newRow("lan, token given") << "10.0.0.7" << "adm-1234567890" << QByteArray("Bearer adm-1234567890") << true;
    QTest::newRow("loopback, token missing") << "127.0.0.1" << "adm-1234567890" << QByteArray() << false;
    QTest::newRow("bearer is case-insensitive") << "10.0.0.7" << "adm-1234567890" << QByteArray("bearer adm-1234567890") << true;
}

void TestAdmin::withoutTokenOnlyLoopbackCallersAreAnswered()
{
    QFETCH(QString, remote);
    QFETCH(QString, token);
    QFETCH(QByteArray, authorization);
    QFETCH(bool, answered);
    QCOMPARE(AdminApi::isAuthorised(fakeRequest(QHostAddress(remote), authorization), token), answered);
}

void TestAdmin::logsArePagedByBeforeId()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    for (int i = 0; i < 7; ++i)
        QVERIFY(sendOne(fx, ApiFormat::OpenAIChat));
    QVERIFY(fx.waitForRows(7));
    QList<qint64> ids;
    QByteArray target = "/admin/logs?limit=3";
    for (int page = 0; page < 5; ++page) {
        const Answer a = call(fx, "GET", target);
        QCOMPARE(a.status, 200);
        const QJsonArray data = a.json().value(QLatin1String("data")).toArray();
        for (const QJsonValue &v : data) {
            const QJsonObject row = v.toObject();
            ids.append(row.value(QLatin1String("id")).toInteger());
            QVERIFY(row.value(QLatin1String("stream_status")).toObject().contains(QLatin1String("end_reason")));
        }
        const QJsonValue next = a.json().value(QLatin1String("next_before_id"));
        if (next.isNull())
            break;
        target = "/admin/logs?limit=3&before_id=" + QByteArray::number(next.toInteger());
    }
    QCOMPARE(ids.size(), 7);
    for (qsizetype i = 1; i < ids.size(); ++i)
        QVERIFY2(ids[i] < ids[i - 1], "rows are not newest first without overlap");
}

void TestAdmin::logsAreFiltered_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("expected");
    QTest::newRow("key") << QByteArray("key=limited") << 2;
    QTest::newRow("channel") << QByteArray("channel=ch-anth") << 3;
    QTest::newRow("model") << QByteArray("model=claude-test") << 3;
    QTest::newRow("status error") << QByteArray("status=error") << 1;
    QTest::newRow("status ok") << QByteArray("status=ok") << 4;
    QTest::newRow("end reason") << QByteArray("end_reason=eof") << 1;
    QTest::newRow("end reason done") << QByteArray("end_reason=done") << 4;
    QTest::newRow("combined") << QByteArray("key=tester&channel=ch-anth&status=ok") << 1;
    QTest::newRow("nothing") << QByteArray("key=nobody") << 0;
}

void TestAdmin::logsAreFiltered()
{
    QFETCH(QByteArray, query);
    QFETCH(int, expected);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    QVERIFY(sendOne(fx, ApiFormat::Anthropic));
    QVERIFY(sendOne(fx, ApiFormat::Anthropic, RelayFixture::kLimitedKey));
    QVERIFY(sendOne(fx, ApiFormat::OpenAIChat, RelayFixture::kLimitedKey));
    QVERIFY(sendOne(fx, ApiFormat::Gemini));
    sendPremature(fx, ApiFormat::Anthropic);
    QVERIFY(fx.waitForRows(5));
    const Answer a = call(fx, "GET", "/admin/logs?" + query);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.json().value(QLatin1String("data")).toArray().size(), expected);
}

void TestAdmin::badLogFiltersAreRefused_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("param");
    QTest::newRow("status") << QByteArray("status=broken") << "status";
    QTest::newRow("end reason") << QByteArray("end_reason=exploded") << "end_reason";
    QTest::newRow("limit") << QByteArray("limit=many") << "limit";
    QTest::newRow("before id") << QByteArray("before_id=-4") << "before_id";
}

void TestAdmin::badLogFiltersAreRefused()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, param);
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const Answer a = call(fx, "GET", "/admin/logs?" + query);
    QCOMPARE(a.status, 400);
    QCOMPARE(a.json().value(QLatin1String("error")).toObject().value(QLatin1String("param")).toString(), param);
}

void TestAdmin::errorsAreGroupedAndDrilledInto()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    for (int i = 0; i < 3; ++i)
        sendPremature(fx, ApiFormat::OpenAIChat);
    RawHttpClient *bad = fx.client(); // an auth failure: another kind, another group
    bad->post("/v1/chat/completions", "{}", {{"Authorization", "Bearer rk-nope"}});
    QVERIFY(bad->waitForFinished());
    QVERIFY(fx.waitForRows(4));
    fx.store()->flush();

    const Answer list = call(fx, "GET", "/admin/errors");
    QCOMPARE(list.status, 200);
    const QJsonArray groups = list.json().value(QLatin1String("data")).toArray();
    QCOMPARE(groups.size(), 2);
    QJsonObject premature;
    for (const QJsonValue &g : groups)
        if (g.toObject().value(QLatin1String("kind")).toString() == QLatin1String("upstream-premature"))
            premature = g.toObject();
    QVERIFY2(!premature.isEmpty(), list.body.constData());
    for (const char *field : {"signature", "kind", "count", "first_seen", "last_seen", "last_message", "channel", "channels"})
        QVERIFY2(premature.contains(QLatin1String(field)), field);
    QCOMPARE(premature.value(QLatin1String("count")).toInt(), 3);
    QCOMPARE(premature.value(QLatin1String("channel")).toString(), QStringLiteral("ch-chat"));

    const QString signature = premature.value(QLatin1String("signature")).toString();
    const Answer one = call(fx, "GET", "/admin/errors/" + encoded(signature));
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json().value(QLatin1String("signature")).toString(), signature);
    const QJsonArray samples = one.json().value(QLatin1String("samples")).toArray();
    QCOMPARE(samples.size(), 3);
    const QJsonObject sample = samples.first().toObject();
    QVERIFY(sample.value(QLatin1String("request_id")).toString().startsWith(QLatin1String("req_")));
    QCOMPARE(sample.value(QLatin1String("detail")).toObject().value(QLatin1String("kind")).toString(),
             QStringLiteral("upstream-premature"));

    const Answer auth = call(fx, "GET", "/admin/errors?kind=auth");
    QCOMPARE(auth.json().value(QLatin1String("data")).toArray().size(), 1);
    QCOMPARE(call(fx, "GET", "/admin/errors?channel=ch-chat").json().value(QLatin1String("data")).toArray().size(), 1);
    QCOMPARE(call(fx, "GET", "/admin/errors/" + encoded(QStringLiteral("no such/signature?"))).status, 404);
    QCOMPARE(call(fx, "GET", "/admin/errors?kind=bogus").status, 400);
}

void TestAdmin::usageSeriesAreGrouped()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    QVERIFY(sendOne(fx, ApiFormat::OpenAIChat));
    QVERIFY(sendOne(fx, ApiFormat::OpenAIChat, RelayFixture::kLimitedKey));
    QVERIFY(sendOne(fx, ApiFormat::Anthropic));
    QVERIFY(fx.waitForRows(3));
    fx.store()->flush();

    const Answer byKey = call(fx, "GET", "/admin/usage?bucket=hour&by=key");
    QCOMPARE(byKey.status, 200);
    QCOMPARE(byKey.json().value(QLatin1String("by")).toString(), QStringLiteral("key"));
    QMap<QString, qint64> requests;
    qint64 inputTokens = 0;
    for (const QJsonValue &v : byKey.json().value(QLatin1String("data")).toArray()) {
        requests[v.toObject().value(QLatin1String("key")).toString()] += v.toObject().value(QLatin1String("requests")).toInteger();
        inputTokens += v.toObject().value(QLatin1String("input_tokens")).toInteger();
        QVERIFY(v.toObject().value(QLatin1String("bucket")).toString().endsWith(QLatin1String(":00:00Z")));
    }
    QCOMPARE(requests.value(QStringLiteral("tester")), 2);
    QCOMPARE(requests.value(QStringLiteral("limited")), 1);
    const Transcript chat = FormatCase::of(ApiFormat::OpenAIChat).transcript();
    const Transcript anth = FormatCase::of(ApiFormat::Anthropic).transcript();
    QCOMPARE(inputTokens, 2 * chat.inputTokens + anth.inputTokens);

    const Answer byChannel = call(fx, "GET", "/admin/usage?bucket=day&by=channel");
    QCOMPARE(byChannel.status, 200);
    const QJsonArray days = byChannel.json().value(QLatin1String("data")).toArray();
    QCOMPARE(days.size(), 2);
    QVERIFY(days.first().toObject().value(QLatin1String("bucket")).toString().endsWith(QLatin1String("T00:00:00Z")));

    const Answer total = call(fx, "GET", "/admin/usage");
    QCOMPARE(total.json().value(QLatin1String("data")).toArray().first().toObject().value(QLatin1String("requests")).toInt(), 3);
    const Answer past = call(fx, "GET", "/admin/usage?from=2001-01-01&to=2001-01-02");
    QCOMPARE(past.json().value(QLatin1String("data")).toArray().size(), 0);
    QCOMPARE(call(fx, "GET", "/admin/usage?bucket=week").status, 400);
    QCOMPARE(call(fx, "GET", "/admin/usage?by=planet").status, 400);
    QCOMPARE(call(fx, "GET", "/admin/usage?from=yesterday").status, 400);
}

void TestAdmin::metricsParseAsPrometheusText()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    QVERIFY(sendOne(fx, ApiFormat::OpenAIChat));
    QVERIFY(sendOne(fx, ApiFormat::OpenAIChat));
    sendPremature(fx, ApiFormat::Anthropic);
    RawHttpClient *bad = fx.client();
    bad->post("/v1/messages", "{}", {{"x-api-key", "rk-wrong \"quoted\" \\ key"}});
    QVERIFY(bad->waitForFinished());
    QVERIFY(fx.waitForRows(4));

    const Answer a = call(fx, "GET", "/metrics");
    QCOMPARE(a.status, 200);
    QVERIFY2(a.contentType.startsWith("text/plain; version=0.0.4"), a.contentType.constData());
    PromParser p;
    QVERIFY2(p.parse(a.body), qPrintable(p.error() + QStringLiteral("\n") + QString::fromUtf8(a.body)));

    QCOMPARE(p.families().value(QStringLiteral("relaydesk_requests_total")).type, QStringLiteral("counter"));
    QCOMPARE(p.value(QStringLiteral("relaydesk_requests_total"),
                     {{QStringLiteral("format"), QStringLiteral("openai-chat")},
                      {QStringLiteral("channel"), QStringLiteral("ch-chat")},
                      {QStringLiteral("status"), QStringLiteral("200")}}), 2.0);
    QCOMPARE(p.value(QStringLiteral("relaydesk_requests_total"),
                     {{QStringLiteral("format"), QStringLiteral("anthropic")},
                      {QStringLiteral("channel"), QString()},
                      {QStringLiteral("status"), QStringLiteral("401")}}), 1.0);
    QCOMPARE(p.value(QStringLiteral("relaydesk_stream_close_events_total"), {{QStringLiteral("kind"), QStringLiteral("upstream-premature")}}),
             1.0);
    QCOMPARE(p.value(QStringLiteral("relaydesk_stream_end_reasons_total"),
                     {{QStringLiteral("end_reason"), QStringLiteral("eof")}, {QStringLiteral("mode"), QStringLiteral("stream")}}), 1.0);
    QCOMPARE(p.value(QStringLiteral("relaydesk_errors_total"), {{QStringLiteral("kind"), QStringLiteral("auth")}}), 1.0);
    QCOMPARE(p.families().value(QStringLiteral("relaydesk_first_byte_seconds")).type, QStringLiteral("histogram"));
    QCOMPARE(p.value(QStringLiteral("relaydesk_first_byte_seconds_count")), 3.0);
    QCOMPARE(p.value(QStringLiteral("relaydesk_request_duration_seconds_count")), 3.0);
    QCOMPARE(p.value(QStringLiteral("relaydesk_error_groups")), 2.0);
    QVERIFY(p.families().contains(QStringLiteral("relaydesk_quota_reserved_usd")));
    QVERIFY(p.value(QStringLiteral("relaydesk_uptime_seconds")) >= 0);
}

void TestAdmin::channelCrudAppliesToRunningRelay()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const QByteArray channel = QStringLiteral(R"({"name":"ch-new","type":"openai-chat","base_url":"%1",)"
                                              R"("keys":["sk-new-channel-key-0001"],"models":["new-model"]})")
                                   .arg(fx.upstream().baseUrl()).toUtf8();
    const Answer created = call(fx, "POST", "/admin/channels", channel);
    QCOMPARE(created.status, 201);
    QVERIFY2(!created.body.contains("sk-new-channel-key-0001"), created.body.constData());
    QCOMPARE(call(fx, "POST", "/admin/channels", channel).status, 409);

    // The running relay serves the new model through the new channel with the real key.
    RawHttpClient *client = fx.client();
    client->post("/v1/chat/completions", R"({"model":"new-model","messages":[{"role":"user","content":"hi"}]})",
                 {{"Authorization", QByteArray("Bearer ") + RelayFixture::kClientKey}});
    QVERIFY(client->waitForFinished());
    QCOMPARE(client->status(), 200);
    QCOMPARE(fx.upstream().lastRequest().header("authorization"), QByteArray("Bearer sk-new-channel-key-0001"));

    // GET masks the key; PUT of what GET returned keeps the real key; a partial PUT merges.
    const Answer got = call(fx, "GET", "/admin/channels/ch-new");
    QCOMPARE(got.status, 200);
    const QString masked = got.json().value(QLatin1String("keys")).toArray().first().toString();
    QVERIFY(masked != QLatin1String("sk-new-channel-key-0001"));
    QJsonObject edit = got.json();
    edit.insert(QStringLiteral("priority"), 5);
    QCOMPARE(call(fx, "PUT", "/admin/channels/ch-new", QJsonDocument(edit).toJson()).status, 200);
    QCOMPARE(call(fx, "PUT", "/admin/channels/ch-new", R"({"weight":3})").status, 200);
    const Config saved = fx.store()->loadConfig();
    const Channel *stored = saved.channelByName(QStringLiteral("ch-new"));
    QVERIFY(stored);
    QCOMPARE(stored->keys, QStringList{QStringLiteral("sk-new-channel-key-0001")});
    QCOMPARE(stored->priority, 5);
    QCOMPARE(stored->weight, 3);

    const Answer list = call(fx, "GET", "/admin/channels");
    QCOMPARE(list.json().value(QLatin1String("data")).toArray().size(), 5);
    QCOMPARE(call(fx, "DELETE", "/admin/channels/ch-new").status, 200);
    QCOMPARE(call(fx, "GET", "/admin/channels/ch-new").status, 404);
    QCOMPARE(call(fx, "DELETE", "/admin/channels/ch-new").status, 404);
    QVERIFY(!fx.store()->loadConfig().channelByName(QStringLiteral("ch-new")));
    RawHttpClient *after = fx.client();
    after->post("/v1/chat/completions", R"({"model":"new-model","messages":[{"role":"user","content":"hi"}]})",
                {{"Authorization", QByteArray("Bearer ") + RelayFixture::kClientKey}});
    QVERIFY(after->waitForFinished());
    QCOMPARE(after->status(), 404);
}

void TestAdmin::channelEditsAreValidated()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const qsizetype channelsBefore = fx.store()->loadConfig().channels.size();
    const Answer badUrl = call(fx, "POST", "/admin/channels",
                               R"({"name":"x","type":"openai-chat","base_url":"not a url","keys":["k"],"models":["m"]})");
    QCOMPARE(badUrl.status, 400);
    QCOMPARE(badUrl.json().value(QLatin1String("error")).toObject().value(QLatin1String("param")).toString(),
             QStringLiteral("$.base_url"));
    const Answer badType = call(fx, "PUT", "/admin/channels/ch-chat", R"({"type":"carrier-pigeon"})");
    QCOMPARE(badType.status, 400);
    QCOMPARE(badType.json().value(QLatin1String("error")).toObject().value(QLatin1String("param")).toString(),
             QStringLiteral("$.type"));
    QCOMPARE(call(fx, "POST", "/admin/channels", "not json").status, 400);
    QCOMPARE(call(fx, "PUT", "/admin/channels/nope", R"({"weight":2})").status, 404);
    QCOMPARE(call(fx, "PUT", "/admin/channels/ch-chat", R"({"name":"ch-anth"})").status, 409);
    QCOMPARE(call(fx, "DELETE", "/admin/channels").status, 405);
    QCOMPARE(fx.store()->loadConfig().channels.size(), channelsBefore); // the refused edits saved nothing
    QCOMPARE(call(fx, "GET", "/admin/channels").json().value(QLatin1String("data")).toArray().size(), 4);
}

void TestAdmin::keyCrudAppliesToRunningRelay()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const Answer created = call(fx, "POST", "/admin/keys",
                                R"({"name":"ci","key":"rk-ci-runner-0123456789","budget_usd":5,"models":["gpt-test"]})");
    QCOMPARE(created.status, 201);
    QVERIFY(!created.body.contains("rk-ci-runner-0123456789"));
    QVERIFY(sendOne(fx, ApiFormat::OpenAIChat, "rk-ci-runner-0123456789"));

    const Answer got = call(fx, "GET", "/admin/keys/ci");
    QCOMPARE(got.status, 200);
    for (const char *field : {"budget_usd", "spent_usd", "reserved_usd", "expires_at", "enabled", "key"})
        QVERIFY2(got.json().contains(QLatin1String(field)), field);
    QCOMPARE(got.json().value(QLatin1String("budget_usd")).toDouble(), 5.0);
    QVERIFY(!got.body.contains("rk-ci-runner-0123456789"));
    QCOMPARE(call(fx, "GET", "/admin/keys").json().value(QLatin1String("data")).toArray().size(), 3);
    QCOMPARE(call(fx, "POST", "/admin/keys", R"({"name":"dup","key":"rk-ci-runner-0123456789"})").status, 409);

    QCOMPARE(call(fx, "PUT", "/admin/keys/ci", R"({"enabled":false})").status, 200);
    QVERIFY(!sendOne(fx, ApiFormat::OpenAIChat, "rk-ci-runner-0123456789"));
    QCOMPARE(call(fx, "PUT", "/admin/keys/ci", R"({"enabled":true})").status, 200);
    QVERIFY(sendOne(fx, ApiFormat::OpenAIChat, "rk-ci-runner-0123456789")); // the secret survived the edits
    QCOMPARE(call(fx, "DELETE", "/admin/keys/ci").status, 200);
    QVERIFY(!sendOne(fx, ApiFormat::OpenAIChat, "rk-ci-runner-0123456789"));
    QCOMPARE(fx.store()->loadConfig().keys.size(), 2);
}

void TestAdmin::channelTestReportsLatencyAndResult()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const Answer ok = call(fx, "POST", "/admin/channels/ch-anth/test");
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json().value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(ok.json().value(QLatin1String("status")).toInt(), 200);
    QVERIFY(ok.json().value(QLatin1String("latency_ms")).toInteger() >= 0);
    QCOMPARE(ok.json().value(QLatin1String("upstream_model")).toString(), QStringLiteral("claude-upstream"));
    QCOMPARE(fx.upstream().lastRequest().path(), QByteArray("/v1/messages"));
    QCOMPARE(fx.upstream().lastRequest().header("x-api-key"), QByteArray("sk-up-anth-secret"));

    fx.upstream().setScript(Upstream::jsonResponse(401, Transcripts::errorBody(ApiFormat::OpenAIChat, 401, "bad key")));
    const Answer failed = call(fx, "POST", "/admin/channels/ch-chat/test");
    QCOMPARE(failed.status, 200);
    QCOMPARE(failed.json().value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(failed.json().value(QLatin1String("status")).toInt(), 401);
    QVERIFY(failed.json().value(QLatin1String("error")).toString().contains(QLatin1String("bad key")));
    QCOMPARE(call(fx, "POST", "/admin/channels/nope/test").status, 404);
}

void TestAdmin::channelsShowLiveHealth()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const QByteArray target = "/admin/channels/" + FormatCase::of(ApiFormat::OpenAIChat).channel;
    const QJsonObject before = call(fx, "GET", target).json().value(QLatin1String("health")).toObject();
    QCOMPARE(before.value(QLatin1String("state")).toString(), QStringLiteral("healthy"));

    fx.upstream().setScript(Upstream::jsonResponse(429, Transcripts::errorBody(ApiFormat::OpenAIChat, 429, "slow down")));
    QVERIFY(!sendOne(fx, ApiFormat::OpenAIChat));
    const Answer after = call(fx, "GET", target);
    const QJsonObject key = after.json().value(QLatin1String("health")).toObject().value(QLatin1String("keys"))
                                .toArray().first().toObject();
    QCOMPARE(key.value(QLatin1String("state")).toString(), QStringLiteral("cooling"));
    const QDateTime until = QDateTime::fromString(key.value(QLatin1String("cooldown_until")).toString(), Qt::ISODateWithMs);
    QVERIFY2(until > QDateTime::currentDateTimeUtc(), after.body.constData());

    // Every channel of the list carries its health; a GET-edit-PUT round trip still works.
    for (const QJsonValue &c : call(fx, "GET", "/admin/channels").json().value(QLatin1String("data")).toArray())
        QVERIFY(c.toObject().value(QLatin1String("health")).isObject());
    QCOMPARE(call(fx, "PUT", target, QJsonDocument(after.json()).toJson()).status, 200);
}

void TestAdmin::unknownAdminRouteIs404()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    const Answer a = call(fx, "GET", "/admin/nothing-here");
    QCOMPARE(a.status, 404);
    QVERIFY(a.json().contains(QLatin1String("error")));
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
