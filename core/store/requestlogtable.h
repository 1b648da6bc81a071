#pragma once

#include "requestlogrow.h"

#include <QSqlQuery>
#include <QString>

// The mapping between RequestLogRow and the request_log table, shared by the writer
// (INSERT) and the readers (SELECT) so columns are named in one place.
namespace RequestLogTable {
// One INSERT of `rows` rows: a batch costs one round trip per statement, not per row (on
// PostgreSQL each statement is a network round trip).
QString insertSql(int rows = 1);
// Binds `row` as the `position`-th row (from 0) of insertSql(n).
void bind(QSqlQuery &query, const RequestLogRow &row, int position = 0);
QString selectColumns();                                // "id, request_id, ..." for fromQuery()
RequestLogRow fromQuery(const QSqlQuery &query);

QString statusText(const RequestLogRow &row); // the status column: "ok" | "error"
} // namespace RequestLogTable
