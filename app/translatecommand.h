#pragma once

#include <QString>

// `relaydesk translate --from FORMAT --to FORMAT [--stream] [--response] < input`: prints the
// translated request (default), or with --response the translated response (a JSON body, or
// with --stream an SSE transcript). A debugging aid, and the surface fixture tests drive.
// Returns the exit code (2 on bad input, with the reason on stderr).
int runTranslateCommand(const QString &from, const QString &to, bool stream, bool response);
