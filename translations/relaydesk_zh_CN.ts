<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
</context>
</TS>
