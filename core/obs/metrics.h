#pragma once

#include "errorkind.h"
#include "prometheuswriter.h"
#include "streamstatus.h"

#include <QList>
#include <QMap>
#include <QString>
#include <optional>

// What the metrics need to know about one finished request (filled from its log row).
struct RequestOutcome
{
    QString clientFormat;
    QString channel;       // "" when none was chosen
    QString keyName;       // "" when auth failed
    int httpStatus = 0;
    bool stream = false;
    EndReason endReason = EndReason::Done;
    std::optional<ErrorKind> closeKind; // the stream-close event, if any
    QList<ErrorKind> errorKinds;        // every error-log entry the request made
    qint64 firstByteMs = -1;
    qint64 durationMs = 0;
    double costUsd = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedInputTokens = 0;
};

// In-memory counters and latency histograms of the relay since it started, rendered in the
// Prometheus text format. Lives on the relay thread; fed once per finished request.
class Metrics
{
public:
    Metrics();

    void record(const RequestOutcome &outcome);
    void writeTo(PrometheusWriter &out) const;
    qint64 requestCount() const { return m_requests; }

    // Histogram bucket upper bounds, in seconds.
    static const QList<double> &firstByteBuckets();
    static const QList<double> &durationBuckets();

private:
    struct Histogram
    {
        QList<double> bounds;
        QList<qint64> counts; // cumulative on output, per bucket here
        qint64 count = 0;
        double sum = 0;
        void observe(double seconds);
        void writeTo(PrometheusWriter &out, const QString &name) const;
    };
    struct Tokens { qint64 input = 0, output = 0, cachedInput = 0; };

    qint64 m_requests = 0;
    QMap<std::tuple<QString, QString, int>, qint64> m_byFormatChannelStatus;
    QMap<std::pair<QString, QString>, qint64> m_endReasons; // (end reason, stream|unary)
    QMap<QString, qint64> m_closeEvents;                    // by kind
    QMap<QString, qint64> m_errors;                         // by kind
    QMap<QString, double> m_costByKey;
    QMap<QString, Tokens> m_tokensByChannel;
    Histogram m_firstByte;
    Histogram m_duration;
};
