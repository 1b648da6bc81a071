#include "sqlitetestfiles.h"

#include "storecontract.h"

#include <QTest>

QString SqliteTestFiles::currentPath() const
{
    return m_dir.filePath(QStringLiteral("%1.db").arg(QTest::currentTestFunction()));
}

std::unique_ptr<Store> SqliteTestFiles::open(QString *path) const
{
    const QString file = currentPath();
    if (path)
        *path = file;
    return StoreContract::open(QStringLiteral("sqlite:") + file);
}
