// The Channels, Keys and Settings tabs and their editor dialogs against a real temporary
// store: invalid input is refused inline and nothing is saved; valid input lands in the store
// and in the running relay's config.
#include "config/channeleditordialog.h"
#include "formatcase.h"
#include "rawhttpclient.h"
#include "relayfixture.h"
#include "scriptedupstream.h"
#include "transcripts.h"
#include "config/channelstab.h"
#include "config/autostart.h"
#include "config/configapplier.h"
#include "config/datadirchoice.h"
#include "config/desktopsettingsbox.h"
#include "config/keyeditordialog.h"
#include "config/keystab.h"
#include "config/settingstab.h"
#include "config/settingsfields.h"
#include "relay/relayservice.h"
#include "store/store.h"
#include "uisettings.h"

#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QDir>
#include <QFile>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>
#include <memory>

class TestConfigTabs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void channelDialogRefusesInvalidInput_data();
    void channelDialogRefusesInvalidInput();
    void addedChannelIsSavedAndVisibleAfterReload();
    void editedChannelReplacesTheOldOne();
    void duplicatedChannelIsSavedAsACopy();
    void testButtonShowsLatencyWithoutBlocking();
    void testButtonShowsTheErrorOfARefusedPort();
    void editorTestsTheUnsavedForm();
    void healthColumnShowsCoolingAfterUpstream429();
    void keyDialogGeneratesKeyShownOnceWithCopy();
    void addedKeyStoresOnlyTheHash();
    void keyDialogRefusesEmptyName();
    void duplicatedKeyKeepsLimitsWithANewSecret();
    void settingsAreSavedAndRangesEnforced();
    void everySettingHasALabelATooltipAndItsRange();
    void databaseFaultSettingsAreSaved();
    void savedSettingReachesTheRunningRelay();
    void channelsTabShowsAConfigAnotherNodeSaved();
    void openKeyEditorKeepsItsEditsWhenAnotherNodeSaves();
    void settingsFormFollowsAnotherNodeUnlessEdited();
    void startAtLoginWritesAndRemovesTheAutostartEntry();
    void exportedConfigImportsBackWithoutSecretsUnlessAsked();
    void listenAddressWarnsAboutNonLoopbackAndIsSaved();
    void chosenDataDirIsUsedByTheNextStart();

private:
    // Saves `change` of the stored config as another node of the fleet would, and emits what
    // the relay emits when its watcher sees it (Store::watchConfig runs on PostgreSQL only).
    void saveOnOtherNode(RelayService *relay, const std::function<void(Config &)> &change);
    // Runs `drive` on the next modal dialog the tab opens (after `open` is called).
    static void onNextDialog(const std::function<void(QDialog *)> &drive);
    static void fillChannel(QDialog *dialog, const QString &name, const QString &url);
    static void clickSave(QDialog *dialog);
    void saveChannel(const QString &name, const QString &url);
    static QString duplicateFirstRow(ConfigTableBase &tab); // the name the copy is offered under

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ConfigApplier> m_applier;
};

void TestConfigTabs::init()
{
    QStandardPaths::setTestModeEnabled(true);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    UiSettings::setFileName(m_dir->filePath(QStringLiteral("ui.ini")));
    QString error;
    m_store = Store::open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("relaydesk.db")), &error);
    QVERIFY2(m_store, qPrintable(error));
    m_applier = std::make_unique<ConfigApplier>(m_store.get(), nullptr);
}

void TestConfigTabs::cleanup()
{
    m_applier.reset();
    m_store.reset();
    m_dir.reset();
}

void TestConfigTabs::onNextDialog(const std::function<void(QDialog *)> &drive)
{
    QTimer::singleShot(0, qApp, [drive] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        drive(dialog);
        if (dialog->isVisible())
            dialog->reject(); // a failed check left it open: exec() must still return
    });
}

void TestConfigTabs::fillChannel(QDialog *dialog, const QString &name, const QString &url)
{
    dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(name);
    dialog->findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"))->setText(url);
    dialog->findChild<QPlainTextEdit *>(QStringLiteral("keysEdit"))->setPlainText(QStringLiteral("sk-test-1234567890"));
    dialog->findChild<QLineEdit *>(QStringLiteral("modelsEdit"))->setText(QStringLiteral("gpt-5*, o3"));
}

void TestConfigTabs::clickSave(QDialog *dialog)
{
    auto *box = dialog->findChild<QDialogButtonBox *>();
    QTest::mouseClick(box->button(QDialogButtonBox::Save), Qt::LeftButton);
}

void TestConfigTabs::channelDialogRefusesInvalidInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("proxy");
    QTest::addColumn<QString>("expected");
    QTest::addRow("url without scheme") << "main" << "api.openai.com/v1" << "" << "Base URL: ";
    QTest::addRow("ftp url") << "main" << "ftp://example.com" << "" << "Base URL: ";
    QTest::addRow("empty name") << "" << "https://api.openai.com" << "" << "Name: ";
    QTest::addRow("proxy without port") << "main" << "https://api.openai.com" << "socks5://proxy" << "Proxy: ";
    QTest::addRow("name taken") << "existing" << "https://api.openai.com" << "" << "Name: another channel";
}

void TestConfigTabs::channelDialogRefusesInvalidInput()
{
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QString, proxy);
    QFETCH(QString, expected);
    ChannelEditorDialog dialog(Channel(), {QStringLiteral("existing")});
    fillChannel(&dialog, name, url);
    dialog.findChild<QLineEdit *>(QStringLiteral("proxyEdit"))->setText(proxy);
    dialog.show();
    clickSave(&dialog);
    QVERIFY(dialog.isVisible()); // refused: still open
    QVERIFY2(dialog.errorText().startsWith(expected), qPrintable(dialog.errorText()));
    auto *label = dialog.findChild<QLabel *>(QStringLiteral("errorLabel"));
    QVERIFY(label && label->isVisible());
    QVERIFY(m_store->loadConfig().channels.isEmpty());
}

void TestConfigTabs::addedChannelIsSavedAndVisibleAfterReload()
{
    ChannelsTab tab(m_applier.get());
    tab.show();
    // First an invalid URL: refused inline, then corrected and saved.
    onNextDialog([](QDialog *dialog) {
        fillChannel(dialog, QStringLiteral("openai-main"), QStringLiteral("not a url"));
        clickSave(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("errorLabel"))->text().contains(QStringLiteral("Base URL")));
        dialog->findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"))->setText(QStringLiteral("https://api.openai.com"));
        clickSave(dialog);
    });
    tab.addEntry();
    QCOMPARE(tab.table()->rowCount(), 1);
    QCOMPARE(tab.table()->item(0, ChannelsTab::Name)->text(), QStringLiteral("openai-main"));

    const Config config = m_store->loadConfig();
    QCOMPARE(config.channels.size(), 1);
    QCOMPARE(config.channels.first().baseUrl, QStringLiteral("https://api.openai.com"));
    QCOMPARE(config.channels.first().models, QStringList({QStringLiteral("gpt-5*"), QStringLiteral("o3")}));
    QCOMPARE(config.channels.first().keys, QStringList{QStringLiteral("sk-test-1234567890")});

    ChannelsTab reopened(m_applier.get());
    QCOMPARE(reopened.table()->rowCount(), 1);
    QCOMPARE(reopened.table()->item(0, ChannelsTab::BaseUrl)->text(), QStringLiteral("https://api.openai.com"));
}

void TestConfigTabs::editedChannelReplacesTheOldOne()
{
    Config config;
    Channel c;
    c.name = QStringLiteral("claude");
    c.type = ApiFormat::Anthropic;
    c.baseUrl = QStringLiteral("https://api.anthropic.com");
    c.models = {QStringLiteral("claude-*")};
    config.channels.append(c);
    QString error;
    QVERIFY2(m_store->saveConfig(config, &error), qPrintable(error));

    ChannelsTab tab(m_applier.get());
    tab.show();
    tab.table()->selectRow(0);
    onNextDialog([](QDialog *dialog) {
        QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("typeCombo"))->currentText(), QStringLiteral("anthropic"));
        dialog->findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"))->setText(QStringLiteral("https://proxy.example/anthropic"));
        clickSave(dialog);
    });
    tab.editEntry();
    const Config saved = m_store->loadConfig();
    QCOMPARE(saved.channels.size(), 1);
    QCOMPARE(saved.channels.first().baseUrl, QStringLiteral("https://proxy.example/anthropic"));
    QCOMPARE(saved.channels.first().type, ApiFormat::Anthropic);
}

void TestConfigTabs::saveChannel(const QString &name, const QString &url)
{
    Config config = m_store->loadConfig();
    Channel c;
    c.name = name;
    c.type = ApiFormat::OpenAIChat;
    c.baseUrl = url;
    c.keys = {QStringLiteral("sk-test-1234567890")};
    c.models = {QStringLiteral("gpt-test")};
    c.timeoutSeconds = 10;
    config.channels.append(c);
    QString error;
    QVERIFY2(m_store->saveConfig(config, &error), qPrintable(error));
}

QString TestConfigTabs::duplicateFirstRow(ConfigTableBase &tab)
{
    tab.show();
    tab.table()->selectRow(0);
    QString offeredName;
    onNextDialog([&offeredName](QDialog *dialog) {
        offeredName = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->text();
        clickSave(dialog);
    });
    tab.duplicateEntry();
    return offeredName;
}

void TestConfigTabs::duplicatedChannelIsSavedAsACopy()
{
    saveChannel(QStringLiteral("main"), QStringLiteral("https://api.openai.com"));
    ChannelsTab tab(m_applier.get());
    QCOMPARE(duplicateFirstRow(tab), QStringLiteral("main (copy)"));
    const Config saved = m_store->loadConfig();
    QCOMPARE(saved.channels.size(), 2);
    QCOMPARE(saved.channels.at(1).name, QStringLiteral("main (copy)"));
    QCOMPARE(saved.channels.at(1).baseUrl, saved.channels.at(0).baseUrl);
    QCOMPARE(saved.channels.at(1).keys, saved.channels.at(0).keys);
    QCOMPARE(tab.table()->rowCount(), 2);
}

void TestConfigTabs::testButtonShowsLatencyWithoutBlocking()
{
    ScriptedUpstream upstream;
    QVERIFY(upstream.listen());
    // Slow enough that a test run on the GUI thread could not have finished when click returns.
    upstream.setScript(UpstreamScript().delay(300).head(200, {{"Content-Type", "application/json"}}, Framing::ContentLength)
                           .send(R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-test","choices":[)"
                                 R"({"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],)"
                                 R"("usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})"));
    saveChannel(QStringLiteral("scripted"), upstream.baseUrl());
    ChannelsTab tab(m_applier.get());
    tab.show();
    tab.table()->selectRow(0);
    auto *button = tab.findChild<QPushButton *>(QStringLiteral("testButton"));
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY2(tab.testResultText().startsWith(QStringLiteral("Testing scripted")), qPrintable(tab.testResultText()));
    QVERIFY(!button->isEnabled()); // one test at a time
    QTRY_VERIFY2(tab.testResultText().contains(QStringLiteral("OK, answered in")), qPrintable(tab.testResultText()));
    QVERIFY(tab.testResultText().contains(QStringLiteral("HTTP 200")));
    QCOMPARE(upstream.requestCount(), 1);
    QVERIFY(button->isEnabled());
}

void TestConfigTabs::testButtonShowsTheErrorOfARefusedPort()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    saveChannel(QStringLiteral("nobody-home"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    ChannelsTab tab(m_applier.get());
    tab.show();
    tab.table()->selectRow(0);
    tab.testEntry();
    QTRY_VERIFY2(tab.testResultText().startsWith(QStringLiteral("nobody-home: failed after")), qPrintable(tab.testResultText()));
    QVERIFY2(tab.testResultText().contains(QStringLiteral("connection")), qPrintable(tab.testResultText()));
}

void TestConfigTabs::editorTestsTheUnsavedForm()
{
    ScriptedUpstream upstream;
    QVERIFY(upstream.listen());
    upstream.setScript(Upstream::jsonResponse(401, Transcripts::errorBody(ApiFormat::OpenAIChat, 401, "bad key")));
    ChannelEditorDialog dialog(Channel(), {});
    dialog.show();
    auto *test = dialog.findChild<QPushButton *>(QStringLiteral("testButton"));
    QVERIFY(test);
    fillChannel(&dialog, QStringLiteral("draft"), QStringLiteral("not a url"));
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY2(dialog.errorText().startsWith(QStringLiteral("Base URL: ")), qPrintable(dialog.errorText()));
    QVERIFY(dialog.testResultText().isEmpty()); // refused before any request

    dialog.findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"))->setText(upstream.baseUrl());
    dialog.findChild<QLineEdit *>(QStringLiteral("modelsEdit"))->setText(QStringLiteral("gpt-test"));
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(dialog.errorText().isEmpty());
    QTRY_VERIFY2(dialog.testResultText().startsWith(QStringLiteral("draft: failed after")), qPrintable(dialog.testResultText()));
    QVERIFY(dialog.testResultText().contains(QStringLiteral("bad key")));
    QCOMPARE(upstream.lastRequest().header("authorization"), QByteArray("Bearer sk-test-1234567890"));
    QVERIFY(m_store->loadConfig().channels.isEmpty()); // a test saves nothing
}

void TestConfigTabs::healthColumnShowsCoolingAfterUpstream429()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    QString error;
    QVERIFY2(fx.store()->saveConfig(fx.config(), &error), qPrintable(error)); // what the tab shows
    ConfigApplier applier(fx.store(), fx.relay());
    ChannelsTab tab(&applier);
    tab.show();
    const QString channel = QString::fromUtf8(FormatCase::of(ApiFormat::OpenAIChat).channel);
    int row = -1;
    for (int r = 0; r < tab.table()->rowCount(); ++r)
        if (tab.table()->item(r, ChannelsTab::Name)->text() == channel)
            row = r;
    QVERIFY(row >= 0);
    const auto health = [&] {
        QTableWidgetItem *item = tab.table()->item(row, ChannelsTab::Health);
        return item ? item->text() : QString();
    };
    QTRY_COMPARE(health(), QStringLiteral("healthy"));

    fx.upstream().setScript(Upstream::jsonResponse(429, Transcripts::errorBody(ApiFormat::OpenAIChat, 429, "slow down")));
    const FormatCase c = FormatCase::of(ApiFormat::OpenAIChat);
    RawHttpClient *client = fx.client();
    client->post(c.target(false), c.clientBody(false), c.clientAuth(RelayFixture::kClientKey));
    QVERIFY(client->waitForFinished());
    QTRY_VERIFY2(health().contains(QStringLiteral("key 0 cooling until ")), qPrintable(health()));
}

void TestConfigTabs::keyDialogGeneratesKeyShownOnceWithCopy()
{
    KeyEditorDialog dialog(ClientKey(), {});
    const QString key = dialog.plainKey();
    QCOMPARE(key.size(), 3 + 40);
    QVERIFY(key.startsWith(QStringLiteral("rk-")));
    for (QChar ch : key.mid(3))
        QVERIFY(ch.isLetterOrNumber() && ch.unicode() < 128);
    QVERIFY(KeyEditorDialog::generateKey() != key);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("secretEdit"))->text(), key);
    dialog.show();
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("copyKeyButton")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), key);
}

void TestConfigTabs::addedKeyStoresOnlyTheHash()
{
    KeysTab tab(m_applier.get());
    tab.show();
    QString plain;
    onNextDialog([&plain](QDialog *dialog) {
        plain = dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit"))->text();
        dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("laptop"));
        clickSave(dialog);
    });
    tab.addEntry();
    QCOMPARE(tab.table()->rowCount(), 1);
    const Config config = m_store->loadConfig();
    QCOMPARE(config.keys.size(), 1);
    QCOMPARE(config.keys.first().name, QStringLiteral("laptop"));
    QCOMPARE(config.keys.first().keyHash, ClientKey::hashKey(plain.toUtf8()));
    QVERIFY(!tab.table()->item(0, KeysTab::Prefix)->text().contains(plain));
}

void TestConfigTabs::keyDialogRefusesEmptyName()
{
    KeyEditorDialog dialog(ClientKey(), {});
    dialog.show();
    clickSave(&dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().startsWith(QStringLiteral("Name: ")), qPrintable(dialog.errorText()));
}

void TestConfigTabs::duplicatedKeyKeepsLimitsWithANewSecret()
{
    Config config;
    ClientKey original;
    original.name = QStringLiteral("laptop");
    original.keyHash = ClientKey::hashKey("rk-original-secret-000000000000000000000");
    original.keyPrefix = QStringLiteral("rk-orig");
    original.budgetUsd = 12.5;
    original.models = {QStringLiteral("gpt-5*")};
    config.keys.append(original);
    QString error;
    QVERIFY2(m_store->saveConfig(config, &error), qPrintable(error));

    KeysTab tab(m_applier.get());
    QCOMPARE(duplicateFirstRow(tab), QStringLiteral("laptop (copy)"));
    const Config saved = m_store->loadConfig();
    QCOMPARE(saved.keys.size(), 2);
    const ClientKey &copy = saved.keys.at(1);
    QCOMPARE(copy.name, QStringLiteral("laptop (copy)"));
    QCOMPARE(copy.budgetUsd, std::optional<double>(12.5));
    QCOMPARE(copy.models, QStringList{QStringLiteral("gpt-5*")});
    QVERIFY(!copy.keyHash.isEmpty());
    QVERIFY(copy.keyHash != original.keyHash);
}

void TestConfigTabs::settingsAreSavedAndRangesEnforced()
{
    SettingsTab tab(m_applier.get());
    auto *keepalive = tab.findChild<QSpinBox *>(QStringLiteral("keepalive_seconds"));
    auto *hosts = tab.findChild<QLineEdit *>(QStringLiteral("allowed_hosts"));
    QVERIFY(keepalive && hosts);
    QCOMPARE(keepalive->value(), Settings().keepaliveSeconds);
    QCOMPARE(keepalive->maximum(), 3600);

    hosts->setText(QStringLiteral("bad host!"));
    QVERIFY(!tab.save());
    QVERIFY2(tab.statusText().startsWith(QStringLiteral("Allowed Host names")), qPrintable(tab.statusText()));
    QVERIFY(m_store->loadConfig().settings.allowedHosts.isEmpty());

    hosts->setText(QStringLiteral("relay.lan, relay.lan:8645"));
    keepalive->setValue(30);
    QVERIFY2(tab.save(), qPrintable(tab.statusText()));
    const Settings saved = m_store->loadConfig().settings;
    QCOMPARE(saved.keepaliveSeconds, 30);
    QCOMPARE(saved.allowedHosts, QStringList({QStringLiteral("relay.lan"), QStringLiteral("relay.lan:8645")}));
}

// A setting without a human label shows its JSON name; one without a tooltip explains nothing.
void TestConfigTabs::everySettingHasALabelATooltipAndItsRange()
{
    SettingsTab tab(m_applier.get());
    const auto checkText = [&tab](const char *name) -> QWidget * {
        auto *widget = tab.findChild<QWidget *>(QString::fromLatin1(name));
        if (!widget)
            return nullptr;
        auto *form = qobject_cast<QFormLayout *>(widget->parentWidget()->layout());
        auto *check = qobject_cast<QCheckBox *>(widget);
        QWidget *labelWidget = form ? form->labelForField(widget) : nullptr;
        const QString label = check ? check->text()
                                    : labelWidget ? qobject_cast<QLabel *>(labelWidget)->text() : QString();
        if (label.isEmpty() || label == QLatin1String(name) || widget->toolTip().isEmpty())
            return nullptr;
        return widget;
    };
    for (const auto &f : SettingsFields::kInts) {
        auto *spin = qobject_cast<QSpinBox *>(checkText(f.name));
        QVERIFY2(spin, f.name);
        QCOMPARE(spin->minimum(), f.min);
        QCOMPARE(spin->maximum(), f.max);
    }
    for (const auto &f : SettingsFields::kInt64s) {
        auto *spin = qobject_cast<QDoubleSpinBox *>(checkText(f.name));
        QVERIFY2(spin, f.name);
        QCOMPARE(qint64(spin->minimum()), f.min);
        QCOMPARE(qint64(spin->maximum()), f.max);
    }
    for (const auto &f : SettingsFields::kDoubles)
        QVERIFY2(checkText(f.name), f.name);
    for (const auto &f : SettingsFields::kBools)
        QVERIFY2(checkText(f.name), f.name);
    for (const auto &f : SettingsFields::kStringLists)
        QVERIFY2(checkText(f.name), f.name);
}

void TestConfigTabs::databaseFaultSettingsAreSaved()
{
    SettingsTab tab(m_applier.get());
    auto *buffer = tab.findChild<QDoubleSpinBox *>(QStringLiteral("log_buffer_rows"));
    auto *failClosed = tab.findChild<QCheckBox *>(QStringLiteral("fail_closed_budgeted_keys"));
    QVERIFY(buffer && failClosed);
    QCOMPARE(qint64(buffer->value()), Settings().logBufferRows);
    QVERIFY(failClosed->isChecked());
    buffer->setValue(2500);
    failClosed->setChecked(false);
    QVERIFY2(tab.save(), qPrintable(tab.statusText()));
    const Settings saved = m_store->loadConfig().settings;
    QCOMPARE(saved.logBufferRows, qint64(2500));
    QVERIFY(!saved.failClosedBudgetedKeys);
    SettingsTab reopened(m_applier.get());
    QCOMPARE(reopened.findChild<QDoubleSpinBox *>(QStringLiteral("log_buffer_rows"))->value(), 2500.0);
    QVERIFY(!reopened.findChild<QCheckBox *>(QStringLiteral("fail_closed_budgeted_keys"))->isChecked());
}

void TestConfigTabs::savedSettingReachesTheRunningRelay()
{
    RelayFixture fx;
    QVERIFY2(fx.start(), qPrintable(fx.error()));
    QString error;
    QVERIFY2(fx.store()->saveConfig(fx.config(), &error), qPrintable(error));
    ConfigApplier applier(fx.store(), fx.relay());
    SettingsTab tab(&applier);
    tab.findChild<QDoubleSpinBox *>(QStringLiteral("max_request_bytes"))->setValue(1024);
    QVERIFY2(tab.save(), qPrintable(tab.statusText()));
    const QByteArray body = R"({"model":"gpt-test","messages":[{"role":"user","content":")" + QByteArray(4096, 'a')
                            + R"("}]})";
    const QByteArray auth = QByteArray("Bearer ") + RelayFixture::kClientKey;
    RawHttpClient *client = fx.client();
    client->post("/v1/chat/completions", body, {{"Content-Type", "application/json"}, {"Authorization", auth}});
    QVERIFY(client->waitForFinished());
    QCOMPARE(client->status(), 413);
}

void TestConfigTabs::saveOnOtherNode(RelayService *relay, const std::function<void(Config &)> &change)
{
    QString error;
    std::unique_ptr<Store> other = Store::open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("relaydesk.db")), &error);
    QVERIFY2(other, qPrintable(error));
    Config config = other->loadConfig();
    change(config);
    QVERIFY2(other->saveConfig(config, &error), qPrintable(error));
    Q_EMIT relay->configReloaded(config);
}

void TestConfigTabs::channelsTabShowsAConfigAnotherNodeSaved()
{
    saveChannel(QStringLiteral("main"), QStringLiteral("https://api.openai.com"));
    RelayService relay(m_store.get());
    ConfigApplier applier(m_store.get(), &relay);
    ChannelsTab tab(&applier);
    QCOMPARE(tab.table()->rowCount(), 1);
    saveOnOtherNode(&relay, [](Config &config) {
        config.channels.first().baseUrl = QStringLiteral("https://elsewhere.example");
        Channel added = config.channels.first();
        added.name = QStringLiteral("added-elsewhere");
        config.channels.append(added);
    });
    QCOMPARE(tab.table()->rowCount(), 2);
    QCOMPARE(tab.table()->item(0, ChannelsTab::BaseUrl)->text(), QStringLiteral("https://elsewhere.example"));
    QCOMPARE(tab.table()->item(1, ChannelsTab::Name)->text(), QStringLiteral("added-elsewhere"));
    QVERIFY(tab.findChild<QLabel *>(QStringLiteral("saveStatusLabel"))->text().contains(QStringLiteral("Another node")));
}

void TestConfigTabs::openKeyEditorKeepsItsEditsWhenAnotherNodeSaves()
{
    RelayService relay(m_store.get());
    ConfigApplier applier(m_store.get(), &relay);
    KeysTab tab(&applier);
    tab.show();
    onNextDialog([this, &relay, &tab](QDialog *dialog) {
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
        name->setText(QStringLiteral("typed-here"));
        saveOnOtherNode(&relay, [](Config &config) {
            ClientKey k;
            k.name = QStringLiteral("from-other-node");
            k.keyHash = ClientKey::hashKey("rk-other-node-secret-0000000000000000000");
            k.keyPrefix = QStringLiteral("rk-othe");
            config.keys.append(k);
        });
        QCOMPARE(tab.table()->rowCount(), 1); // the list behind the dialog follows
        QCOMPARE(name->text(), QStringLiteral("typed-here"));
        auto *note = dialog->findChild<QLabel *>(QStringLiteral("otherNodeNote"));
        QVERIFY(note && note->isVisible());
        QVERIFY2(note->text().contains(QStringLiteral("edits are kept")), qPrintable(note->text()));
        clickSave(dialog);
    });
    tab.addEntry();
    const Config saved = m_store->loadConfig();
    QCOMPARE(saved.keys.size(), 2); // the other node's key and ours
    QCOMPARE(saved.keys.at(0).name, QStringLiteral("from-other-node"));
    QCOMPARE(saved.keys.at(1).name, QStringLiteral("typed-here"));
    QCOMPARE(tab.table()->rowCount(), 2);
}

void TestConfigTabs::settingsFormFollowsAnotherNodeUnlessEdited()
{
    RelayService relay(m_store.get());
    ConfigApplier applier(m_store.get(), &relay);
    SettingsTab tab(&applier);
    auto *keepalive = tab.findChild<QSpinBox *>(QStringLiteral("keepalive_seconds"));
    auto *retries = tab.findChild<QSpinBox *>(QStringLiteral("bootstrap_retries"));
    saveOnOtherNode(&relay, [](Config &config) { config.settings.keepaliveSeconds = 40; });
    QCOMPARE(keepalive->value(), 40); // nothing edited: the form shows the new value

    retries->setValue(7); // an unsaved edit
    saveOnOtherNode(&relay, [](Config &config) { config.settings.keepaliveSeconds = 50; });
    QCOMPARE(retries->value(), 7);
    QCOMPARE(keepalive->value(), 40);
    QVERIFY2(tab.statusText().contains(QStringLiteral("unsaved edits are kept")), qPrintable(tab.statusText()));
    // A channel saved elsewhere leaves the edited form alone too, and Revert shows the saved settings.
    saveOnOtherNode(&relay, [](Config &config) { config.channels.clear(); });
    QCOMPARE(retries->value(), 7);
    tab.reload();
    QCOMPARE(keepalive->value(), 50);
    QCOMPARE(retries->value(), Settings().bootstrapRetries);
}

void TestConfigTabs::startAtLoginWritesAndRemovesTheAutostartEntry()
{
    const QByteArray oldXdg = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("xdg")).toUtf8());
    const QString entry = m_dir->filePath(QStringLiteral("xdg/autostart/relaydesk.desktop"));
    {
        SettingsTab tab(m_applier.get());
        auto *check = tab.findChild<QCheckBox *>(QStringLiteral("startAtLoginCheck"));
        QVERIFY(check && !check->isChecked());
        check->click();
        QVERIFY(QFile::exists(entry));
        QVERIFY(check->isChecked());
        QFile f(entry);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY2(text.contains("[Desktop Entry]"), text.constData());
        // The entry starts this program with this data dir.
        const QByteArray exec = "Exec=\"" + QCoreApplication::applicationFilePath().toUtf8() + "\" --data-dir \""
                                + m_dir->path().toUtf8() + "\"";
        QVERIFY2(text.contains(exec), text.constData());
        check->click();
        QVERIFY(!QFile::exists(entry));
        QVERIFY(!check->isChecked());
    }
    if (oldXdg.isNull())
        qunsetenv("XDG_CONFIG_HOME");
    else
        qputenv("XDG_CONFIG_HOME", oldXdg);
}

void TestConfigTabs::exportedConfigImportsBackWithoutSecretsUnlessAsked()
{
    saveChannel(QStringLiteral("main"), QStringLiteral("https://api.openai.com"));
    SettingsTab tab(m_applier.get());
    DesktopSettingsBox *box = tab.desktop();
    const QString plain = m_dir->filePath(QStringLiteral("plain.json"));
    const QString full = m_dir->filePath(QStringLiteral("full.json"));
    QVERIFY2(box->exportConfig(plain, false), qPrintable(box->statusText()));
    QVERIFY2(box->exportConfig(full, true), qPrintable(box->statusText()));
    QFile plainFile(plain), fullFile(full);
    QVERIFY(plainFile.open(QIODevice::ReadOnly) && fullFile.open(QIODevice::ReadOnly));
    QVERIFY(!plainFile.readAll().contains("sk-test-1234567890"));
    QVERIFY(fullFile.readAll().contains("sk-test-1234567890"));

    // Into an empty store: the full export brings the channel back with its key.
    Config empty;
    QString error;
    QVERIFY(m_store->saveConfig(empty, &error));
    QVERIFY2(box->importConfig(full), qPrintable(box->statusText()));
    const Config restored = m_store->loadConfig();
    QCOMPARE(restored.channels.size(), 1);
    QCOMPARE(restored.channels.first().baseUrl, QStringLiteral("https://api.openai.com"));
    QCOMPARE(restored.channels.first().keys, QStringList{QStringLiteral("sk-test-1234567890")});

    QFile bad(m_dir->filePath(QStringLiteral("bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"channels":[{"name":"x","type":"openai-chat","base_url":"not a url"}]})");
    bad.close();
    QVERIFY(!box->importConfig(bad.fileName()));
    QVERIFY2(box->statusText().contains(QStringLiteral("base_url")), qPrintable(box->statusText()));
    QCOMPARE(m_store->loadConfig().channels.size(), 1); // nothing of the bad file applied
}

void TestConfigTabs::listenAddressWarnsAboutNonLoopbackAndIsSaved()
{
    SettingsTab tab(m_applier.get());
    tab.show();
    auto *edit = tab.findChild<QLineEdit *>(QStringLiteral("listenEdit"));
    auto *warning = tab.findChild<QLabel *>(QStringLiteral("listenWarningLabel"));
    QVERIFY(edit && warning);
    QCOMPARE(edit->text(), QStringLiteral("127.0.0.1:8645"));
    QVERIFY(!warning->isVisible());
    edit->setText(QStringLiteral("0.0.0.0:9000"));
    QVERIFY(warning->isVisible());
    QVERIFY(warning->text().contains(QStringLiteral("other machines")));
    edit->setText(QStringLiteral("nonsense"));
    QVERIFY(!tab.save());
    QVERIFY(tab.statusText().startsWith(QStringLiteral("Listen address")));

    QSignalSpy changed(&tab, &SettingsTab::listenAddressChanged);
    edit->setText(QStringLiteral("[::1]:9001"));
    QVERIFY2(tab.save(), qPrintable(tab.statusText()));
    QCOMPARE(changed.count(), 1);
    QHostAddress host;
    quint16 port = 0;
    QVERIFY(DesktopSettingsBox::savedListenAddress(&host, &port));
    QCOMPARE(host, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(port, quint16(9001));
}

void TestConfigTabs::chosenDataDirIsUsedByTheNextStart()
{
    SettingsTab tab(m_applier.get());
    QCOMPARE(tab.findChild<QLabel *>(QStringLiteral("dataDirLabel"))->text(), QDir::toNativeSeparators(m_dir->path()));
    const QString next = m_dir->filePath(QStringLiteral("elsewhere"));
    QVERIFY(tab.desktop()->chooseDataDir(next));
    QVERIFY(tab.desktop()->statusText().contains(QStringLiteral("next start")));
    QCOMPARE(DataDirChoice::read(), next); // what the command line falls back to without --data-dir
    QString error;
    QVERIFY(DataDirChoice::write(QString(), &error));
    QVERIFY(DataDirChoice::read().isEmpty());
}

QTEST_MAIN(TestConfigTabs)
#include "tst_configtabs.moc"
