#pragma once

#include "settings.h"

#include <array>

// The JSON names and accepted ranges of every Settings field, in one table shared by
// Settings::toJson and the importer so the two can never disagree on a name.
namespace SettingsFields {

struct IntField { const char *name; int Settings::*member; int min; int max; };
struct Int64Field { const char *name; qint64 Settings::*member; qint64 min; qint64 max; };
struct BoolField { const char *name; bool Settings::*member; };
struct DoubleField { const char *name; double Settings::*member; double min; };
struct StringListField { const char *name; QStringList Settings::*member; bool (*valid)(const QString &); const char *expected; };

bool isHostPattern(const QString &text);  // "name", "name:port", "[v6]:port"
bool isOriginValue(const QString &text);  // "scheme://host[:port]", as browsers send Origin

inline constexpr std::array kInts{
    IntField{"keepalive_seconds", &Settings::keepaliveSeconds, 1, 3600},
    IntField{"stream_idle_timeout_seconds", &Settings::streamIdleTimeoutSeconds, 1, 86400},
    IntField{"first_byte_timeout_seconds", &Settings::firstByteTimeoutSeconds, 1, 3600},
    IntField{"bootstrap_retries", &Settings::bootstrapRetries, 0, 10},
    IntField{"max_connections", &Settings::maxConnections, 1, 100000},
    IntField{"retention_days", &Settings::retentionDays, 0, 36500},
    IntField{"header_read_timeout_seconds", &Settings::headerReadTimeoutSeconds, 1, 3600},
    IntField{"body_read_timeout_seconds", &Settings::bodyReadTimeoutSeconds, 1, 86400},
    IntField{"idle_timeout_seconds", &Settings::idleTimeoutSeconds, 1, 86400},
    IntField{"slow_client_timeout_seconds", &Settings::slowClientTimeoutSeconds, 1, 3600},
    IntField{"cooldown_base_seconds", &Settings::cooldownBaseSeconds, 1, 3600},
    IntField{"cooldown_max_seconds", &Settings::cooldownMaxSeconds, 1, 86400},
    IntField{"unhealthy_after_failures", &Settings::unhealthyAfterFailures, 1, 1000},
    IntField{"unhealthy_seconds", &Settings::unhealthySeconds, 1, 86400},
    IntField{"unhealthy_max_seconds", &Settings::unhealthyMaxSeconds, 1, 86400},
};

inline constexpr std::array kInt64s{
    Int64Field{"max_request_bytes", &Settings::maxRequestBytes, 1024, qint64(1) << 30},
    Int64Field{"max_sse_line_bytes", &Settings::maxSseLineBytes, 1024, qint64(256) << 20},
    Int64Field{"max_client_backlog_bytes", &Settings::maxClientBacklogBytes, 64 * 1024, qint64(1) << 30},
    Int64Field{"retention_rows", &Settings::retentionRows, 0, qint64(1) << 40},
    // Qt 6.4 drops every header of a request with a field over ~100 KiB: stay well below.
    Int64Field{"max_header_bytes", &Settings::maxHeaderBytes, 1024, 64 * 1024},
    Int64Field{"default_max_output_tokens", &Settings::defaultMaxOutputTokens, 1, 10'000'000},
    Int64Field{"log_buffer_rows", &Settings::logBufferRows, 100, 10'000'000},
};

inline constexpr std::array kDoubles{
    DoubleField{"default_price_input", &Settings::defaultPriceInput, 0},
    DoubleField{"default_price_output", &Settings::defaultPriceOutput, 0},
};

inline constexpr std::array kBools{
    BoolField{"drain_upstream_on_client_gone", &Settings::drainUpstreamOnClientGone},
    BoolField{"passthrough_upstream_headers", &Settings::passthroughUpstreamHeaders},
    BoolField{"log_bodies", &Settings::logBodies},
    BoolField{"fail_closed_budgeted_keys", &Settings::failClosedBudgetedKeys},
};

inline constexpr std::array kStringLists{
    StringListField{"allowed_hosts", &Settings::allowedHosts, &isHostPattern, "must be a host name, optionally with :port"},
    StringListField{"allowed_origins", &Settings::allowedOrigins, &isOriginValue,
                    "must be an origin: scheme://host[:port], no path"},
};

} // namespace SettingsFields
