#pragma once

#include "formats/apiformat.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// The bytes of the benchmark: what the load upstream streams in each format and what the
// load generator sends. Small but shaped like the real thing, so the relay parses every event.
namespace BenchWire {
ApiFormat formatOfPath(QByteArrayView path);
bool requestStreams(QByteArrayView path, QByteArrayView body);

QList<QByteArray> openFrames(ApiFormat format);                   // sent with the headers
QByteArray deltaFrame(ApiFormat format, int index, const QByteArray &text);
QList<QByteArray> closeFrames(ApiFormat format, int chunks);      // terminal events
QByteArray jsonReply(ApiFormat format, const QByteArray &text);   // non-stream body

// A complete HTTP/1.1 request of `format` for `model`, with the format's auth header.
QByteArray clientRequest(ApiFormat format, const QByteArray &model, bool stream, const QByteArray &key);
const char *name(ApiFormat format);
} // namespace BenchWire
