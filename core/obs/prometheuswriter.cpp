#include "prometheuswriter.h"

#include <QLocale>

#include <cmath>

void PrometheusWriter::family(const QString &name, const char *type, const QString &help)
{
    QString escapedHelp = help;
    escapedHelp.replace(u'\\', QLatin1String("\\\\")).replace(u'\n', QLatin1String("\\n"));
    m_out += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n").arg(name, escapedHelp, QLatin1String(type)).toUtf8();
}

void PrometheusWriter::sample(const QString &name, const Labels &labels, double value)
{
    writeSample(name, labels, formatValue(value));
}

void PrometheusWriter::sample(const QString &name, const Labels &labels, qint64 value)
{
    writeSample(name, labels, QString::number(value));
}

void PrometheusWriter::writeSample(const QString &name, const Labels &labels, const QString &value)
{
    QString line = name;
    if (!labels.isEmpty()) {
        line += u'{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                line += u',';
            line += labels[i].first + QStringLiteral("=\"") + escapeLabelValue(labels[i].second) + u'"';
        }
        line += u'}';
    }
    line += u' ' + value + u'\n';
    m_out += line.toUtf8();
}

QString PrometheusWriter::escapeLabelValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == u'\\')
            out += QLatin1String("\\\\");
        else if (c == u'"')
            out += QLatin1String("\\\"");
        else if (c == u'\n')
            out += QLatin1String("\\n");
        else
            out += c;
    }
    return out;
}

QString PrometheusWriter::formatValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}
