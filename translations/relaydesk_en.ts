<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BudgetGauges</name>
    <message>
        <source>Spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budgets (no key has a budget)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget per key (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: spent $%2, reserved $%3, left $%4 of $%5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelEditorDialog</name>
    <message>
        <source>Add channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One upstream API key per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated, * allowed (e.g. gpt-5*, o3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client-model=upstream-model, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lower is tried first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of traffic among channels of equal priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: value, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none, or http://host:port, socks5://host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: another channel is already called &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send one tiny request with these settings (not saved yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelTester</name>
    <message>
        <source>%1: OK, answered in %2 ms (HTTP %3, model %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: failed after %2 ms: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelsTab</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (copy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unhealthy until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recovering (trial request)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 cooling until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 unhealthy until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send one tiny request through the selected channel and show the latency or the error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigTableBase</name>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;uplicate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved and applied to the relay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another node changed the configuration; the list shows its version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another node changed the configuration while you were editing. Your edits are kept; saving changes only this entry.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens (input + output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days (last 28)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours (last 24)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by %2, top %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors by kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream end reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Buckets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Group by:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopSettingsBox</name>
    <message>
        <source>Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HOST:PORT the relay listens on from its next start; --listen on the command line takes precedence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database, logs and settings live here. Another folder applies from the next start (nothing is moved; --data-dir on the command line wins).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hange…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start RelayDesk when I log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include secrets (upstream keys, admin token) in the export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport config…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import config…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(platform default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid address: use HOST:PORT, e.g. 127.0.0.1:8645</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1 can be reached from other machines. Anyone who can reach it can use your client keys; set an admin token and allowed hosts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen address: use HOST:PORT, e.g. 127.0.0.1:8645</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change start at login: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RelayDesk will start when you log in (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RelayDesk will no longer start when you log in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the data folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RelayDesk will use %1 from its next start. The current data stays where it is: copy it there first to keep it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1, secrets included: keep that file private.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1 (without secrets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported, %1 is invalid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 and applied it to the relay.</source>
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
    <name>ErrorsTab</name>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n error group(s), most recently seen first. Double-click a sample to open its request.</source>
        <translation>
            <numerusform>%n error group, most recently seen first. Double-click a sample to open its request.</numerusform>
            <numerusform>%n error groups, most recently seen first. Double-click a sample to open its request.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>Last hour</numerusform>
            <numerusform>Last %n hours</numerusform>
        </translation>
    </message>
    <message>
        <source>Show acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide this group until it happens again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged; shown again when it happens again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n occurrence(s) in the last %1 hours</source>
        <translation>
            <numerusform>%n occurrence in the last %1 hours</numerusform>
            <numerusform>%n occurrences in the last %1 hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeyEditorDialog</name>
    <message>
        <source>Edit key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the key now: it is shown only once (only its hash is stored).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limit spending to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated, * allowed; * = every model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed models: give at least one model or *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: another key is already called &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeysTab</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (copy)</source>
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
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database writes work again; log rows lost in all: %1</source>
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
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database refuses writes (%1): %2 log rows waiting in memory, %3 lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n log row(s) lost while the database refused writes</source>
        <translation>
            <numerusform>%n log row lost while the database refused writes</numerusform>
            <numerusform>%n log rows lost while the database refused writes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) refused with 503 since the relay started: max_connections (%1) were open. Raise it in Settings if your clients need more.</source>
        <translation>
            <numerusform>%n connection refused with 503 since the relay started: max_connections (%1) were open. Raise it in Settings if your clients need more.</numerusform>
            <numerusform>%n connections refused with 503 since the relay started: max_connections (%1) were open. Raise it in Settings if your clients need more.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestCells</name>
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
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestDetailView</name>
    <message>
        <source>Raw JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the request as the admin API returns it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream response ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage and cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reported by the upstream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream close diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestLogModel</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
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
        <source>Channel</source>
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
        <source>HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens (in / out)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestsTab</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any end reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search request ID, model, error...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>&amp;Save and apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep-alive interval (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream idle timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First-byte timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retries before the first byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum client connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep logs for (days, 0 = forever)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request header timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request body timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle connection timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow client timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum request size (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum upstream line (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum client backlog (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep newest request rows (0 = all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum request header size (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish the upstream exchange when the client leaves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass upstream response headers through</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log request and response bodies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed Host names (comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed browser origins (comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved and applied. The language changes at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved and applied to the relay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cooldown after a 429 without Retry-After (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest cooldown after 429s (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures in a row before a key or channel is skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip an unhealthy key or channel for (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest skip of an unhealthy key or channel (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens reserved when a request sets no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input price of unpriced models (USD per million tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output price of unpriced models (USD per million tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log rows kept in memory while the database is down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse budgeted keys while the database is unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often a waiting stream gets a ping, in the client&apos;s format, so proxies and clients do not give up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stream with no upstream data for this long ends with end reason &quot;timeout&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long an upstream may take to answer before the attempt counts as failed (and is retried)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed attempts retried on another key or channel before the first byte reaches the client; never after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client connections open at once; more are refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request logs and error samples older than this are deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request whose headers are not complete this long after its first byte gets 408</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request whose body is not complete this long after its headers gets 408</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A kept-alive connection with no request in flight is closed after this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A client that takes no byte of pending output for this long is dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger request bodies are refused with 413</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A longer upstream stream line ends the stream with end reason &quot;scanner_error&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output written for a client but not yet taken by it; beyond this the client is dropped as too slow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the newest request rows are kept; older ones are deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request line and headers larger than this are refused with 431</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key that got 429 without Retry-After rests this long, doubling on each further 429</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The doubling 429 cooldown never exceeds this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures in a row after which a key or channel is taken out of rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long an unhealthy key or channel is skipped before a trial request; doubles after each failed trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The doubling unhealthy period never exceeds this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens a budget reserves for a request that sets no output limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used for cost and budgets when a model has no price of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a client disconnects mid-stream, read the upstream to its end so usage and cost are still recorded; otherwise cancel it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the upstream&apos;s response headers (rate limits, request ids) to the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store request and response bodies with each log row (uses more disk; bodies may hold private data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host header values accepted besides localhost and IP addresses, e.g. relay.lan or relay.lan:8645</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web pages allowed to call the relay from a browser (CORS), e.g. https://app.example:8443; none by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While the database refuses writes, up to this many log rows wait in memory; beyond, new rows are lost and counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the quota ledger cannot be reached, keys with a budget get 503 (checked) or are served without metering (unchecked); keys without budget always work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved settings were changed elsewhere (an import or another node). Your unsaved edits are kept: Save applies them, Revert shows the saved settings.</source>
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
    <message>
        <source>Recent errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n×): %2</source>
        <translation>
            <numerusform>%1 (%n×): %2</numerusform>
            <numerusform>%1 (%n×): %2</numerusform>
        </translation>
    </message>
    <message>
        <source>No errors</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
