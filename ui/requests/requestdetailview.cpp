#include "requestdetailview.h"

#include "endreasontext.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {
QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString tableRow(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td><b>") % esc(label) % QStringLiteral("</b>&nbsp;&nbsp;</td><td>")
           % esc(value) % QStringLiteral("</td></tr>");
}

QString heading(const QString &text)
{
    return QStringLiteral("<h3>") % esc(text) % QStringLiteral("</h3>");
}

// A JSON value as one readable line (objects and arrays compact).
QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QLocale().toString(v.toDouble(), 'g', 12);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("\u2014");
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

QString objectTable(const QJsonObject &o)
{
    QString html = QStringLiteral("<table>");
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        html += tableRow(it.key(), valueText(it.value()));
    return html + QStringLiteral("</table>");
}
} // namespace

RequestDetailView::RequestDetailView(QWidget *parent)
    : QWidget(parent)
    , m_rawButton(new QPushButton(this))
    , m_stack(new QStackedWidget(this))
    , m_readable(new QTextBrowser(this))
    , m_raw(new QPlainTextEdit(this))
{
    m_rawButton->setObjectName(QStringLiteral("rawJsonButton"));
    m_rawButton->setCheckable(true);
    m_rawButton->setText(tr("Raw JSON"));
    m_rawButton->setToolTip(tr("Show the request as the admin API returns it"));
    m_readable->setObjectName(QStringLiteral("requestDetailText"));
    m_raw->setObjectName(QStringLiteral("requestRawJson"));
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_stack->addWidget(m_readable);
    m_stack->addWidget(m_raw);

    auto *top = new QHBoxLayout;
    top->addStretch();
    top->addWidget(m_rawButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_stack);
    connect(m_rawButton, &QPushButton::toggled, this, &RequestDetailView::showRaw);
    clear();
}

void RequestDetailView::showRaw(bool raw)
{
    m_stack->setCurrentWidget(raw ? static_cast<QWidget *>(m_raw) : m_readable);
}

void RequestDetailView::clear()
{
    m_readable->setHtml(QStringLiteral("<p>") % esc(tr("Select a request to see its details.")) % QStringLiteral("</p>"));
    m_raw->clear();
    m_rawButton->setEnabled(false);
}

void RequestDetailView::setRow(const RequestLogRow &row)
{
    m_readable->setHtml(renderHtml(row));
    m_raw->setPlainText(QString::fromUtf8(QJsonDocument(row.toJson()).toJson(QJsonDocument::Indented)));
    m_rawButton->setEnabled(true);
}

QString RequestDetailView::readableText() const
{
    return m_readable->toPlainText();
}

QString RequestDetailView::rawJson() const
{
    return m_raw->toPlainText();
}

QString RequestDetailView::renderHtml(const RequestLogRow &row) const
{
    return summaryHtml(row) % usageHtml(row) % streamHtml(row) % attemptsHtml(row.detail)
           % diagnosticsHtml(row.detail);
}

QString RequestDetailView::summaryHtml(const RequestLogRow &row) const
{
    const QLocale locale;
    QString html = heading(tr("Request")) % QStringLiteral("<table>");
    html += tableRow(tr("Request ID"), row.requestId);
    html += tableRow(tr("Started"), locale.toString(row.startedAt.toLocalTime(), QLocale::LongFormat));
    html += tableRow(tr("Duration"), tr("%1 ms").arg(locale.toString(row.durationMs)));
    html += tableRow(tr("Path"), row.path);
    html += tableRow(tr("Client format"), row.clientFormat);
    html += tableRow(tr("Key"), row.keyName);
    html += tableRow(tr("Channel"), row.channel);
    html += tableRow(tr("Model"), row.model);
    html += tableRow(tr("Upstream model"), row.upstreamModel);
    html += tableRow(tr("Streamed"), row.stream ? tr("yes") : tr("no"));
    html += tableRow(tr("HTTP status"), QString::number(row.httpStatus));
    html += tableRow(tr("Node"), row.node);
    if (!row.upstreamResponseId.isEmpty())
        html += tableRow(tr("Upstream response ID"), row.upstreamResponseId);
    if (!row.errorMessage.isEmpty())
        html += tableRow(tr("Error"), row.errorMessage);
    return html + QStringLiteral("</table>");
}

QString RequestDetailView::usageHtml(const RequestLogRow &row) const
{
    const QLocale locale;
    QString html = heading(tr("Usage and cost")) % QStringLiteral("<table>");
    if (!row.usage.known) {
        html += tableRow(tr("Tokens"), tr("not reported by the upstream"));
    } else {
        html += tableRow(tr("Input tokens"), locale.toString(row.usage.inputTokens));
        html += tableRow(tr("Cached input tokens"), locale.toString(row.usage.cachedInputTokens));
        html += tableRow(tr("Output tokens"), locale.toString(row.usage.outputTokens));
        html += tableRow(tr("Reasoning tokens"), locale.toString(row.usage.reasoningTokens));
    }
    html += tableRow(tr("Cost"), QStringLiteral("$") % locale.toString(row.costUsd, 'f', 6));
    return html + QStringLiteral("</table>");
}

QString RequestDetailView::streamHtml(const RequestLogRow &row) const
{
    const StreamStatus &s = row.streamStatus;
    const QLocale locale;
    QString html = heading(tr("Stream status")) % QStringLiteral("<table>");
    html += tableRow(tr("End reason"), endReasonText(s.endReason) % QStringLiteral(" (")
                                           % endReasonName(s.endReason) % QStringLiteral(")"));
    html += tableRow(tr("Events"), locale.toString(s.events));
    html += tableRow(tr("Bytes"), locale.toString(s.bytes));
    html += tableRow(tr("First byte"), s.firstByteMs < 0 ? tr("none")
                                                         : tr("%1 ms").arg(locale.toString(s.firstByteMs)));
    html += tableRow(tr("Errors"), locale.toString(s.errorCount));
    html += QStringLiteral("</table>");
    if (!s.errors.isEmpty()) {
        html += QStringLiteral("<ol>");
        for (const QString &e : s.errors)
            html += QStringLiteral("<li>") % esc(e) % QStringLiteral("</li>");
        html += QStringLiteral("</ol>");
    }
    return html;
}

QString RequestDetailView::attemptsHtml(const QJsonObject &detail) const
{
    const QJsonArray attempts = detail.value(QLatin1String("attempts")).toArray();
    if (attempts.isEmpty())
        return {};
    QString html = heading(tr("Attempts (%1)").arg(attempts.size()));
    int n = 0;
    for (const QJsonValue &a : attempts) {
        html += QStringLiteral("<p><b>") % esc(tr("Attempt %1").arg(++n)) % QStringLiteral("</b></p>");
        html += a.isObject() ? objectTable(a.toObject()) : esc(valueText(a));
    }
    return html;
}

QString RequestDetailView::diagnosticsHtml(const QJsonObject &detail) const
{
    QString html;
    const QJsonObject close = detail.value(QLatin1String("close_event")).toObject();
    if (!close.isEmpty())
        html += heading(tr("Stream close diagnostics")) % objectTable(close);
    const QJsonObject stream = detail.value(QLatin1String("stream")).toObject();
    if (!stream.isEmpty())
        html += heading(tr("Stream diagnostics")) % objectTable(stream);
    return html;
}
