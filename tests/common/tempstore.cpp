#include "tempstore.h"

TempStore::TempStore()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return;
    }
    m_store = Store::open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("relaydesk.db")), &m_error);
}

TempStore::~TempStore()
{
    m_store.reset(); // closes the database before its directory goes
}
