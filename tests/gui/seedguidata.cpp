// relaydesk_seed DATA_DIR: fills DATA_DIR/relaydesk.db with what a relay in use for a day would
// have stored (three channels, three client keys, prices, a few hundred request rows with every
// common end reason and their error groups), for the Xvfb screenshots of every tab. The rows go
// through Store::appendRequestLog like the relay's, so error groups and usage rollups are the
// store's own. Deterministic: the same data every run, timed relative to now.

#include "config/config.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>

namespace {

constexpr int kRows = 360;

Channel channel(const QString &name, ApiFormat type, const QString &baseUrl, const QStringList &models, int priority)
{
    Channel c;
    c.name = name;
    c.type = type;
    c.baseUrl = baseUrl;
    c.keys = {QStringLiteral("sk-demo-") + name + QStringLiteral("-0001"), QStringLiteral("sk-demo-") + name + QStringLiteral("-0002")};
    c.models = models;
    c.priority = priority;
    return c;
}

ClientKey clientKey(const QString &name, const QString &plain, std::optional<double> budget)
{
    ClientKey k;
    k.name = name;
    k.keyHash = ClientKey::hashKey(plain.toUtf8());
    k.keyPrefix = ClientKey::displayPrefix(plain);
    k.budgetUsd = budget;
    return k;
}

Config demoConfig()
{
    Config c;
    c.channels = {channel(QStringLiteral("openai-main"), ApiFormat::OpenAIResponses, QStringLiteral("https://api.openai.com"),
                          {QStringLiteral("gpt-5"), QStringLiteral("gpt-5-mini")}, 0),
                  channel(QStringLiteral("claude"), ApiFormat::Anthropic, QStringLiteral("https://api.anthropic.com"),
                          {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude-haiku-4-5")}, 0),
                  channel(QStringLiteral("gemini"), ApiFormat::Gemini, QStringLiteral("https://generativelanguage.googleapis.com"),
                          {QStringLiteral("gemini-2.5-flash")}, 1)};
    c.channels[1].modelMap = {{QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude-sonnet-4-5-20250929")}};
    ClientKey old = clientKey(QStringLiteral("old-laptop"), QStringLiteral("rk-demo-old-laptop-key"), std::nullopt);
    old.enabled = false;
    c.keys = {clientKey(QStringLiteral("laptop"), QStringLiteral("rk-demo-laptop-key"), 20.0),
              clientKey(QStringLiteral("ci-runner"), QStringLiteral("rk-demo-ci-runner-key"), 5.0), old};
    c.prices.insert(QStringLiteral("gpt-5"), {1.25, 10.0, 0.125});
    c.prices.insert(QStringLiteral("gpt-5-mini"), {0.25, 2.0, 0.025});
    c.prices.insert(QStringLiteral("claude-sonnet-4-5"), {3.0, 15.0, 0.3});
    c.prices.insert(QStringLiteral("claude-haiku-4-5"), {1.0, 5.0, 0.1});
    c.prices.insert(QStringLiteral("gemini-2.5-flash"), {0.3, 2.5, 0.03});
    c.reindex();
    return c;
}

// Row i's outcome: mostly complete streams, then the failures an admin goes looking for.
void applyOutcome(RequestLogRow &r, int i)
{
    const int pick = i % 20;
    if (pick == 7 || pick == 15) { // the upstream hung up mid-stream
        r.streamStatus.endReason = EndReason::Eof;
        r.streamStatus.addError(QStringLiteral("upstream closed the connection before message_stop"));
        QJsonObject close{{QStringLiteral("kind"), QStringLiteral("upstream-premature")},
                          {QStringLiteral("message"), QStringLiteral("upstream closed the connection before message_stop")},
                          {QStringLiteral("events_seen"), 42}, {QStringLiteral("bytes_written"), 9120},
                          {QStringLiteral("last_event_sent"), QStringLiteral("content_block_delta")},
                          {QStringLiteral("terminal_sent"), false}};
        r.detail.insert(QStringLiteral("close_event"), close);
    } else if (pick == 11) {
        r.streamStatus.endReason = EndReason::Timeout;
        r.streamStatus.addError(QStringLiteral("no first byte within 120 s"));
        r.httpStatus = 504;
        r.streamStatus.firstByteMs = -1;
    } else if (pick == 13) {
        r.streamStatus.endReason = EndReason::UpstreamError;
        r.streamStatus.addError(QStringLiteral("upstream answered 429: rate limit exceeded, retry after 20 s"));
        r.httpStatus = 429;
    } else if (pick == 17) {
        r.streamStatus.endReason = EndReason::ClientGone;
        r.streamStatus.addError(QStringLiteral("client disconnected after 3.1 s"));
    } else if (pick == 19) {
        r.streamStatus.endReason = EndReason::Rejected;
        r.httpStatus = 401;
        r.keyName.clear();
        r.channel.clear();
        r.streamStatus.addError(QStringLiteral("unknown client key"));
    }
    if (!r.streamStatus.ok())
        r.errorMessage = r.streamStatus.errors.last();
    if (r.httpStatus >= 400) { // nothing was generated, nothing is billed
        r.usage = Usage();
        r.streamStatus.events = r.streamStatus.bytes = 0;
    }
}

RequestLogRow demoRow(const Config &config, int i, const QDateTime &now)
{
    static const char *const models[] = {"claude-sonnet-4-5", "gpt-5", "claude-haiku-4-5", "gpt-5-mini", "gemini-2.5-flash"};
    static const char *const formats[] = {"anthropic", "openai-responses", "anthropic", "openai-chat", "gemini"};
    static const char *const paths[] = {"/v1/messages", "/v1/responses", "/v1/messages", "/v1/chat/completions",
                                        "/v1beta/models/gemini-2.5-flash:streamGenerateContent"};
    const int m = (i * 7 + i / 5) % 5;
    RequestLogRow r;
    r.requestId = QStringLiteral("req-demo-%1").arg(i, 4, 10, QLatin1Char('0'));
    r.startedAt = now.addSecs(-qint64(kRows - i) * 240); // one every 4 minutes over 24 hours
    r.durationMs = 800 + (i * 37) % 9000;
    r.node = QStringLiteral("workstation");
    r.clientFormat = QLatin1String(formats[m]);
    r.path = QLatin1String(paths[m]);
    r.keyName = i % 3 == 2 ? QStringLiteral("ci-runner") : QStringLiteral("laptop");
    r.model = QLatin1String(models[m]);
    for (const Channel &c : config.channels)
        if (c.servesModel(r.model)) {
            r.channel = c.name;
            r.channelType = apiFormatName(c.type);
            r.upstreamModel = c.upstreamModel(r.model);
            r.keyIndex = i % 2;
        }
    r.stream = i % 4 != 0;
    r.httpStatus = 200;
    r.streamStatus.events = 40 + i % 300;
    r.streamStatus.bytes = 2000 + (i * 131) % 40000;
    r.streamStatus.firstByteMs = 300 + (i * 53) % 1500;
    r.usage.inputTokens = 2000 + (i * 997) % 30000;
    r.usage.cachedInputTokens = r.usage.inputTokens / 2;
    r.usage.outputTokens = 150 + (i * 71) % 2500;
    r.usage.known = true;
    r.upstreamResponseId = QStringLiteral("resp_demo_%1").arg(i);
    applyOutcome(r, i);
    const Price p = config.prices.value(r.model);
    if (r.httpStatus < 400)
        r.costUsd = (r.usage.inputTokens * p.input + r.usage.outputTokens * p.output) / 1e6;
    r.detail.insert(QStringLiteral("attempts"),
                    QJsonArray{QJsonObject{{QStringLiteral("channel"), r.channel}, {QStringLiteral("key_index"), r.keyIndex},
                                           {QStringLiteral("status"), r.httpStatus}}});
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: relaydesk_seed DATA_DIR\n");
        return 2;
    }
    const QString dataDir = QString::fromLocal8Bit(argv[1]);
    QString error;
    std::unique_ptr<Store> store;
    if (QDir().mkpath(dataDir))
        store = Store::open(QStringLiteral("sqlite:") + QDir(dataDir).filePath(QStringLiteral("relaydesk.db")), &error);
    const Config config = demoConfig();
    if (!store || !store->saveConfig(config, &error)) {
        std::fprintf(stderr, "relaydesk_seed: %s\n", qPrintable(error));
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < kRows; ++i)
        store->appendRequestLog(demoRow(config, i, now));
    store->flush();
    std::printf("relaydesk_seed: %lld request rows, %lld error groups in %s\n", store->requestLogCount(),
                store->errorGroupCount(), qPrintable(dataDir));
    return store->requestLogCount() == kRows ? 0 : 1;
}
