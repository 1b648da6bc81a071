#pragma once

#include <QString>
#include <QVariant>

// The PostgreSQL server of the ctest fixture "postgres" (tests/pg/start_pg.sh). Tests that use
// it must FAIL when it is missing: the fixture guarantees a server, so no server is a bug.
namespace PgTestServer {

// The fixture's URL: $RELAYDESK_TEST_PG_URL, else the file start_pg.sh wrote in the build dir.
// "" + *error when there is none.
QString url(QString *error);

// A new empty database on the fixture's server (one per test, so tests never see each other's
// rows); its postgres:// URL, or "" + *error.
QString freshDatabase(QString *error);

// One value from `sql` on a connection of the test's own (as a second node would open).
QVariant scalar(const QString &url, const QString &sql, QString *error = nullptr);

} // namespace PgTestServer
