#include "fielderror.h"

#include <QLabel>
#include <QRegularExpression>

FieldError describeFieldError(const ConfigError &error, const QHash<QString, QString> &labels,
                              const QHash<QString, QWidget *> &widgets)
{
    // "$.keys[2]" -> "keys", "$.model_map.gpt" -> "model_map"
    static const QRegularExpression first(QStringLiteral("^\\$\\.([A-Za-z_]+)"));
    const auto match = first.match(error.path);
    const QString field = match.hasMatch() ? match.captured(1) : QString();
    const QString label = labels.value(field, error.path);
    return {label + QStringLiteral(": ") + error.message, widgets.value(field)};
}

void showStatus(QLabel *label, const QString &text, bool isError)
{
    label->setText(text);
    label->setStyleSheet(isError ? QStringLiteral("color: #c62828;") : QString());
}
