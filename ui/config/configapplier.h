#pragma once

#include "config/config.h"

#include <QObject>

class RelayService;
class Store;

// The one way the GUI changes the configuration: save it to the store, then hand it to the
// running relay (which applies it to new requests without a restart). Tabs that show config
// listen to configChanged to reload, and to configReloaded for a config another node saved
// (PostgreSQL fleets): then an editor with unsaved edits keeps them.
class ConfigApplier : public QObject
{
    Q_OBJECT
public:
    ConfigApplier(Store *store, RelayService *relay, QObject *parent = nullptr);

    Config load() const;
    RelayService *relay() const { return m_relay; } // may be null (tests, no relay)
    bool apply(Config config, QString *error); // false: nothing saved, nothing applied

Q_SIGNALS:
    void configChanged();   // saved here, through apply()
    void configReloaded();  // saved by another node; the relay already runs it

private:
    Store *m_store;
    RelayService *m_relay;
};
