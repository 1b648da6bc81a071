#pragma once

#include "formats/apiformat.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Reading what a client received, the way the client's SDK would: SSE frames, keep-alive
// pings, error events and error bodies of each format.
namespace ClientStream {

// The complete frames of an SSE body, each with its terminating blank line (LF or CRLF);
// an unterminated rest goes to *rest.
QList<QByteArray> splitFrames(const QByteArray &body, QByteArray *rest = nullptr);

QByteArray eventName(const QByteArray &frame); // "" when the frame has no `event:` line
QByteArray data(const QByteArray &frame);      // the `data:` lines joined with '\n'

bool isCommentPing(const QByteArray &frame);   // only `:` comment lines
bool isAnthropicPing(const QByteArray &frame); // `event: ping`
bool isPing(ApiFormat format, const QByteArray &frame); // the format's own ping
bool isAnyPing(const QByteArray &frame);

// The body with every ping frame taken out (frames otherwise untouched).
QByteArray withoutPings(const QByteArray &body);
int pingCount(const QByteArray &body);

// Whether `frame` is the format's in-stream error event:
// OpenAI chat / Gemini `data: {"error":{...}}`; Responses a top-level `type` of "error" or
// "response.failed"; Anthropic `event: error` + {"type":"error","error":{...}}.
bool isErrorEvent(ApiFormat format, const QByteArray &frame);

// Checks an HTTP error body against the format's shape (OpenAI {"error":{"message"}},
// Anthropic {"type":"error","error":{"type","message"}}, Gemini {"error":{"code","message","status"}}
// with code == httpStatus). Returns "" when it conforms, else what is wrong; *message gets the text.
QString checkErrorBody(ApiFormat format, const QByteArray &body, int httpStatus, QString *message = nullptr);

} // namespace ClientStream
