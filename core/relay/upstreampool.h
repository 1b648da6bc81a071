#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// Upstream HTTP clients for the relay thread. Qt 6.4's QNetworkAccessManager opens at most
// six HTTP/1.1 connections per host and queues the rest (QT64.md); an LLM relay holds many
// long streams to one host, so requests are spread over as many managers as needed, each
// carrying at most kPerManager requests at once. Managers are kept per proxy and reused, so
// keep-alive connections are reused too.
class UpstreamPool : public QObject
{
    Q_OBJECT
public:
    static constexpr int kPerManager = 6;

    explicit UpstreamPool(QObject *parent = nullptr);

    // `proxy`: "" (none), "http://host:port", "https://host:port" or "socks5://host:port".
    QNetworkReply *post(const QNetworkRequest &request, const QByteArray &body, const QString &proxy);
    int managerCount() const;

private:
    struct Slot { QNetworkAccessManager *manager; int active; };
    QNetworkAccessManager *acquire(const QString &proxy);
    QNetworkAccessManager *createManager(const QString &proxy);

    QHash<QString, QList<Slot>> m_slots;
};
