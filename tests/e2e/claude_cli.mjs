// Claude Code (`claude -p`, npm @anthropic-ai/claude-code) against relaydesk, served by an
// openai-responses channel: the CLI speaks Anthropic Messages, the upstream speaks Responses.
//
// The scripted upstream first answers the agent's turn with a function_call to Claude Code's own
// Bash tool; the CLI runs it and sends the output back (tool_result -> function_call_output); the
// upstream then answers with the final text, which `claude -p` prints. Side requests (title,
// summaries, haiku calls) get a short text.
//
//   RELAYDESK_BINARY=/path/to/relaydesk node --test claude_cli.mjs
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
// The command's output differs from its text, so the result can only come from running it.
const COMMAND = 'echo claude-e2e-marker-$((6*7))';
const MARKER = 'claude-e2e-marker-42';
const TASK = 'e2e-task: print the marker with the Bash tool.';
const FINAL = 'Done: the marker command ran through the relay — ✓ 🚀';
const SIDE = 'OK';
// The upstream's reasoning before the tool call (Responses encrypted_content, a thinking block's
// signature for Claude Code): with store=false the model can only continue from it if it comes back.
const REASONING = { text: 'The user wants the marker; run echo.', signature: 'gAAAAABe2eClaudeReasoningOpaque0001==' };

// Whatever model Claude Code picks (main or haiku side model) maps to the one upstream model.
const ctx = useRelaySession({
  tmpPrefix: 'relaydesk-claude-', label: 'claude',
  channels: (upstream) => [channel({ name: 'e2e-responses-for-claude', type: 'openai-responses',
    upstreamUrl: upstream.url, models: ['*'], modelMap: { '*': 'upstream-responses-model' } })],
});

// The native binary ships in the platform package; bin/claude.exe is only replaced by it when
// npm ran the postinstall script, so prefer the platform package's copy.
function claudeBinary() {
  const require = createRequire(import.meta.url);
  const wrapper = path.dirname(require.resolve('@anthropic-ai/claude-code/package.json'));
  const scope = path.dirname(wrapper);
  const exact = `claude-code-${process.platform}-${process.arch}`;
  const dirs = fs.readdirSync(scope).filter((d) => d.startsWith('claude-code-'))
    .sort((a, b) => (b === exact) - (a === exact));
  const natives = dirs.map((d) => path.join(scope, d, 'claude')).filter((f) => fs.existsSync(f));
  return natives[0] ?? path.join(wrapper, 'bin', 'claude.exe');
}

const toolNames = (body) => (body?.tools ?? []).map((t) => t.name ?? t.function?.name);

// The agent turn gets the Bash call exactly once (a relay that loses the tool result must not
// make the CLI loop), the turn carrying the tool result gets FINAL, everything else SIDE.
function script() {
  let called = false;
  return (r) => {
    if (r.format !== 'openai-responses') return undefined;
    if (hasToolResult(r.format, r.body)) return { text: FINAL };
    if (!called && toolNames(r.body).includes('Bash') && r.raw.includes('e2e-task')) {
      called = true;
      return { thinking: REASONING, text: 'Running it.', toolCalls: [{ id: 'call_claudeBash01', name: 'Bash',
        args: { command: COMMAND, description: 'Print the e2e marker' } }] };
    }
    return { text: SIDE };
  };
}

function claudeEnv(home) {
  return cliEnv(home, {
    CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
    ANTHROPIC_BASE_URL: ctx.relay.base, ANTHROPIC_API_KEY: CLIENT_KEY,
    DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1', DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
  });
}

test('claude -p via an openai-responses channel: Bash tool round trip, final text printed', { timeout: TEST_TIMEOUT_MS }, async () => {
  await markFailure(ctx, async () => {
    ctx.upstream.script = script();
    const { info } = await runCodingCli(ctx, { file: claudeBinary(), label: 'claude', timeoutMs: CLI_TIMEOUT_MS, final: FINAL,
      args: ['-p', TASK, '--allowedTools', 'Bash', '--output-format', 'text'], prepare: claudeEnv });

    const reqs = ctx.upstream.requests;
    assert.ok(reqs.every((r) => r.format === 'openai-responses'), `non-Responses request upstream\n${info}`);
    const agent = reqs.filter((r) => toolNames(r.body).includes('Bash'));
    assert.ok(agent.length >= 2, `expected the agent turn and its follow-up upstream\n${info}`);
    // The follow-up carries the call (name, arguments) and the command's output, paired by call_id.
    const followUp = reqs.find((r) => hasToolResult(r.format, r.body));
    assert.ok(followUp, `no upstream request carried a function_call_output\n${info}`);
    const call = followUp.body.input.find((i) => i.type === 'function_call');
    const output = followUp.body.input.find((i) => i.type === 'function_call_output');
    assert.equal(call?.name, 'Bash');
    assert.equal(JSON.parse(call.arguments).command, COMMAND);
    assert.equal(output.call_id, call.call_id, 'function_call_output not paired with the function_call');
    assert.ok(JSON.stringify(output.output).includes(MARKER), `tool output lost: ${JSON.stringify(output)}`);
    assert.equal(followUp.model, 'upstream-responses-model');
    const reasoning = followUp.body.input.find((i) => i.type === 'reasoning');
    assert.equal(reasoning?.encrypted_content, REASONING.signature,
      `the upstream's reasoning item did not come back with the function call; follow-up input items: `
      + `${followUp.body.input.map((i) => i.type + (i.role ? `:${i.role}` : '')).join(', ')}`);
  });
});
