#pragma once

#include "formats/apiformat.h"
#include "settings.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

// `*` glob match used for model lists, model maps and key model allow-lists.
bool globMatch(QStringView pattern, QStringView text);

struct Channel
{
    QString name;
    ApiFormat type = ApiFormat::OpenAIChat;
    QString baseUrl;
    QStringList keys;                              // upstream API keys (secrets)
    QStringList models;                            // client-visible names, `*` globs allowed
    QList<QPair<QString, QString>> modelMap;       // client name/glob -> upstream name, in order
    int priority = 0;                              // lower is tried first
    int weight = 1;                                // weighted random among equal priority
    bool enabled = true;
    QList<QPair<QByteArray, QByteArray>> headers;  // extra upstream headers
    QString proxy;                                 // "", "http://h:p", "socks5://h:p"
    int timeoutSeconds = 600;                      // total deadline of one upstream exchange

    bool servesModel(const QString &clientModel) const;
    QString upstreamModel(const QString &clientModel) const; // model_map applied (exact first, then globs)
};

struct ClientKey
{
    QString name;
    QByteArray keyHash;      // hex SHA-256 of the full key; the full key is never stored
    QString keyPrefix;       // first characters for display ("rk-ab12")
    std::optional<double> budgetUsd; // nullopt: unlimited
    QStringList models{QStringLiteral("*")};
    std::optional<QDateTime> expiresAt;
    bool enabled = true;

    bool allowsModel(const QString &model) const;
    bool expired(const QDateTime &now) const { return expiresAt && *expiresAt <= now; }
    static QByteArray hashKey(QByteArrayView plainKey); // hex SHA-256
    static QString displayPrefix(const QString &plainKey);
};

struct Price
{
    double input = 0;        // USD per million tokens
    double output = 0;
    double cachedInput = -1; // < 0: same as input
};

struct Config
{
    QString adminToken;
    Settings settings;
    QList<Channel> channels;
    QList<ClientKey> keys;
    QHash<QString, Price> prices;

    // O(1) lookups; valid after reindex() (call it after changing `keys`/`channels`).
    const ClientKey *keyByHash(const QByteArray &hash) const;
    const Channel *channelByName(const QString &name) const;
    void reindex();

private:
    QHash<QByteArray, qsizetype> m_keyIndex;
    QHash<QString, qsizetype> m_channelIndex;
};
