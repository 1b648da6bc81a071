#pragma once

#include "formats/formatcodec.h"
#include "wire/sseparser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// What the four codec tests (tests/unit/tst_codec_*.cpp) share: fixtures under
// tests/fixtures/translate/<format>/, running a codec's stream decoder or encoder over a whole
// sequence, and building canonical stream events by hand (also used by tst_responseassembler).
// CodecSubject (codecsubject.h) binds these to one codec and its fixture folder.
namespace CodecKit {

// A file under tests/fixtures, e.g. "translate/gemini/request_tools.json"; a missing fixture
// ends the test run.
QByteArray fixture(const QString &relativePath);
QJsonObject jsonFixture(const QString &relativePath);

StreamEvents decodeAll(const FormatCodec &codec, const QList<SseEvent> &frames);
QByteArray encodeAll(const FormatCodec &codec, const StreamEvents &events, const EncoderOptions &options);

StreamEvent streamEvent(StreamEvent::Type type, int index = 0, const QString &text = QString());
StreamEvent blockStart(int index, ContentPart::Kind kind, const QString &toolCallId = QString(),
                       const QString &toolName = QString());
StreamEvent finish(StopReason reason, const QString &stopSequence = QString());
StreamEvent usage(qint64 in, qint64 out, qint64 cached, qint64 reasoning = 0);

QString kindName(ContentPart::Kind kind); // "text", "image", "document", "thinking", "redacted", "tool", "result"

} // namespace CodecKit
