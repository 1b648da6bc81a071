// JsonPatch on arbitrary text. Beyond not crashing: whenever replaceTopLevelString edits a
// body, the result must be JSON whose top-level "model" is the new value (what the upstream reads);
// and whatever isDocument accepts as UTF-8 must parse with QJsonDocument (the stream pump
// forwards such events without asking Qt).
#include "wire/jsonpatch.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>
#include <cstdlib>

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
    (void)JsonPatch::setTopLevelMember(json, "stream", "true");
    if (json.isValidUtf8() && JsonPatch::isDocument(json) && QJsonDocument::fromJson(json.toByteArray()).isNull())
        std::abort();
    return 0;
}
