#pragma once

#include "adminreply.h"
#include "config/config.h"
#include "store/keybudget.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// The config CRUD of the admin API, as pure functions of the current config: each returns the
// answer and, when the request changed something, the new config (which AdminApi applies to the
// running relay and saves). Entities go through ConfigIO::parseChannel/parseKey, so they are
// validated exactly as an imported config is, with errors naming the JSON path ("$.base_url").
// PUT merges: fields absent from the body keep their value, masked keys stand for the real ones.
namespace AdminConfig {
struct Edit
{
    AdminReply reply;
    std::optional<Config> changed;
};

// /admin/channels (name "") and /admin/channels/{name}: GET, POST (collection), PUT, DELETE.
// GET adds each channel's entry of `health` (Router::healthSnapshot) as its "health" field.
Edit channels(const Config &config, const QByteArray &method, const QString &name, const QByteArray &body,
              const QJsonObject &health = QJsonObject());
// /admin/keys and /admin/keys/{name}: POST (collection), PUT, DELETE. GET: keysReply().
Edit keys(const Config &config, const QByteArray &method, const QString &name, const QByteArray &body);
// GET /admin/keys[/{name}]: each key with its masked key and its quota ledger row (spent,
// reserved) when it has one.
AdminReply keysReply(const Config &config, const QString &name, const QList<KeyBudget> &budgets);
} // namespace AdminConfig
