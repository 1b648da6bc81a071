#include "config/config.h"
#include "config/configio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QByteArray snapshot(const Config &c)
{
    return QJsonDocument(ConfigIO::exportConfig(c, true)).toJson(QJsonDocument::Compact);
}

Config imported(const QByteArray &json)
{
    Config c;
    const auto error = ConfigIO::importInto(c, json);
    if (error)
        qFatal("fixture does not import: %s", qPrintable(error->toString()));
    return c;
}

const QByteArray kSpecExample = R"({
  "admin_token": "adm-0123456789abcdef",
  "settings": { "keepalive_seconds": 15, "stream_idle_timeout_seconds": 300,
    "first_byte_timeout_seconds": 120, "bootstrap_retries": 2, "drain_upstream_on_client_gone": true,
    "passthrough_upstream_headers": false, "max_request_bytes": 33554432, "log_bodies": false },
  "channels": [
    { "name": "openai-main", "type": "openai-responses", "base_url": "https://api.openai.com",
      "keys": ["sk-a-0123456789abcdef", "sk-b-0123456789abcdef"], "models": ["gpt-5", "gpt-5-mini"],
      "model_map": { "claude-sonnet-4-5": "gpt-5" }, "priority": 0, "weight": 1, "enabled": true,
      "headers": { "OpenAI-Organization": "org-x" }, "proxy": "socks5://127.0.0.1:1080",
      "timeout_seconds": 600 }
  ],
  "keys": [
    { "name": "laptop", "key": "rk-laptop-secret-4242", "budget_usd": 20.0, "models": ["*"],
      "expires_at": null, "enabled": true }
  ],
  "prices": { "gpt-5": { "input": 1.25, "output": 10.0, "cached_input": 0.125 } }
})";

// One channel document with `extra` fields appended to a valid minimal channel.
QByteArray channelDoc(const char *extra)
{
    return QByteArray(R"({"channels":[{"name":"c","type":"openai-chat","base_url":"https://x.example")")
           + extra + "}]}";
}

QByteArray keyDoc(const char *fields)
{
    return QByteArray(R"({"keys":[{)") + fields + "}]}";
}

// Imports into `config`; "" on success, else the error (raw strings stay out of QVERIFY:
// moc reads "//" inside a macro argument as a comment).
QString importError(Config &config, const QByteArray &json)
{
    const auto error = ConfigIO::importInto(config, json);
    return error ? error->toString() : QString();
}

} // namespace

class TestConfigIO : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void globMatchesStarsOnly_data();
    void globMatchesStarsOnly();
    void channelMapsModelsExactFirstThenMostSpecificGlob();
    void channelWithoutModelsServesNothing();
    void clientKeyAllowsByGlob();
    void keyHashIsLowercaseSha256();
    void lookupsFindByHashAndName();
    void importsSpecExample();
    void rejectsInvalidDocumentAndChangesNothing_data();
    void rejectsInvalidDocumentAndChangesNothing();
    void settingsOverwriteOnlyFieldsPresent();
    void upsertReplacesNamedEntitiesAndKeepsOthers();
    void keyUpdateWithoutSecretKeepsHash();
    void exportMasksSecretsUnlessAsked();
    void maskSecretRevealsAtMostSixCharacters_data();
    void maskSecretRevealsAtMostSixCharacters();
    void exportThenImportReproducesConfig();
    void maskedExportImportsBackWithoutLosingSecrets();
    void maskedSecretsAreRejectedForNewChannels();
    void plainKeyIsHashedAndNeverExported();
    void parseChannelAppliesOnlyFieldsPresent();
};

void TestConfigIO::globMatchesStarsOnly_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::addRow("star matches all") << "*" << "gpt-5" << true;
    QTest::addRow("star matches empty") << "*" << "" << true;
    QTest::addRow("exact") << "gpt-5" << "gpt-5" << true;
    QTest::addRow("exact is whole") << "gpt-5" << "gpt-5-mini" << false;
    QTest::addRow("prefix glob") << "gpt-*" << "gpt-5-mini" << true;
    QTest::addRow("prefix glob empty rest") << "gpt-*" << "gpt-" << true;
    QTest::addRow("suffix glob") << "*-mini" << "gpt-5-mini" << true;
    QTest::addRow("inner glob") << "claude-*-4-5" << "claude-sonnet-4-5" << true;
    QTest::addRow("inner glob miss") << "claude-*-4-5" << "claude-sonnet-4" << false;
    QTest::addRow("two stars") << "*son*4*" << "claude-sonnet-4-5" << true;
    QTest::addRow("case sensitive") << "GPT-*" << "gpt-5" << false;
    QTest::addRow("question mark literal") << "gpt-?" << "gpt-5" << false;
    QTest::addRow("dot literal") << "gemini-2.5*" << "gemini-2x5-pro" << false;
    QTest::addRow("backtracking") << "*a*b" << "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac" << false;
}

void TestConfigIO::globMatchesStarsOnly()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(globMatch(pattern, text), matches);
}

void TestConfigIO::channelMapsModelsExactFirstThenMostSpecificGlob()
{
    const Config c = imported(channelDoc(R"(,"models":["*"],"model_map":{
        "*": "fallback", "claude-*": "gpt-5", "claude-haiku-*": "gpt-5-mini", "claude-haiku-4-5": "gpt-5-nano"})"));
    const Channel &ch = c.channels.first();
    QCOMPARE(ch.upstreamModel(QStringLiteral("claude-haiku-4-5")), QStringLiteral("gpt-5-nano"));
    QCOMPARE(ch.upstreamModel(QStringLiteral("claude-haiku-3")), QStringLiteral("gpt-5-mini"));
    QCOMPARE(ch.upstreamModel(QStringLiteral("claude-opus-4")), QStringLiteral("gpt-5"));
    QCOMPARE(ch.upstreamModel(QStringLiteral("llama")), QStringLiteral("fallback"));

    Channel plain;
    plain.modelMap = {{QStringLiteral("a"), QStringLiteral("b")}};
    QCOMPARE(plain.upstreamModel(QStringLiteral("unmapped")), QStringLiteral("unmapped"));
}

void TestConfigIO::channelWithoutModelsServesNothing()
{
    Channel c;
    QVERIFY(!c.servesModel(QStringLiteral("gpt-5")));
    c.models = {QStringLiteral("gpt-5"), QStringLiteral("o*")};
    QVERIFY(c.servesModel(QStringLiteral("gpt-5")));
    QVERIFY(c.servesModel(QStringLiteral("o3")));
    QVERIFY(!c.servesModel(QStringLiteral("gpt-5-mini")));
}

void TestConfigIO::clientKeyAllowsByGlob()
{
    ClientKey k;
    QVERIFY(k.allowsModel(QStringLiteral("anything"))); // default ["*"]
    k.models = {QStringLiteral("claude-*")};
    QVERIFY(k.allowsModel(QStringLiteral("claude-sonnet-4-5")));
    QVERIFY(!k.allowsModel(QStringLiteral("gpt-5")));
    k.models.clear();
    QVERIFY(!k.allowsModel(QStringLiteral("gpt-5")));
}

void TestConfigIO::keyHashIsLowercaseSha256()
{
    QCOMPARE(ClientKey::hashKey("abc"),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(ClientKey::displayPrefix(QStringLiteral("rk-ab12cd34ef56")), QStringLiteral("rk-ab12"));
    QCOMPARE(ClientKey::displayPrefix(QStringLiteral("rk-1")), QStringLiteral("rk")); // never the whole key
}

void TestConfigIO::lookupsFindByHashAndName()
{
    const Config c = imported(kSpecExample);
    const ClientKey *k = c.keyByHash(ClientKey::hashKey("rk-laptop-secret-4242"));
    QVERIFY(k);
    QCOMPARE(k->name, QStringLiteral("laptop"));
    QVERIFY(!c.keyByHash(ClientKey::hashKey("rk-other")));
    QVERIFY(c.channelByName(QStringLiteral("openai-main")));
    QVERIFY(!c.channelByName(QStringLiteral("nope")));
}

void TestConfigIO::importsSpecExample()
{
    const Config c = imported(kSpecExample);
    QCOMPARE(c.adminToken, QStringLiteral("adm-0123456789abcdef"));
    QCOMPARE(c.channels.size(), 1);
    const Channel &ch = c.channels.first();
    QCOMPARE(ch.type, ApiFormat::OpenAIResponses);
    QCOMPARE(ch.baseUrl, QStringLiteral("https://api.openai.com"));
    QCOMPARE(ch.keys.size(), 2);
    QCOMPARE(ch.models, QStringList({QStringLiteral("gpt-5"), QStringLiteral("gpt-5-mini")}));
    QCOMPARE(ch.upstreamModel(QStringLiteral("claude-sonnet-4-5")), QStringLiteral("gpt-5"));
    QCOMPARE(ch.headers.size(), 1);
    QCOMPARE(ch.headers.first().first, QByteArray("OpenAI-Organization"));
    QCOMPARE(ch.headers.first().second, QByteArray("org-x"));
    QCOMPARE(ch.proxy, QStringLiteral("socks5://127.0.0.1:1080"));
    QCOMPARE(ch.timeoutSeconds, 600);
    const ClientKey &k = c.keys.first();
    QCOMPARE(k.budgetUsd, std::optional<double>(20.0));
    QVERIFY(!k.expiresAt);
    QCOMPARE(k.keyPrefix, QStringLiteral("rk-lapt"));
    QCOMPARE(c.prices.value(QStringLiteral("gpt-5")).cachedInput, 0.125);
}

void TestConfigIO::rejectsInvalidDocumentAndChangesNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message"); // a part of the message

    QTest::addRow("not json") << QByteArray("{") << "$" << "invalid JSON";
    QTest::addRow("not an object") << QByteArray("[]") << "$" << "object";
    QTest::addRow("unknown top field") << QByteArray(R"({"chanels":[]})") << "$.chanels" << "unknown field";
    QTest::addRow("admin token type") << QByteArray(R"({"admin_token":5})") << "$.admin_token" << "string";
    QTest::addRow("settings type") << QByteArray(R"({"settings":[]})") << "$.settings" << "object";
    QTest::addRow("keepalive zero") << QByteArray(R"({"settings":{"keepalive_seconds":0}})")
                                    << "$.settings.keepalive_seconds" << "must be an integer between 1 and 3600";
    QTest::addRow("keepalive fraction") << QByteArray(R"({"settings":{"keepalive_seconds":1.5}})")
                                        << "$.settings.keepalive_seconds" << "integer";
    QTest::addRow("retries too many") << QByteArray(R"({"settings":{"bootstrap_retries":11}})")
                                      << "$.settings.bootstrap_retries" << "between 0 and 10";
    QTest::addRow("request bytes") << QByteArray(R"({"settings":{"max_request_bytes":1073741825}})")
                                   << "$.settings.max_request_bytes" << "integer";
    QTest::addRow("sse line bytes") << QByteArray(R"({"settings":{"max_sse_line_bytes":100}})")
                                    << "$.settings.max_sse_line_bytes" << "integer";
    QTest::addRow("bool setting") << QByteArray(R"({"settings":{"log_bodies":"yes"}})")
                                  << "$.settings.log_bodies" << "true or false";
    QTest::addRow("setting typo") << QByteArray(R"({"settings":{"keepalive_secs":5}})")
                                  << "$.settings.keepalive_secs" << "unknown field";
    QTest::addRow("valid part before bad part")
        << QByteArray(R"({"settings":{"keepalive_seconds":99},"channels":[{"name":"x"}]})")
        << "$.channels[0].type" << "required";
    QTest::addRow("channels type") << QByteArray(R"({"channels":{}})") << "$.channels" << "array";
    QTest::addRow("channel not object") << QByteArray(R"({"channels":[1]})") << "$.channels[0]" << "object";
    QTest::addRow("channel name empty") << QByteArray(R"({"channels":[{"name":"","type":"gemini","base_url":"https://g.example"}]})")
                                        << "$.channels[0].name" << "non-empty";
    QTest::addRow("channel name slash") << QByteArray(R"({"channels":[{"name":"a/b","type":"gemini","base_url":"https://g.example"}]})")
                                        << "$.channels[0].name" << "'/'";
    QTest::addRow("channel type unknown") << QByteArray(R"({"channels":[{"name":"c","type":"openai","base_url":"https://x.example"}]})")
                                          << "$.channels[0].type" << "openai-chat, openai-responses, anthropic, gemini";
    QTest::addRow("base url scheme") << QByteArray(R"({"channels":[{"name":"c","type":"anthropic","base_url":"ftp://x.example"}]})")
                                     << "$.channels[0].base_url" << "http";
    QTest::addRow("base url relative") << QByteArray(R"({"channels":[{"name":"c","type":"anthropic","base_url":"api.example.com/v1"}]})")
                                       << "$.channels[0].base_url" << "absolute";
    QTest::addRow("channel field typo") << channelDoc(R"(,"modles":["a"])") << "$.channels[0].modles" << "unknown field";
    QTest::addRow("keys not array") << channelDoc(R"(,"keys":"sk-1")") << "$.channels[0].keys" << "array";
    QTest::addRow("key empty") << channelDoc(R"(,"keys":["sk-1",""])") << "$.channels[0].keys[1]" << "non-empty";
    QTest::addRow("models item") << channelDoc(R"(,"models":[1])") << "$.channels[0].models[0]" << "string";
    QTest::addRow("model map value") << channelDoc(R"(,"model_map":{"a":1})") << "$.channels[0].model_map.a" << "string";
    QTest::addRow("model map key quoted") << channelDoc(R"(,"model_map":{"gpt-4.1":""})")
                                          << "$.channels[0].model_map[\"gpt-4.1\"]" << "non-empty";
    QTest::addRow("priority fraction") << channelDoc(R"(,"priority":0.5)") << "$.channels[0].priority" << "integer";
    QTest::addRow("weight negative") << channelDoc(R"(,"weight":-1)") << "$.channels[0].weight" << "integer";
    QTest::addRow("enabled string") << channelDoc(R"(,"enabled":"true")") << "$.channels[0].enabled" << "true or false";
    QTest::addRow("header name") << channelDoc(R"(,"headers":{"Bad Header":"x"})")
                                 << "$.channels[0].headers[\"Bad Header\"]" << "header name";
    QTest::addRow("header auth") << channelDoc(R"(,"headers":{"Authorization":"Bearer x"})")
                                 << "$.channels[0].headers.Authorization" << "relay";
    QTest::addRow("header hop by hop") << channelDoc(R"(,"headers":{"transfer-encoding":"chunked"})")
                                       << "$.channels[0].headers[\"transfer-encoding\"]" << "relay";
    QTest::addRow("header value newline") << channelDoc(R"(,"headers":{"X-Org":"a\r\nX-Evil: 1"})")
                                          << "$.channels[0].headers[\"X-Org\"]" << "line breaks";
    QTest::addRow("proxy scheme") << channelDoc(R"(,"proxy":"socks4://127.0.0.1:1080")") << "$.channels[0].proxy" << "socks5";
    QTest::addRow("proxy without port") << channelDoc(R"(,"proxy":"http://proxy.example")") << "$.channels[0].proxy" << "port";
    QTest::addRow("timeout zero") << channelDoc(R"(,"timeout_seconds":0)") << "$.channels[0].timeout_seconds" << "between 1 and 86400";
    QTest::addRow("duplicate channel") << QByteArray(R"({"channels":[
        {"name":"c","type":"gemini","base_url":"https://g.example"},
        {"name":"c","type":"gemini","base_url":"https://h.example"}]})") << "$.channels[1].name" << "duplicate";
    QTest::addRow("second channel bad") << QByteArray(R"({"channels":[
        {"name":"new","type":"gemini","base_url":"https://g.example"},
        {"name":"d","type":"gemini","base_url":"nope"}]})") << "$.channels[1].base_url" << "URL";
    QTest::addRow("key name missing") << keyDoc(R"("key":"rk-1")") << "$.keys[0].name" << "required";
    QTest::addRow("new key without secret") << keyDoc(R"("name":"k2")") << "$.keys[0].key" << "required";
    QTest::addRow("key sha not hex") << keyDoc(R"("name":"k2","key_sha256":"xyz")") << "$.keys[0].key_sha256" << "64 hexadecimal";
    QTest::addRow("key and sha") << keyDoc(R"("name":"k2","key":"rk-2","key_sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")")
                                 << "$.keys[0].key_sha256" << "not both";
    QTest::addRow("budget negative") << keyDoc(R"("name":"k2","key":"rk-2","budget_usd":-1)") << "$.keys[0].budget_usd" << ">= 0";
    QTest::addRow("budget string") << keyDoc(R"("name":"k2","key":"rk-2","budget_usd":"10")") << "$.keys[0].budget_usd" << "number";
    QTest::addRow("expiry text") << keyDoc(R"("name":"k2","key":"rk-2","expires_at":"tomorrow")") << "$.keys[0].expires_at" << "ISO-8601";
    QTest::addRow("expiry date only") << keyDoc(R"("name":"k2","key":"rk-2","expires_at":"2026-01-31")") << "$.keys[0].expires_at" << "ISO-8601";
    QTest::addRow("key field typo") << keyDoc(R"("name":"k2","key":"rk-2","budget":1)") << "$.keys[0].budget" << "unknown field";
    QTest::addRow("duplicate key name") << QByteArray(R"({"keys":[{"name":"a","key":"rk-1"},{"name":"a","key":"rk-2"}]})")
                                        << "$.keys[1].name" << "duplicate";
    QTest::addRow("same secret twice") << QByteArray(R"({"keys":[{"name":"a","key":"rk-same"},{"name":"b","key":"rk-same"}]})")
                                       << "$.keys[0]" << "same secret";
    QTest::addRow("secret of existing key") << keyDoc(R"("name":"other","key":"rk-base-secret-1")") << "$.keys[0]" << "'base'";
    QTest::addRow("prices type") << QByteArray(R"({"prices":[]})") << "$.prices" << "object";
    QTest::addRow("price negative") << QByteArray(R"({"prices":{"gpt-5":{"input":-1,"output":1}}})")
                                    << "$.prices[\"gpt-5\"].input" << ">= 0";
    QTest::addRow("price missing output") << QByteArray(R"({"prices":{"gpt-5":{"input":1}}})")
                                          << "$.prices[\"gpt-5\"].output" << "required";
    QTest::addRow("price field typo") << QByteArray(R"({"prices":{"o3":{"input":1,"output":2,"cached":1}}})")
                                      << "$.prices.o3.cached" << "unknown field";
}

void TestConfigIO::rejectsInvalidDocumentAndChangesNothing()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, message);
    Config config = imported(R"({"channels":[{"name":"c","type":"openai-chat","base_url":"https://base.example"}],
                                 "keys":[{"name":"base","key":"rk-base-secret-1"}]})");
    const QByteArray before = snapshot(config);

    const auto error = ConfigIO::importInto(config, json);
    QVERIFY(error);
    QCOMPARE(error->path, path);
    QVERIFY2(error->message.contains(message), qPrintable(error->toString()));
    QCOMPARE(snapshot(config), before);
    QVERIFY(config.channelByName(QStringLiteral("c")));
}

void TestConfigIO::settingsOverwriteOnlyFieldsPresent()
{
    Config config;
    config.settings.firstByteTimeoutSeconds = 77;
    const QByteArray update1 = R"({"settings":{"keepalive_seconds":5,"log_bodies":true,"max_connections":10}})";
    QCOMPARE(importError(config, update1), QString());
    QCOMPARE(config.settings.keepaliveSeconds, 5);
    QCOMPARE(config.settings.logBodies, true);
    QCOMPARE(config.settings.maxConnections, 10);
    QCOMPARE(config.settings.firstByteTimeoutSeconds, 77);
    QCOMPARE(config.settings.streamIdleTimeoutSeconds, Settings().streamIdleTimeoutSeconds);
}

void TestConfigIO::upsertReplacesNamedEntitiesAndKeepsOthers()
{
    Config config = imported(R"({"channels":[
        {"name":"a","type":"gemini","base_url":"https://a.example","priority":3},
        {"name":"b","type":"anthropic","base_url":"https://b.example","priority":5,"weight":7,"models":["claude-*"]}],
      "prices":{"m1":{"input":1,"output":2}}})");
    const QByteArray update2 = R"({"channels":[
        {"name":"c","type":"openai-chat","base_url":"https://c.example"},
        {"name":"b","type":"openai-responses","base_url":"https://b2.example"}],
      "prices":{"m2":{"input":3,"output":4}}})";
    QCOMPARE(importError(config, update2), QString());

    QCOMPARE(config.channels.size(), 3);
    QCOMPARE(config.channels.at(0).name, QStringLiteral("a"));
    QCOMPARE(config.channels.at(0).priority, 3);
    QCOMPARE(config.channels.at(1).name, QStringLiteral("b")); // keeps its place
    QCOMPARE(config.channels.at(2).name, QStringLiteral("c"));
    const Channel *b = config.channelByName(QStringLiteral("b"));
    QVERIFY(b);
    QCOMPARE(b->type, ApiFormat::OpenAIResponses);
    QCOMPARE(b->baseUrl, QStringLiteral("https://b2.example"));
    QCOMPARE(b->priority, 0); // replaced wholesale: fields not given are back to defaults
    QCOMPARE(b->weight, 1);
    QVERIFY(b->models.isEmpty());
    QCOMPARE(config.prices.size(), 2);
}

void TestConfigIO::keyUpdateWithoutSecretKeepsHash()
{
    Config config = imported(R"({"keys":[{"name":"laptop","key":"rk-laptop-secret-4242","budget_usd":5}]})");
    const QByteArray hash = config.keys.first().keyHash;
    const QByteArray update3 = R"({"keys":[{"name":"laptop","budget_usd":null,"enabled":false}]})";
    QCOMPARE(importError(config, update3), QString());
    QCOMPARE(config.keys.size(), 1);
    QCOMPARE(config.keys.first().keyHash, hash);
    QCOMPARE(config.keys.first().keyPrefix, QStringLiteral("rk-lapt"));
    QVERIFY(!config.keys.first().budgetUsd);
    QVERIFY(!config.keys.first().enabled);
    QVERIFY(config.keyByHash(hash));

    const QByteArray update4 = R"({"keys":[{"name":"laptop","key":"rk-rotated-secret-1"}]})";

    QCOMPARE(importError(config, update4), QString());
    QCOMPARE(config.keys.first().keyHash, ClientKey::hashKey("rk-rotated-secret-1"));
    QVERIFY(!config.keyByHash(hash));
}

void TestConfigIO::exportMasksSecretsUnlessAsked()
{
    const Config config = imported(kSpecExample);
    const QJsonObject masked = ConfigIO::exportConfig(config, false);
    QCOMPARE(masked.value(QLatin1String("admin_token")).toString(), QString(QStringLiteral("adm-") + QChar(0x2026) + QStringLiteral("ef")));
    const QJsonArray keys = masked.value(QLatin1String("channels")).toArray().at(0).toObject().value(QLatin1String("keys")).toArray();
    QCOMPARE(keys.at(0).toString(), QString(QStringLiteral("sk-a") + QChar(0x2026) + QStringLiteral("ef")));
    const QByteArray text = QJsonDocument(masked).toJson();
    QVERIFY(!text.contains("sk-a-0123456789abcdef"));
    QVERIFY(!text.contains("adm-0123456789abcdef"));

    const QJsonObject full = ConfigIO::exportConfig(config, true);
    QCOMPARE(full.value(QLatin1String("admin_token")).toString(), QStringLiteral("adm-0123456789abcdef"));
    QCOMPARE(full.value(QLatin1String("channels")).toArray().at(0).toObject().value(QLatin1String("keys")).toArray().at(1).toString(),
             QStringLiteral("sk-b-0123456789abcdef"));
    const QJsonObject key = full.value(QLatin1String("keys")).toArray().at(0).toObject();
    QCOMPARE(QStringList(key.keys()), QStringList({"budget_usd", "enabled", "expires_at", "key_prefix", "key_sha256", "models", "name"}));
}

void TestConfigIO::maskSecretRevealsAtMostSixCharacters_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("masked");
    QTest::addRow("empty") << "" << "";
    QTest::addRow("short") << "sk-1" << "****";
    QTest::addRow("twelve") << "sk-123456789" << "****";
    QTest::addRow("thirteen") << "sk-1234567890" << QString(QStringLiteral("sk-1") + QChar(0x2026) + QStringLiteral("90"));
}

void TestConfigIO::maskSecretRevealsAtMostSixCharacters()
{
    QFETCH(QString, secret);
    QFETCH(QString, masked);
    QCOMPARE(ConfigIO::maskSecret(secret), masked);
}

void TestConfigIO::exportThenImportReproducesConfig()
{
    Config config = imported(kSpecExample);
    const QByteArray update5 = R"({"channels":[{"name":"gem","type":"gemini","base_url":"http://127.0.0.1:9/x",
        "keys":[],"models":["gemini-*"],"model_map":{"gemini-*":"gemini-2.5-pro","g":"gemini-2.5-flash"},
        "priority":-2,"weight":0,"enabled":false,"headers":{},"proxy":"","timeout_seconds":30}],
      "keys":[{"name":"ci","key_sha256":"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "key_prefix":"rk-ci","budget_usd":0.5,"models":["gpt-*","o3"],"expires_at":"2026-03-01T12:30:00.250+02:00","enabled":false}],
      "prices":{"o3":{"input":2,"output":8}}})";
    QCOMPARE(importError(config, update5), QString());
    const QJsonObject exported = ConfigIO::exportConfig(config, true);

    Config back;
    const auto error = ConfigIO::importInto(back, QJsonDocument(exported).toJson());
    QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
    QCOMPARE(snapshot(back), snapshot(config));
    QCOMPARE(back.adminToken, config.adminToken);
    QCOMPARE(back.channels.size(), 2);
    QCOMPARE(back.channels.at(1).modelMap, config.channels.at(1).modelMap);
    QCOMPARE(back.channels.at(1).weight, 0);
    const ClientKey *ci = back.keyByHash(ClientKey::hashKey("abc"));
    QVERIFY(ci);
    QCOMPARE(ci->keyPrefix, QStringLiteral("rk-ci"));
    QCOMPARE(ci->budgetUsd, std::optional<double>(0.5));
    QCOMPARE(*ci->expiresAt, QDateTime(QDate(2026, 3, 1), QTime(10, 30, 0, 250), Qt::UTC));
    QCOMPARE(back.prices.value(QStringLiteral("o3")).cachedInput, -1.0);
    QCOMPARE(back.settings.toJson(), config.settings.toJson());
}

void TestConfigIO::maskedExportImportsBackWithoutLosingSecrets()
{
    Config config = imported(kSpecExample);
    const QByteArray before = snapshot(config);
    const QByteArray masked = QJsonDocument(ConfigIO::exportConfig(config, false)).toJson();
    const auto error = ConfigIO::importInto(config, masked);
    QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
    QCOMPARE(snapshot(config), before);
}

void TestConfigIO::maskedSecretsAreRejectedForNewChannels()
{
    const QByteArray masked = QJsonDocument(ConfigIO::exportConfig(imported(kSpecExample), false)).toJson();
    Config empty;
    const auto error = ConfigIO::importInto(empty, masked);
    QVERIFY(error);
    QCOMPARE(error->path, QStringLiteral("$.admin_token"));
    QVERIFY(empty.channels.isEmpty());

    QJsonObject withoutToken = QJsonDocument::fromJson(masked).object();
    withoutToken.remove(QLatin1String("admin_token"));
    const auto channelError = ConfigIO::importInto(empty, QJsonDocument(withoutToken).toJson());
    QVERIFY(channelError);
    QCOMPARE(channelError->path, QStringLiteral("$.channels[0].keys[0]"));
}

void TestConfigIO::plainKeyIsHashedAndNeverExported()
{
    const QByteArray plain = "rk-laptop-secret-4242";
    const Config config = imported(kSpecExample);
    QCOMPARE(config.keys.first().keyHash, ClientKey::hashKey(plain));
    for (bool withSecrets : {false, true}) {
        const QByteArray text = QJsonDocument(ConfigIO::exportConfig(config, withSecrets)).toJson();
        QVERIFY(!text.contains(plain));
        QVERIFY(!text.contains("secret-4242"));
        QVERIFY(text.contains(ClientKey::hashKey(plain)));
    }
}

void TestConfigIO::parseChannelAppliesOnlyFieldsPresent()
{
    Channel c = imported(kSpecExample).channels.first();
    const auto error = ConfigIO::parseChannel(QJsonObject{{QStringLiteral("weight"), 9}}, QStringLiteral("$"), c);
    QVERIFY(!error);
    QCOMPARE(c.weight, 9);
    QCOMPARE(c.name, QStringLiteral("openai-main"));
    QCOMPARE(c.keys.size(), 2);

    Channel fresh;
    const auto missing = ConfigIO::parseChannel(QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}},
                                                QStringLiteral("$"), fresh);
    QVERIFY(missing);
    QCOMPARE(missing->path, QStringLiteral("$.type"));
    QVERIFY(fresh.name.isEmpty());
}

QTEST_GUILESS_MAIN(TestConfigIO)
#include "tst_configio.moc"
