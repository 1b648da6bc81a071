#include "secretbox.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int kKeyBytes = 32;
constexpr int kSaltBytes = 16;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; paid once per salt, i.e. once per process.
constexpr int kPbkdf2Iterations = 600000;
constexpr QByteArrayView kPrefix = "enc:v1:";
constexpr QByteArrayView kAad = "relaydesk secret v1"; // binds the ciphertext to this format

constexpr auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray randomBytes(int n)
{
    QByteArray out(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), n) != 1)
        qFatal("SecretBox: the OpenSSL random generator failed");
    return out;
}

QByteArray pbkdf2(const QByteArray &passphrase, const QByteArray &salt)
{
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    const int ok = PKCS5_PBKDF2_HMAC(passphrase.constData(), int(passphrase.size()),
                                     reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()),
                                     kPbkdf2Iterations, EVP_sha256(), kKeyBytes,
                                     reinterpret_cast<unsigned char *>(key.data()));
    return ok == 1 ? key : QByteArray();
}

QByteArray hkdf(const QByteArray &ikm, const QByteArray &salt)
{
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    size_t length = kKeyBytes;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr);
    const auto u = [](const QByteArray &b) { return reinterpret_cast<const unsigned char *>(b.constData()); };
    const bool ok = ctx && EVP_PKEY_derive_init(ctx) > 0 && EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) > 0
        && EVP_PKEY_CTX_set1_hkdf_salt(ctx, u(salt), int(salt.size())) > 0
        && EVP_PKEY_CTX_set1_hkdf_key(ctx, u(ikm), int(ikm.size())) > 0
        && EVP_PKEY_CTX_add1_hkdf_info(ctx, reinterpret_cast<const unsigned char *>(kAad.data()), int(kAad.size())) > 0
        && EVP_PKEY_derive(ctx, reinterpret_cast<unsigned char *>(key.data()), &length) > 0 && length == kKeyBytes;
    EVP_PKEY_CTX_free(ctx);
    return ok ? key : QByteArray();
}

// AES-256-GCM; returns nonce | ciphertext | tag.
QByteArray encrypt(const QByteArray &key, const QByteArray &plain)
{
    const QByteArray nonce = randomBytes(kNonceBytes);
    QByteArray out = nonce;
    out.resize(kNonceBytes + plain.size() + kTagBytes);
    auto *ct = reinterpret_cast<unsigned char *>(out.data()) + kNonceBytes;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0, m = 0;
    const bool ok = ctx && EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1
        && EVP_EncryptInit_ex(ctx, nullptr, nullptr, reinterpret_cast<const unsigned char *>(key.constData()),
                              reinterpret_cast<const unsigned char *>(nonce.constData())) == 1
        && EVP_EncryptUpdate(ctx, nullptr, &n, reinterpret_cast<const unsigned char *>(kAad.data()), int(kAad.size())) == 1
        && EVP_EncryptUpdate(ctx, ct, &n, reinterpret_cast<const unsigned char *>(plain.constData()), int(plain.size())) == 1
        && EVP_EncryptFinal_ex(ctx, ct + n, &m) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, ct + plain.size()) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok)
        qFatal("SecretBox: AES-256-GCM encryption failed");
    return out;
}

std::optional<QByteArray> decrypt(const QByteArray &key, const QByteArray &blob)
{
    const qsizetype textBytes = blob.size() - kNonceBytes - kTagBytes;
    if (textBytes < 0)
        return std::nullopt;
    const auto *in = reinterpret_cast<const unsigned char *>(blob.constData());
    QByteArray plain(textBytes, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(plain.data());
    QByteArray tag = blob.right(kTagBytes);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0, m = 0;
    const bool ok = ctx && EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1
        && EVP_DecryptInit_ex(ctx, nullptr, nullptr, reinterpret_cast<const unsigned char *>(key.constData()), in) == 1
        && EVP_DecryptUpdate(ctx, nullptr, &n, reinterpret_cast<const unsigned char *>(kAad.data()), int(kAad.size())) == 1
        && EVP_DecryptUpdate(ctx, out, &n, in + kNonceBytes, int(textBytes)) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1
        && EVP_DecryptFinal_ex(ctx, out + n, &m) == 1; // fails when the tag does not match
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) {
        OPENSSL_cleanse(plain.data(), size_t(plain.size()));
        return std::nullopt;
    }
    return plain;
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Creates the key file with 0600 from the start (O_EXCL: never over an existing file).
bool createKeyFile(const QString &path, QString *error)
{
    const QByteArray hex = randomBytes(kKeyBytes).toHex() + '\n';
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return true; // created meanwhile by another process: read that one
        *error = QStringLiteral("cannot create the secret key file %1: %2").arg(path, errnoText());
        return false;
    }
    const bool ok = ::write(fd, hex.constData(), size_t(hex.size())) == hex.size() && ::fsync(fd) == 0;
    const QString why = errnoText();
    ::close(fd);
    if (!ok) {
        ::unlink(QFile::encodeName(path).constData());
        *error = QStringLiteral("cannot write the secret key file %1: %2").arg(path, why);
    }
    return ok;
}

// The 32-byte key of a key file that only its owner may read.
QByteArray readKeyFile(const QString &path, QString *error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        *error = QStringLiteral("cannot open the secret key file %1: %2").arg(path, errnoText());
        return {};
    }
    struct stat st = {};
    QByteArray text(256, Qt::Uninitialized);
    const bool statOk = ::fstat(fd, &st) == 0;
    const ssize_t n = statOk ? ::read(fd, text.data(), size_t(text.size())) : -1;
    ::close(fd);
    if (!statOk || !S_ISREG(st.st_mode)) {
        *error = QStringLiteral("the secret key file %1 is not a regular file").arg(path);
        return {};
    }
    if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
        *error = QStringLiteral("the secret key file %1 may be read by others (mode %2): it must belong to this user "
                                "with mode 0600 (chmod 600 %1)")
                     .arg(path, QString::number(st.st_mode & 0777, 8));
        return {};
    }
    text.resize(qMax<ssize_t>(n, 0));
    const QByteArray hex = text.trimmed();
    const QByteArray key = QByteArray::fromHex(hex);
    if (hex.size() != 2 * kKeyBytes || key.size() != kKeyBytes || key.toHex() != hex.toLower()) {
        *error = QStringLiteral("the secret key file %1 must hold 64 hexadecimal characters").arg(path);
        return {};
    }
    return key;
}

} // namespace

SecretBox::SecretBox(Source source, const QByteArray &master, const QString &origin)
    : m_source(source), m_master(master), m_origin(origin)
{
}

SecretBox::~SecretBox()
{
    OPENSSL_cleanse(m_master.data(), size_t(m_master.size()));
    for (auto it = m_keys.begin(); it != m_keys.end(); ++it)
        OPENSSL_cleanse(it->data(), size_t(it->size()));
}

std::unique_ptr<SecretBox> SecretBox::fromPassphrase(const QByteArray &passphrase)
{
    return std::unique_ptr<SecretBox>(new SecretBox(Source::Passphrase, passphrase, QString::fromLatin1(kEnvVar)));
}

std::unique_ptr<SecretBox> SecretBox::fromKey(const QByteArray &key32, const QString &origin)
{
    return std::unique_ptr<SecretBox>(new SecretBox(Source::KeyFile, key32, origin));
}

std::unique_ptr<SecretBox> SecretBox::fromKeyFile(const QString &path, bool create, QString *error)
{
    if (create && !QFileInfo::exists(path)) {
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            *error = QStringLiteral("cannot create the directory of %1").arg(path);
            return nullptr;
        }
        if (!createKeyFile(path, error))
            return nullptr;
    }
    const QByteArray key = readKeyFile(path, error);
    if (key.isEmpty())
        return nullptr;
    return fromKey(key, path);
}

std::unique_ptr<SecretBox> SecretBox::open(const QString &dataDir, QString *error)
{
    const QByteArray passphrase = qgetenv(kEnvVar);
    if (!passphrase.isEmpty())
        return fromPassphrase(passphrase);
    return fromKeyFile(QDir(dataDir).filePath(QLatin1String(kKeyFileName)), true, error);
}

QByteArray SecretBox::keyFor(const QByteArray &salt) const
{
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_keys.constFind(salt); it != m_keys.constEnd())
        return *it;
    const QByteArray key = m_source == Source::Passphrase ? pbkdf2(m_master, salt) : hkdf(m_master, salt);
    if (key.isEmpty())
        qFatal("SecretBox: key derivation failed");
    m_keys.insert(salt, key);
    return key;
}

// The salt new values are sealed with: one already derived (when this box opened stored
// values) or a new one. A passphrase costs one PBKDF2 run per process, not two.
QByteArray SecretBox::sealingSalt() const
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_salt.isEmpty() && !m_keys.isEmpty())
            m_salt = m_keys.constBegin().key();
        if (!m_salt.isEmpty())
            return m_salt;
    }
    const QByteArray fresh = randomBytes(kSaltBytes);
    keyFor(fresh);
    QMutexLocker lock(&m_mutex);
    if (m_salt.isEmpty())
        m_salt = fresh;
    return m_salt;
}

bool SecretBox::isSealed(QStringView text)
{
    return text.startsWith(QLatin1StringView(kPrefix.data(), kPrefix.size()));
}

QString SecretBox::seal(const QString &plain) const
{
    const QByteArray salt = sealingSalt();
    const QByteArray blob = encrypt(keyFor(salt), plain.toUtf8());
    return QLatin1StringView(kPrefix.data(), kPrefix.size()) + QChar(QLatin1Char(kdfTag())) + u':'
        + QString::fromLatin1(salt.toBase64(kBase64)) + u':' + QString::fromLatin1(blob.toBase64(kBase64));
}

std::optional<QString> SecretBox::unseal(const QString &sealed, QString *error) const
{
    const QList<QStringView> parts = QStringView(sealed).split(u':');
    if (parts.size() != 5 || !isSealed(sealed) || parts[2].size() != 1) {
        *error = QStringLiteral("not a sealed secret");
        return std::nullopt;
    }
    const char tag = char(parts[2].at(0).toLatin1());
    if (tag != kdfTag()) {
        *error = QStringLiteral("sealed with %1, but the secret key now comes from %2")
                     .arg(tag == 'p' ? QStringLiteral("a passphrase (%1)").arg(QLatin1String(kEnvVar))
                                     : QStringLiteral("a key file"),
                          m_origin);
        return std::nullopt;
    }
    const auto options = kBase64 | QByteArray::AbortOnBase64DecodingErrors;
    const auto salt = QByteArray::fromBase64Encoding(parts[3].toLatin1(), options);
    const auto blob = QByteArray::fromBase64Encoding(parts[4].toLatin1(), options);
    if (!salt || !blob || salt.decoded.size() != kSaltBytes) {
        *error = QStringLiteral("malformed sealed secret");
        return std::nullopt;
    }
    const std::optional<QByteArray> plain = decrypt(keyFor(salt.decoded), blob.decoded);
    if (!plain) {
        *error = QStringLiteral("cannot decrypt: not the secret key it was sealed with (%1), or altered").arg(m_origin);
        return std::nullopt;
    }
    return QString::fromUtf8(*plain);
}
