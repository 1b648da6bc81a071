#pragma once

#include "formatcase.h"
#include "scriptedupstream.h"

#include <QByteArray>
#include <QJsonObject>

class RawHttpClient;
class RelayFixture;

// The streamed request the stream tests (tst_streamclose, tst_streamfaults) send through a
// RelayFixture, once per client format: the data rows, the upstream's stream head, the
// client's request, and a start that does all three.
namespace StreamRun {

void addFormatRows();    // column "format": one row per client format
FormatCase rowCase();    // the FormatCase of the current data row
UpstreamScript streamHead(); // 200, text/event-stream, chunked: the frames come next

// Posts the streamed request of `c` with the standard client key.
RawHttpClient *post(RelayFixture &fx, const FormatCase &c);
// Starts `fx` with `settings`, gives its upstream `script` and posts the streamed request of
// `c`. nullptr when the relay did not start (fx.error() says why).
RawHttpClient *start(RelayFixture &fx, const FormatCase &c, const UpstreamScript &script,
                     const QJsonObject &settings = {});

} // namespace StreamRun
