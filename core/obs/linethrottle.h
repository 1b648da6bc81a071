#pragma once

#include <QElapsedTimer>

// At most `linesPerWindow` log lines a window of `windowMs` for one condition: a flood of
// refusals costs a few lines a minute, and the lines left out are counted in the next one
// written, so the log says how many happened without drowning in them.
class LineThrottle
{
public:
    LineThrottle(int linesPerWindow, int windowMs) : m_linesPerWindow(linesPerWindow), m_windowMs(windowMs) {}

    // True when a line may be written now; `*leftOut` is then the lines left out before it.
    bool admit(qint64 *leftOut);

private:
    int m_linesPerWindow;
    int m_windowMs;
    QElapsedTimer m_window;
    int m_linesInWindow = 0;
    qint64 m_leftOut = 0;
};
