// How the Requests tab pages through a large request log: 1,000,000 rows seeded into a
// temporary SQLite store (one transaction, one prepared statement), the real RequestsTab
// (offscreen): read down screen by screen over the newest rows, then dragged to the end and
// back to the top in jumps. A 1 ms probe timer measures how long the GUI thread's event loop
// was stalled during each step; the wait is how long until the rows in view were there.
// Prints per-step max/p99 latency, total time and memory; numbers go to docs/benchmarks.md.
//
//   bench_paging [rows=1000000] [steps=200]   (offscreen unless QT_QPA_PLATFORM says otherwise)

#include "requests/requestlogmodel.h"
#include "requests/requeststab.h"
#include "store/requestlogtable.h"
#include "store/store.h"
#include "uisettings.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>

namespace {

RequestLogRow benchRow(int i, const QDateTime &base)
{
    static const QStringList keys{QStringLiteral("laptop"), QStringLiteral("ci-runner"), QStringLiteral("batch")};
    static const QStringList models{QStringLiteral("gpt-5"), QStringLiteral("claude-sonnet-4"), QStringLiteral("gemini-2.5-pro")};
    RequestLogRow row;
    row.requestId = QStringLiteral("req-%1").arg(i, 8, 10, QLatin1Char('0'));
    row.startedAt = base.addMSecs(qint64(i) * 250);
    row.durationMs = 200 + i % 5000;
    row.node = QStringLiteral("node-a");
    row.clientFormat = QStringLiteral("openai-chat");
    row.path = QStringLiteral("/v1/chat/completions");
    row.keyName = keys.at(i % keys.size());
    row.channel = QStringLiteral("channel-%1").arg(i % 7);
    row.model = row.upstreamModel = models.at(i % models.size());
    row.stream = true;
    row.httpStatus = i % 50 == 0 ? 502 : 200;
    row.usage = Usage{1000 + i % 900, 100 + i % 700, 0, 0, true};
    row.costUsd = 0.0001 * (i % 100);
    row.streamStatus.events = 40 + i % 60;
    row.streamStatus.bytes = 4000 + i % 9000;
    row.streamStatus.firstByteMs = 300 + i % 400;
    if (i % 50 == 0) {
        row.streamStatus.endReason = EndReason::Eof;
        row.streamStatus.addError(QStringLiteral("upstream closed after %1 events").arg(row.streamStatus.events));
        row.errorMessage = QStringLiteral("upstream closed the stream early");
    }
    row.detail.insert(QStringLiteral("attempts"),
                      QJsonArray{QJsonObject{{QStringLiteral("channel"), row.channel}, {QStringLiteral("status"), row.httpStatus}}});
    return row;
}

// Direct inserts on a second connection: the store's writer would also update rollups, which
// is not what is measured here.
bool seed(const QString &path, int rows)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-seed"));
    db.setDatabaseName(path);
    if (!db.open() || !db.transaction())
        return false;
    {
        QSqlQuery q(db);
        q.prepare(RequestLogTable::insertSql());
        const QDateTime base = QDateTime::currentDateTimeUtc().addMSecs(-qint64(rows) * 250);
        for (int i = 1; i <= rows; ++i) {
            RequestLogTable::bind(q, benchRow(i, base));
            if (!q.exec())
                return false;
        }
    }
    const bool ok = db.commit();
    db.close();
    return ok;
}

qint64 statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// The longest gap between two 1 ms probe ticks since the last take(): how long the GUI thread
// could not run its event loop.
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_clock.start();
        m_timer.start();
    }
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_max = std::max(m_max, now - m_last);
        m_last = now;
    }
    double takeMs()
    {
        tick();
        const double ms = m_max / 1e6;
        m_max = 0;
        return ms;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_max = 0;
};

struct Stats
{
    QList<double> steps;
    void report(const char *phase, qint64 totalMs) const
    {
        QList<double> sorted = steps;
        std::sort(sorted.begin(), sorted.end());
        const double p99 = sorted.isEmpty() ? 0 : sorted.at(qMin(sorted.size() - 1, qsizetype(sorted.size() * 0.99)));
        const double p50 = sorted.isEmpty() ? 0 : sorted.at(sorted.size() / 2);
        std::printf("%-22s steps %6lld  total %8.1f s  stall/step p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms\n", phase,
                    qlonglong(steps.size()), totalMs / 1000.0, p50, p99, sorted.isEmpty() ? 0 : sorted.constLast());
    }
};

// One step: run the event loop until every row in view is loaded (or 10 s) and painted; the
// step's figure is the longest stall seen meanwhile, its wait how long the rows took.
double runStep(QTableView *view, RequestLogModel *model, StallProbe &probe, QList<double> &waits)
{
    probe.takeMs();
    QElapsedTimer t;
    t.start();
    const auto shown = [&] {
        const int top = qMax(0, view->rowAt(0));
        const int bottom = view->rowAt(view->viewport()->height() - 1);
        return model->isRowLoaded(top) && (bottom < 0 || model->isRowLoaded(bottom));
    };
    do {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents); // the probe wakes it every 1 ms
    } while ((!shown() || model->isLoading()) && t.elapsed() < 10000);
    QCoreApplication::processEvents(); // the repaint of the rows that arrived
    waits.append(t.nsecsElapsed() / 1e6);
    return probe.takeMs();
}

void scrollInSteps(const char *phase, QTableView *view, RequestLogModel *model, StallProbe &probe,
                   const QList<int> &rows)
{
    Stats stats;
    QList<double> waits;
    QElapsedTimer total;
    total.start();
    for (const int row : rows) {
        view->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtTop);
        stats.steps.append(runStep(view, model, probe, waits));
    }
    stats.report(phase, total.elapsed());
    std::sort(waits.begin(), waits.end());
    std::printf("%-22s rows shown after p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms; pages queried %d, rows in memory %d\n",
                "", waits.at(waits.size() / 2), waits.at(qMin(waits.size() - 1, qsizetype(waits.size() * 0.99))),
                waits.constLast(), model->pagesLoaded(), model->cachedRowCount());
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows while it runs
    const int rows = argc > 1 ? QByteArray(argv[1]).toInt() : 1000000;
    const int steps = argc > 2 ? QByteArray(argv[2]).toInt() : 200;
    QTemporaryDir dir;
    UiSettings::setFileName(dir.filePath(QStringLiteral("gui.ini")));
    const QString dbPath = dir.filePath(QStringLiteral("bench.db"));
    QString error;
    auto store = Store::open(QStringLiteral("sqlite:") + dbPath, &error);
    if (!store) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer total;
    total.start();
    if (!seed(dbPath, rows)) {
        std::fprintf(stderr, "seeding failed\n");
        return 1;
    }
    std::printf("seeded %d rows in %.1f s (%.0f rows/s); RSS %lld MB\n", rows, total.elapsed() / 1000.0,
                rows / (total.elapsed() / 1000.0), statusKb("VmRSS:") / 1024);

    RequestsTab tab(store.get());
    tab.resize(1200, 800);
    tab.show();
    QTableView *view = tab.view();
    RequestLogModel *model = tab.model();
    StallProbe probe;
    QElapsedTimer opened;
    opened.start();
    double firstPageMs = 0;
    while ((model->rowCount() == 0 || model->isLoading()) && opened.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents); // the probe wakes it every 1 ms
        if (firstPageMs == 0 && model->rowCount() > 0)
            firstPageMs = opened.nsecsElapsed() / 1e6;
    }
    std::printf("first page shown after %.1f ms, count of %d rows after %.1f ms (longest stall %.1f ms)\n",
                firstPageMs, model->rowCount(), opened.nsecsElapsed() / 1e6, probe.takeMs());

    // 1) Reading down: one screen at a time over the newest 20,000 rows (keyset pages).
    const int screen = qMax(1, view->rowAt(view->viewport()->height() - 1) - view->rowAt(0));
    QList<int> rowsDown;
    for (int r = screen; r < qMin(model->rowCount(), 20000); r += screen)
        rowsDown.append(r);
    scrollInSteps("read down 20k rows", view, model, probe, rowsDown);

    // 2) To the end and back: the scroll bar dragged in `steps` jumps (offset lookups).
    QList<int> jumps;
    for (int s = 1; s <= steps; ++s)
        jumps.append(int(qint64(model->rowCount() - 1) * s / steps));
    scrollInSteps("jump down to end", view, model, probe, jumps);
    std::reverse(jumps.begin(), jumps.end());
    jumps.append(0);
    scrollInSteps("jump back to top", view, model, probe, jumps);
    std::printf("top row %s; RSS %lld MB (peak %lld MB)\n", qPrintable(model->rowAt(0).requestId),
                statusKb("VmRSS:") / 1024, statusKb("VmHWM:") / 1024);
    return 0;
}
