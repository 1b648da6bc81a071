#include "secretvault.h"

#include "secretbox.h"

#include <QMutex>

namespace {

struct Vault
{
    QMutex mutex;
    std::shared_ptr<const SecretBox> box;
    QStringList errors;
    int plainSeen = 0;
};

Vault &vault()
{
    static Vault v;
    return v;
}

void recordError(const QString &error)
{
    Vault &v = vault();
    QMutexLocker lock(&v.mutex);
    v.errors.append(error);
}

bool openText(QString &secret, QString *error)
{
    if (!SecretBox::isSealed(secret)) {
        if (!secret.isEmpty()) {
            Vault &v = vault();
            QMutexLocker lock(&v.mutex);
            ++v.plainSeen;
        }
        return true;
    }
    const auto box = SecretVault::installed();
    if (!box) {
        *error = QStringLiteral("it is encrypted and no secret key is configured");
        return false;
    }
    const std::optional<QString> plain = box->unseal(secret, error);
    if (!plain)
        return false;
    secret = *plain;
    return true;
}

} // namespace

namespace SecretVault {

void install(std::shared_ptr<const SecretBox> box)
{
    Vault &v = vault();
    QMutexLocker lock(&v.mutex);
    v.box = std::move(box);
    v.errors.clear();
    v.plainSeen = 0;
}

std::shared_ptr<const SecretBox> installed()
{
    Vault &v = vault();
    QMutexLocker lock(&v.mutex);
    return v.box;
}

QString sealedText(const QString &secret)
{
    const auto box = installed();
    if (!box || secret.isEmpty() || SecretBox::isSealed(secret))
        return secret;
    return box->seal(secret);
}

Channel sealed(const Channel &channel)
{
    Channel out = channel;
    for (QString &key : out.keys)
        key = sealedText(key);
    return out;
}

bool unsealText(QString &secret, const QString &what, QString *error)
{
    QString why;
    if (openText(secret, &why))
        return true;
    *error = what + QStringLiteral(": ") + why;
    recordError(*error);
    return false;
}

bool unseal(Channel &channel, QString *error)
{
    for (qsizetype i = 0; i < channel.keys.size(); ++i) {
        QString why;
        if (!openText(channel.keys[i], &why)) {
            *error = QStringLiteral("channel '%1': upstream key %2: %3").arg(channel.name).arg(i).arg(why);
            recordError(*error);
            return false;
        }
    }
    return true;
}

QStringList takeErrors()
{
    Vault &v = vault();
    QMutexLocker lock(&v.mutex);
    return std::exchange(v.errors, {});
}

int takePlainSeen()
{
    Vault &v = vault();
    QMutexLocker lock(&v.mutex);
    return std::exchange(v.plainSeen, 0);
}

} // namespace SecretVault
