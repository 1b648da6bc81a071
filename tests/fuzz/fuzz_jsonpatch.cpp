// JsonPatch on arbitrary text. Beyond not crashing: whenever replaceTopLevelString edits a
// body, the result must be JSON whose top-level "model" is the new value (what the upstream reads);
// and whatever isDocument accepts as UTF-8 must parse with QJsonDocument (the stream pump
// forwards such events without asking Qt); and renameMembers on a JSON document must give a
// document Qt reads the same but for members named "a" whose value "b" (or "b" and a dated
// snapshot suffix, "b-2024-08-06") became the new one, all of them when the text has no backslash
// (escaped keys and values are left alone by design).
// One-letter names, so the fuzzer meets them often.
#include "wire/jsonpatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cstdint>
#include <cstdlib>

// "b" or a dated snapshot of it, written independently of JsonPatch::isSnapshotSuffix.
static bool isB(const QJsonValue &v)
{
    static const QRegularExpression snapshot(QStringLiteral("^b-[0-9][0-9-]{2,}$"));
    return v.isString() && (v.toString() == QLatin1String("b") || snapshot.match(v.toString()).hasMatch());
}

// value with every member "a":"b" (and "a":to when `alsoTo`), at any depth, set to `to`.
static QJsonValue renamed(const QJsonValue &value, const QString &to, bool alsoTo)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue v : value.toArray())
            out.append(renamed(v, to, alsoTo));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject out;
    const QJsonObject in = value.toObject();
    for (auto it = in.begin(); it != in.end(); ++it) {
        const QJsonValue v = it.value();
        const bool match = it.key() == QLatin1String("a") && (isB(v) || (alsoTo && v == QJsonValue(to)));
        out.insert(it.key(), match ? QJsonValue(to) : renamed(v, to, alsoTo));
    }
    return out;
}

static QJsonValue rootOf(const QJsonDocument &doc)
{
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

static void checkRename(QByteArrayView json, const QString &to)
{
    const QJsonDocument before = QJsonDocument::fromJson(json.toByteArray());
    if (before.isNull())
        return;
    QByteArray text = json.toByteArray();
    JsonPatch::renameMembers(text, JsonPatch::memberRename("a", QStringLiteral("b"), to));
    const QJsonDocument after = QJsonDocument::fromJson(text);
    if (after.isNull())
        std::abort();
    // Without a backslash every quote is a delimiter: each "a":"b" member must be renamed.
    if (!json.contains('\\') && rootOf(after) != renamed(rootOf(before), to, false))
        std::abort();
    if (renamed(rootOf(after), to, true) != renamed(rootOf(before), to, true))
        std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView json(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString value = QStringLiteral("fz-\"\\\u00e9\U0001F600");
    if (const auto out = JsonPatch::replaceTopLevelString(json, "model", value)) {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(*out, &err);
        // Qt's parser keeps the last duplicate key; JsonPatch edits all of them, so any copy reads right.
        if (err.error == QJsonParseError::NoError && doc.isObject() && doc.object().value(QStringLiteral("model")).toString() != value)
            std::abort();
    }
    checkRename(json, value);
    (void)JsonPatch::setTopLevelMember(json, "stream", "true");
    if (json.isValidUtf8() && JsonPatch::isDocument(json) && QJsonDocument::fromJson(json.toByteArray()).isNull())
        std::abort();
    return 0;
}
