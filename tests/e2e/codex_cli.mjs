// Codex CLI (`codex exec`, npm @openai/codex) against relaydesk, served by an anthropic channel:
// the CLI speaks OpenAI Responses (custom provider, wire_api = "responses"), the upstream speaks
// Anthropic Messages.
//
// The scripted upstream finds Codex's shell tool among the tools of the translated request and
// answers with a tool_use for it; Codex runs the command and sends the output back
// (function_call_output -> tool_result); the upstream then answers with the final text, which
// `codex exec` prints.
//
//   RELAYDESK_BINARY=/path/to/relaydesk node --test codex_cli.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { hasToolResult } from './upstream.mjs';
import { CLIENT_KEY, channel } from './harness.mjs';
import { cliEnv, markFailure, runCodingCli, useRelaySession } from './session.mjs';

const CLI_TIMEOUT_MS = 90000;
const TEST_TIMEOUT_MS = 120000;
const CLIENT_MODEL = 'e2e-codex-model';
const UPSTREAM_MODEL = 'upstream-claude-model';
// The command's output differs from its text, so the result can only come from running it.
const COMMAND = 'echo codex-e2e-marker-$((6*7))';
const MARKER = 'codex-e2e-marker-42';
const TASK = 'e2e-task: print the marker with the shell tool.';
const FINAL = 'Done: Codex ran the marker command through the relay — ✓ 🚀';
// Claude's thinking before the tool call: Anthropic requires it back, signature intact, in front
// of the tool_use when the conversation continues (Codex keeps it as reasoning encrypted_content).
const THINKING = { text: 'The user wants the marker; run the echo command.', signature: 'EqQBCgIYAhIMcodexE2eSig0001ZZ' };
const SIDE = 'OK';

// Codex's shell tool differs between versions and model families: the input each one takes.
const SHELL_TOOLS = {
  exec_command: () => ({ cmd: COMMAND }),
  shell_command: () => ({ command: COMMAND }),
  shell: () => ({ command: ['bash', '-lc', COMMAND] }),
};

const ctx = useRelaySession({
  tmpPrefix: 'relaydesk-codex-', label: 'codex',
  channels: (upstream) => [channel({ name: 'e2e-anthropic-for-codex', type: 'anthropic', upstreamUrl: upstream.url,
    models: ['*'], modelMap: { '*': UPSTREAM_MODEL } })],
});
ctx.shellTool = null; // the shell tool the upstream called

function codexBinary() {
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('@openai/codex/package.json'));
  return path.join(pkg, 'bin', 'codex.js');
}

const toolNames = (body) => (body?.tools ?? []).map((t) => t.name);

// The first agent turn gets one tool_use for the shell tool found in the request; the turn with
// the tool_result gets FINAL; anything else SIDE. A lost tool result cannot make Codex loop.
function script() {
  let called = false;
  return (r) => {
    if (r.format !== 'anthropic') return undefined;
    if (hasToolResult(r.format, r.body)) return { text: FINAL };
    const shell = toolNames(r.body).find((n) => n in SHELL_TOOLS);
    if (!called && shell && r.raw.includes('e2e-task')) {
      called = true;
      ctx.shellTool = shell;
      return { thinking: THINKING, text: 'Running it.',
        toolCalls: [{ id: 'toolu_codexShell01', name: shell, args: SHELL_TOOLS[shell]() }] };
    }
    return { text: SIDE };
  };
}

// A throwaway CODEX_HOME: the relay as a custom Responses provider, and nothing that phones home.
function writeCodexHome(codexHome) {
  fs.mkdirSync(codexHome, { recursive: true });
  fs.writeFileSync(path.join(codexHome, 'config.toml'), `model = "${CLIENT_MODEL}"
model_provider = "relay"
model_reasoning_effort = "high"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false

[model_providers.relay]
name = "relay"
base_url = "${ctx.relay.base}/v1"
wire_api = "responses"
env_key = "RELAY_KEY"
request_max_retries = 0
stream_max_retries = 0

[features]
plugins = false
remote_plugin = false
apps = false
in_app_updates = false

[analytics]
enabled = false
`);
}

function codexEnv(home) {
  const codexHome = path.join(ctx.tmp, 'codex-home');
  writeCodexHome(codexHome);
  return cliEnv(home, { CODEX_HOME: codexHome, RELAY_KEY: CLIENT_KEY, RUST_LOG: 'error' });
}

test('codex exec via an anthropic channel: shell tool round trip, final text printed', { timeout: TEST_TIMEOUT_MS }, async () => {
  await markFailure(ctx, async () => {
    ctx.upstream.script = script();
    const { info } = await runCodingCli(ctx, { file: process.execPath, label: 'codex', timeoutMs: CLI_TIMEOUT_MS, final: FINAL,
      args: [codexBinary(), 'exec', '--skip-git-repo-check', '--ephemeral', '--dangerously-bypass-approvals-and-sandbox',
        '--color', 'never', TASK],
      prepare: codexEnv, stderrTail: 4000 });

    const reqs = ctx.upstream.requests;
    assert.ok(reqs.every((r) => r.format === 'anthropic' && r.model === UPSTREAM_MODEL),
      `unexpected upstream request\n${info}`);
    assert.ok(ctx.shellTool, `no shell tool (${Object.keys(SHELL_TOOLS)}) in the translated request; tools: `
      + `${JSON.stringify(toolNames(reqs[0]?.body))}\n${info}`);
    // The follow-up carries the tool_use (name, input) and the command's output, paired by id.
    const followUp = reqs.find((r) => hasToolResult(r.format, r.body));
    assert.ok(followUp, `no upstream request carried a tool_result\n${info}`);
    const blocks = followUp.body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    const use = blocks.find((b) => b.type === 'tool_use');
    const result = blocks.find((b) => b.type === 'tool_result');
    assert.equal(use?.name, ctx.shellTool);
    assert.deepEqual(use.input, SHELL_TOOLS[ctx.shellTool]());
    assert.equal(result.tool_use_id, use.id, 'tool_result not paired with the tool_use');
    assert.ok(JSON.stringify(result.content).includes(MARKER), `tool output lost: ${JSON.stringify(result)}`);
    const turn = followUp.body.messages.find((m) => m.role === 'assistant' && JSON.stringify(m.content).includes(use.id));
    assert.deepEqual(turn.content[0], { type: 'thinking', thinking: THINKING.text, signature: THINKING.signature },
      `the assistant turn must start with the upstream's thinking block: ${JSON.stringify(turn.content)}`);
  });
});
