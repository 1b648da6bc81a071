#pragma once

#include "rawhttpclient.h"
#include "scriptedupstream.h"

#include "config/config.h"
#include "store/requestlogrow.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <memory>

class QTemporaryDir;
class RelayService;
class Store;

// A relay on 127.0.0.1:<any port> in front of a ScriptedUpstream, with its own SQLite store
// in a QTemporaryDir. One per test function: each test starts from an empty log.
//
// The standard config has one channel per type (see FormatCase), all pointing at the
// scripted upstream, and two client keys: kClientKey (all models) and kLimitedKey
// (gpt-test and claude-test only). Its settings are short so the suite stays fast:
// keep-alive 1 s, idle timeout 2 s, first byte 2 s, no bootstrap retries.
class RelayFixture
{
public:
    static constexpr const char *kClientKey = "rk-test-client-0001";
    static constexpr const char *kLimitedKey = "rk-test-limited-0002";

    RelayFixture();
    ~RelayFixture();
    RelayFixture(const RelayFixture &) = delete;
    RelayFixture &operator=(const RelayFixture &) = delete;

    // Starts the relay with the standard config; `settings` fields replace the standard ones.
    bool start(const QJsonObject &settings = {});
    // Starts the relay with a config JSON of the test's own; "${UPSTREAM}" in it becomes the
    // scripted upstream's base URL.
    bool startWithConfig(const QByteArray &configJson);
    QString error() const { return m_error; } // why start() failed

    static QByteArray standardConfig(const QString &upstreamBaseUrl, const QJsonObject &settings = {});
    // `config` with `fields` set on the channel named `channel` (e.g. another base_url).
    static QByteArray withChannelFields(const QByteArray &config, const QByteArray &channel, const QJsonObject &fields);

    ScriptedUpstream &upstream() { return *m_upstream; }
    Store *store() const { return m_store.get(); }
    RelayService *relay() const { return m_relay.get(); }
    const Config &config() const { return m_config; }
    quint16 port() const;

    // A new raw client to the relay, owned by the fixture.
    RawHttpClient *client();

    // Rows committed so far, newest first (flushes the store's writer first).
    QList<RequestLogRow> rows(int limit = 50);
    // Spins until at least `count` rows are committed.
    bool waitForRows(int count, int timeoutMs = 5000);
    // The newest row after waiting for at least one.
    RequestLogRow lastRow(int timeoutMs = 5000);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedUpstream> m_upstream;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RelayService> m_relay;
    std::unique_ptr<QObject> m_clients; // parent of every RawHttpClient
    Config m_config;
    QString m_error;
};
