#include "relayfixture.h"

#include "formatcase.h"

#include "config/configio.h"
#include "relay/relayservice.h"
#include "store/store.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

RelayFixture::RelayFixture()
    : m_dir(std::make_unique<QTemporaryDir>()),
      m_upstream(std::make_unique<ScriptedUpstream>()),
      m_clients(std::make_unique<QObject>())
{
    if (!m_upstream->listen())
        m_error = QStringLiteral("scripted upstream cannot listen");
    m_upstream->setHandler(transcriptAnswer);
}

RelayFixture::~RelayFixture()
{
    m_clients.reset(); // clients leave first, then the relay (it writes rows of what is left)
    if (m_relay)
        m_relay->stop(0);
    m_relay.reset();
    if (m_store)
        m_store->flush();
    m_store.reset();
    m_upstream.reset();
}

static QJsonObject standardSettings()
{
    return QJsonObject{
        {QStringLiteral("keepalive_seconds"), 1},
        {QStringLiteral("stream_idle_timeout_seconds"), 2},
        {QStringLiteral("first_byte_timeout_seconds"), 2},
        {QStringLiteral("bootstrap_retries"), 0},
        {QStringLiteral("drain_upstream_on_client_gone"), false},
    };
}

QByteArray RelayFixture::standardConfig(const QString &upstreamBaseUrl, const QJsonObject &settings)
{
    QJsonObject s = standardSettings();
    for (auto it = settings.begin(); it != settings.end(); ++it)
        s.insert(it.key(), it.value());
    QJsonArray channels;
    for (ApiFormat f : FormatCase::all()) {
        const FormatCase c = FormatCase::of(f);
        channels.append(QJsonObject{
            {QStringLiteral("name"), QString::fromUtf8(c.channel)},
            {QStringLiteral("type"), QString::fromLatin1(FormatCase::name(f))},
            {QStringLiteral("base_url"), upstreamBaseUrl},
            {QStringLiteral("keys"), QJsonArray{QString::fromUtf8(c.channelKey)}},
            {QStringLiteral("models"), QJsonArray{QString::fromUtf8(c.clientModel)}},
            {QStringLiteral("model_map"), QJsonObject{{QString::fromUtf8(c.clientModel), QString::fromUtf8(c.upstreamModel)}}},
            {QStringLiteral("timeout_seconds"), 60},
        });
    }
    const QJsonArray keys{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("tester")},
                    {QStringLiteral("key"), QString::fromLatin1(kClientKey)},
                    {QStringLiteral("budget_usd"), QJsonValue::Null},
                    {QStringLiteral("models"), QJsonArray{QStringLiteral("*")}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("limited")},
                    {QStringLiteral("key"), QString::fromLatin1(kLimitedKey)},
                    {QStringLiteral("budget_usd"), QJsonValue::Null},
                    {QStringLiteral("models"), QJsonArray{QStringLiteral("gpt-test"), QStringLiteral("claude-test")}}},
    };
    const QJsonObject config{
        {QStringLiteral("settings"), s},
        {QStringLiteral("channels"), channels},
        {QStringLiteral("keys"), keys},
    };
    return QJsonDocument(config).toJson(QJsonDocument::Compact);
}

QByteArray RelayFixture::withChannelFields(const QByteArray &config, const QByteArray &channel, const QJsonObject &fields)
{
    QJsonObject root = QJsonDocument::fromJson(config).object();
    QJsonArray channels = root.value(QStringLiteral("channels")).toArray();
    for (qsizetype i = 0; i < channels.size(); ++i) {
        QJsonObject c = channels[i].toObject();
        if (c.value(QStringLiteral("name")).toString() != QString::fromUtf8(channel))
            continue;
        for (auto it = fields.begin(); it != fields.end(); ++it)
            c.insert(it.key(), it.value());
        channels[i] = c;
    }
    root.insert(QStringLiteral("channels"), channels);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

bool RelayFixture::start(const QJsonObject &settings)
{
    return startWithConfig(standardConfig(QStringLiteral("${UPSTREAM}"), settings));
}

bool RelayFixture::startWithConfig(const QByteArray &configJson)
{
    if (!m_error.isEmpty())
        return false;
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return false;
    }
    QByteArray json = configJson;
    json.replace("${UPSTREAM}", m_upstream->baseUrl().toUtf8());
    if (const auto err = ConfigIO::importInto(m_config, json)) {
        m_error = QStringLiteral("config import: ") + err->toString();
        return false;
    }
    m_config.reindex();
    m_store = Store::open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("relaydesk.db")), &m_error);
    if (!m_store)
        return false;
    m_relay = std::make_unique<RelayService>(m_store.get());
    m_relay->setNodeName(QStringLiteral("test-node"));
    m_relay->setConfig(m_config);
    return m_relay->start(QHostAddress::LocalHost, 0, &m_error);
}

quint16 RelayFixture::port() const
{
    return m_relay ? m_relay->port() : 0;
}

RawHttpClient *RelayFixture::client()
{
    return new RawHttpClient(port(), m_clients.get());
}

QList<RequestLogRow> RelayFixture::rows(int limit)
{
    if (!m_store)
        return {};
    m_store->flush();
    RequestLogQuery q;
    q.limit = limit;
    return m_store->requestLogs(q);
}

bool RelayFixture::waitForRows(int count, int timeoutMs)
{
    if (!m_store)
        return false;
    return spinUntil([&] {
        m_store->flush();
        return m_store->requestLogCount() >= count;
    }, timeoutMs);
}

RequestLogRow RelayFixture::lastRow(int timeoutMs)
{
    if (!waitForRows(1, timeoutMs))
        return {};
    const QList<RequestLogRow> r = rows(1);
    return r.isEmpty() ? RequestLogRow() : r.first();
}
