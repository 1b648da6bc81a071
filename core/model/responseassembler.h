#pragma once

#include "conversation.h"
#include "streamevent.h"

#include <QHash>
#include <QList>

// Builds the complete canonical Response out of a canonical event stream: what a non-stream
// client of an always-streaming upstream gets (DESIGN.md), and what tests compare streams by.
//
// Tolerant like an encoder: a delta for a block never started opens one of the delta's kind;
// BlockStart/BlockStop may be missing; usage is merged field by field; nothing after End counts.
// Blocks come out ordered by index (ties in order of appearance); a text block that never got
// any text is dropped, and a tool call without arguments gets "{}".
class ResponseAssembler
{
public:
    void add(const StreamEvent &event);
    void add(const StreamEvents &events);

    Response response() const;
    bool ended() const { return m_ended; }

    // An Error event was seen (the stream failed upstream); the first one is kept.
    bool hasError() const { return m_hasError; }
    RelayError error() const { return m_error; }

private:
    struct Block
    {
        int index = 0;
        bool stopped = false;
        ContentPart part;
    };

    void startBlock(const StreamEvent &event);
    ContentPart &blockFor(int index, ContentPart::Kind kind);
    Block *openBlock(int index);

    Response m_response;
    QList<Block> m_blocks;         // in order of appearance
    QHash<int, qsizetype> m_latest; // block index -> position of its latest block in m_blocks
    bool m_finished = false;
    bool m_ended = false;
    bool m_hasError = false;
    RelayError m_error;
};
