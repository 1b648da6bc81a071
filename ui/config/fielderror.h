#pragma once

#include "config/configio.h"

#include <QHash>
#include <QString>

class QLabel;
class QWidget;

// Turns a ConfigIO validation error ("$.base_url: must be ...") into an inline message that
// names the field as the dialog labels it, and points at the widget to focus.
struct FieldError
{
    QString text;
    QWidget *widget = nullptr;
};

FieldError describeFieldError(const ConfigError &error, const QHash<QString, QString> &labels,
                              const QHash<QString, QWidget *> &widgets);

// A status line under a form: errors in red, other news plain.
void showStatus(QLabel *label, const QString &text, bool isError);
