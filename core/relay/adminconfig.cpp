#include "adminconfig.h"

#include "config/configio.h"

#include <QJsonArray>
#include <QJsonParseError>

namespace {

using Edit = AdminConfig::Edit;

Edit answer(const AdminReply &reply)
{
    return Edit{reply, std::nullopt};
}

// The request body as a JSON object, or the 400 that says why not.
std::optional<AdminReply> parseBody(const QByteArray &body, QJsonObject &out)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return AdminReply::badRequest(QStringLiteral("body is not valid JSON: %1 at offset %2").arg(err.errorString()).arg(err.offset));
    if (!doc.isObject())
        return AdminReply::badRequest(QStringLiteral("body must be a JSON object"));
    out = doc.object();
    return std::nullopt;
}

AdminReply invalid(const ConfigError &e)
{
    return AdminReply::badRequest(e.toString(), e.path);
}

AdminReply methodNotAllowed(const QByteArray &method, const QString &what)
{
    return AdminReply::error(405, QStringLiteral("method %1 not allowed on %2").arg(QString::fromLatin1(method), what),
                             QStringLiteral("invalid_request_error"));
}

qsizetype channelIndex(const Config &c, const QString &name)
{
    for (qsizetype i = 0; i < c.channels.size(); ++i)
        if (c.channels[i].name == name)
            return i;
    return -1;
}

qsizetype keyIndex(const Config &c, const QString &name)
{
    for (qsizetype i = 0; i < c.keys.size(); ++i)
        if (c.keys[i].name == name)
            return i;
    return -1;
}

QJsonObject channelWithHealth(const Channel &c, const QJsonObject &health)
{
    QJsonObject o = ConfigIO::channelToJson(c, false);
    if (const QJsonValue h = health.value(c.name); h.isObject())
        o.insert(QStringLiteral("health"), h);
    return o;
}

Edit readChannels(const Config &config, const QString &name, const QJsonObject &health)
{
    if (name.isEmpty()) {
        QJsonArray data;
        for (const Channel &c : config.channels)
            data.append(channelWithHealth(c, health));
        return answer(AdminReply::json(200, QJsonObject{{QStringLiteral("data"), data}}));
    }
    const qsizetype i = channelIndex(config, name);
    if (i < 0)
        return answer(AdminReply::notFound(QStringLiteral("no channel named '%1'").arg(name)));
    return answer(AdminReply::json(200, channelWithHealth(config.channels[i], health)));
}

// POST (name "") creates, PUT merges into the named channel.
Edit writeChannel(const Config &config, const QString &name, const QByteArray &body)
{
    QJsonObject o;
    if (auto bad = parseBody(body, o))
        return answer(*bad);
    o.remove(QStringLiteral("health")); // read-only, from GET: a GET-edit-PUT round trip must work
    const qsizetype at = name.isEmpty() ? -1 : channelIndex(config, name);
    if (!name.isEmpty() && at < 0)
        return answer(AdminReply::notFound(QStringLiteral("no channel named '%1'").arg(name)));
    Channel ch = at >= 0 ? config.channels[at] : Channel();
    if (auto err = ConfigIO::parseChannel(o, QStringLiteral("$"), ch))
        return answer(invalid(*err));
    const qsizetype clash = channelIndex(config, ch.name);
    if (clash >= 0 && clash != at)
        return answer(AdminReply::error(409, QStringLiteral("a channel named '%1' already exists").arg(ch.name),
                                        QStringLiteral("conflict_error")));
    Config next = config;
    if (at >= 0)
        next.channels[at] = ch;
    else
        next.channels.append(ch);
    return Edit{AdminReply::json(at >= 0 ? 200 : 201, ConfigIO::channelToJson(ch, false)), next};
}

Edit deleteEntity(const Config &config, bool channel, const QString &name)
{
    Config next = config;
    const qsizetype i = channel ? channelIndex(config, name) : keyIndex(config, name);
    if (i < 0)
        return answer(AdminReply::notFound(QStringLiteral("no %1 named '%2'").arg(channel ? QStringLiteral("channel")
                                                                                           : QStringLiteral("key"),
                                                                                   name)));
    if (channel)
        next.channels.removeAt(i);
    else
        next.keys.removeAt(i);
    return Edit{AdminReply::json(200, QJsonObject{{QStringLiteral("deleted"), name}}), next};
}

QJsonObject keyJson(const ClientKey &k, const QList<KeyBudget> &budgets)
{
    QJsonObject o = ConfigIO::keyToJson(k);
    o.insert(QStringLiteral("key"), QString(k.keyPrefix + QChar(0x2026)));
    qint64 spent = 0, reserved = 0;
    for (const KeyBudget &b : budgets) {
        if (b.keyName == k.name) {
            spent = b.spentNano;
            reserved = b.reservedNano;
        }
    }
    o.insert(QStringLiteral("spent_usd"), nanoToUsd(spent));
    o.insert(QStringLiteral("reserved_usd"), nanoToUsd(reserved));
    return o;
}

// POST (name "") creates, PUT merges into the named key (its secret stays unless a new one is given).
Edit writeKey(const Config &config, const QString &name, const QByteArray &body)
{
    QJsonObject o;
    if (auto bad = parseBody(body, o))
        return answer(*bad);
    const qsizetype at = name.isEmpty() ? -1 : keyIndex(config, name);
    if (!name.isEmpty() && at < 0)
        return answer(AdminReply::notFound(QStringLiteral("no key named '%1'").arg(name)));
    ClientKey k = at >= 0 ? config.keys[at] : ClientKey();
    if (auto err = ConfigIO::parseKey(o, QStringLiteral("$"), k))
        return answer(invalid(*err));
    for (qsizetype i = 0; i < config.keys.size(); ++i) {
        if (i == at)
            continue;
        if (config.keys[i].name == k.name)
            return answer(AdminReply::error(409, QStringLiteral("a key named '%1' already exists").arg(k.name),
                                            QStringLiteral("conflict_error")));
        if (config.keys[i].keyHash == k.keyHash)
            return answer(AdminReply::error(409, QStringLiteral("this key is already used by key '%1'").arg(config.keys[i].name),
                                            QStringLiteral("conflict_error")));
    }
    Config next = config;
    if (at >= 0)
        next.keys[at] = k;
    else
        next.keys.append(k);
    return Edit{AdminReply::json(at >= 0 ? 200 : 201, keyJson(k, {})), next};
}

} // namespace

namespace AdminConfig {

Edit channels(const Config &config, const QByteArray &method, const QString &name, const QByteArray &body,
              const QJsonObject &health)
{
    if (method == "GET")
        return readChannels(config, name, health);
    if ((method == "POST" && name.isEmpty()) || (method == "PUT" && !name.isEmpty()))
        return writeChannel(config, name, body);
    if (method == "DELETE" && !name.isEmpty())
        return deleteEntity(config, true, name);
    return answer(methodNotAllowed(method, name.isEmpty() ? QStringLiteral("/admin/channels")
                                                          : QStringLiteral("/admin/channels/{name}")));
}

Edit keys(const Config &config, const QByteArray &method, const QString &name, const QByteArray &body)
{
    if ((method == "POST" && name.isEmpty()) || (method == "PUT" && !name.isEmpty()))
        return writeKey(config, name, body);
    if (method == "DELETE" && !name.isEmpty())
        return deleteEntity(config, false, name);
    return answer(methodNotAllowed(method, name.isEmpty() ? QStringLiteral("/admin/keys")
                                                          : QStringLiteral("/admin/keys/{name}")));
}

AdminReply keysReply(const Config &config, const QString &name, const QList<KeyBudget> &budgets)
{
    if (name.isEmpty()) {
        QJsonArray data;
        for (const ClientKey &k : config.keys)
            data.append(keyJson(k, budgets));
        return AdminReply::json(200, QJsonObject{{QStringLiteral("data"), data}});
    }
    const qsizetype i = keyIndex(config, name);
    if (i < 0)
        return AdminReply::notFound(QStringLiteral("no key named '%1'").arg(name));
    return AdminReply::json(200, keyJson(config.keys[i], budgets));
}

} // namespace AdminConfig
