#pragma once

#include "configio.h"

// The smaller sections of the config JSON, shared by the importer and the store (which keeps
// settings and prices in their own tables). Same validation and paths as ConfigIO::importInto.
namespace ConfigIO {
// Overwrites only the fields present in `o`; `out` untouched on error.
std::optional<ConfigError> parseSettings(const QJsonObject &o, const QString &basePath, Settings &out);
std::optional<ConfigError> parsePrice(const QJsonObject &o, const QString &basePath, Price &out);
QJsonObject priceToJson(const Price &p);

// True for what maskSecret() produces: such a value came from an export, not from a user.
bool isMaskedSecret(QStringView value);
} // namespace ConfigIO

class JsonReader;

namespace ConfigIO {
// A channel or key name: non-empty, no '/', no control characters, no surrounding spaces
// (names appear in admin URLs and in the GUI).
bool readEntityName(JsonReader &r, QString &out);

// parseChannel with the defaults taken from `start` and masked upstream keys resolved
// against `knownKeys` (the keys of the channel being replaced): an exported, masked config
// can be edited and imported again without losing the real keys.
std::optional<ConfigError> parseChannelFrom(const QJsonObject &o, const QString &basePath,
                                            const Channel &start, const QStringList &knownKeys,
                                            Channel &out);
} // namespace ConfigIO
