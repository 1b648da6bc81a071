#pragma once

#include <QString>

// A stable name for "the same failure": the kind, the channel type and the message with
// everything that varies between occurrences (ids, numbers, hex, UUIDs, URLs, e-mail addresses,
// quoted values, timestamps) replaced by placeholders, so a thousand premature closes on one
// channel are one error-log group. Pure: the same input gives the same string on every run and
// machine. Readable on purpose ("upstream-premature openai-chat: upstream closed ..."), at most
// kMaxSignatureLength characters.
QString errorSignature(const QString &kind, const QString &channelType, const QString &message);

// Only the message part of errorSignature().
QString normalizeErrorMessage(const QString &message);

inline constexpr int kMaxSignatureLength = 240;
