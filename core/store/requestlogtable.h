#pragma once

#include "requestlogrow.h"

#include <QSqlQuery>
#include <QString>

// The mapping between RequestLogRow and the request_log table, shared by the writer
// (INSERT) and the readers (SELECT) so columns are named in one place.
namespace RequestLogTable {
QString insertSql();
void bind(QSqlQuery &query, const RequestLogRow &row); // for insertSql()
QString selectColumns();                                // "id, request_id, ..." for fromQuery()
RequestLogRow fromQuery(const QSqlQuery &query);

QString statusText(const RequestLogRow &row); // the status column: "ok" | "error"
} // namespace RequestLogTable
