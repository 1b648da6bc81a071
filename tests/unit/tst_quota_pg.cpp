// The quota ledger's retry and sweep on a real PostgreSQL (the ctest fixture "postgres"), where
// a reservation is one WITH statement and the sweep locks the rows it releases: a reply lost
// after COMMIT reserves once, and a stopped node's reservation is released by another node.

#include "pgtestserver.h"
#include "storecontract.h"

#include "store/quotaledger.h"
#include "store/store.h"

#include <QTest>

namespace {

QuotaLedger::Answer answerOf(QFuture<QuotaLedger::Answer> future)
{
    future.waitForFinished();
    return future.resultCount() > 0 ? future.result() : QuotaLedger::Answer();
}

KeyBudget rowOf(Store &store, const QString &key)
{
    store.quotaLedger()->sync();
    return store.quotaLedger()->keyBudget(key).value_or(KeyBudget());
}

} // namespace

class TestQuotaPg : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void retryAfterLostReplyReservesOnce();
    void stoppedNodesReservationIsReleasedByAnotherNode();

private:
    std::unique_ptr<Store> openStore() { return StoreContract::open(m_url); }
    QString m_url; // a fresh database per test
};

void TestQuotaPg::init()
{
    QString error;
    m_url = PgTestServer::freshDatabase(&error);
    QVERIFY2(!m_url.isEmpty(), qPrintable(error));
}

void TestQuotaPg::retryAfterLostReplyReservesOnce()
{
    auto store = openStore();
    QVERIFY(store);
    store->quotaLedger()->loseNextReplyForTests();
    QuotaLedger::Answer a = answerOf(store->quotaLedger()->reserve(QStringLiteral("k"), 1000, 300));
    QCOMPARE(a.verdict, QuotaLedger::Verdict::Granted);
    QCOMPARE(rowOf(*store, QStringLiteral("k")).reservedNano, qint64(300));
    a.grant->settle(100);
    a.grant->settle(100); // a second settle of one grant never reaches the database
    const KeyBudget row = rowOf(*store, QStringLiteral("k"));
    QCOMPARE(row.reservedNano, qint64(0));
    QCOMPARE(row.spentNano, qint64(100));
}

void TestQuotaPg::stoppedNodesReservationIsReleasedByAnotherNode()
{
    auto a = openStore();
    auto b = openStore();
    QVERIFY(a && b);
    // Node a stops with a request in flight: its settlement never reaches the database.
    QuotaLedger::Answer lost = answerOf(a->quotaLedger()->reserve(QStringLiteral("k"), 1000, 500));
    QCOMPARE(lost.verdict, QuotaLedger::Verdict::Granted);
    a.reset();
    lost.grant->release();
    QuotaLedger::Answer live = answerOf(b->quotaLedger()->reserve(QStringLiteral("k"), 1000, 200));
    QCOMPARE(live.verdict, QuotaLedger::Verdict::Granted);
    QCOMPARE(rowOf(*b, QStringLiteral("k")).reservedNano, qint64(700));

    // Within the bound nothing is released; past it both are, and b's own request, settled
    // afterwards, is still charged.
    b->quotaLedger()->sweepStaleReservations(QDateTime::currentDateTimeUtc());
    QCOMPARE(rowOf(*b, QStringLiteral("k")).reservedNano, qint64(700));
    b->quotaLedger()->sweepStaleReservations(QDateTime::currentDateTimeUtc().addSecs(3 * 3600));
    QCOMPARE(rowOf(*b, QStringLiteral("k")).reservedNano, qint64(0));
    live.grant->settle(150);
    const KeyBudget row = rowOf(*b, QStringLiteral("k"));
    QCOMPARE(row.reservedNano, qint64(0));
    QCOMPARE(row.spentNano, qint64(150));
}

QTEST_GUILESS_MAIN(TestQuotaPg)
#include "tst_quota_pg.moc"
