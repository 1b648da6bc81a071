// What the e2e test files that drive one relay in front of one scripted upstream share
// (claude_cli.mjs, codex_cli.mjs, cross_sdk.mjs): both started before the file's tests and
// stopped after them (the relay's log and the temp dir kept when a test failed), and, for the
// coding CLIs, one run in fresh home/work dirs with the checks every such run ends with.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startUpstream } from './upstream.mjs';
import { relayConfig, runCli, startRelay, upstreamSummary } from './harness.mjs';

// Registers the before/after hooks; returns the context they fill: { upstream, relay, tmp, failed }.
// channels(upstream) gives the relay's channels; tmpPrefix, when given, makes a temp dir for the file.
export function useRelaySession({ channels, tmpPrefix = null, label = 'e2e' }) {
  const ctx = { upstream: null, relay: null, failed: false, tmp: null };
  before(async () => {
    ctx.upstream = await startUpstream();
    if (tmpPrefix) ctx.tmp = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    try {
      ctx.relay = await startRelay(relayConfig(channels(ctx.upstream)));
    } catch (err) {
      ctx.failed = true;
      throw err;
    }
  });
  after(async () => {
    if (ctx.relay) await ctx.relay.stop({ failed: ctx.failed });
    if (ctx.upstream) await ctx.upstream.close();
    if (ctx.tmp && !ctx.failed && !process.env.E2E_KEEP) fs.rmSync(ctx.tmp, { recursive: true, force: true });
    else if (ctx.tmp) process.stderr.write(`${label} temp dir kept: ${ctx.tmp}\n`);
  });
  return ctx;
}

// Runs `body`, marking the session failed (logs and temp dir kept) when it throws.
export async function markFailure(ctx, body) {
  try {
    return await body();
  } catch (err) {
    ctx.failed = true;
    throw err;
  }
}

// The environment every coding CLI runs in: offline, no colour, its own HOME; `extra` on top.
export function cliEnv(home, extra) {
  return {
    PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'dumb', NO_COLOR: '1',
    TMPDIR: os.tmpdir(), NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost',
    ...extra,
  };
}

// Runs a coding CLI once in fresh <tmp>/home and <tmp>/work dirs. prepare(home) may write config
// there and returns the CLI's environment. Checks it finished in time, exited 0 and printed
// `final`; returns { run, info } (info: the run and the upstream's requests, for messages).
export async function runCodingCli(ctx, { file, args, label, timeoutMs, final, prepare, stderrTail = 3000 }) {
  const home = path.join(ctx.tmp, 'home');
  const work = path.join(ctx.tmp, 'work');
  fs.mkdirSync(home);
  fs.mkdirSync(work);
  const env = prepare(home);
  const run = await runCli(file, args, { env, cwd: work, timeoutMs, label });
  const info = `${label} exit ${run.code} signal ${run.signal} after ${run.ms} ms${run.timedOut ? ' (TIMED OUT, killed)' : ''}\n`
    + `--- stdout ---\n${run.stdout.slice(-3000)}\n--- stderr ---\n${run.stderr.slice(-stderrTail)}\n`
    + `--- upstream requests ---\n${upstreamSummary(ctx.upstream.requests)}`;
  assert.equal(run.timedOut, false, `${label} did not finish within ${timeoutMs} ms\n${info}`);
  assert.equal(run.code, 0, info);
  assert.ok(run.stdout.includes(final), `final text not printed\n${info}`);
  return { run, info };
}
