#include "config.h"

#include <QCryptographicHash>

bool globMatch(QStringView pattern, QStringView text)
{
    // Classic wildcard walk: remember the last `*` and retry from one character further on a
    // mismatch. Linear in practice, never exponential.
    qsizetype p = 0, t = 0, starP = -1, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == u'*') {
            starP = p++;
            starT = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

static bool anyGlobMatches(const QStringList &patterns, const QString &text)
{
    for (const auto &p : patterns)
        if (globMatch(p, text))
            return true;
    return false;
}

bool Channel::servesModel(const QString &clientModel) const
{
    return anyGlobMatches(models, clientModel);
}

QString Channel::upstreamModel(const QString &clientModel) const
{
    for (const auto &[from, to] : modelMap)
        if (from == clientModel)
            return to;
    for (const auto &[from, to] : modelMap)
        if (from.contains(u'*') && globMatch(from, clientModel))
            return to;
    return clientModel;
}

bool ClientKey::allowsModel(const QString &model) const
{
    return anyGlobMatches(models, model);
}

QByteArray ClientKey::hashKey(QByteArrayView plainKey)
{
    return QCryptographicHash::hash(plainKey, QCryptographicHash::Sha256).toHex();
}

QString ClientKey::displayPrefix(const QString &plainKey)
{
    // Never show more than half of a (short) key: the prefix is meant to recognise a key,
    // not to reveal it.
    return plainKey.left(qMin<qsizetype>(7, plainKey.size() / 2));
}

const ClientKey *Config::keyByHash(const QByteArray &hash) const
{
    const auto it = m_keyIndex.constFind(hash);
    if (it != m_keyIndex.constEnd() && *it < keys.size() && keys.at(*it).keyHash == hash)
        return &keys.at(*it);
    // A stale index (keys changed without reindex()) must never hand out another key.
    return nullptr;
}

const Channel *Config::channelByName(const QString &name) const
{
    const auto it = m_channelIndex.constFind(name);
    if (it != m_channelIndex.constEnd() && *it < channels.size() && channels.at(*it).name == name)
        return &channels.at(*it);
    return nullptr;
}

void Config::reindex()
{
    m_keyIndex.clear();
    m_channelIndex.clear();
    for (qsizetype i = 0; i < keys.size(); ++i)
        m_keyIndex.insert(keys.at(i).keyHash, i);
    for (qsizetype i = 0; i < channels.size(); ++i)
        m_channelIndex.insert(channels.at(i).name, i);
}
