// Secrets at rest: SecretBox (AES-256-GCM, passphrase or key file) and the store sealing
// upstream keys and the admin token through SecretVault, so that no file of the data dir
// holds them in plain text.

#include "config/configio.h"
#include "security/secretbox.h"
#include "security/secretvault.h"
#include "store/store.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

const QString kUpstreamKey = QStringLiteral("sk-upstream-plaintext-0123456789");
const QString kClientKey = QStringLiteral("rk-client-plaintext-abcdef");
const QString kAdminToken = QStringLiteral("adm-token-plaintext-fedcba");

QByteArray configJson()
{
    const QJsonObject channel{{QStringLiteral("name"), QStringLiteral("main")},
                              {QStringLiteral("type"), QStringLiteral("openai-chat")},
                              {QStringLiteral("base_url"), QStringLiteral("https://api.example")},
                              {QStringLiteral("keys"), QJsonArray{kUpstreamKey, QStringLiteral("sk-second-plaintext-999")}},
                              {QStringLiteral("models"), QJsonArray{QStringLiteral("*")}}};
    const QJsonObject key{{QStringLiteral("name"), QStringLiteral("laptop")}, {QStringLiteral("key"), kClientKey}};
    const QJsonObject settings{{QStringLiteral("allowed_origins"), QJsonArray{QStringLiteral("https://app.example")}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("admin_token"), kAdminToken},
                                     {QStringLiteral("settings"), settings},
                                     {QStringLiteral("channels"), QJsonArray{channel}},
                                     {QStringLiteral("keys"), QJsonArray{key}}})
        .toJson();
}

QStringList filesContaining(const QString &dir, const QString &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle.toUtf8()))
            hits.append(f.fileName());
    }
    return hits;
}

// The vault is process-wide: each test installs its own box and removes it at the end.
struct VaultScope
{
    explicit VaultScope(std::shared_ptr<const SecretBox> box) { SecretVault::install(std::move(box)); }
    ~VaultScope() { SecretVault::install(nullptr); }
};

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sealedValueOpensToThePlainValue_data();
    void sealedValueOpensToThePlainValue();
    void sealedValueRevealsNothing();
    void sameSecretSealsDifferentlyEachTime();
    void otherPassphraseCannotOpen();
    void alteredValueIsRefused_data();
    void alteredValueIsRefused();
    void boxesOfOnePassphraseOpenEachOthersValues();
    void keyFileIsCreatedOwnerOnly();
    void keyFileReadableByOthersIsRefused();
    void keyFileOfWrongLengthIsRefused();
    void passphraseValueNeedsAPassphrase();
    void storeKeepsNoSecretInPlainText();
    void storeWithoutTheKeyRefusesToOpenSealedKeys();

private:
    // PBKDF2 costs ~0.4 s on purpose: one passphrase box serves every test that needs one.
    std::shared_ptr<const SecretBox> m_passphrase;
};

void TestSecretStore::initTestCase()
{
    m_passphrase = SecretBox::fromPassphrase("correct horse battery staple");
}

void TestSecretStore::sealedValueOpensToThePlainValue_data()
{
    QTest::addColumn<QString>("plain");
    QTest::newRow("api key") << kUpstreamKey;
    QTest::newRow("one character") << QStringLiteral("x");
    QTest::newRow("unicode") << QStringLiteral("clé-секрет-密钥");
    QTest::newRow("long") << QString(10000, u'k');
}

void TestSecretStore::sealedValueOpensToThePlainValue()
{
    QFETCH(QString, plain);
    const std::shared_ptr<const SecretBox> keyBox = SecretBox::fromKey(QByteArray(32, '\x42'), QStringLiteral("test key"));
    for (const auto &box : {m_passphrase, keyBox}) {
        const QString sealed = box->seal(plain);
        QVERIFY(SecretBox::isSealed(sealed));
        QString error;
        const std::optional<QString> opened = box->unseal(sealed, &error);
        QVERIFY2(opened, qPrintable(error));
        QCOMPARE(*opened, plain);
    }
}

void TestSecretStore::sealedValueRevealsNothing()
{
    const auto box = SecretBox::fromKey(QByteArray(32, '\x01'), QStringLiteral("test key"));
    const QString sealed = box->seal(kUpstreamKey);
    QVERIFY(!sealed.contains(QStringLiteral("plaintext")));
    QVERIFY(!sealed.contains(kUpstreamKey.left(6)));
    QVERIFY(sealed.startsWith(QStringLiteral("enc:v1:k:")));
}

void TestSecretStore::sameSecretSealsDifferentlyEachTime()
{
    const auto box = SecretBox::fromKey(QByteArray(32, '\x02'), QStringLiteral("test key"));
    QVERIFY(box->seal(kUpstreamKey) != box->seal(kUpstreamKey)); // a fresh nonce each time
}

void TestSecretStore::otherPassphraseCannotOpen()
{
    const QString sealed = m_passphrase->seal(kUpstreamKey);
    QString error;
    QVERIFY(!SecretBox::fromPassphrase("wrong")->unseal(sealed, &error));
    QVERIFY2(error.contains(QLatin1String("cannot decrypt")), qPrintable(error));
}

void TestSecretStore::alteredValueIsRefused_data()
{
    QTest::addColumn<int>("part"); // which ':' field to alter
    QTest::newRow("salt") << 3;
    QTest::newRow("ciphertext") << 4;
}

void TestSecretStore::alteredValueIsRefused()
{
    QFETCH(int, part);
    const auto box = SecretBox::fromKey(QByteArray(32, '\x03'), QStringLiteral("test key"));
    QStringList fields = box->seal(kUpstreamKey).split(u':');
    QString &f = fields[part];
    f[f.size() / 2] = f[f.size() / 2] == u'A' ? u'B' : u'A';
    QString error;
    QVERIFY(!box->unseal(fields.join(u':'), &error)); // GCM's tag catches any change
    QVERIFY(!box->unseal(QStringLiteral("enc:v1:k:short"), &error));
}

void TestSecretStore::boxesOfOnePassphraseOpenEachOthersValues()
{
    // Two nodes on one database: each seals with its own salt, both open both.
    const auto &nodeA = m_passphrase;
    const auto nodeB = SecretBox::fromPassphrase("correct horse battery staple");
    QString error;
    QCOMPARE(nodeB->unseal(nodeA->seal(kUpstreamKey), &error).value_or(QString()), kUpstreamKey);
    QCOMPARE(nodeA->unseal(nodeB->seal(kAdminToken), &error).value_or(QString()), kAdminToken);
}

void TestSecretStore::keyFileIsCreatedOwnerOnly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/secret.key"));
    QString error;
    const auto created = SecretBox::fromKeyFile(path, true, &error);
    QVERIFY2(created, qPrintable(error));
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    // The same file again gives the same key: it opens what the first box sealed.
    const auto reread = SecretBox::fromKeyFile(path, true, &error);
    QVERIFY2(reread, qPrintable(error));
    QCOMPARE(reread->unseal(created->seal(kUpstreamKey), &error).value_or(QString()), kUpstreamKey);
}

void TestSecretStore::keyFileReadableByOthersIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secret.key"));
    QString error;
    QVERIFY(SecretBox::fromKeyFile(path, true, &error));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY(!SecretBox::fromKeyFile(path, true, &error));
    QVERIFY2(error.contains(QLatin1String("chmod 600")), qPrintable(error));
}

void TestSecretStore::keyFileOfWrongLengthIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secret.key"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("abcdef\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    QString error;
    QVERIFY(!SecretBox::fromKeyFile(path, false, &error));
    QVERIFY2(error.contains(QLatin1String("64 hexadecimal")), qPrintable(error));
}

void TestSecretStore::passphraseValueNeedsAPassphrase()
{
    const QString sealed = m_passphrase->seal(kUpstreamKey);
    QString error;
    QVERIFY(!SecretBox::fromKey(QByteArray(32, '\x07'), QStringLiteral("/data/secret.key"))->unseal(sealed, &error));
    QVERIFY2(error.contains(QLatin1String(SecretBox::kEnvVar)), qPrintable(error)); // says where it came from
}

void TestSecretStore::storeKeepsNoSecretInPlainText()
{
    QTemporaryDir dir;
    QString error;
    VaultScope vault(SecretBox::fromKeyFile(dir.filePath(QStringLiteral("secret.key")), true, &error));
    QVERIFY2(SecretVault::installed(), qPrintable(error));
    {
        auto store = Store::open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("relaydesk.db")), &error);
        QVERIFY2(store, qPrintable(error));
        Config config;
        const auto importError = ConfigIO::importInto(config, configJson());
        QVERIFY2(!importError, qPrintable(importError ? importError->toString() : QString()));
        QVERIFY2(store->saveConfig(config, &error), qPrintable(error));
        // A second save (as every /admin edit does) must not leave an old plain copy either.
        QVERIFY2(store->saveConfig(config, &error), qPrintable(error));
        store->flush();

        // What the relay gets back is the plain config.
        const Config loaded = store->loadConfig();
        QCOMPARE(loaded.adminToken, kAdminToken);
        QCOMPARE(loaded.channels.value(0).keys.value(0), kUpstreamKey);
        QVERIFY(loaded.keyByHash(ClientKey::hashKey(kClientKey.toUtf8())));
        QCOMPARE(loaded.settings.allowedOrigins, QStringList{QStringLiteral("https://app.example")});
        QVERIFY(SecretVault::takeErrors().isEmpty());
    }
    for (const QString &secret : {kUpstreamKey, QStringLiteral("sk-second-plaintext-999"), kClientKey, kAdminToken})
        QVERIFY2(filesContaining(dir.path(), secret).isEmpty(),
                 qPrintable(secret + QStringLiteral(" in ") + filesContaining(dir.path(), secret).join(u',')));
}

void TestSecretStore::storeWithoutTheKeyRefusesToOpenSealedKeys()
{
    QTemporaryDir dir;
    QString error;
    const QString url = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("relaydesk.db"));
    {
        VaultScope vault(m_passphrase);
        auto store = Store::open(url, &error);
        QVERIFY2(store, qPrintable(error));
        Config config;
        QVERIFY(!ConfigIO::importInto(config, configJson()));
        QVERIFY2(store->saveConfig(config, &error), qPrintable(error));
    }
    VaultScope vault(SecretBox::fromPassphrase("another one"));
    auto store = Store::open(url, &error);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("admin_token: cannot decrypt")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ignoring stored channel 'main'")));
    QVERIFY2(store, qPrintable(error));
    const Config loaded = store->loadConfig();
    // Never the ciphertext used as an API key, never a silent success: the channel is left
    // out, the failure is reported, and the admin token stays unusable.
    QVERIFY(loaded.channels.isEmpty());
    QVERIFY(loaded.adminToken != kAdminToken);
    const QStringList errors = SecretVault::takeErrors();
    QCOMPARE(errors.size(), 2);
    QVERIFY2(errors.join(u' ').contains(QLatin1String("channel 'main'")), qPrintable(errors.join(u' ')));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
