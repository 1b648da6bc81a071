#include "metrics.h"

const QList<double> &Metrics::firstByteBuckets()
{
    static const QList<double> b{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    return b;
}

const QList<double> &Metrics::durationBuckets()
{
    static const QList<double> b{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};
    return b;
}

Metrics::Metrics()
{
    m_firstByte.bounds = firstByteBuckets();
    m_firstByte.counts.fill(0, m_firstByte.bounds.size());
    m_duration.bounds = durationBuckets();
    m_duration.counts.fill(0, m_duration.bounds.size());
}

void Metrics::Histogram::observe(double seconds)
{
    ++count;
    sum += seconds;
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        if (seconds <= bounds[i]) {
            ++counts[i];
            return;
        }
    }
}

void Metrics::Histogram::writeTo(PrometheusWriter &out, const QString &name) const
{
    qint64 cumulative = 0;
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        cumulative += counts[i];
        out.sample(name + QStringLiteral("_bucket"), {{QStringLiteral("le"), PrometheusWriter::formatValue(bounds[i])}},
                   cumulative);
    }
    out.sample(name + QStringLiteral("_bucket"), {{QStringLiteral("le"), QStringLiteral("+Inf")}}, count);
    out.sample(name + QStringLiteral("_sum"), {}, sum);
    out.sample(name + QStringLiteral("_count"), {}, count);
}

void Metrics::record(const RequestOutcome &o)
{
    ++m_requests;
    ++m_byFormatChannelStatus[{o.clientFormat, o.channel, o.httpStatus}];
    ++m_endReasons[{endReasonName(o.endReason), o.stream ? QStringLiteral("stream") : QStringLiteral("unary")}];
    if (o.closeKind)
        ++m_closeEvents[errorKindName(*o.closeKind)];
    for (ErrorKind k : o.errorKinds)
        ++m_errors[errorKindName(k)];
    if (o.costUsd > 0)
        m_costByKey[o.keyName] += o.costUsd;
    if (!o.channel.isEmpty()) {
        Tokens &t = m_tokensByChannel[o.channel];
        t.input += o.inputTokens;
        t.output += o.outputTokens;
        t.cachedInput += o.cachedInputTokens;
    }
    if (o.firstByteMs >= 0)
        m_firstByte.observe(o.firstByteMs / 1000.0);
    if (o.endReason != EndReason::Rejected)
        m_duration.observe(o.durationMs / 1000.0);
}

void Metrics::writeTo(PrometheusWriter &out) const
{
    out.family(QStringLiteral("relaydesk_requests_total"), "counter",
               QStringLiteral("Requests answered, by client format, channel and HTTP status."));
    for (auto it = m_byFormatChannelStatus.cbegin(); it != m_byFormatChannelStatus.cend(); ++it)
        out.sample(QStringLiteral("relaydesk_requests_total"),
                   {{QStringLiteral("format"), std::get<0>(it.key())}, {QStringLiteral("channel"), std::get<1>(it.key())},
                    {QStringLiteral("status"), QString::number(std::get<2>(it.key()))}},
                   it.value());
    out.family(QStringLiteral("relaydesk_stream_end_reasons_total"), "counter",
               QStringLiteral("Exchanges by end reason (stream status), streams and non-stream requests apart."));
    for (auto it = m_endReasons.cbegin(); it != m_endReasons.cend(); ++it)
        out.sample(QStringLiteral("relaydesk_stream_end_reasons_total"),
                   {{QStringLiteral("end_reason"), it.key().first}, {QStringLiteral("mode"), it.key().second}}, it.value());
    out.family(QStringLiteral("relaydesk_stream_close_events_total"), "counter",
               QStringLiteral("Stream-close events by kind (client-abort, client-write-failed, upstream-error, upstream-premature)."));
    for (auto it = m_closeEvents.cbegin(); it != m_closeEvents.cend(); ++it)
        out.sample(QStringLiteral("relaydesk_stream_close_events_total"), {{QStringLiteral("kind"), it.key()}}, it.value());
    out.family(QStringLiteral("relaydesk_errors_total"), "counter",
               QStringLiteral("Error-log entries recorded by this node, by kind."));
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        out.sample(QStringLiteral("relaydesk_errors_total"), {{QStringLiteral("kind"), it.key()}}, it.value());
    out.family(QStringLiteral("relaydesk_tokens_total"), "counter", QStringLiteral("Tokens reported by upstreams, by channel."));
    for (auto it = m_tokensByChannel.cbegin(); it != m_tokensByChannel.cend(); ++it) {
        const auto sample = [&](const char *type, qint64 v) {
            out.sample(QStringLiteral("relaydesk_tokens_total"),
                       {{QStringLiteral("channel"), it.key()}, {QStringLiteral("type"), QLatin1String(type)}}, v);
        };
        sample("input", it.value().input);
        sample("output", it.value().output);
        sample("cached_input", it.value().cachedInput);
    }
    out.family(QStringLiteral("relaydesk_cost_usd_total"), "counter",
               QStringLiteral("Cost of the requests answered by this node since it started, by client key (USD)."));
    for (auto it = m_costByKey.cbegin(); it != m_costByKey.cend(); ++it)
        out.sample(QStringLiteral("relaydesk_cost_usd_total"), {{QStringLiteral("key"), it.key()}}, it.value());
    out.family(QStringLiteral("relaydesk_first_byte_seconds"), "histogram",
               QStringLiteral("Time from request start to the first upstream byte."));
    m_firstByte.writeTo(out, QStringLiteral("relaydesk_first_byte_seconds"));
    out.family(QStringLiteral("relaydesk_request_duration_seconds"), "histogram",
               QStringLiteral("Total time of a request, from arrival to its end (refused requests excluded)."));
    m_duration.writeTo(out, QStringLiteral("relaydesk_request_duration_seconds"));
}
