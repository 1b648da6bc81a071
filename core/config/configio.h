#pragma once

#include "config.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// Import/export of the config JSON of SPEC.md.
//
// Import is an upsert by name: channels, keys and prices present in the document replace
// the ones of the same name; settings present replace only the fields given; anything not
// in the document is kept. Client keys arrive as plain "key": "rk-..." (hashed on the way
// in, never stored) or, as written by export, "key_sha256" + "key_prefix".
struct ConfigError
{
    QString path;    // JSON path of the bad field, e.g. "$.channels[1].base_url"
    QString message; // what is wrong with it
    QString toString() const { return path + QStringLiteral(": ") + message; }
};

namespace ConfigIO {
// Parses and validates `json` and merges it into `config`. On error, `config` is untouched
// and the first error is returned.
std::optional<ConfigError> importInto(Config &config, const QByteArray &json);
// The config as JSON. Upstream keys and the admin token are masked unless withSecrets;
// client keys are always exported as hash + prefix (the plain key is not known).
QJsonObject exportConfig(const Config &config, bool withSecrets);

// Single-entity forms used by the admin API and the GUI editors (same validation, same paths
// relative to `basePath`).
std::optional<ConfigError> parseChannel(const QJsonObject &o, const QString &basePath, Channel &out);
std::optional<ConfigError> parseKey(const QJsonObject &o, const QString &basePath, ClientKey &out);
QJsonObject channelToJson(const Channel &c, bool withSecrets);
QJsonObject keyToJson(const ClientKey &k);

QString maskSecret(const QString &secret); // "sk-a…9f" style: never reveals more than 4+2 chars
} // namespace ConfigIO
