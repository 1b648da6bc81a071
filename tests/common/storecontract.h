#pragma once

#include "runcheck.h"

#include "store/store.h"

#include <QString>
#include <functional>
#include <memory>

// What the store promises on every backend, written once and run by the SQLite test
// (tests/unit/tst_store.cpp) and the PostgreSQL one (tst_store_pg.cpp) so both are held to the
// same values. The checks assert with QTest macros: call them through RUN_CHECK when the test
// goes on after them.
namespace StoreContract {

using Opener = std::function<std::unique_ptr<Store>()>;

// Store::open(url), with a warning that says why when it cannot open.
std::unique_ptr<Store> open(const QString &url);

// A config and a row saved through one store (destroyed, so flushed) are there for the next
// store opened on the same database.
void reopeningKeepsConfigAndRows(const Opener &openStore);

// `threads` threads append `rowsPerThread` rows each at once: every row is written, each
// thread's order is kept, requestLogsWritten reports them all and a query's limit is clamped.
void rowsFromThreadsAreAllWritten(Store &store, int threads, int rowsPerThread);

// A failed streamed row comes back with every field its JSON shows; a row without usage,
// not streamed and started in another time zone comes back as that, in UTC.
void rowFieldsSurviveStorage(Store &store);

// Thirty rows over two keys, two channels and two models, some cut off by the client and one
// failed: filters combine, pages go newest first and continue before an id.
void queryFiltersAndPagesNewestFirst(Store &store);

} // namespace StoreContract
