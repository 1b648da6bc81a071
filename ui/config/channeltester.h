#pragma once

#include "config/config.h"
#include "relay/channelprobe.h"

#include <QObject>

class QThread;

// Runs a channel test (ChannelProbe: one tiny request) on a thread of its own, so that
// neither the GUI thread nor the relay is involved and a test works with the relay stopped.
// One test at a time; the result comes back as finished() on the owning thread.
class ChannelTester : public QObject
{
    Q_OBJECT
public:
    explicit ChannelTester(QObject *parent = nullptr);
    ~ChannelTester() override; // aborts a test under way

    bool isBusy() const { return m_busy; }
    // false when a test is already running. Uses the channel's first key and default model.
    bool test(const Channel &channel);
    // "main: OK, answered in 120 ms (HTTP 200, model gpt-5)" / "main: failed after 3 ms: ..."
    static QString describe(const ChannelProbe::Result &result);

Q_SIGNALS:
    void finished(const ChannelProbe::Result &result);

private:
    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr; // lives on m_thread; owns the upstream pool and the probe
    bool m_busy = false;
};
