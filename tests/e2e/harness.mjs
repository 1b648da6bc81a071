// Shared plumbing for the e2e scripts: a relaydesk child process on a temp config and data dir,
// and child CLIs run in their own process group with a hard deadline.
//
//   const relay = await startRelay(relayConfig([channel(...)]));   ... relay.base ...
//   await relay.stop();           SIGKILL; prints the log tail and keeps the temp dir if it failed
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHANNEL_KEYS } from './upstream.mjs';

export const CLIENT_KEY = 'rk-e2e-test-key-1234567890';
export const STARTUP_TIMEOUT_MS = 30000;
const LOG_TAIL_LINES = 80;

const live = new Set(); // children (relays and CLIs) to kill if the test process exits early
process.on('exit', () => {
  for (const kill of live) kill();
});

// One channel of the config JSON (SPEC.md "Config JSON"); the key is the one the upstream accepts.
export function channel({ name, type, upstreamUrl, models, modelMap = {} }) {
  return { name, type, base_url: upstreamUrl, keys: [CHANNEL_KEYS[type]], models, model_map: modelMap,
    priority: 0, weight: 1, enabled: true, headers: {}, timeout_seconds: 60 };
}

export function relayConfig(channels, prices = {}) {
  return {
    settings: {
      keepalive_seconds: 1, stream_idle_timeout_seconds: 30, first_byte_timeout_seconds: 20,
      bootstrap_retries: 1, drain_upstream_on_client_gone: true, passthrough_upstream_headers: false,
      max_request_bytes: 33554432, log_bodies: false,
    },
    channels,
    keys: [{ name: 'e2e', key: CLIENT_KEY, budget_usd: null, models: ['*'], expires_at: null, enabled: true }],
    prices,
  };
}

// Starts `relaydesk --headless` on a free loopback port with `config` imported.
// Returns { base, port, child, exit, log, tail(n), stop({ failed }) }.
export async function startRelay(config, binary = process.env.RELAYDESK_BINARY) {
  assert.ok(binary, 'RELAYDESK_BINARY must name the relaydesk executable');
  assert.ok(fs.existsSync(binary), `RELAYDESK_BINARY does not exist: ${binary}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-e2e-'));
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);
  const configFile = path.join(tmp, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = spawn(binary, ['--headless', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--config', configFile],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
  const relay = { child, tmp, log: [], base: null, port: null };
  const killHard = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  live.add(killHard);
  relay.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  relay.tail = (lines = LOG_TAIL_LINES) => relay.log.join('').split('\n').slice(-lines).join('\n');
  relay.stop = async ({ failed = false } = {}) => {
    killHard();
    live.delete(killHard);
    await relay.exit;
    if (failed && relay.log.length) {
      process.stderr.write(`\n----- relaydesk log (tail) -----\n${relay.tail()}\n--------------------------------\n`);
    }
    if (process.env.E2E_KEEP || failed) {
      fs.writeFileSync(path.join(tmp, 'relay.log'), relay.log.join(''));
      process.stderr.write(`e2e temp dir kept: ${tmp}\n`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  };
  try {
    relay.port = await waitForListening(relay);
  } catch (err) {
    await relay.stop({ failed: true });
    throw err;
  }
  relay.base = `http://127.0.0.1:${relay.port}`;
  return relay;
}

function waitForListening(relay) {
  const { child } = relay;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not print its listening line within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS);
    let seen = '';
    const onData = (buf) => {
      const s = buf.toString('utf8');
      relay.log.push(s);
      if (process.env.E2E_VERBOSE) process.stderr.write(`[relay] ${s}`);
      seen += s;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\r?\n/.exec(seen); // the whole line: a read can end inside the number
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`relay exited early (code ${code}, signal ${signal})`));
    });
  });
}

// Runs a CLI to completion in its own process group; on timeout the whole group (the CLI and any
// shell it started) is SIGKILLed. Resolves { code, signal, stdout, stderr, timedOut, ms }.
export function runCli(file, args, { env, cwd, timeoutMs, label = path.basename(file) }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killGroup = () => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    };
    live.add(killGroup);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; if (process.env.E2E_VERBOSE) process.stderr.write(`[${label}] ${d}`); });
    child.stderr.on('data', (d) => { stderr += d; if (process.env.E2E_VERBOSE) process.stderr.write(`[${label}!] ${d}`); });
    const timer = setTimeout(() => { timedOut = true; killGroup(); }, timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); live.delete(killGroup); reject(err); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // a tool's shell left behind must not outlive the test
      live.delete(killGroup);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

// A readable one-line-per-request summary of what the upstream received, for failure messages.
export function upstreamSummary(requests) {
  return requests.map((r, i) => {
    const b = r.body ?? {};
    const tools = (b.tools ?? []).length;
    return `#${i + 1} ${r.method} ${r.url} model=${r.model} stream=${b.stream ?? '-'} tools=${tools} bytes=${r.raw.length}`;
  }).join('\n');
}

// The get_weather tool (upstream.mjs TOOL_CALL) declared in each client format's own shape.
export const WEATHER_SCHEMA = {
  type: 'object',
  properties: {
    city: { type: 'string', description: 'City name' },
    days: { type: 'integer', description: 'How many days ahead' },
    units: { type: 'string', enum: ['metric', 'imperial'] },
    tags: { type: 'array', items: { type: 'string' } },
    detail: { type: 'object', properties: { hourly: { type: 'boolean' } } },
  },
  required: ['city'],
};
const WEATHER_DESCRIPTION = 'Weather forecast for a city.';

export function weatherTool(format) {
  const name = 'get_weather';
  if (format === 'openai-chat') {
    return { type: 'function', function: { name, description: WEATHER_DESCRIPTION, parameters: WEATHER_SCHEMA } };
  }
  if (format === 'openai-responses') {
    return { type: 'function', name, description: WEATHER_DESCRIPTION, parameters: WEATHER_SCHEMA, strict: false };
  }
  if (format === 'anthropic') return { name, description: WEATHER_DESCRIPTION, input_schema: WEATHER_SCHEMA };
  return { functionDeclarations: [{ name, description: WEATHER_DESCRIPTION, parameters: geminiSchema(WEATHER_SCHEMA) }] };
}

// Gemini's own Schema dialect (OpenAPI subset, upper-case type names), as @google/genai users write it.
function geminiSchema(schema) {
  const out = { ...schema, type: schema.type.toUpperCase() };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, geminiSchema(v)]));
  }
  if (schema.items) out.items = geminiSchema(schema.items);
  return out;
}
