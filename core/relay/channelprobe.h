#pragma once

#include "config/config.h"
#include "model/usage.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;
class UpstreamPool;

// POST /admin/channels/{name}/test: one tiny non-stream request ("ping", a few output tokens)
// through the channel, in the channel's own format, with one of its keys; reports the latency
// and what came back. Lives on the relay thread; deletes nothing itself.
class ChannelProbe : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        bool ok = false;
        int status = 0;       // upstream HTTP status, 0: no answer
        qint64 latencyMs = 0;
        QString channel;
        QString model;        // client-visible model tried
        QString upstreamModel;
        int keyIndex = 0;
        QString error;        // "" when ok (secrets masked)
        QString responseId;
        Usage usage;
        QJsonObject toJson() const;
    };

    ChannelProbe(UpstreamPool *pool, QObject *parent = nullptr);
    ~ChannelProbe() override;

    // The model a test uses when none is given: the first plain (non-glob) model the channel
    // serves, else the first model_map target; "" when the channel names none.
    static QString defaultModel(const Channel &channel);

    void start(const Channel &channel, const QString &model, int keyIndex, int timeoutMs);

Q_SIGNALS:
    void finished(const ChannelProbe::Result &result);

private:
    void onFinished();
    void onTimeout();
    void finish(const QString &error);

    UpstreamPool *m_pool;
    Channel m_channel;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    Result m_result;
    bool m_done = false;
};
