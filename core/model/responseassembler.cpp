#include "responseassembler.h"

#include <algorithm>

namespace {

using Kind = ContentPart::Kind;

// Whether a delta of `deltaKind` continues a block of `blockKind` (signatures belong to
// thinking, and carry the data of a redacted-thinking block).
bool continues(Kind blockKind, Kind deltaKind)
{
    if (blockKind == deltaKind)
        return true;
    return deltaKind == Kind::Thinking && blockKind == Kind::RedactedThinking;
}

bool isEmptyBlock(const ContentPart &part)
{
    switch (part.kind) {
    case Kind::Text:
        return part.text.isEmpty();
    case Kind::Thinking:
        return part.text.isEmpty() && part.signature.isEmpty() && part.reasoningId.isEmpty();
    case Kind::RedactedThinking:
        return part.signature.isEmpty() && part.text.isEmpty();
    default:
        return false;
    }
}

} // namespace

void ResponseAssembler::add(const StreamEvents &events)
{
    for (const StreamEvent &e : events)
        add(e);
}

void ResponseAssembler::add(const StreamEvent &event)
{
    if (m_ended)
        return;
    switch (event.type) {
    case StreamEvent::Type::MessageStart:
        if (!event.id.isEmpty())
            m_response.id = event.id;
        if (!event.model.isEmpty())
            m_response.model = event.model;
        m_response.usage.mergeFrom(event.usage);
        break;
    case StreamEvent::Type::BlockStart:
        startBlock(event);
        break;
    case StreamEvent::Type::TextDelta:
        blockFor(event.index, Kind::Text).text += event.text;
        break;
    case StreamEvent::Type::ThinkingDelta:
        blockFor(event.index, Kind::Thinking).text += event.text;
        break;
    case StreamEvent::Type::SignatureDelta:
        blockFor(event.index, Kind::Thinking).signature += event.text;
        break;
    case StreamEvent::Type::ToolArgsDelta:
        blockFor(event.index, Kind::ToolCall).arguments += event.text;
        break;
    case StreamEvent::Type::BlockStop:
        if (Block *b = openBlock(event.index))
            b->stopped = true;
        break;
    case StreamEvent::Type::Finish:
        m_finished = true;
        m_response.stopReason = event.stopReason;
        m_response.stopSequence = event.stopSequence;
        break;
    case StreamEvent::Type::Usage:
        m_response.usage.mergeFrom(event.usage);
        break;
    case StreamEvent::Type::Error:
        if (!m_hasError)
            m_error = event.error;
        m_hasError = true;
        break;
    case StreamEvent::Type::End:
        m_ended = true;
        break;
    }
}

// A start for an index whose block is still open with the same kind only fills in what the
// first start lacked; otherwise it opens a new block (an index reused after its stop).
void ResponseAssembler::startBlock(const StreamEvent &event)
{
    Block *open = openBlock(event.index);
    ContentPart *part = nullptr;
    if (open && open->part.kind == event.blockKind) {
        part = &open->part;
    } else {
        Block b;
        b.index = event.index;
        b.part.kind = event.blockKind;
        m_latest.insert(event.index, m_blocks.size());
        m_blocks.append(b);
        part = &m_blocks.last().part;
    }
    if (!event.toolCallId.isEmpty())
        part->toolCallId = event.toolCallId;
    if (!event.toolName.isEmpty())
        part->toolName = event.toolName;
    // Thinking starts may carry the provider's reasoning item id (Responses "rs_...").
    if (event.blockKind == Kind::Thinking && !event.id.isEmpty())
        part->reasoningId = event.id;
    if (event.blockKind == Kind::RedactedThinking)
        part->signature += event.text;
    else if (event.blockKind == Kind::Text || event.blockKind == Kind::Thinking)
        part->text += event.text;
}

ResponseAssembler::Block *ResponseAssembler::openBlock(int index)
{
    const auto it = m_latest.constFind(index);
    if (it == m_latest.constEnd())
        return nullptr;
    Block &b = m_blocks[*it];
    return b.stopped ? nullptr : &b;
}

// The block a delta belongs to: the latest block at that index when its kind fits (even
// after its stop: a late signature still belongs to its thinking), else a new one.
ContentPart &ResponseAssembler::blockFor(int index, Kind kind)
{
    const auto it = m_latest.constFind(index);
    if (it != m_latest.constEnd() && continues(m_blocks[*it].part.kind, kind))
        return m_blocks[*it].part;
    Block b;
    b.index = index;
    b.part.kind = kind;
    m_latest.insert(index, m_blocks.size());
    m_blocks.append(b);
    return m_blocks.last().part;
}

Response ResponseAssembler::response() const
{
    QList<Block> blocks = m_blocks;
    std::stable_sort(blocks.begin(), blocks.end(),
                     [](const Block &a, const Block &b) { return a.index < b.index; });
    Response r = m_response;
    bool sawToolCall = false;
    for (const Block &b : std::as_const(blocks)) {
        if (isEmptyBlock(b.part))
            continue;
        ContentPart part = b.part;
        if (part.kind == Kind::ToolCall) {
            sawToolCall = true;
            if (part.arguments.trimmed().isEmpty())
                part.arguments = QStringLiteral("{}");
        }
        r.content.append(part);
    }
    if (!m_finished) {
        if (m_hasError)
            r.stopReason = StopReason::Error;
        else if (!m_ended)
            r.stopReason = StopReason::Unknown;
        else
            r.stopReason = sawToolCall ? StopReason::ToolUse : StopReason::EndTurn;
    }
    return r;
}
