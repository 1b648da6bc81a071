#pragma once

#include "settings.h"

#include <array>

// The JSON names and accepted ranges of every Settings field, in one table shared by
// Settings::toJson and the importer so the two can never disagree on a name.
namespace SettingsFields {

struct IntField { const char *name; int Settings::*member; int min; int max; };
struct Int64Field { const char *name; qint64 Settings::*member; qint64 min; qint64 max; };
struct BoolField { const char *name; bool Settings::*member; };

inline constexpr std::array kInts{
    IntField{"keepalive_seconds", &Settings::keepaliveSeconds, 1, 3600},
    IntField{"stream_idle_timeout_seconds", &Settings::streamIdleTimeoutSeconds, 1, 86400},
    IntField{"first_byte_timeout_seconds", &Settings::firstByteTimeoutSeconds, 1, 3600},
    IntField{"bootstrap_retries", &Settings::bootstrapRetries, 0, 10},
    IntField{"max_connections", &Settings::maxConnections, 1, 100000},
};

inline constexpr std::array kInt64s{
    Int64Field{"max_request_bytes", &Settings::maxRequestBytes, 1024, qint64(1) << 30},
    Int64Field{"max_sse_line_bytes", &Settings::maxSseLineBytes, 1024, qint64(256) << 20},
};

inline constexpr std::array kBools{
    BoolField{"drain_upstream_on_client_gone", &Settings::drainUpstreamOnClientGone},
    BoolField{"passthrough_upstream_headers", &Settings::passthroughUpstreamHeaders},
    BoolField{"log_bodies", &Settings::logBodies},
};

} // namespace SettingsFields
