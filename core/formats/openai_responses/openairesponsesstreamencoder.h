#pragma once

#include "formats/formatcodec.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>

// Canonical stream events -> the Responses event stream Codex CLI and the OpenAI SDKs accept:
// response.created, response.in_progress, one output item per canonical block (message,
// reasoning, function_call) with its added/delta/done events, and a terminal
// response.completed (or response.incomplete) carrying every item and the usage. Every event
// has a type and a sequence_number counting from 0.
class OpenAIResponsesStreamEncoder : public StreamEncoder
{
public:
    explicit OpenAIResponsesStreamEncoder(const EncoderOptions &options);

    QByteArray encode(const StreamEvent &event) override;
    QByteArray encodeError(const RelayError &error) override;

private:
    struct Item
    {
        int blockIndex = 0;
        int outputIndex = 0;
        ContentPart::Kind kind = ContentPart::Kind::Text;
        QString id;
        QString text; // message text, reasoning summary or arguments
        QString signature;
        bool foreignSignature = false; // another provider's: enveloped (SignatureEnvelope)
        QString callId;
        QString name;
        bool summaryOpen = false;
        bool open = true;
    };

    QByteArray frame(const QString &type, QJsonObject payload);
    void ensureStarted(QByteArray &out, const StreamEvent *messageStart = nullptr);
    void startBlock(QByteArray &out, const StreamEvent &event);
    Item &openItem(QByteArray &out, int blockIndex, ContentPart::Kind kind, const StreamEvent *start);
    Item *itemFor(QByteArray &out, int blockIndex, ContentPart::Kind kind);
    void appendDelta(QByteArray &out, const StreamEvent &event, ContentPart::Kind kind);
    void closeItem(QByteArray &out, Item &item);
    void closeAll(QByteArray &out);
    QByteArray finishStream();
    QJsonObject responseJson(const QString &status, StopReason reason, const QJsonValue &error) const;
    QJsonObject itemRef(const Item &item) const; // item_id + output_index

    EncoderOptions m_options;
    QString m_seed;
    QString m_responseId;
    QString m_model;
    qint64 m_createdAt = 0;
    qint64 m_sequence = 0;
    bool m_started = false;
    bool m_ended = false;
    bool m_finished = false;
    bool m_calledTools = false;
    StopReason m_stopReason = StopReason::EndTurn;
    Usage m_usage;
    QList<Item> m_items;
    QHash<int, qsizetype> m_latest;  // canonical block index -> its latest item
    QSet<int> m_skipped;             // blocks with no Responses form (redacted thinking)
    QMap<int, QJsonObject> m_doneItems; // output_index -> the item as completed
};
