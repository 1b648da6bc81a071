#pragma once

#include "store/store.h"

#include <QTemporaryDir>
#include <memory>

// A Store on a fresh SQLite file in a temporary directory of its own (removed with it), for
// tests that need a real database and nothing else.
class TempStore
{
public:
    TempStore(); // opens at once: check store(), or error() for why not
    ~TempStore();

    Store *store() const { return m_store.get(); }
    const QString &error() const { return m_error; }
    QString filePath(const QString &name) const { return m_dir.filePath(name); } // beside the database

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QString m_error;
};
