#pragma once

#include <QString>

// Opaque reasoning data (Anthropic thinking signatures, Responses encrypted_content, Gemini
// thought signatures) travels to a client of another format inside that format's own opaque
// field, and the client sends it back verbatim on the next turn. The relay marks what it hands
// out, so that on the way back it knows whose data it is:
//   "rdsig1:<reasoningId>:<payload>"
// A non-empty reasoningId means an OpenAI Responses reasoning item (its id and
// encrypted_content); an empty one means a signature of another provider, carried by a
// Responses client as encrypted_content. Unmarked data is the client format's own.
namespace SignatureEnvelope {
QString wrap(const QString &reasoningId, const QString &payload);
// True (and the two parts) when `opaque` is a relay envelope.
bool unwrap(const QString &opaque, QString *reasoningId, QString *payload);
} // namespace SignatureEnvelope
