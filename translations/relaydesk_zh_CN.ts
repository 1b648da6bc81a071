<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BudgetGauges</name>
    <message>
        <source>Spent</source>
        <translation>已花费</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Budgets (no key has a budget)</source>
        <translation>预算（没有密钥设置预算）</translation>
    </message>
    <message>
        <source>Budget per key (USD)</source>
        <translation>各密钥预算（美元）</translation>
    </message>
    <message>
        <source>%1: spent $%2, reserved $%3, left $%4 of $%5</source>
        <translation>%1：已花费 $%2，已预留 $%3，剩余 $%4（共 $%5）</translation>
    </message>
</context>
<context>
    <name>ChannelEditorDialog</name>
    <message>
        <source>Add channel</source>
        <translation>添加渠道</translation>
    </message>
    <message>
        <source>Edit channel</source>
        <translation>编辑渠道</translation>
    </message>
    <message>
        <source>One upstream API key per line</source>
        <translation>每行一个上游 API 密钥</translation>
    </message>
    <message>
        <source>Comma-separated, * allowed (e.g. gpt-5*, o3)</source>
        <translation>以逗号分隔，可用 *（例如 gpt-5*, o3）</translation>
    </message>
    <message>
        <source>client-model=upstream-model, one per line</source>
        <translation>客户端模型=上游模型，每行一条</translation>
    </message>
    <message>
        <source>Lower is tried first</source>
        <translation>数值越小越先尝试</translation>
    </message>
    <message>
        <source>Share of traffic among channels of equal priority</source>
        <translation>同一优先级渠道之间的流量份额</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Name: value, one per line</source>
        <translation>名称: 值，每行一条</translation>
    </message>
    <message>
        <source>none, or http://host:port, socks5://host:port</source>
        <translation>留空，或 http://主机:端口、socks5://主机:端口</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model map</source>
        <translation>模型映射</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation>额外请求头</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Name: another channel is already called &quot;%1&quot;</source>
        <translation>名称：已有名为“%1”的渠道</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>Send one tiny request with these settings (not saved yet)</source>
        <translation>用这些设置发送一个很小的请求（尚未保存）</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
</context>
<context>
    <name>ChannelTester</name>
    <message>
        <source>%1: OK, answered in %2 ms (HTTP %3, model %4)</source>
        <translation>%1：正常，%2 毫秒内应答（HTTP %3，模型 %4）</translation>
    </message>
    <message>
        <source>%1: failed after %2 ms: %3</source>
        <translation>%1：%2 毫秒后失败：%3</translation>
    </message>
</context>
<context>
    <name>ChannelsTab</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source> (copy)</source>
        <translation>（副本）</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
    <message>
        <source>unhealthy until %1</source>
        <translation>不健康，直到 %1</translation>
    </message>
    <message>
        <source>recovering (trial request)</source>
        <translation>恢复中（试探请求）</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>key %1 cooling until %2</source>
        <translation>密钥 %1 冷却至 %2</translation>
    </message>
    <message>
        <source>key %1 unhealthy until %2</source>
        <translation>密钥 %1 不健康，直到 %2</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状态</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>Send one tiny request through the selected channel and show the latency or the error</source>
        <translation>通过所选渠道发送一个很小的请求，并显示延迟或错误</translation>
    </message>
</context>
<context>
    <name>ConfigTableBase</name>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>D&amp;uplicate…</source>
        <translation>复制为新项(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Saved and applied to the relay.</source>
        <translation>已保存并应用到中转服务。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot;?</source>
        <translation>删除“%1”？</translation>
    </message>
    <message>
        <source>Another node changed the configuration; the list shows its version.</source>
        <translation>另一个节点修改了配置；列表显示的是它的版本。</translation>
    </message>
    <message>
        <source>Another node changed the configuration while you were editing. Your edits are kept; saving changes only this entry.</source>
        <translation>您编辑期间另一个节点修改了配置。您的编辑已保留；保存只会修改此条目。</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <source>Relay</source>
        <translation>中转服务</translation>
    </message>
    <message>
        <source>Recent requests</source>
        <translation>最近的请求</translation>
    </message>
    <message>
        <source>Stop relay</source>
        <translation>停止中转</translation>
    </message>
    <message>
        <source>Start relay</source>
        <translation>启动中转</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>基础 URL：</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>未在监听</translation>
    </message>
    <message>
        <source>Could not start the relay: %1</source>
        <translation>无法启动中转服务：%1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the base URL to the clipboard</source>
        <translation>将基础 URL 复制到剪贴板</translation>
    </message>
    <message>
        <source>Point the base URL of your OpenAI, Anthropic or Gemini client here, with one of your RelayDesk keys as its API key.</source>
        <translation>将 OpenAI、Anthropic 或 Gemini 客户端的基础 URL 指向此地址，并使用您的某个 RelayDesk 密钥作为 API 密钥。</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens (input + output)</source>
        <translation>token（输入 + 输出）</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>费用（美元）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Days (last 28)</source>
        <translation>按天（最近 28 天）</translation>
    </message>
    <message>
        <source>Hours (last 24)</source>
        <translation>按小时（最近 24 小时）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 by %2, top %3</source>
        <translation>%1（按%2，前 %3 名）</translation>
    </message>
    <message>
        <source>Errors by kind</source>
        <translation>按类别统计的错误</translation>
    </message>
    <message>
        <source>Stream end reasons</source>
        <translation>流结束原因</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>&amp;Buckets:</source>
        <translation>时间粒度(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Group by:</source>
        <translation>分组(&amp;G)：</translation>
    </message>
</context>
<context>
    <name>DesktopSettingsBox</name>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>HOST:PORT the relay listens on from its next start; --listen on the command line takes precedence</source>
        <translation>中转服务下次启动时监听的 主机:端口；命令行中的 --listen 优先</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Database, logs and settings live here. Another folder applies from the next start (nothing is moved; --data-dir on the command line wins).</source>
        <translation>数据库、日志和设置都保存在这里。更换文件夹将在下次启动时生效（不会移动任何内容；命令行中的 --data-dir 优先）。</translation>
    </message>
    <message>
        <source>C&amp;hange…</source>
        <translation>更改(&amp;H)…</translation>
    </message>
    <message>
        <source>Start RelayDesk when I log in</source>
        <translation>登录时启动 RelayDesk</translation>
    </message>
    <message>
        <source>Include secrets (upstream keys, admin token) in the export</source>
        <translation>导出时包含机密（上游密钥、管理令牌）</translation>
    </message>
    <message>
        <source>E&amp;xport config…</source>
        <translation>导出配置(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Import config…</source>
        <translation>导入配置(&amp;I)…</translation>
    </message>
    <message>
        <source>(platform default)</source>
        <translation>（平台默认）</translation>
    </message>
    <message>
        <source>Not a valid address: use HOST:PORT, e.g. 127.0.0.1:8645</source>
        <translation>地址无效：请使用 主机:端口，例如 127.0.0.1:8645</translation>
    </message>
    <message>
        <source>Warning: %1 can be reached from other machines. Anyone who can reach it can use your client keys; set an admin token and allowed hosts.</source>
        <translation>警告：其他机器可以访问 %1。任何能访问它的人都可以使用您的客户端密钥；请设置管理令牌和允许的主机。</translation>
    </message>
    <message>
        <source>Listen address: use HOST:PORT, e.g. 127.0.0.1:8645</source>
        <translation>监听地址：请使用 主机:端口，例如 127.0.0.1:8645</translation>
    </message>
    <message>
        <source>Could not change start at login: %1</source>
        <translation>无法更改登录时启动：%1</translation>
    </message>
    <message>
        <source>RelayDesk will start when you log in (%1).</source>
        <translation>RelayDesk 将在您登录时启动（%1）。</translation>
    </message>
    <message>
        <source>RelayDesk will no longer start when you log in.</source>
        <translation>RelayDesk 将不再在您登录时启动。</translation>
    </message>
    <message>
        <source>Could not save the data folder: %1</source>
        <translation>无法保存数据文件夹：%1</translation>
    </message>
    <message>
        <source>RelayDesk will use %1 from its next start. The current data stays where it is: copy it there first to keep it.</source>
        <translation>RelayDesk 将从下次启动起使用 %1。当前数据保持原位：如需保留，请先将其复制过去。</translation>
    </message>
    <message>
        <source>Export config</source>
        <translation>导出配置</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Import config</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <source>Exported to %1, secrets included: keep that file private.</source>
        <translation>已导出到 %1，包含机密：请妥善保管该文件。</translation>
    </message>
    <message>
        <source>Exported to %1 (without secrets).</source>
        <translation>已导出到 %1（不含机密）。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Not imported, %1 is invalid: %2</source>
        <translation>未导入，%1 无效：%2</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Imported %1 and applied it to the relay.</source>
        <translation>已导入 %1 并应用到中转服务。</translation>
    </message>
</context>
<context>
    <name>EndReason</name>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Premature close</source>
        <translation>提前断开</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Client gone</source>
        <translation>客户端已断开</translation>
    </message>
    <message>
        <source>Unreadable stream</source>
        <translation>无法解析的流</translation>
    </message>
    <message>
        <source>Keep-alive failed</source>
        <translation>保活失败</translation>
    </message>
    <message>
        <source>Upstream error</source>
        <translation>上游错误</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
</context>
<context>
    <name>ErrorsTab</name>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>首次出现</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近出现</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>最近消息</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message numerus="yes">
        <source>%n error group(s), most recently seen first. Double-click a sample to open its request.</source>
        <translation>
            <numerusform>%n 个错误组，按最近出现排序。双击样本可打开其请求。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>最近 %n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>Show acknowledged</source>
        <translation>显示已确认</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Hide this group until it happens again</source>
        <translation>隐藏此错误组，直到再次发生</translation>
    </message>
    <message>
        <source>Acknowledged; shown again when it happens again</source>
        <translation>已确认；再次发生时重新显示</translation>
    </message>
    <message numerus="yes">
        <source>%n occurrence(s) in the last %1 hours</source>
        <translation>
            <numerusform>最近 %1 小时内发生 %n 次</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeyEditorDialog</name>
    <message>
        <source>Edit key</source>
        <translation>编辑密钥</translation>
    </message>
    <message>
        <source>Add key</source>
        <translation>添加密钥</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Copy the key now: it is shown only once (only its hash is stored).</source>
        <translation>请立即复制此密钥：它只显示一次（只保存其哈希值）。</translation>
    </message>
    <message>
        <source>Limit spending to</source>
        <translation>花费上限</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Comma-separated, * allowed; * = every model</source>
        <translation>以逗号分隔，可用 *；* 表示所有模型</translation>
    </message>
    <message>
        <source>Allowed models</source>
        <translation>允许的模型</translation>
    </message>
    <message>
        <source>Expires at</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Allowed models: give at least one model or *</source>
        <translation>允许的模型：至少填写一个模型或 *</translation>
    </message>
    <message>
        <source>Name: another key is already called &quot;%1&quot;</source>
        <translation>名称：已有名为“%1”的密钥</translation>
    </message>
</context>
<context>
    <name>KeysTab</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Allowed models</source>
        <translation>允许的模型</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source> (copy)</source>
        <translation>（副本）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard</source>
        <translation>已将 %1 复制到剪贴板</translation>
    </message>
    <message>
        <source>RelayDesk</source>
        <translation>RelayDesk</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Relay</source>
        <translation>中转(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>S&amp;top relay</source>
        <translation>停止中转(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Start relay</source>
        <translation>启动中转(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Copy base URL</source>
        <translation>复制基础 URL(&amp;C)</translation>
    </message>
    <message>
        <source>RelayDesk is still running</source>
        <translation>RelayDesk 仍在运行</translation>
    </message>
    <message>
        <source>The relay keeps serving requests. Use the tray icon to open the window again, or choose Quit to stop it.</source>
        <translation>中转服务会继续处理请求。可通过托盘图标重新打开窗口，或选择“退出”将其停止。</translation>
    </message>
    <message>
        <source>About RelayDesk</source>
        <translation>关于 RelayDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;RelayDesk %1&lt;/h3&gt;&lt;p&gt;A desktop LLM API relay: OpenAI, Anthropic and Gemini clients reach any upstream channel through one local address, with quotas per key and a log of every request.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;RelayDesk %1&lt;/h3&gt;&lt;p&gt;桌面端 LLM API 中转：OpenAI、Anthropic 和 Gemini 客户端通过同一个本地地址访问任意上游渠道，按密钥分配额度，并记录每一次请求。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About RelayDesk</source>
        <translation>关于 RelayDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Database writes work again; log rows lost in all: %1</source>
        <translation>数据库写入已恢复；共丢失日志行：%1</translation>
    </message>
</context>
<context>
    <name>RecentRequestsModel</name>
    <message>
        <source>No channel was chosen</source>
        <translation>未选择渠道</translation>
    </message>
    <message>
        <source>Channel: %1
Upstream model: %2</source>
        <translation>渠道：%1
上游模型：%2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>End reason</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Tokens (in / out)</source>
        <translation>令牌（输入 / 输出）</translation>
    </message>
</context>
<context>
    <name>RelayState</name>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>The database refuses writes (%1): %2 log rows waiting in memory, %3 lost</source>
        <translation>数据库拒绝写入（%1）：%2 条日志行在内存中等待，%3 条已丢失</translation>
    </message>
    <message numerus="yes">
        <source>%n log row(s) lost while the database refused writes</source>
        <translation>
            <numerusform>数据库拒绝写入期间丢失了 %n 条日志行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) refused with 503 since the relay started: max_connections (%1) were open. Raise it in Settings if your clients need more.</source>
        <translation>
            <numerusform>自中继启动以来已有 %n 个连接被以 503 拒绝：已打开的连接数达到 max_connections（%1）。如果客户端需要更多连接，请在设置中调高此值。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestCells</name>
    <message>
        <source>The upstream did not report usage</source>
        <translation>上游未报告用量</translation>
    </message>
    <message>
        <source>Input: %1 (cached: %2)
Output: %3 (reasoning: %4)</source>
        <translation>输入：%1（缓存：%2）
输出：%3（推理：%4）</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
</context>
<context>
    <name>RequestDetailView</name>
    <message>
        <source>Raw JSON</source>
        <translation>原始 JSON</translation>
    </message>
    <message>
        <source>Show the request as the admin API returns it</source>
        <translation>按管理 API 返回的格式显示该请求</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>选择一个请求以查看详情。</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Client format</source>
        <translation>客户端格式</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Streamed</source>
        <translation>流式</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态码</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Upstream response ID</source>
        <translation>上游响应 ID</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Usage and cost</source>
        <translation>用量与费用</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>not reported by the upstream</source>
        <translation>上游未报告</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>输入令牌</translation>
    </message>
    <message>
        <source>Cached input tokens</source>
        <translation>缓存输入令牌</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>输出令牌</translation>
    </message>
    <message>
        <source>Reasoning tokens</source>
        <translation>推理令牌</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Stream status</source>
        <translation>流状态</translation>
    </message>
    <message>
        <source>End reason</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件数</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Attempts (%1)</source>
        <translation>尝试（%1）</translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation>第 %1 次尝试</translation>
    </message>
    <message>
        <source>Stream close diagnostics</source>
        <translation>流关闭诊断</translation>
    </message>
    <message>
        <source>Stream diagnostics</source>
        <translation>流诊断</translation>
    </message>
</context>
<context>
    <name>RequestLogModel</name>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>End reason</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Tokens (in / out)</source>
        <translation>令牌（输入 / 输出）</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
</context>
<context>
    <name>RequestsTab</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Any end reason</source>
        <translation>任意结束原因</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Search request ID, model, error...</source>
        <translation>搜索请求 ID、模型、错误…</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义范围</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>&amp;Save and apply</source>
        <translation>保存并应用(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>Keep-alive interval (s)</source>
        <translation>保活间隔（秒）</translation>
    </message>
    <message>
        <source>Stream idle timeout (s)</source>
        <translation>流空闲超时（秒）</translation>
    </message>
    <message>
        <source>First-byte timeout (s)</source>
        <translation>首字节超时（秒）</translation>
    </message>
    <message>
        <source>Retries before the first byte</source>
        <translation>首字节前的重试次数</translation>
    </message>
    <message>
        <source>Maximum client connections</source>
        <translation>最大客户端连接数</translation>
    </message>
    <message>
        <source>Keep logs for (days, 0 = forever)</source>
        <translation>日志保留天数（0 = 永久）</translation>
    </message>
    <message>
        <source>Request header timeout (s)</source>
        <translation>请求头超时（秒）</translation>
    </message>
    <message>
        <source>Request body timeout (s)</source>
        <translation>请求体超时（秒）</translation>
    </message>
    <message>
        <source>Idle connection timeout (s)</source>
        <translation>空闲连接超时（秒）</translation>
    </message>
    <message>
        <source>Slow client timeout (s)</source>
        <translation>慢客户端超时（秒）</translation>
    </message>
    <message>
        <source>Maximum request size (bytes)</source>
        <translation>最大请求大小（字节）</translation>
    </message>
    <message>
        <source>Maximum upstream line (bytes)</source>
        <translation>上游单行最大长度（字节）</translation>
    </message>
    <message>
        <source>Maximum client backlog (bytes)</source>
        <translation>客户端最大积压（字节）</translation>
    </message>
    <message>
        <source>Keep newest request rows (0 = all)</source>
        <translation>保留最新请求行数（0 = 全部）</translation>
    </message>
    <message>
        <source>Maximum request header size (bytes)</source>
        <translation>最大请求头大小（字节）</translation>
    </message>
    <message>
        <source>Finish the upstream exchange when the client leaves</source>
        <translation>客户端断开后仍完成上游交换</translation>
    </message>
    <message>
        <source>Pass upstream response headers through</source>
        <translation>透传上游响应头</translation>
    </message>
    <message>
        <source>Log request and response bodies</source>
        <translation>记录请求和响应正文</translation>
    </message>
    <message>
        <source>Allowed Host names (comma-separated)</source>
        <translation>允许的 Host 名称（以逗号分隔）</translation>
    </message>
    <message>
        <source>Allowed browser origins (comma-separated)</source>
        <translation>允许的浏览器来源（以逗号分隔）</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation>语言（重启后生效）</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Saved and applied. The language changes at the next start.</source>
        <translation>已保存并应用。语言将在下次启动时更改。</translation>
    </message>
    <message>
        <source>Saved and applied to the relay.</source>
        <translation>已保存并应用到中转服务。</translation>
    </message>
    <message>
        <source>Cooldown after a 429 without Retry-After (s)</source>
        <translation>无 Retry-After 的 429 之后的冷却时间（秒）</translation>
    </message>
    <message>
        <source>Longest cooldown after 429s (s)</source>
        <translation>连续 429 后的最长冷却时间（秒）</translation>
    </message>
    <message>
        <source>Failures in a row before a key or channel is skipped</source>
        <translation>密钥或渠道被跳过前的连续失败次数</translation>
    </message>
    <message>
        <source>Skip an unhealthy key or channel for (s)</source>
        <translation>跳过不健康的密钥或渠道的时长（秒）</translation>
    </message>
    <message>
        <source>Longest skip of an unhealthy key or channel (s)</source>
        <translation>跳过不健康的密钥或渠道的最长时长（秒）</translation>
    </message>
    <message>
        <source>Output tokens reserved when a request sets no limit</source>
        <translation>请求未设上限时预留的输出 token 数</translation>
    </message>
    <message>
        <source>Input price of unpriced models (USD per million tokens)</source>
        <translation>未定价模型的输入价格（美元/百万 token）</translation>
    </message>
    <message>
        <source>Output price of unpriced models (USD per million tokens)</source>
        <translation>未定价模型的输出价格（美元/百万 token）</translation>
    </message>
    <message>
        <source>Log rows kept in memory while the database is down</source>
        <translation>数据库不可用时在内存中保留的日志行数</translation>
    </message>
    <message>
        <source>Refuse budgeted keys while the database is unreachable</source>
        <translation>数据库无法访问时拒绝有预算的密钥</translation>
    </message>
    <message>
        <source>How often a waiting stream gets a ping, in the client&apos;s format, so proxies and clients do not give up</source>
        <translation>等待中的流以客户端的格式发送 ping 的间隔，使代理和客户端不会放弃连接</translation>
    </message>
    <message>
        <source>A stream with no upstream data for this long ends with end reason &quot;timeout&quot;</source>
        <translation>上游在这段时间内没有数据的流以结束原因“timeout”结束</translation>
    </message>
    <message>
        <source>How long an upstream may take to answer before the attempt counts as failed (and is retried)</source>
        <translation>上游最长可用多久作出应答，超过后此次尝试算作失败（并重试）</translation>
    </message>
    <message>
        <source>Failed attempts retried on another key or channel before the first byte reaches the client; never after</source>
        <translation>在第一个字节到达客户端之前，失败的尝试会换用其他密钥或渠道重试；之后绝不重试</translation>
    </message>
    <message>
        <source>Client connections open at once; more are refused</source>
        <translation>同时打开的客户端连接数；超出的连接会被拒绝</translation>
    </message>
    <message>
        <source>Request logs and error samples older than this are deleted</source>
        <translation>早于此期限的请求日志和错误样本会被删除</translation>
    </message>
    <message>
        <source>A request whose headers are not complete this long after its first byte gets 408</source>
        <translation>收到第一个字节后这段时间内请求头仍未完整的请求得到 408</translation>
    </message>
    <message>
        <source>A request whose body is not complete this long after its headers gets 408</source>
        <translation>请求头之后这段时间内请求体仍未完整的请求得到 408</translation>
    </message>
    <message>
        <source>A kept-alive connection with no request in flight is closed after this</source>
        <translation>没有进行中请求的长连接在这段时间后关闭</translation>
    </message>
    <message>
        <source>A client that takes no byte of pending output for this long is dropped</source>
        <translation>在这段时间内未取走任何待发送字节的客户端会被断开</translation>
    </message>
    <message>
        <source>Larger request bodies are refused with 413</source>
        <translation>更大的请求体会以 413 拒绝</translation>
    </message>
    <message>
        <source>A longer upstream stream line ends the stream with end reason &quot;scanner_error&quot;</source>
        <translation>更长的上游流数据行会以结束原因“scanner_error”结束该流</translation>
    </message>
    <message>
        <source>Output written for a client but not yet taken by it; beyond this the client is dropped as too slow</source>
        <translation>已为客户端写出但尚未被其取走的输出；超过此值时客户端会因过慢而被断开</translation>
    </message>
    <message>
        <source>Only the newest request rows are kept; older ones are deleted</source>
        <translation>只保留最新的请求行；较旧的会被删除</translation>
    </message>
    <message>
        <source>Request line and headers larger than this are refused with 431</source>
        <translation>请求行和请求头超过此大小时以 431 拒绝</translation>
    </message>
    <message>
        <source>A key that got 429 without Retry-After rests this long, doubling on each further 429</source>
        <translation>收到不带 Retry-After 的 429 的密钥暂停这么久，之后每次 429 翻倍</translation>
    </message>
    <message>
        <source>The doubling 429 cooldown never exceeds this</source>
        <translation>翻倍的 429 冷却时间不会超过此值</translation>
    </message>
    <message>
        <source>Failures in a row after which a key or channel is taken out of rotation</source>
        <translation>连续失败达到此次数后，密钥或渠道会被移出轮换</translation>
    </message>
    <message>
        <source>How long an unhealthy key or channel is skipped before a trial request; doubles after each failed trial</source>
        <translation>不健康的密钥或渠道在试探请求前被跳过的时长；每次试探失败后翻倍</translation>
    </message>
    <message>
        <source>The doubling unhealthy period never exceeds this</source>
        <translation>翻倍的不健康时长不会超过此值</translation>
    </message>
    <message>
        <source>Output tokens a budget reserves for a request that sets no output limit</source>
        <translation>未设置输出上限的请求在预算中预留的输出 token 数</translation>
    </message>
    <message>
        <source>Used for cost and budgets when a model has no price of its own</source>
        <translation>模型没有自己的价格时，用于计算费用和预算</translation>
    </message>
    <message>
        <source>When a client disconnects mid-stream, read the upstream to its end so usage and cost are still recorded; otherwise cancel it</source>
        <translation>客户端在流中途断开时，把上游读到结束，以便仍记录用量和费用；否则取消上游请求</translation>
    </message>
    <message>
        <source>Copy the upstream&apos;s response headers (rate limits, request ids) to the client</source>
        <translation>把上游的响应头（速率限制、请求 ID）复制给客户端</translation>
    </message>
    <message>
        <source>Store request and response bodies with each log row (uses more disk; bodies may hold private data)</source>
        <translation>在每条日志行中保存请求体和响应体（占用更多磁盘；内容可能包含隐私数据）</translation>
    </message>
    <message>
        <source>Host header values accepted besides localhost and IP addresses, e.g. relay.lan or relay.lan:8645</source>
        <translation>除 localhost 和 IP 地址外接受的 Host 头取值，例如 relay.lan 或 relay.lan:8645</translation>
    </message>
    <message>
        <source>Web pages allowed to call the relay from a browser (CORS), e.g. https://app.example:8443; none by default</source>
        <translation>允许在浏览器中调用中转的网页（CORS），例如 https://app.example:8443；默认没有</translation>
    </message>
    <message>
        <source>While the database refuses writes, up to this many log rows wait in memory; beyond, new rows are lost and counted</source>
        <translation>数据库拒绝写入期间，最多这么多日志行在内存中等待；超出后新行会丢失并计数</translation>
    </message>
    <message>
        <source>When the quota ledger cannot be reached, keys with a budget get 503 (checked) or are served without metering (unchecked); keys without budget always work</source>
        <translation>无法访问额度账本时，有预算的密钥得到 503（勾选）或不计量地继续服务（不勾选）；没有预算的密钥始终可用</translation>
    </message>
    <message>
        <source>The saved settings were changed elsewhere (an import or another node). Your unsaved edits are kept: Save applies them, Revert shows the saved settings.</source>
        <translation>已保存的设置在别处被修改（导入或另一个节点）。您未保存的编辑已保留：“保存并应用”会应用它们，“还原”显示已保存的设置。</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Open RelayDesk</source>
        <translation>打开 RelayDesk</translation>
    </message>
    <message>
        <source>Stop relay</source>
        <translation>停止中转</translation>
    </message>
    <message>
        <source>Start relay</source>
        <translation>启动中转</translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation>复制基础 URL</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>RelayDesk: %1</source>
        <translation>RelayDesk：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n failed request(s) since start</source>
        <translation>
            <numerusform>自启动以来有 %n 个请求失败</numerusform>
        </translation>
    </message>
    <message>
        <source>Recent errors</source>
        <translation>最近的错误</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n×): %2</source>
        <translation>
            <numerusform>%1（%n 次）：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>No errors</source>
        <translation>没有错误</translation>
    </message>
</context>
</TS>
