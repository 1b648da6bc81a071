#include "linethrottle.h"

bool LineThrottle::admit(qint64 *leftOut)
{
    if (!m_window.isValid() || m_window.hasExpired(m_windowMs)) {
        m_window.start();
        m_linesInWindow = 0;
    }
    if (m_linesInWindow >= m_linesPerWindow) {
        ++m_leftOut;
        return false;
    }
    ++m_linesInWindow;
    *leftOut = m_leftOut;
    m_leftOut = 0;
    return true;
}
