#pragma once

#include "store/store.h"

#include <QTemporaryDir>
#include <memory>

// One SQLite database per test function, in a temporary directory that lives as long as the
// test object: for the store tests (tst_store, tst_errorlog) that open, reopen and inspect
// "their" database by path.
class SqliteTestFiles
{
public:
    bool isValid() const { return m_dir.isValid(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QString currentPath() const; // <dir>/<current test function>.db
    // A store on currentPath() (a warning says why when it cannot open); the path into *path.
    std::unique_ptr<Store> open(QString *path = nullptr) const;

private:
    QTemporaryDir m_dir;
};
