#pragma once

#include "obs/streamstatus.h"

#include <QString>

// The user-facing, translated label of an end reason ("Premature close" for EndReason::Eof);
// endReasonName() stays the wire/log spelling.
QString endReasonText(EndReason reason);
