// The router on its own, with a fake clock: channel order, key rotation, 429 cooldowns,
// unhealthy targets and their half-open trials, session pins, and what the admin API sees.

#include "routing/retryafter.h"
#include "routing/router.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QTimeZone>

namespace {

Channel makeChannel(const QString &name, int keys, int priority = 0, int weight = 1)
{
    Channel c;
    c.name = name;
    c.type = ApiFormat::OpenAIChat;
    c.baseUrl = QStringLiteral("http://127.0.0.1:1");
    for (int k = 0; k < keys; ++k)
        c.keys.append(QStringLiteral("sk-%1-%2").arg(name).arg(k));
    c.models = {QStringLiteral("m*")};
    c.priority = priority;
    c.weight = weight;
    return c;
}

Config makeConfig(const QList<Channel> &channels)
{
    Config config;
    config.channels = channels;
    config.reindex();
    return config;
}

RoutingPolicy testPolicy()
{
    RoutingPolicy p;
    p.cooldownBaseSeconds = 5;
    p.cooldownMaxSeconds = 40;
    p.unhealthyAfterFailures = 3;
    p.unhealthySeconds = 30;
    p.unhealthyMaxSeconds = 100;
    p.probeTimeoutSeconds = 60;
    return p;
}

// "name#key" of each candidate, in order.
QStringList names(const Config &config, const QList<RouteCandidate> &candidates)
{
    QStringList out;
    for (const RouteCandidate &c : candidates)
        out.append(config.channels[c.channelIndex].name + u'#' + QString::number(c.keyIndex));
    return out;
}

RouteCandidate candidate(const Config &config, const QString &channel, int key)
{
    for (qsizetype i = 0; i < config.channels.size(); ++i)
        if (config.channels[i].name == channel)
            return RouteCandidate{i, key, false, false};
    return {};
}

AttemptOutcome failure(int status = 502)
{
    return AttemptOutcome::failed(status, -1, QStringLiteral("boom"));
}

AttemptOutcome rateLimited(qint64 retryAfterMs)
{
    return AttemptOutcome::failed(429, retryAfterMs, QStringLiteral("slow down"));
}

// A router whose clock the test moves.
struct Harness
{
    qint64 now = 1'700'000'000'000;
    Router router;

    Harness()
    {
        router.setPolicy(testPolicy());
        router.setClock([this] { return now; });
    }
    void advance(qint64 ms) { now += ms; }
    QStringList plan(const Config &config, int maxAttempts = 10, const QString &session = {})
    {
        return names(config, router.plan(config, RouteQuery{QStringLiteral("m1"), maxAttempts, {}, session}).candidates);
    }
};

} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lowerPriorityFirstAndKeysRotate();
    void pinnedChannelHeaderRestrictsChoice();
    void rateLimitedKeySkippedUntilRetryAfterPasses();
    void rateLimitWithoutRetryAfterBacksOffExponentially();
    void everyKeyCoolingLeavesNoCandidateAndSaysWhen();
    void repeatedFailuresMakeKeyUnhealthy();
    void halfOpenAllowsOneTrialAndSuccessRecovers();
    void failedTrialReopensForTwiceAsLong();
    void untriedTrialIsReleased();
    void unhealthyTargetsAreLastResortLeastRecentlyFailedFirst();
    void channelFailingOnEveryKeyIsSkippedWhole();
    void streamThatKeepsBreakingAfterConnectingBecomesUnhealthy();
    void neutralOutcomesDoNotCount_data();
    void neutralOutcomesDoNotCount();
    void sessionStaysOnItsTargetWhileHealthy();
    void sessionMovesWhenItsTargetIsNotHealthy();
    void sessionPinsAreBounded();
    void healthSnapshotShowsStatesAndCooldowns();
    void retryAfterParses_data();
    void retryAfterParses();
};

void TestRouter::lowerPriorityFirstAndKeysRotate()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("b"), 1, 1), makeChannel(QStringLiteral("a"), 2, 0)});
    QCOMPARE(h.plan(config), (QStringList{QStringLiteral("a#0"), QStringLiteral("a#1"), QStringLiteral("b#0")}));
    QCOMPARE(h.plan(config), (QStringList{QStringLiteral("a#1"), QStringLiteral("a#0"), QStringLiteral("b#0")}));
    QCOMPARE(h.plan(config, 2), (QStringList{QStringLiteral("a#0"), QStringLiteral("a#1")}));
}

void TestRouter::pinnedChannelHeaderRestrictsChoice()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 1), makeChannel(QStringLiteral("b"), 1, 5)});
    QCOMPARE(names(config, h.router.plan(config, QStringLiteral("m1"), 3, QStringLiteral("b"))),
             QStringList{QStringLiteral("b#0")});
    QVERIFY(h.router.plan(config, QStringLiteral("m1"), 3, QStringLiteral("nope")).isEmpty());
    QVERIFY(h.router.plan(config, QStringLiteral("other"), 3).isEmpty());
}

void TestRouter::rateLimitedKeySkippedUntilRetryAfterPasses()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 2)});
    h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), 0), rateLimited(20'000));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(h.plan(config), QStringList{QStringLiteral("a#1")});
    h.advance(19'999);
    QCOMPARE(h.plan(config), QStringList{QStringLiteral("a#1")});
    h.advance(1);
    QVERIFY(h.plan(config).contains(QStringLiteral("a#0")));
}

void TestRouter::rateLimitWithoutRetryAfterBacksOffExponentially()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 2)});
    const RouteCandidate key0 = candidate(config, QStringLiteral("a"), 0);
    // base 5 s, doubling, capped at 40 s: 5, 10, 20, 40, 40
    for (const qint64 expectedMs : {5'000, 10'000, 20'000, 40'000, 40'000}) {
        h.router.reportOutcome(config, key0, rateLimited(-1));
        h.advance(expectedMs - 1);
        QVERIFY2(!h.plan(config).contains(QStringLiteral("a#0")), qPrintable(QString::number(expectedMs)));
        h.advance(1);
        QVERIFY2(h.plan(config).contains(QStringLiteral("a#0")), qPrintable(QString::number(expectedMs)));
    }
    h.router.reportOutcome(config, key0, AttemptOutcome::success());
    h.router.reportOutcome(config, key0, rateLimited(-1));
    h.advance(5'000);
    QVERIFY2(h.plan(config).contains(QStringLiteral("a#0")), "a success starts the backoff over");
}

void TestRouter::everyKeyCoolingLeavesNoCandidateAndSaysWhen()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 2)});
    h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), 0), rateLimited(30'000));
    h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), 1), rateLimited(12'000));
    const RoutePlan plan = h.router.plan(config, RouteQuery{QStringLiteral("m1"), 3, {}, {}});
    QVERIFY2(plan.candidates.isEmpty(), "a cooling key is never tried early, not even as a last resort");
    QVERIFY(plan.anyChannel);
    QCOMPARE(plan.skipped.size(), 2);
    QCOMPARE(plan.retryAfterMs(h.now), 12'000);
    const QString described = plan.describeSkipped(config, h.now);
    QVERIFY2(described.contains(QStringLiteral("a#0 (cooling for 30 s more)")), qPrintable(described));
    QVERIFY2(described.contains(QStringLiteral("a#1 (cooling for 12 s more)")), qPrintable(described));
}

void TestRouter::repeatedFailuresMakeKeyUnhealthy()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 2), makeChannel(QStringLiteral("b"), 1, 1)});
    const RouteCandidate a0 = candidate(config, QStringLiteral("a"), 0);
    // 401: the upstream refuses this key; the channel itself answered, so only the key suffers.
    h.router.reportOutcome(config, a0, failure(401));
    h.router.reportOutcome(config, a0, failure(401));
    QVERIFY2(h.plan(config).contains(QStringLiteral("a#0")), "two failures in a row are not yet enough");
    h.router.reportOutcome(config, a0, AttemptOutcome::success());
    h.router.reportOutcome(config, a0, failure(401));
    h.router.reportOutcome(config, a0, failure(401));
    QVERIFY2(h.plan(config).indexOf(QStringLiteral("a#0")) < 2, "a success resets the count");
    h.router.reportOutcome(config, a0, failure(401));
    // Unhealthy: after every healthy candidate.
    QCOMPARE(h.plan(config).constLast(), QStringLiteral("a#0"));
    QCOMPARE(h.plan(config, 2), (QStringList{QStringLiteral("a#1"), QStringLiteral("b#0")}));
}

void TestRouter::halfOpenAllowsOneTrialAndSuccessRecovers()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 1), makeChannel(QStringLiteral("b"), 1, 1)});
    const RouteCandidate a0 = candidate(config, QStringLiteral("a"), 0);
    for (int i = 0; i < 3; ++i)
        h.router.reportOutcome(config, a0, failure());
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")});
    h.advance(30'000);
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")}); // the trial
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")}); // while it runs, others go elsewhere
    h.router.reportOutcome(config, a0, AttemptOutcome::success());
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")});
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")});
}

void TestRouter::failedTrialReopensForTwiceAsLong()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 1), makeChannel(QStringLiteral("b"), 1, 1)});
    const RouteCandidate a0 = candidate(config, QStringLiteral("a"), 0);
    for (int i = 0; i < 3; ++i)
        h.router.reportOutcome(config, a0, failure());
    h.advance(30'000);
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")});
    h.router.reportOutcome(config, a0, failure(0));
    h.advance(59'999);
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")});
    h.advance(1);
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")});
}

void TestRouter::untriedTrialIsReleased()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 1), makeChannel(QStringLiteral("b"), 1, 1)});
    const RouteCandidate a0 = candidate(config, QStringLiteral("a"), 0);
    for (int i = 0; i < 3; ++i)
        h.router.reportOutcome(config, a0, failure());
    h.advance(30'000);
    const QList<RouteCandidate> first = h.router.plan(config, QStringLiteral("m1"), 2);
    QCOMPARE(names(config, first), (QStringList{QStringLiteral("a#0"), QStringLiteral("b#0")}));
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")});
    h.router.releaseUntried(config, first);
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")});
    // A trial that never reports back frees itself after the probe timeout.
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")});
    h.advance(60'000);
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")});
}

void TestRouter::unhealthyTargetsAreLastResortLeastRecentlyFailedFirst()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 1), makeChannel(QStringLiteral("b"), 1, 1),
                                      makeChannel(QStringLiteral("c"), 1, 2)});
    for (const QString &name : {QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")}) {
        for (int i = 0; i < 3; ++i)
            h.router.reportOutcome(config, candidate(config, name, 0), failure());
        h.advance(1000);
    }
    const RoutePlan plan = h.router.plan(config, RouteQuery{QStringLiteral("m1"), 2, {}, {}});
    QCOMPARE(names(config, plan.candidates), (QStringList{QStringLiteral("c#0"), QStringLiteral("a#0")}));
    QVERIFY(plan.candidates[0].forced && plan.candidates[1].forced);
    QCOMPARE(plan.skipped.size(), 3);
}

void TestRouter::channelFailingOnEveryKeyIsSkippedWhole()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 3), makeChannel(QStringLiteral("b"), 1, 1)});
    // A host that is down fails on whichever key: key failures alone would not reach 3 here.
    for (int k = 0; k < 3; ++k)
        h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), k), failure(0));
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")});
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")});
    const QJsonObject a = h.router.channelHealth(config, QStringLiteral("a"));
    QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("unhealthy"));
    QCOMPARE(a.value(QStringLiteral("keys")).toArray().at(2).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("healthy"));
}

void TestRouter::streamThatKeepsBreakingAfterConnectingBecomesUnhealthy()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 1), makeChannel(QStringLiteral("b"), 1, 1)});
    const RouteCandidate a0 = candidate(config, QStringLiteral("a"), 0);
    for (int i = 0; i < 3; ++i) {
        h.router.reportOutcome(config, a0, AttemptOutcome::connected());
        h.router.reportOutcome(config, a0, failure(0)); // cut short mid-stream
    }
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("b#0")});
}

void TestRouter::neutralOutcomesDoNotCount_data()
{
    QTest::addColumn<int>("status");
    QTest::addRow("400") << 400;
    QTest::addRow("404") << 404;
    QTest::addRow("413") << 413;
    QTest::addRow("422") << 422;
}

void TestRouter::neutralOutcomesDoNotCount()
{
    QFETCH(int, status);
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 1), makeChannel(QStringLiteral("b"), 1, 1)});
    for (int i = 0; i < 10; ++i)
        h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), 0), failure(status));
    QCOMPARE(h.plan(config, 1), QStringList{QStringLiteral("a#0")});
    QCOMPARE(AttemptOutcome::failed(401, -1, {}).kind, AttemptOutcome::Kind::KeyRejected);
    QCOMPARE(AttemptOutcome::failed(408, -1, {}).kind, AttemptOutcome::Kind::Failure);
    QCOMPARE(AttemptOutcome::failed(200, -1, {}).kind, AttemptOutcome::Kind::Failure); // error event in a 200 stream
}

void TestRouter::sessionStaysOnItsTargetWhileHealthy()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 3)});
    const QString session = QStringLiteral("key\nm1\nsession-1");
    const QList<RouteCandidate> first = h.router.plan(config, RouteQuery{QStringLiteral("m1"), 1, {}, session}).candidates;
    h.router.reportOutcome(config, first.first(), AttemptOutcome::success(), session);
    QSet<QString> seen;
    for (int i = 0; i < 20; ++i) {
        const RoutePlan plan = h.router.plan(config, RouteQuery{QStringLiteral("m1"), 1, {}, session});
        QVERIFY(plan.candidates.first().pinned);
        seen.insert(names(config, plan.candidates).first());
        h.router.reportOutcome(config, plan.candidates.first(), AttemptOutcome::success(), session);
    }
    QCOMPARE(seen.size(), 1);
    QCOMPARE(*seen.begin(), names(config, first).first());
    QSet<QString> unpinned;
    for (int i = 0; i < 3; ++i)
        unpinned.insert(h.plan(config, 1).first());
    QCOMPARE(unpinned.size(), 3); // without a session the keys rotate
}

void TestRouter::sessionMovesWhenItsTargetIsNotHealthy()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 2)});
    const QString session = QStringLiteral("s");
    h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), 0), AttemptOutcome::success(), session);
    QCOMPARE(h.plan(config, 1, session), QStringList{QStringLiteral("a#0")});
    h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), 0), rateLimited(60'000), session);
    const RoutePlan moved = h.router.plan(config, RouteQuery{QStringLiteral("m1"), 1, {}, session});
    QCOMPARE(names(config, moved.candidates), QStringList{QStringLiteral("a#1")});
    QVERIFY(!moved.candidates.first().pinned);
    h.router.reportOutcome(config, moved.candidates.first(), AttemptOutcome::success(), session);
    h.advance(60'000); // a#0 is back, but the session has moved on for good
    for (int i = 0; i < 5; ++i)
        QCOMPARE(h.plan(config, 1, session), QStringList{QStringLiteral("a#1")});
}

void TestRouter::sessionPinsAreBounded()
{
    Harness h;
    RoutingPolicy p = testPolicy();
    p.sessionPinCapacity = 100;
    h.router.setPolicy(p);
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 2)});
    for (int i = 0; i < 1000; ++i)
        h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), i % 2), AttemptOutcome::success(),
                               QStringLiteral("session-%1").arg(i));
    QCOMPARE(h.router.pinnedSessions(), 100);
    QCOMPARE(h.plan(config, 1, QStringLiteral("session-999")), QStringList{QStringLiteral("a#1")});
}

void TestRouter::healthSnapshotShowsStatesAndCooldowns()
{
    Harness h;
    const Config config = makeConfig({makeChannel(QStringLiteral("a"), 2), makeChannel(QStringLiteral("b"), 1)});
    h.router.reportOutcome(config, candidate(config, QStringLiteral("a"), 1), rateLimited(90'000));
    for (int i = 0; i < 3; ++i)
        h.router.reportOutcome(config, candidate(config, QStringLiteral("b"), 0), failure(503));
    const QJsonObject snap = h.router.healthSnapshot(config);
    QCOMPARE(snap.keys(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    const QJsonObject a = snap.value(QStringLiteral("a")).toObject();
    QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("healthy"));
    const QJsonObject a1 = a.value(QStringLiteral("keys")).toArray().at(1).toObject();
    QCOMPARE(a1.value(QStringLiteral("index")).toInt(), 1);
    QCOMPARE(a1.value(QStringLiteral("state")).toString(), QStringLiteral("cooling"));
    QCOMPARE(QDateTime::fromString(a1.value(QStringLiteral("cooldown_until")).toString(), Qt::ISODateWithMs)
                 .toMSecsSinceEpoch(),
             h.now + 90'000);
    QCOMPARE(a1.value(QStringLiteral("last_status")).toInt(), 429);
    const QJsonObject b = snap.value(QStringLiteral("b")).toObject();
    QCOMPARE(b.value(QStringLiteral("state")).toString(), QStringLiteral("unhealthy"));
    QCOMPARE(b.value(QStringLiteral("consecutive_failures")).toInt(), 3);
    QVERIFY(b.value(QStringLiteral("unhealthy_until")).isString());
    QCOMPARE(b.value(QStringLiteral("last_error")).toString(), QStringLiteral("boom"));
    h.advance(30'000);
    QCOMPARE(h.router.channelHealth(config, QStringLiteral("b")).value(QStringLiteral("state")).toString(),
             QStringLiteral("half_open"));
    QVERIFY(h.router.channelHealth(config, QStringLiteral("zzz")).isEmpty());
}

void TestRouter::retryAfterParses_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("retryAfterMs");
    QTest::addColumn<qint64>("expectedMs");
    QTest::addRow("seconds") << QByteArray("120") << QByteArray() << qint64(120'000);
    QTest::addRow("zero") << QByteArray("0") << QByteArray() << qint64(0);
    QTest::addRow("spaces") << QByteArray(" 7 ") << QByteArray() << qint64(7'000);
    QTest::addRow("imf-fixdate") << QByteArray("Wed, 21 Oct 2015 07:28:30 GMT") << QByteArray() << qint64(30'000);
    QTest::addRow("rfc850") << QByteArray("Wednesday, 21-Oct-15 07:29:00 GMT") << QByteArray() << qint64(60'000);
    QTest::addRow("asctime") << QByteArray("Wed Oct 21 07:28:10 2015") << QByteArray() << qint64(10'000);
    QTest::addRow("date in the past") << QByteArray("Wed, 21 Oct 2015 07:00:00 GMT") << QByteArray() << qint64(0);
    QTest::addRow("retry-after-ms wins") << QByteArray("120") << QByteArray("1500") << qint64(1'500);
    QTest::addRow("garbage") << QByteArray("soon") << QByteArray() << qint64(-1);
    QTest::addRow("negative") << QByteArray("-5") << QByteArray() << qint64(-1);
    QTest::addRow("none") << QByteArray() << QByteArray() << qint64(-1);
}

void TestRouter::retryAfterParses()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, retryAfterMs);
    QFETCH(qint64, expectedMs);
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), QTimeZone::utc());
    QCOMPARE(RetryAfter::parseMs(retryAfter, retryAfterMs, now), expectedMs);
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
