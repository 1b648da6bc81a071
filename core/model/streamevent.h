#pragma once

#include "conversation.h"
#include "formats/relayerror.h"

#include <QList>
#include <QString>

// The stream vocabulary between a format's stream decoder (upstream SSE -> events) and another
// format's stream encoder (events -> client SSE).
//
// Contract for decoders: emit MessageStart first; give every content block an index (0, 1, ...
// in order of appearance) and emit BlockStart before its deltas and BlockStop after; Finish
// carries the stop reason; Usage may come before or after Finish (more than once: later values
// win field by field); End is emitted exactly when the upstream's terminal event is seen.
// Contract for encoders: be tolerant: a delta for a block never started opens it; Finish/End
// close every open block; usage is merged; nothing is emitted after End.
struct StreamEvent
{
    enum class Type {
        MessageStart,  // id, model, usage (input known early for Anthropic)
        BlockStart,    // index, blockKind; ToolCall: toolCallId, toolName
        TextDelta,     // index, text
        ThinkingDelta, // index, text
        SignatureDelta,// index, text = opaque signature / encrypted content
        ToolArgsDelta, // index, text = a piece of the arguments JSON
        BlockStop,     // index
        Finish,        // stopReason (+ stopSequence)
        Usage,         // usage
        Error,         // error: an upstream error inside the stream
        End            // the upstream's terminal event
    };
    Type type = Type::TextDelta;
    int index = 0;
    ContentPart::Kind blockKind = ContentPart::Kind::Text;
    QString text;
    QString toolCallId;
    QString toolName;
    QString id;
    QString model;
    StopReason stopReason = StopReason::EndTurn;
    QString stopSequence;
    ::Usage usage;
    RelayError error;
};

using StreamEvents = QList<StreamEvent>;
