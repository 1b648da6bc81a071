<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DashboardTab</name>
    <message>
        <source>Relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start the relay: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the base URL to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point the base URL of your OpenAI, Anthropic or Gemini client here, with one of your RelayDesk keys as its API key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndReason</name>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premature close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreadable stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep-alive failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RelayDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RelayDesk is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay keeps serving requests. Use the tray icon to open the window again, or choose Quit to stop it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About RelayDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;RelayDesk %1&lt;/h3&gt;&lt;p&gt;A desktop LLM API relay: OpenAI, Anthropic and Gemini clients reach any upstream channel through one local address, with quotas per key and a log of every request.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About RelayDesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecentRequestsModel</name>
    <message>
        <source>No channel was chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel: %1
Upstream model: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The upstream did not report usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input: %1 (cached: %2)
Output: %3 (reasoning: %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens (in / out)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelayState</name>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Open RelayDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RelayDesk: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n failed request(s) since start</source>
        <translation>
            <numerusform>%n failed request since start</numerusform>
            <numerusform>%n failed requests since start</numerusform>
        </translation>
    </message>
</context>
</TS>
