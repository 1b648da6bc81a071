// The app's logger: categories and levels, a rotating file in the data dir, the in-memory ring
// the GUI shows, and secrets masked in every line.

#include "obs/logger.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestLogger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void linesGoToFileAndRingWithCategoryAndLevel();
    void secretsAreMasked();
    void levelsBelowTheMinimumAreDropped();
    void fileRotatesAtItsSizeLimit();
    void ringKeepsTheLastLines();
    void notifierAnnouncesEachLine();

private:
    QString readLog(const QString &suffix = QString()) const;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestLogger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestLogger::cleanup()
{
    Logger::uninstall();
    m_dir.reset();
}

QString TestLogger::readLog(const QString &suffix) const
{
    QFile f(QDir(m_dir->path()).filePath(QStringLiteral("relaydesk.log") + suffix));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void TestLogger::linesGoToFileAndRingWithCategoryAndLevel()
{
    Logger::install(m_dir->path(), false);
    QCOMPARE(Logger::filePath(), QDir(m_dir->path()).filePath(QStringLiteral("relaydesk.log")));
    qCWarning(lcStore, "disk nearly full: %d%%", 97);
    qCInfo(lcRelay) << "listening";
    const QString text = readLog();
    QVERIFY2(text.contains(QLatin1String(" WARN relaydesk.store: disk nearly full: 97%")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String(" INFO relaydesk.relay: listening")), qPrintable(text));
    const QList<Logger::Line> ring = Logger::recentLines(2);
    QCOMPARE(ring.size(), 2);
    QCOMPARE(ring.first().level, QtWarningMsg);
    QCOMPARE(ring.first().category, QStringLiteral("relaydesk.store"));
    QCOMPARE(ring.last().message, QStringLiteral("listening"));
}

void TestLogger::secretsAreMasked()
{
    Logger::install(m_dir->path(), false);
    qCWarning(lcRelay, "upstream said: Incorrect API key provided: sk-proj-abcdefghijklmnop1234");
    qCWarning(lcAdmin, "request had Authorization: Bearer adm-very-secret-token-0001");
    qWarning("GET https://generativelanguage.googleapis.com/v1beta/models?key=AIzaSyAbcdefghijklmnopqrstuv");
    const QString text = readLog();
    for (const char *secret : {"abcdefghijklmnop1234", "very-secret-token-0001", "Abcdefghijklmnopqrstuv"}) {
        QVERIFY2(!text.contains(QLatin1String(secret)), qPrintable(text));
        for (const Logger::Line &l : Logger::recentLines())
            QVERIFY(!l.message.contains(QLatin1String(secret)));
    }
    QVERIFY(text.contains(QLatin1String("Bearer adm-")));
}

void TestLogger::levelsBelowTheMinimumAreDropped()
{
    Logger::Options o;
    o.minLevel = QtWarningMsg;
    Logger::install(m_dir->path(), o);
    qCInfo(lcRelay, "routine");
    qCDebug(lcRelay, "chatter");
    qCCritical(lcRelay, "broken");
    const QString text = readLog();
    QVERIFY(!text.contains(QLatin1String("routine")));
    QVERIFY(!text.contains(QLatin1String("chatter")));
    QVERIFY(text.contains(QLatin1String(" ERROR relaydesk.relay: broken")));
}

void TestLogger::fileRotatesAtItsSizeLimit()
{
    Logger::Options o;
    o.maxFileBytes = 2000;
    o.maxFiles = 3;
    Logger::install(m_dir->path(), o);
    const QString filler(80, u'x');
    for (int i = 0; i < 100; ++i)
        qCInfo(lcApp, "%03d %s", i, qPrintable(filler));
    QVERIFY(QFile::exists(QDir(m_dir->path()).filePath(QStringLiteral("relaydesk.log.1"))));
    QVERIFY(QFile::exists(QDir(m_dir->path()).filePath(QStringLiteral("relaydesk.log.2"))));
    QVERIFY(!QFile::exists(QDir(m_dir->path()).filePath(QStringLiteral("relaydesk.log.3"))));
    for (const QString &suffix : {QString(), QStringLiteral(".1"), QStringLiteral(".2")})
        QVERIFY(readLog(suffix).toUtf8().size() <= 2000);
    QVERIFY(readLog().contains(QLatin1String("099 ")));              // the newest line is in the live file
    QVERIFY(readLog(QStringLiteral(".1")).contains(QLatin1String(" INFO ")));
}

void TestLogger::ringKeepsTheLastLines()
{
    Logger::Options o;
    o.ringLines = 10;
    Logger::install(QString(), o); // no file at all
    QVERIFY(Logger::filePath().isEmpty());
    for (int i = 0; i < 25; ++i)
        qCInfo(lcApp, "line %d", i);
    const QList<Logger::Line> ring = Logger::recentLines();
    QCOMPARE(ring.size(), 10);
    QCOMPARE(ring.first().message, QStringLiteral("line 15"));
    QCOMPARE(ring.last().message, QStringLiteral("line 24"));
}

void TestLogger::notifierAnnouncesEachLine()
{
    Logger::install(m_dir->path(), false);
    QSignalSpy spy(Logger::notifier(), &Logger::lineLogged);
    qCWarning(lcConfig, "bad field");
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().value<Logger::Line>().message, QStringLiteral("bad field"));
}

QTEST_GUILESS_MAIN(TestLogger)
#include "tst_logger.moc"
