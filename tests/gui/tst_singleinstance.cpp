// One RelayDesk per data dir: the real binary launched twice (offscreen platform, temporary
// data dir). A second GUI launch raises the first and exits 0; a second headless one refuses
// with an error; a socket left by a killed run does not stop the next start.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void secondGuiLaunchRaisesTheFirstAndExits();
    void secondHeadlessLaunchIsRefused();
    void socketOfAKilledRunIsReplaced();

private:
    std::unique_ptr<QProcess> launch(const QStringList &extra = {});
    static bool waitForOutput(QProcess &process, QByteArray &seen, const QByteArray &text, int timeoutMs = 15000);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_first;
    QByteArray m_firstOutput;
};

void TestSingleInstance::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_firstOutput.clear();
}

void TestSingleInstance::cleanup()
{
    if (m_first && m_first->state() != QProcess::NotRunning) {
        m_first->terminate();
        if (!m_first->waitForFinished(10000))
            m_first->kill();
    }
    m_first.reset();
    m_dir.reset();
}

std::unique_ptr<QProcess> TestSingleInstance::launch(const QStringList &extra)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("xdg")));
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(RELAYDESK_BINARY),
                   QStringList{QStringLiteral("--data-dir"), m_dir->filePath(QStringLiteral("data")),
                               QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} + extra);
    return process;
}

bool TestSingleInstance::waitForOutput(QProcess &process, QByteArray &seen, const QByteArray &text, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!seen.contains(text) && clock.elapsed() < timeoutMs) {
        process.waitForReadyRead(100);
        seen += process.readAll();
        if (process.state() == QProcess::NotRunning) {
            seen += process.readAll();
            break;
        }
    }
    return seen.contains(text);
}

void TestSingleInstance::secondGuiLaunchRaisesTheFirstAndExits()
{
    m_first = launch();
    QVERIFY2(waitForOutput(*m_first, m_firstOutput, "listening on"), m_firstOutput.constData());

    auto second = launch();
    QVERIFY(second->waitForFinished(15000));
    const QByteArray said = second->readAll();
    QCOMPARE(second->exitStatus(), QProcess::NormalExit);
    QVERIFY2(second->exitCode() == 0, said.constData());
    QVERIFY2(said.contains("showed its window"), said.constData());
    QVERIFY2(!said.contains("listening on"), said.constData()); // it never started a relay
    QVERIFY2(waitForOutput(*m_first, m_firstOutput, "a second launch asked for the window"), m_firstOutput.constData());
    QCOMPARE(m_first->state(), QProcess::Running);
}

void TestSingleInstance::secondHeadlessLaunchIsRefused()
{
    m_first = launch();
    QVERIFY2(waitForOutput(*m_first, m_firstOutput, "listening on"), m_firstOutput.constData());

    auto second = launch({QStringLiteral("--headless")});
    QVERIFY(second->waitForFinished(15000));
    const QByteArray said = second->readAll();
    QCOMPARE(second->exitCode(), 2);
    QVERIFY2(said.contains("already runs with the data dir"), said.constData());
    QVERIFY(!m_firstOutput.contains("asked for the window"));
}

void TestSingleInstance::socketOfAKilledRunIsReplaced()
{
    m_first = launch({QStringLiteral("--headless")});
    QVERIFY2(waitForOutput(*m_first, m_firstOutput, "listening on"), m_firstOutput.constData());
    m_first->kill(); // SIGKILL: the socket file stays behind
    QVERIFY(m_first->waitForFinished(10000));

    m_firstOutput.clear();
    m_first = launch({QStringLiteral("--headless")});
    QVERIFY2(waitForOutput(*m_first, m_firstOutput, "listening on"), m_firstOutput.constData());
    QVERIFY2(!m_firstOutput.contains("cannot guard"), m_firstOutput.constData());
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
