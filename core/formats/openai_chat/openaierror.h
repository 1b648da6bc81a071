#pragma once

#include "formats/relayerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// OpenAI's error vocabulary, shared by the Chat Completions and Responses adapters.
namespace OpenAIError {

QString type(ErrorCode code);
// The machine-readable `code`: a string, or null where OpenAI sends null (plain 400s).
QJsonValue code(ErrorCode code);
// {"message","type","param","code"}: the inner object of {"error":{...}}.
QJsonObject errorObject(const RelayError &error);
// True for {"error":{"message":...}}.
bool isErrorBody(const QJsonObject &body);

} // namespace OpenAIError
