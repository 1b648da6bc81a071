#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringView>
#include <memory>
#include <optional>

// Encryption of secrets at rest (upstream API keys, the admin token): AES-256-GCM through
// OpenSSL's EVP API. A sealed value is text that fits where the plain secret was:
//
//   enc:v1:<kdf>:<salt>:<nonce | ciphertext | tag>      (base64url, no padding)
//
// The AES key is derived from a master secret and the value's salt: PBKDF2-HMAC-SHA256 for
// a passphrase (kdf "p"), HKDF-SHA256 for the 32 random bytes of a key file (kdf "k"). A box
// seals everything with one salt (that of the first stored value it opened, else a new one),
// so a process pays for one derivation, and other nodes sharing the database (with the same
// passphrase or key file) still open what it wrote.
//
// Where the master secret comes from (open()): the RELAYDESK_SECRET_KEY environment
// variable (a passphrase) if set, else <data-dir>/secret.key, created on first use with mode
// 0600 and refused when group or others may read it.
//
// Thread-safe: seal() and unseal() may run on any thread.
class SecretBox
{
public:
    enum class Source { Passphrase, KeyFile };

    static constexpr const char *kEnvVar = "RELAYDESK_SECRET_KEY";
    static constexpr const char *kKeyFileName = "secret.key";

    static std::unique_ptr<SecretBox> fromPassphrase(const QByteArray &passphrase);
    static std::unique_ptr<SecretBox> fromKey(const QByteArray &key32, const QString &origin);
    // Reads (or, with `create`, creates) a key file; nullptr + *error when it cannot.
    static std::unique_ptr<SecretBox> fromKeyFile(const QString &path, bool create, QString *error);
    // The environment variable, else the key file in `dataDir` (created if missing).
    static std::unique_ptr<SecretBox> open(const QString &dataDir, QString *error);

    ~SecretBox();

    Source source() const { return m_source; }
    QString origin() const { return m_origin; } // "RELAYDESK_SECRET_KEY" or the key file path

    static bool isSealed(QStringView text);
    QString seal(const QString &plain) const;
    // nullopt + *error when `sealed` is malformed, was sealed under another master secret,
    // or was altered.
    std::optional<QString> unseal(const QString &sealed, QString *error) const;

private:
    SecretBox(Source source, const QByteArray &master, const QString &origin);
    QByteArray keyFor(const QByteArray &salt) const;
    QByteArray sealingSalt() const;
    char kdfTag() const { return m_source == Source::Passphrase ? 'p' : 'k'; }

    Source m_source;
    QByteArray m_master;
    QString m_origin;
    mutable QMutex m_mutex;
    mutable QByteArray m_salt;                    // of the values this box seals, once chosen
    mutable QHash<QByteArray, QByteArray> m_keys; // salt -> derived key
};
