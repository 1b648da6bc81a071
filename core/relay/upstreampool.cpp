#include "upstreampool.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QUrl>

UpstreamPool::UpstreamPool(QObject *parent) : QObject(parent) {}

int UpstreamPool::managerCount() const
{
    int n = 0;
    for (const auto &list : m_slots)
        n += list.size();
    return n;
}

QNetworkAccessManager *UpstreamPool::createManager(const QString &proxy)
{
    auto *nam = new QNetworkAccessManager(this);
    nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    nam->setTransferTimeout(0); // deadlines are the session's own timers
    if (proxy.isEmpty()) {
        nam->setProxy(QNetworkProxy::NoProxy);
    } else {
        const QUrl u(proxy);
        const auto type = u.scheme() == QLatin1String("socks5") ? QNetworkProxy::Socks5Proxy
                                                                : QNetworkProxy::HttpProxy;
        nam->setProxy(QNetworkProxy(type, u.host(), quint16(u.port()), u.userName(), u.password()));
    }
    return nam;
}

QNetworkAccessManager *UpstreamPool::acquire(const QString &proxy)
{
    auto &list = m_slots[proxy];
    for (auto &slot : list) {
        if (slot.active < kPerManager) {
            ++slot.active;
            return slot.manager;
        }
    }
    list.append(Slot{createManager(proxy), 1});
    return list.last().manager;
}

QNetworkReply *UpstreamPool::post(const QNetworkRequest &request, const QByteArray &body, const QString &proxy)
{
    QNetworkAccessManager *nam = acquire(proxy);
    QNetworkReply *reply = nam->post(request, body);
    connect(reply, &QObject::destroyed, this, [this, nam, proxy] {
        for (auto &slot : m_slots[proxy]) {
            if (slot.manager == nam) {
                --slot.active;
                break;
            }
        }
    });
    return reply;
}
