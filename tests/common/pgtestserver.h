#pragma once

#include <QString>
#include <QVariant>
#include <QTemporaryDir>
#include <memory>

// The PostgreSQL server of the ctest fixture "postgres" (tests/pg/start_pg.sh). Tests that use
// it must FAIL when it is missing: the fixture guarantees a server, so no server is a bug.
namespace PgTestServer {

// The fixture's URL: $RELAYDESK_TEST_PG_URL, else the file start_pg.sh wrote in the build dir.
// "" + *error when there is none.
QString url(QString *error);

// A new empty database on the fixture's server (one per test, so tests never see each other's
// rows); its postgres:// URL, or "" + *error.
QString freshDatabase(QString *error);
QString freshDatabaseOn(const QString &serverUrl, QString *error); // the same on another server

// One value from `sql` on a connection of the test's own (as a second node would open).
QVariant scalar(const QString &url, const QString &sql, QString *error = nullptr);

} // namespace PgTestServer

// A PostgreSQL server of the test's own (tests/pg/start_pg.sh into a temporary state dir), for
// tests that stop or restart it: the fixture's server is shared with tests running meanwhile.
class OwnPgServer
{
public:
    OwnPgServer();
    ~OwnPgServer(); // stops the server, removes its data
    OwnPgServer(const OwnPgServer &) = delete;
    OwnPgServer &operator=(const OwnPgServer &) = delete;

    bool start(QString *error); // initdb + start: a few seconds
    QString url() const { return m_url; }
    QString freshDatabase(QString *error); // a new empty database on it; its URL
    // "stop" | "start" | "restart" (pg_ctl -m fast: connections are cut). Blocks until done.
    bool control(const char *action, QString *error);

private:
    bool run(const QString &script, const QStringList &args, QString *error);

    std::unique_ptr<QTemporaryDir> m_state;
    QString m_url;
};
