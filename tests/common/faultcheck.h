#pragma once

#include "formats/apiformat.h"

#include <QByteArray>
#include <QString>

class RawHttpClient;
class RelayFixture;

// What every fault must end with (issue #8), each check returning "" when it holds, else what
// is wrong: a clean error the client's SDK can read, the ledger back in balance, and a relay
// that still answers the next request.
namespace FaultCheck {

// The client got an error in its own format: a complete error response (status >= 400 and
// the format's error body), or a 200 stream that carries the format's in-stream error event.
QString cleanClientError(ApiFormat format, const RawHttpClient &client);

// Nothing is left reserved for the budget key, and what it has spent is exactly what its
// stored rows cost (a failure before any content: nothing).
QString ledgerBalanced(RelayFixture &fx);

// The relay answers a normal streamed request (openai-responses, standard key) completely.
// Switches the scripted upstream to its standard answers.
QString stillServing(RelayFixture &fx);

} // namespace FaultCheck
