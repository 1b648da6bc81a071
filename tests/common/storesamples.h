#pragma once

#include "store/requestlogrow.h"

#include <QString>

// Rows the store tests write on SQLite (tests/unit/tst_store.cpp) and on PostgreSQL
// (tst_store_pg.cpp): the same fields, so both backends are checked against the same values.
namespace StoreSamples {

// A finished streamed request of 2025-06-01 12:34:56.789 UTC with usage, cost, stream status
// and a detail object filled in.
RequestLogRow requestRow(const QString &requestId, const QString &key = QStringLiteral("laptop"));

} // namespace StoreSamples
