#pragma once

#include <QString>
#include <optional>

enum class SqlBackend { Sqlite, Postgres };

// A parsed --database URL: "sqlite:PATH" (relative paths resolved against the working
// directory, "sqlite:///abs" accepted too) or "postgres[ql]://user:pass@host:port/db?opt=v".
struct DatabaseUrl
{
    SqlBackend backend = SqlBackend::Sqlite;
    QString sqlitePath;     // absolute file path
    QString user;           // postgres: percent-decoded
    QString password;
    QString host;           // default "localhost"
    int port = 5432;
    QString database;
    QString connectOptions; // postgres query items as QPSQL options: "sslmode=require;connect_timeout=5"

    // Where the data lives, for error messages: the file, or the URL without its password.
    QString displayName() const;

    static std::optional<DatabaseUrl> parse(const QString &url, QString *error);
};
