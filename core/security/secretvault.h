#pragma once

#include "config/config.h"

#include <QString>
#include <QStringList>
#include <memory>

class SecretBox;

// The secret box the store seals configuration secrets with, installed once per process
// (app start-up): every path that saves the config (the --config import, /admin edits, the
// GUI) goes through the store, so sealing there keeps plaintext off the disk whoever saves.
// Without a box installed (unit tests of the store), values pass through unchanged.
//
// Sealed: every channel's upstream keys and the admin token. Client keys need no box: only
// their SHA-256 hash is ever stored.
namespace SecretVault {

void install(std::shared_ptr<const SecretBox> box); // nullptr removes it
std::shared_ptr<const SecretBox> installed();

// For the store's writer: copies with the secrets sealed (already sealed ones kept).
Channel sealed(const Channel &channel);
QString sealedText(const QString &secret);

// For the store's reader: secrets opened in place. False (with the reason, naming the
// channel) when a sealed value cannot be opened: no box installed, another master secret,
// or altered. Plain values (written before sealing existed) are accepted as they are.
bool unseal(Channel &channel, QString *error);
bool unsealText(QString &secret, const QString &what, QString *error); // `what` names it in the error

// Failures of unseal() since the last call, for start-up to refuse to run on keys it
// cannot read instead of silently dropping the channels.
QStringList takeErrors();
// How many plain (never sealed) secrets the reader met since the last call: start-up saves
// the config again to seal them.
int takePlainSeen();

} // namespace SecretVault
