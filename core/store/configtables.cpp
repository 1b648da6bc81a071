#include "configtables.h"

#include "config/configio.h"
#include "config/configsections.h"
#include "security/secretvault.h"
#include "sqlutil.h"

#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

const QString kAdminTokenName = QStringLiteral("admin_token"); // reserved row of `settings`

// A JSON scalar as text ("15", "true", "\"adm-x\"") and back.
QString scalarText(const QJsonValue &v)
{
    const QByteArray array = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QJsonValue scalarFromText(const QString &text)
{
    return QJsonDocument::fromJson('[' + text.toUtf8() + ']').array().at(0);
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void warnSkipped(const char *what, const QString &name, const ConfigError &e)
{
    qWarning("store: ignoring stored %s '%s': %s", what, qPrintable(name), qPrintable(e.toString()));
}

bool loadSettings(QSqlDatabase &db, Config &config, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT name, value FROM settings"))) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    while (q.next()) {
        const QString name = q.value(0).toString();
        const QJsonValue value = scalarFromText(q.value(1).toString());
        if (name == kAdminTokenName) {
            config.adminToken = value.toString();
            QString why; // on failure the token stays sealed: no one can use it (fails closed)
            if (!SecretVault::unsealText(config.adminToken, QStringLiteral("admin_token"), &why))
                qWarning("store: %s", qPrintable(why));
            continue;
        }
        // One at a time: a setting this build no longer knows must not discard the others.
        if (const auto e = ConfigIO::parseSettings(QJsonObject{{name, value}}, QStringLiteral("settings"), config.settings))
            warnSkipped("setting", name, *e);
    }
    return true;
}

bool loadChannelsAndKeys(QSqlDatabase &db, Config &config, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT name, json FROM channels ORDER BY position, name"))) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    while (q.next()) {
        Channel c;
        const QJsonObject o = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        QString why;
        if (const auto e = ConfigIO::parseChannel(o, QStringLiteral("channel"), c))
            warnSkipped("channel", q.value(0).toString(), *e);
        else if (!SecretVault::unseal(c, &why)) // sealed upstream keys (docs/security.md)
            qWarning("store: ignoring stored channel '%s': %s", qPrintable(c.name), qPrintable(why));
        else
            config.channels.append(c);
    }
    if (!q.exec(QStringLiteral("SELECT name, json FROM client_keys ORDER BY position, name"))) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    while (q.next()) {
        ClientKey k;
        const QJsonObject o = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        if (const auto e = ConfigIO::parseKey(o, QStringLiteral("key"), k))
            warnSkipped("key", q.value(0).toString(), *e);
        else
            config.keys.append(k);
    }
    return true;
}

bool loadPrices(QSqlDatabase &db, Config &config, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT model, input, output, cached_input FROM prices"))) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    while (q.next()) {
        Price p;
        p.input = q.value(1).toDouble();
        p.output = q.value(2).toDouble();
        p.cachedInput = q.value(3).isNull() ? -1 : q.value(3).toDouble();
        config.prices.insert(q.value(0).toString(), p);
    }
    return true;
}

bool insertRow(QSqlDatabase &db, const QString &sql, const QVariantList &values, QString *error)
{
    QSqlQuery q(db);
    if (!q.prepare(sql)) {
        *error = SqlUtil::errorText(q.lastError());
        return false;
    }
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    return SqlUtil::exec(q, error);
}

bool insertAll(QSqlDatabase &db, const Config &config, QString *error)
{
    const QJsonObject settings = config.settings.toJson();
    const QString settingSql = QStringLiteral("INSERT INTO settings (name, value) VALUES (?, ?)");
    bool ok = insertRow(db, settingSql, {kAdminTokenName, scalarText(SecretVault::sealedText(config.adminToken))}, error);
    for (auto it = settings.constBegin(); ok && it != settings.constEnd(); ++it)
        ok = insertRow(db, settingSql, {it.key(), scalarText(it.value())}, error);
    for (qsizetype i = 0; ok && i < config.channels.size(); ++i) {
        const Channel &c = config.channels.at(i);
        ok = insertRow(db, QStringLiteral("INSERT INTO channels (name, position, json) VALUES (?, ?, ?)"),
                       {c.name, int(i), jsonText(ConfigIO::channelToJson(SecretVault::sealed(c), true))}, error);
    }
    for (qsizetype i = 0; ok && i < config.keys.size(); ++i) {
        const ClientKey &k = config.keys.at(i);
        ok = insertRow(db, QStringLiteral("INSERT INTO client_keys (name, position, key_hash, key_prefix, json) "
                                          "VALUES (?, ?, ?, ?, ?)"),
                       {k.name, int(i), QString::fromLatin1(k.keyHash), k.keyPrefix, jsonText(ConfigIO::keyToJson(k))},
                       error);
    }
    for (auto it = config.prices.constBegin(); ok && it != config.prices.constEnd(); ++it) {
        const Price &p = it.value();
        const QVariant cached = p.cachedInput < 0 ? QVariant(QMetaType::fromType<double>()) : QVariant(p.cachedInput);
        ok = insertRow(db, QStringLiteral("INSERT INTO prices (model, input, output, cached_input) VALUES (?, ?, ?, ?)"),
                       {it.key(), p.input, p.output, cached}, error);
    }
    return ok;
}

} // namespace

namespace ConfigTables {

Config load(QSqlDatabase &db, QString *error)
{
    Config config;
    if (loadSettings(db, config, error) && loadChannelsAndKeys(db, config, error))
        loadPrices(db, config, error);
    config.reindex();
    return config;
}

bool save(QSqlDatabase &db, const SqlDialect &dialect, const Config &config, QString *error)
{
    SqlTransaction txn(db, dialect);
    if (!txn.begin(error))
        return false;
    for (const char *table : {"settings", "channels", "client_keys", "prices"})
        if (!SqlUtil::exec(db, QLatin1String("DELETE FROM ") + QLatin1String(table), error))
            return false;
    return insertAll(db, config, error)
           && SqlUtil::exec(db, QStringLiteral("UPDATE config_version SET version = version + 1 WHERE id = 1"), error)
           && txn.commit(error);
}

qint64 version(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT version FROM config_version WHERE id = 1"))) {
        *error = SqlUtil::errorText(q.lastError());
        return -1;
    }
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace ConfigTables
