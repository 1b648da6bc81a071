#include "configapplier.h"

#include "relay/relayservice.h"
#include "store/store.h"

ConfigApplier::ConfigApplier(Store *store, RelayService *relay, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_relay(relay)
{
    if (m_relay)
        connect(m_relay, &RelayService::configReloaded, this, &ConfigApplier::configReloaded);
}

Config ConfigApplier::load() const
{
    return m_store->loadConfig();
}

bool ConfigApplier::apply(Config config, QString *error)
{
    config.reindex();
    if (!m_store->saveConfig(config, error))
        return false;
    if (m_relay)
        m_relay->setConfig(config);
    Q_EMIT configChanged();
    return true;
}
