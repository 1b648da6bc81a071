#include "store.h"

#include "configtables.h"
#include "configwatcher.h"
#include "connectionregistry.h"
#include "databaseurl.h"
#include "errorlogtable.h"
#include "migrations.h"
#include "obs/logger.h"
#include "quotaledger.h"
#include "requestlogtable.h"
#include "sqldialect.h"
#include "sqlutil.h"
#include "storewriter.h"
#include "usagetable.h"

#include <QDebug>
#include <QDir>
#include <QFileInfo>
#include <QThread>

struct Store::Private
{
    DatabaseUrl url;
    SqlDialect dialect{SqlBackend::Sqlite};
    std::unique_ptr<ConnectionRegistry> registry;
    QThread writerThread;
    StoreWriter *writer = nullptr;
    std::unique_ptr<QuotaLedger> ledger;
    QThread watchThread;
    ConfigWatcher *watcher = nullptr;
    QAtomicInteger<qint64> loadedVersion{-1}; // of the config last loaded or reported as changed

    void stopWatcher()
    {
        if (!watcher)
            return;
        ConfigWatcher *w = watcher;
        QMetaObject::invokeMethod(w, [w] { w->stop(); }, Qt::BlockingQueuedConnection);
        watchThread.quit();
        watchThread.wait();
        delete w;
        watcher = nullptr;
    }

    QSqlDatabase connection(const char *purpose)
    {
        QString error;
        QSqlDatabase db = registry->connection(&error);
        if (!db.isValid())
            qWarning("store: cannot open %s for %s: %s", qPrintable(url.displayName()), purpose, qPrintable(error));
        return db;
    }

    // After a read or write on this thread's connection failed (its queries gone): a lost
    // PostgreSQL connection is reopened by the next call instead of failing forever.
    void recover(QSqlDatabase &db)
    {
        db = QSqlDatabase(); // no handle may outlive the connection
        registry->dropIfBroken();
    }

    // `query(db, &error)` on this thread's connection, or `fallback` when the database cannot be
    // opened; a failure is logged as "store: <purpose> failed" and the connection recovered.
    template <typename T, typename Query>
    T read(const char *purpose, T fallback, Query query)
    {
        QSqlDatabase db = connection(purpose);
        if (!db.isValid())
            return fallback;
        QString error;
        T result = query(db, &error);
        if (!error.isEmpty()) {
            qCWarning(lcStore, "store: %s failed: %s", purpose, qPrintable(error));
            recover(db);
        }
        return result;
    }

    // A read of the request log on this thread's connection, positional values bound; on
    // failure a warning, the connection recovered, and false.
    bool readRequestLog(QSqlDatabase &db, QSqlQuery &q, const QString &sql, const QVariantList &values)
    {
        q.setForwardOnly(true);
        QString error;
        if (!q.prepare(sql))
            error = SqlUtil::errorText(q.lastError());
        for (int i = 0; error.isEmpty() && i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (error.isEmpty() && SqlUtil::exec(q, &error))
            return true;
        qWarning("store: request log query failed: %s", qPrintable(error));
        q = QSqlQuery();
        recover(db);
        return false;
    }

    bool startWriter(Store *store, QString *error)
    {
        writer = new StoreWriter(registry.get(), dialect);
        writer->moveToThread(&writerThread);
        QObject::connect(writer, &StoreWriter::batchCommitted, store, &Store::requestLogsWritten,
                         Qt::DirectConnection);
        QObject::connect(writer, &StoreWriter::writeStateChanged, store, &Store::logWriteStateChanged,
                         Qt::DirectConnection);
        writerThread.setObjectName(QStringLiteral("relaydesk-store-writer"));
        writerThread.start();
        bool ok = false;
        QMetaObject::invokeMethod(writer, [&] { ok = writer->openConnection(error); }, Qt::BlockingQueuedConnection);
        return ok;
    }
};

namespace {

std::unique_ptr<Store> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return nullptr;
}

// SQLite would report only "unable to open database file": say which part is missing.
QString sqliteFileProblem(const QString &path)
{
    const QFileInfo file(path);
    if (!file.dir().exists())
        return QStringLiteral("directory %1 does not exist").arg(file.dir().path());
    if (file.isDir())
        return QStringLiteral("it is a directory");
    return QString();
}

} // namespace

Store::Store() : d(std::make_unique<Private>()) {}

Store::~Store()
{
    d->stopWatcher();
    d->ledger.reset(); // writes its last settlements before the connections go
    if (d->writer) {
        StoreWriter *writer = d->writer;
        QMetaObject::invokeMethod(writer, [writer] { writer->shutdown(); }, Qt::BlockingQueuedConnection);
        d->writerThread.quit();
        d->writerThread.wait();
        delete writer;
    }
    d->registry.reset();
}

std::unique_ptr<Store> Store::open(const QString &url, QString *error)
{
    QString why;
    const auto parsed = DatabaseUrl::parse(url, &why);
    if (!parsed)
        return fail(error, why);
    const QString where = parsed->displayName();
    if (parsed->backend == SqlBackend::Sqlite)
        if (const QString problem = sqliteFileProblem(parsed->sqlitePath); !problem.isEmpty())
            return fail(error, QStringLiteral("cannot open database %1: %2").arg(where, problem));
    const SqlDialect dialect(parsed->backend);
    if (!QSqlDatabase::isDriverAvailable(dialect.driverName()))
        return fail(error, QStringLiteral("cannot open database %1: the Qt SQL driver %2 is not installed")
                               .arg(where, dialect.driverName()));

    std::unique_ptr<Store> store(new Store);
    store->d->url = *parsed;
    store->d->dialect = dialect;
    store->d->registry = std::make_unique<ConnectionRegistry>(*parsed, dialect);
    QSqlDatabase db = store->d->registry->connection(&why);
    if (!db.isValid())
        return fail(error, QStringLiteral("cannot open database %1: %2").arg(where, why));
    if (!Migrations::apply(db, dialect, &why))
        return fail(error, QStringLiteral("cannot update the schema of database %1: %2").arg(where, why));
    if (!store->d->startWriter(store.get(), &why))
        return fail(error, QStringLiteral("cannot open database %1 for writing: %2").arg(where, why));
    store->d->ledger = QuotaLedger::start(store->d->registry.get(), dialect, &why);
    if (!store->d->ledger)
        return fail(error, QStringLiteral("cannot open the quota ledger in database %1: %2").arg(where, why));
    return store;
}

QString Store::backendName() const
{
    return d->dialect.name();
}

Config Store::loadConfig()
{
    QSqlDatabase db = d->connection("loading the config");
    if (!db.isValid())
        return Config();
    QString error;
    // Read first: a save landing between the two reads is then seen as a change, never missed.
    const qint64 version = ConfigTables::version(db, &error);
    Config config = ConfigTables::load(db, &error);
    if (error.isEmpty())
        d->loadedVersion.storeRelaxed(version);
    if (!error.isEmpty()) {
        qWarning("store: cannot load the config from %s: %s", qPrintable(d->url.displayName()), qPrintable(error));
        d->recover(db);
    }
    return config;
}

bool Store::saveConfig(const Config &config, QString *error)
{
    QString why;
    QSqlDatabase db = d->registry->connection(&why);
    if (db.isValid() && ConfigTables::save(db, d->dialect, config, &why))
        return true;
    d->recover(db);
    if (error)
        *error = QStringLiteral("cannot save the config to %1: %2").arg(d->url.displayName(), why);
    return false;
}

qint64 Store::configVersion()
{
    return d->read("reading the config version", qint64(-1),
                   [](QSqlDatabase &db, QString *error) { return ConfigTables::version(db, error); });
}

void Store::watchConfig(int intervalMs)
{
    d->stopWatcher();
    if (intervalMs <= 0)
        return;
    d->watcher = new ConfigWatcher(d->registry.get(), d->dialect, &d->loadedVersion);
    d->watcher->moveToThread(&d->watchThread);
    connect(d->watcher, &ConfigWatcher::changed, this, &Store::configChanged, Qt::DirectConnection);
    d->watchThread.setObjectName(QStringLiteral("relaydesk-config-watch"));
    d->watchThread.start();
    ConfigWatcher *w = d->watcher;
    QMetaObject::invokeMethod(w, [w, intervalMs] { w->start(intervalMs); }, Qt::QueuedConnection);
}

void Store::appendRequestLog(const RequestLogRow &row)
{
    d->writer->enqueue(row);
}

void Store::flush()
{
    d->writer->flush();
}

qint64 Store::droppedRows() const
{
    return d->writer->droppedRows();
}

qint64 Store::pendingRows() const
{
    return d->writer->pendingRows();
}

Store::LogWriteState Store::logWriteState() const
{
    LogWriteState state;
    state.error = d->writer->lastError();
    state.ok = state.error.isEmpty();
    state.pendingRows = d->writer->pendingRows();
    state.bufferRows = d->writer->maxQueuedRows();
    state.droppedRows = d->writer->droppedRows();
    return state;
}

void Store::setLogBufferRows(qint64 rows)
{
    d->writer->setMaxQueuedRows(rows);
}

QString Store::lastWriteError() const
{
    return d->writer->lastError();
}

namespace {
// How a query may use the started_at index: a COUNT over a time range is an index-only range
// scan, but rows "ORDER BY id DESC LIMIT n" through that index sort the whole range for every
// page; walking the ids and testing the time is what pages cheaply.
enum class TimeIndex { Use, Avoid };

// The GUI's time range, request id and free-text filters (started_at is ISO text in UTC, so
// text comparison orders it).
void appendRangeAndSearch(const RequestLogQuery &query, TimeIndex timeIndex, QStringList &where,
                          QVariantList &values)
{
    const auto iso = [](const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); };
    // An expression, not the column: neither SQLite nor PostgreSQL use the index for it.
    const QString column = timeIndex == TimeIndex::Use ? QStringLiteral("started_at")
                                                       : QStringLiteral("(started_at || '')");
    if (query.from.isValid()) {
        where.append(column + QLatin1String(" >= ?"));
        values.append(iso(query.from));
    }
    if (query.to.isValid()) {
        where.append(column + QLatin1String(" < ?"));
        values.append(iso(query.to));
    }
    if (!query.requestId.isEmpty()) {
        where.append(QStringLiteral("request_id = ?"));
        values.append(query.requestId);
    }
    if (query.search.isEmpty())
        return;
    QString pattern = query.search;
    pattern.replace(u'\\', QLatin1String("\\\\")).replace(u'%', QLatin1String("\\%")).replace(u'_', QLatin1String("\\_"));
    pattern = u'%' + pattern + u'%';
    QStringList any;
    for (const char *column : {"request_id", "key_name", "channel", "model", "upstream_model", "error_message",
                               "upstream_response_id"}) {
        any.append(QLatin1String(column) + QLatin1String(" LIKE ? ESCAPE '\\'"));
        values.append(pattern);
    }
    where.append(u'(' + any.join(QLatin1String(" OR ")) + u')');
}

// " WHERE ..." (or "") for every filter of `query`, its values appended to `values`.
QString requestLogWhere(const RequestLogQuery &query, QVariantList &values, TimeIndex timeIndex = TimeIndex::Avoid)
{
    QStringList where;
    if (query.beforeId > 0) {
        where.append(QStringLiteral("id < ?"));
        values.append(query.beforeId);
    }
    const std::pair<const char *, const QString *> filters[] = {
        {"key_name", &query.key}, {"channel", &query.channel}, {"model", &query.model},
        {"status", &query.status}, {"end_reason", &query.endReason}};
    for (const auto &[column, value] : filters) {
        if (value->isEmpty())
            continue;
        where.append(QLatin1String(column) + QLatin1String(" = ?"));
        values.append(*value);
    }
    appendRangeAndSearch(query, timeIndex, where, values);
    return where.isEmpty() ? QString() : QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
}
} // namespace

QList<RequestLogRow> Store::requestLogs(const RequestLogQuery &query)
{
    QSqlDatabase db = d->connection("reading the request log");
    if (!db.isValid())
        return {};
    QVariantList values;
    const QString where = requestLogWhere(query, values);
    values.append(qBound(1, query.limit, 1000));
    QSqlQuery q(db);
    if (!d->readRequestLog(db, q, QStringLiteral("SELECT ") + RequestLogTable::selectColumns()
                               + QLatin1String(" FROM request_log") + where + QLatin1String(" ORDER BY id DESC LIMIT ?"),
                           values))
        return {};
    QList<RequestLogRow> rows;
    while (q.next())
        rows.append(RequestLogTable::fromQuery(q));
    return rows;
}

qint64 Store::requestLogCount()
{
    return requestLogCount(RequestLogQuery{});
}

qint64 Store::requestLogCount(const RequestLogQuery &filter)
{
    QVariantList values;
    const QVariant count = requestLogScalar(QStringLiteral("SELECT COUNT(*) FROM request_log")
                                                + requestLogWhere(filter, values, TimeIndex::Use), values);
    return count.isValid() ? count.toLongLong() : 0;
}

qint64 Store::requestLogIdAt(const RequestLogQuery &filter, qint64 offset)
{
    // Only the id column is read: SQLite steps over rowids without decoding the rows
    // (filters on indexed columns keep it on that index).
    QVariantList values;
    const QString where = requestLogWhere(filter, values);
    values.append(qMax<qint64>(0, offset));
    const QVariant id = requestLogScalar(QStringLiteral("SELECT id FROM request_log") + where
                                             + QLatin1String(" ORDER BY id DESC LIMIT 1 OFFSET ?"), values);
    return id.isValid() ? id.toLongLong() : 0;
}

QVariant Store::requestLogScalar(const QString &sql, const QVariantList &values)
{
    QSqlDatabase db = d->connection("reading the request log");
    if (!db.isValid())
        return {};
    QSqlQuery q(db);
    if (!d->readRequestLog(db, q, sql, values))
        return {};
    return q.next() ? q.value(0) : QVariant();
}

void Store::appendErrorEntry(const ErrorEntry &entry)
{
    d->writer->enqueueError(entry);
}

QList<ErrorGroup> Store::errorGroups(const ErrorGroupQuery &query)
{
    return d->read("reading the error log", QList<ErrorGroup>(),
                   [&](QSqlDatabase &db, QString *error) { return ErrorLogTable::groups(db, query, error); });
}

std::optional<ErrorGroup> Store::errorGroup(const QString &signature)
{
    return d->read("reading an error group", std::optional<ErrorGroup>(),
                   [&](QSqlDatabase &db, QString *error) { return ErrorLogTable::group(db, signature, error); });
}

QList<ErrorSample> Store::errorSamples(const QString &signature, int limit)
{
    return d->read("reading error samples", QList<ErrorSample>(), [&](QSqlDatabase &db, QString *error) {
        return ErrorLogTable::samples(db, signature, limit, error);
    });
}

qint64 Store::errorGroupCount()
{
    return d->read("counting error groups", qint64(-1),
                   [](QSqlDatabase &db, QString *error) { return ErrorLogTable::groupCount(db, error); });
}

bool Store::acknowledgeErrorGroup(const QString &signature)
{
    return d->read("acknowledging an error group", false,
                   [&](QSqlDatabase &db, QString *error) { return ErrorLogTable::acknowledge(db, signature, error); });
}

QHash<QString, QList<qint64>> Store::errorHourlyCounts(const QDateTime &from, int hours)
{
    return d->read("reading error trends", QHash<QString, QList<qint64>>(), [&](QSqlDatabase &db, QString *error) {
        return ErrorLogTable::hourlyCounts(db, from, qBound(1, hours, 24 * 31), error);
    });
}

QList<UsagePoint> Store::usage(const UsageQuery &query)
{
    return d->read("reading usage", QList<UsagePoint>(),
                   [&](QSqlDatabase &db, QString *error) { return UsageTable::query(db, query, error); });
}

void Store::setRetention(const RetentionPolicy &policy)
{
    d->writer->setRetention(policy);
}

int Store::pruneNow()
{
    StoreWriter *writer = d->writer;
    int deleted = -1;
    QMetaObject::invokeMethod(writer, [&] { deleted = writer->pruneAll(); }, Qt::BlockingQueuedConnection);
    return deleted;
}

QVariant Store::queryOnWriterConnection(const QString &sql, QString *error)
{
    QVariant value;
    QMetaObject::invokeMethod(d->writer, [&] {
        QSqlDatabase db = d->registry->connection(error);
        if (!db.isValid())
            return;
        QSqlQuery q(db);
        if (!q.exec(sql))
            *error = SqlUtil::errorText(q.lastError());
        else if (q.next())
            value = q.value(0);
    }, Qt::BlockingQueuedConnection);
    return value;
}

QuotaLedger *Store::quotaLedger() const
{
    return d->ledger.get();
}
