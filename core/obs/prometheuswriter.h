#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// Writes the Prometheus text exposition format (version 0.0.4): one "# HELP" and "# TYPE"
// line per family, then its samples, label values escaped (\\, \", \n).
class PrometheusWriter
{
public:
    using Labels = QList<QPair<QString, QString>>;

    void family(const QString &name, const char *type, const QString &help);
    void sample(const QString &name, const Labels &labels, double value);
    void sample(const QString &name, const Labels &labels, qint64 value);
    QByteArray text() const { return m_out; }

    static QString escapeLabelValue(const QString &value);
    static QString formatValue(double value); // "+Inf", "NaN", shortest round-trip otherwise

private:
    void writeSample(const QString &name, const Labels &labels, const QString &value);
    QByteArray m_out;
};
