#include "databaseurl.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

namespace {

std::optional<DatabaseUrl> parseSqlite(QString path, QString *error)
{
    if (path.startsWith(QLatin1String("//"))) // sqlite:///abs/path
        path = path.mid(2);
    if (path.isEmpty() || path == QLatin1String(":memory:")) {
        // Every thread opens its own connection: an in-memory database would be one per thread.
        *error = QStringLiteral("sqlite: needs a file path");
        return std::nullopt;
    }
    DatabaseUrl url;
    url.sqlitePath = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return url;
}

std::optional<DatabaseUrl> parsePostgres(const QString &text, QString *error)
{
    const QUrl qurl(text, QUrl::StrictMode);
    DatabaseUrl url;
    url.backend = SqlBackend::Postgres;
    url.user = qurl.userName(QUrl::FullyDecoded);
    url.password = qurl.password(QUrl::FullyDecoded);
    url.host = qurl.host().isEmpty() ? QStringLiteral("localhost") : qurl.host();
    url.port = qurl.port(5432);
    url.database = qurl.path(QUrl::FullyDecoded).mid(1);
    QStringList options;
    for (const auto &[key, value] : QUrlQuery(qurl).queryItems(QUrl::FullyDecoded))
        options.append(key + u'=' + value);
    url.connectOptions = options.join(u';');
    if (!qurl.isValid() || url.database.isEmpty() || url.database.contains(u'/')) {
        *error = QStringLiteral("invalid PostgreSQL URL %1: expected postgres://user:pass@host:port/database")
                     .arg(url.displayName());
        return std::nullopt;
    }
    return url;
}

} // namespace

QString DatabaseUrl::displayName() const
{
    if (backend == SqlBackend::Sqlite)
        return sqlitePath;
    const QString who = user.isEmpty() ? QString() : user + u'@';
    return QStringLiteral("postgres://") + who + host + u':' + QString::number(port) + u'/' + database;
}

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &url, QString *error)
{
    if (url.startsWith(QLatin1String("sqlite:")))
        return parseSqlite(url.mid(7), error);
    if (url.startsWith(QLatin1String("postgres://")) || url.startsWith(QLatin1String("postgresql://")))
        return parsePostgres(url, error);
    // Only the scheme is echoed: the rest may hold a password.
    *error = QStringLiteral("unsupported database URL scheme '%1': use sqlite:PATH or postgres://user:pass@host:port/db")
                 .arg(url.section(u':', 0, 0));
    return std::nullopt;
}
