// `relaydesk backup --to FILE` (the real binary) while this process keeps appending request
// rows to the same SQLite database: the copy opens, passes integrity_check and holds every row
// committed before the backup began; on PostgreSQL, a missing database or without --to it
// exits 2 with the reason, leaving an existing file at the target untouched.

#include "store/store.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

// One value from a private connection to a database file, as sqlite3 would read it.
QVariant sqliteScalar(const QString &path, const QString &sql)
{
    const QString name = QStringLiteral("tst_backup-side");
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QSqlQuery q(db);
        if (db.open() && q.exec(sql) && q.next())
            value = q.value(0);
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

RequestLogRow row(int i)
{
    RequestLogRow r;
    r.requestId = QStringLiteral("req-%1").arg(i);
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.keyName = QStringLiteral("laptop");
    r.channel = QStringLiteral("openai-main");
    r.model = QStringLiteral("gpt-5");
    r.path = QStringLiteral("/v1/chat/completions");
    r.httpStatus = 200;
    r.usage.inputTokens = 1000 + i;
    r.usage.outputTokens = 100;
    r.usage.known = true;
    r.errorMessage = i % 7 == 0 ? QStringLiteral("upstream closed the stream early (%1)").arg(i) : QString();
    return r;
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void copyWhileWriterAppendsHasEveryCommittedRow();
    void refusesWithReasonAndKeepsTarget_data();
    void refusesWithReasonAndKeepsTarget();
};

void TestBackup::copyWhileWriterAppendsHasEveryCommittedRow()
{
    QTemporaryDir dir;
    const QString dbPath = dir.filePath(QStringLiteral("relaydesk.db"));
    const QString copyPath = dir.filePath(QStringLiteral("backup/relaydesk-copy.db"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("backup"))));
    QFile stale(copyPath); // an older backup under the same name is replaced
    QVERIFY(stale.open(QIODevice::WriteOnly) && stale.write("old backup") > 0);
    stale.close();

    QString error;
    auto store = Store::open(QStringLiteral("sqlite:") + dbPath, &error);
    QVERIFY2(store, qPrintable(error));
    constexpr int kCommittedBefore = 3000;
    int appended = 0;
    for (; appended < kCommittedBefore; ++appended)
        store->appendRequestLog(row(appended));
    store->flush();

    QProcess backup;
    backup.start(QStringLiteral(RELAYDESK_BINARY),
                 {QStringLiteral("backup"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--to"), copyPath});
    QVERIFY(backup.waitForStarted(10000));
    int batchesDuringBackup = 0;
    while (!backup.waitForFinished(0)) { // the writer keeps committing small batches meanwhile
        for (int i = 0; i < 20; ++i)
            store->appendRequestLog(row(appended++));
        store->flush();
        ++batchesDuringBackup;
        QVERIFY2(appended < kCommittedBefore + 200000, "backup did not finish");
    }
    const QByteArray err = backup.readAllStandardError();
    QVERIFY2(backup.exitStatus() == QProcess::NormalExit && backup.exitCode() == 0, err.constData());
    QVERIFY(backup.readAllStandardOutput().contains("integrity_check ok"));
    QVERIFY2(batchesDuringBackup > 0, "the writer never ran while the backup did");

    QCOMPARE(sqliteScalar(copyPath, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    const qint64 copied = sqliteScalar(copyPath, QStringLiteral("SELECT count(*) FROM request_log")).toLongLong();
    QVERIFY2(copied >= kCommittedBefore && copied <= appended, qPrintable(QString::number(copied)));
    QVERIFY(QDir(dir.filePath(QStringLiteral("backup"))).entryList(QDir::Files) == QStringList{QStringLiteral("relaydesk-copy.db")});

    // The copy is a database RelayDesk opens as it is (restore = put it back as relaydesk.db).
    store.reset();
    auto restored = Store::open(QStringLiteral("sqlite:") + copyPath, &error);
    QVERIFY2(restored, qPrintable(error));
    QCOMPARE(restored->requestLogCount(), copied);
    RequestLogQuery oldest;
    oldest.limit = 1;
    oldest.beforeId = 2;
    const QList<RequestLogRow> first = restored->requestLogs(oldest);
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.first().requestId, QStringLiteral("req-0"));
    QCOMPARE(first.first().usage.inputTokens, 1000);
}

void TestBackup::refusesWithReasonAndKeepsTarget_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("withTarget");
    QTest::addColumn<QString>("reason");
    QTest::newRow("postgres") << QStringList{QStringLiteral("--database"), QStringLiteral("postgres://u:secret@db:5432/relay")}
                              << true << QStringLiteral("pg_dump");
    QTest::newRow("no database") << QStringList{QStringLiteral("--data-dir"), QStringLiteral("DIR/missing")} << true
                                 << QStringLiteral("no database at");
    QTest::newRow("no --to") << QStringList{QStringLiteral("--data-dir"), QStringLiteral("DIR")} << false
                             << QStringLiteral("backup needs --to FILE");
}

void TestBackup::refusesWithReasonAndKeepsTarget()
{
    QFETCH(QStringList, args);
    QFETCH(bool, withTarget);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("keep.db"));
    QFile existing(target);
    QVERIFY(existing.open(QIODevice::WriteOnly) && existing.write("previous backup") > 0);
    existing.close();
    args.replaceInStrings(QStringLiteral("DIR"), dir.path());

    QProcess backup;
    if (withTarget)
        args << QStringLiteral("--to") << target;
    backup.start(QStringLiteral(RELAYDESK_BINARY), QStringList{QStringLiteral("backup")} << args);
    QVERIFY(backup.waitForFinished(20000));
    QCOMPARE(backup.exitCode(), 2);
    const QString err = QString::fromUtf8(backup.readAllStandardError());
    QVERIFY2(err.contains(reason), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("secret")), "the password must not be printed");
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("previous backup"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("keep.db")});
}

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
