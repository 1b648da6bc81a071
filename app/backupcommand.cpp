#include "backupcommand.h"

#include "security/secretbox.h"
#include "store/databaseurl.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QUuid>
#include <cstdio>
#include <optional>

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "relaydesk: backup: %s\n", qPrintable(message));
    return 2;
}

// Runs `sql` on a private connection to `path`; the first column of the first row, or
// nullopt + *error. The connection is removed before returning.
std::optional<QString> querySqlite(const QString &path, const QString &sql, QString *error)
{
    const QString name = QStringLiteral("relaydesk-backup-") + QUuid::createUuid().toString(QUuid::Id128);
    std::optional<QString> result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        // The relay may hold the write lock for a batch: wait for it instead of failing.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        QSqlQuery q(db);
        if (!db.open())
            *error = db.lastError().text();
        else if (!q.exec(sql))
            *error = q.lastError().text();
        else
            result = q.next() ? q.value(0).toString() : QString();
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QString quotedSqlString(QString text)
{
    return u'\'' + text.replace(u'\'', QLatin1String("''")) + u'\'';
}

// SQLite online copy: VACUUM INTO an empty temp file beside the target, integrity_check it,
// then rename it into place (atomic on one file system).
int backupSqlite(const QString &source, const QString &target)
{
    if (!QFileInfo::exists(source))
        return fail(QStringLiteral("no database at %1").arg(source));
    const QString targetPath = QFileInfo(target).absoluteFilePath();
    if (targetPath == QFileInfo(source).absoluteFilePath())
        return fail(QStringLiteral("--to names the database itself"));
    QTemporaryFile partial(targetPath + QStringLiteral(".partial-XXXXXX"));
    if (!partial.open())
        return fail(QStringLiteral("cannot write next to %1: %2").arg(targetPath, partial.errorString()));
    partial.close(); // VACUUM INTO accepts an existing file only when it is empty, as this one is

    QString error;
    if (!querySqlite(source, QStringLiteral("VACUUM INTO ") + quotedSqlString(partial.fileName()), &error))
        return fail(QStringLiteral("copying %1 failed: %2").arg(source, error));
    const auto check = querySqlite(partial.fileName(), QStringLiteral("PRAGMA integrity_check"), &error);
    if (!check)
        return fail(QStringLiteral("cannot check the copy: %1").arg(error));
    if (*check != QLatin1String("ok"))
        return fail(QStringLiteral("the copy fails integrity_check: %1").arg(*check));
    if (std::rename(QFile::encodeName(partial.fileName()).constData(), QFile::encodeName(targetPath).constData()) != 0)
        return fail(QStringLiteral("cannot rename the copy to %1").arg(targetPath));
    partial.setAutoRemove(false);
    std::printf("relaydesk: backup of %s written to %s (%lld bytes, integrity_check ok)\n", qPrintable(source),
                qPrintable(targetPath), static_cast<long long>(QFileInfo(targetPath).size()));
    return 0;
}
} // namespace

int runBackupCommand(const QString &databaseUrl, const QString &dataDir, const QString &target)
{
    QString error;
    const auto url = DatabaseUrl::parse(databaseUrl, &error);
    if (!url)
        return fail(error);
    if (url->backend == SqlBackend::Postgres)
        return fail(QStringLiteral("%1 is PostgreSQL: back it up with pg_dump -Fc and restore with pg_restore "
                                   "(docs/backup.md)")
                        .arg(url->displayName()));
    const int code = backupSqlite(url->sqlitePath, target);
    // Upstream keys in the copy are sealed with the data dir's key file: without it they are lost.
    const QString keyFile = QDir(dataDir).filePath(QLatin1String(SecretBox::kKeyFileName));
    if (code == 0 && QFileInfo::exists(keyFile))
        std::fprintf(stderr, "relaydesk: backup: the upstream keys in it are encrypted with %s: keep a copy of "
                             "that file (or of RELAYDESK_SECRET_KEY) with the backup\n",
                     qPrintable(keyFile));
    return code;
}
