// End-to-end tests: the real OpenAI, Anthropic and Google SDKs talk to the real relaydesk
// binary, which forwards to the scripted upstream (upstream.mjs), each through a channel of its
// own format (pass-through; cross_sdk.mjs covers translation).
//
//   RELAYDESK_BINARY=/path/to/relaydesk node --test run.mjs     (or: node run.mjs)
//   E2E_TARGET=upstream node run.mjs     point the SDKs straight at the scripted upstream, to
//                                       check that the SDKs accept its canned answers
//   E2E_KEEP=1                          keep the temp dir (config, data dir, relay log)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, ApiError as GoogleApiError } from '@google/genai';
import { startUpstream, CANNED, CHANNEL_KEYS, TOOL_CALL } from './upstream.mjs';
import { CLIENT_KEY, channel, relayConfig, startRelay, weatherTool } from './harness.mjs';

const DIRECT = process.env.E2E_TARGET === 'upstream';
const WRONG_KEY = 'rk-e2e-wrong-key-0000000000';
const SDK_TIMEOUT_MS = 20000;
const TEST_TIMEOUT_MS = 45000;
const SHUTDOWN_TIMEOUT_MS = 20000;

// Client-visible model -> the name the channel's model_map gives the upstream.
const MODELS = {
  'openai-chat': { client: 'e2e-chat-model', upstream: 'upstream-chat-model' },
  'openai-responses': { client: 'e2e-responses-model', upstream: 'upstream-responses-model' },
  anthropic: { client: 'e2e-claude-model', upstream: 'upstream-claude-model' },
  gemini: { client: 'e2e-gemini-model', upstream: 'upstream-gemini-model' },
};

const ctx = { upstream: null, relay: null, base: null, failed: false };

// In direct mode each SDK uses the model name and key the upstream itself expects.
const model = (format) => (DIRECT ? MODELS[format].upstream : MODELS[format].client);
const keyFor = (format) => (DIRECT ? CHANNEL_KEYS[format] : CLIENT_KEY);

function openai(format, apiKey = keyFor(format)) {
  return new OpenAI({ apiKey, baseURL: `${ctx.base}/v1`, maxRetries: 0, timeout: SDK_TIMEOUT_MS });
}
function anthropic(apiKey = keyFor('anthropic')) {
  return new Anthropic({ apiKey, baseURL: ctx.base, maxRetries: 0, timeout: SDK_TIMEOUT_MS });
}
function google(apiKey = keyFor('gemini')) {
  return new GoogleGenAI({ apiKey, vertexai: false, httpOptions: { baseUrl: ctx.base, timeout: SDK_TIMEOUT_MS } });
}

function e2eTest(name, fn, opts = {}) {
  test(name, { timeout: TEST_TIMEOUT_MS, ...opts }, async (t) => {
    try {
      await fn(t);
    } catch (err) {
      ctx.failed = true;
      throw err;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Relay lifecycle (harness.mjs): one channel per format, each serving its own client model.

function config(upstreamUrl) {
  const channels = Object.entries(MODELS).map(([format, m]) => channel({ name: `e2e-${format}`, type: format,
    upstreamUrl, models: [m.client], modelMap: { [m.client]: m.upstream } }));
  const prices = {};
  for (const m of Object.values(MODELS)) {
    prices[m.client] = { input: 1.0, output: 2.0, cached_input: 0.1 };
    prices[m.upstream] = { input: 1.0, output: 2.0, cached_input: 0.1 };
  }
  return relayConfig(channels, prices);
}

before(async () => {
  ctx.upstream = await startUpstream();
  if (DIRECT) {
    ctx.base = ctx.upstream.url;
    return;
  }
  try {
    ctx.relay = await startRelay(config(ctx.upstream.url));
  } catch (err) {
    ctx.failed = true;
    throw err;
  }
  ctx.base = ctx.relay.base;
});

after(async () => {
  if (ctx.relay) await ctx.relay.stop({ failed: ctx.failed });
  if (ctx.upstream) await ctx.upstream.close();
});

// ---------------------------------------------------------------------------------------------
// OpenAI Chat Completions.

const HELLO = [{ role: 'user', content: 'Say hello.' }];

e2eTest('openai chat: non-stream answer and usage', async () => {
  const c = CANNED['openai-chat'];
  const r = await openai('openai-chat').chat.completions.create({ model: model('openai-chat'), messages: HELLO });
  assert.equal(r.choices[0].message.content, c.text);
  assert.equal(r.choices[0].finish_reason, 'stop');
  assert.equal(r.usage.prompt_tokens, c.usage.prompt_tokens);
  assert.equal(r.usage.completion_tokens, c.usage.completion_tokens);
  assert.equal(r.usage.prompt_tokens_details?.cached_tokens, c.usage.prompt_tokens_details.cached_tokens);
});

e2eTest('openai chat: stream chunks assemble to the text, role first, usage last', async () => {
  const c = CANNED['openai-chat'];
  const stream = await openai('openai-chat').chat.completions.create({ model: model('openai-chat'),
    messages: HELLO, stream: true, stream_options: { include_usage: true } });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.ok(chunks.length > 3, `expected several chunks, got ${chunks.length}`);
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  const text = chunks.map((ch) => ch.choices[0]?.delta?.content ?? '').join('');
  assert.equal(text, c.text);
  assert.ok(chunks.some((ch) => ch.choices[0]?.finish_reason === 'stop'), 'no finish_reason=stop chunk');
  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.equal(last.usage?.completion_tokens, c.usage.completion_tokens);
  assert.equal(last.usage?.total_tokens, c.usage.total_tokens);
});

e2eTest('openai chat: stream helper finalChatCompletion', async () => {
  const c = CANNED['openai-chat'];
  const stream = openai('openai-chat').chat.completions.stream({ model: model('openai-chat'), messages: HELLO,
    stream_options: { include_usage: true } });
  const done = await stream.finalChatCompletion();
  assert.equal(done.choices[0].message.content, c.text);
  assert.equal(done.choices[0].finish_reason, 'stop');
  assert.equal(await stream.finalContent(), c.text);
});

// ---------------------------------------------------------------------------------------------
// OpenAI Responses.

e2eTest('openai responses: non-stream output_text and usage', async () => {
  const c = CANNED['openai-responses'];
  const r = await openai('openai-responses').responses.create({ model: model('openai-responses'), input: 'Say hello.' });
  assert.equal(r.status, 'completed');
  assert.equal(r.output_text, c.text);
  assert.equal(r.usage.input_tokens, c.usage.input_tokens);
  assert.equal(r.usage.output_tokens, c.usage.output_tokens);
  assert.equal(r.usage.input_tokens_details.cached_tokens, c.usage.input_tokens_details.cached_tokens);
});

e2eTest('openai responses: stream events in sequence, finalResponse text and usage', async () => {
  const c = CANNED['openai-responses'];
  const stream = openai('openai-responses').responses.stream({ model: model('openai-responses'), input: 'Say hello.' });
  const events = [];
  for await (const ev of stream) events.push(ev);
  const final = await stream.finalResponse();
  assert.equal(final.output_text, c.text);
  assert.equal(final.status, 'completed');
  assert.equal(final.usage.output_tokens, c.usage.output_tokens);
  assert.equal(final.usage.output_tokens_details.reasoning_tokens, c.usage.output_tokens_details.reasoning_tokens);
  assert.equal(events[0].type, 'response.created');
  assert.equal(events.at(-1).type, 'response.completed');
  events.forEach((ev, i) => assert.equal(ev.sequence_number, i, `event ${i} (${ev.type}) sequence_number`));
  const deltas = events.filter((ev) => ev.type === 'response.output_text.delta').map((ev) => ev.delta).join('');
  assert.equal(deltas, c.text);
});

// ---------------------------------------------------------------------------------------------
// Anthropic Messages.

e2eTest('anthropic: non-stream create text and usage', async () => {
  const c = CANNED.anthropic;
  const m = await anthropic().messages.create({ model: model('anthropic'), max_tokens: 256, messages: HELLO });
  const text = m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
  assert.equal(text, c.text);
  assert.equal(m.stop_reason, 'end_turn');
  assert.equal(m.usage.input_tokens, c.usage.input_tokens);
  assert.equal(m.usage.output_tokens, c.usage.output_tokens);
  assert.equal(m.usage.cache_read_input_tokens, c.usage.cache_read_input_tokens);
});

e2eTest('anthropic: messages.stream finalText and finalMessage', async () => {
  const c = CANNED.anthropic;
  const stream = anthropic().messages.stream({ model: model('anthropic'), max_tokens: 2048, messages: HELLO,
    thinking: { type: 'enabled', budget_tokens: 1024 } });
  const eventTypes = [];
  stream.on('streamEvent', (ev) => eventTypes.push(ev.type));
  assert.equal(await stream.finalText(), c.text);
  const msg = await stream.finalMessage();
  assert.equal(msg.stop_reason, 'end_turn');
  assert.equal(msg.usage.output_tokens, c.usage.output_tokens);
  assert.equal(msg.usage.input_tokens, c.usage.input_tokens);
  const thinking = msg.content.find((b) => b.type === 'thinking');
  assert.equal(thinking?.thinking, c.thinking);
  assert.equal(thinking?.signature, c.signature);
  assert.equal(eventTypes[0], 'message_start');
  assert.equal(eventTypes.at(-1), 'message_stop');
});

// ---------------------------------------------------------------------------------------------
// Gemini.

e2eTest('gemini: generateContentStream text and usageMetadata', async () => {
  const c = CANNED.gemini;
  const stream = await google().models.generateContentStream({ model: model('gemini'), contents: 'Say hello.' });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.ok(chunks.length > 2, `expected several chunks, got ${chunks.length}`);
  assert.equal(chunks.map((ch) => ch.text ?? '').join(''), c.text);
  const last = chunks.at(-1);
  assert.equal(last.candidates[0].finishReason, 'STOP');
  assert.equal(last.usageMetadata.candidatesTokenCount, c.usage.candidatesTokenCount);
  assert.equal(last.usageMetadata.totalTokenCount, c.usage.totalTokenCount);
});

e2eTest('gemini: generateContent text and usageMetadata', async () => {
  const c = CANNED.gemini;
  const r = await google().models.generateContent({ model: model('gemini'), contents: 'Say hello.' });
  assert.equal(r.text, c.text);
  assert.equal(r.candidates[0].finishReason, 'STOP');
  assert.equal(r.usageMetadata.promptTokenCount, c.usage.promptTokenCount);
  assert.equal(r.usageMetadata.candidatesTokenCount, c.usage.candidatesTokenCount);
});

// ---------------------------------------------------------------------------------------------
// Tool calls ([e2e:tool]): each SDK parses the upstream's tool call in its own format, streamed
// and not. Direct, this proves the scripted tool answers are valid; through the relay, pass-through.

const TOOL_PROMPT = 'What is the weather in Zürich? [e2e:tool]';
const TOOL_MSGS = [{ role: 'user', content: TOOL_PROMPT }];

e2eTest('openai chat: tool call, stream and not', async () => {
  const body = { model: model('openai-chat'), messages: TOOL_MSGS, tools: [weatherTool('openai-chat')] };
  const r = await openai('openai-chat').chat.completions.create(body);
  const s = await openai('openai-chat').chat.completions.stream(body).finalChatCompletion();
  for (const c of [r, s]) {
    assert.equal(c.choices[0].finish_reason, 'tool_calls');
    const call = c.choices[0].message.tool_calls[0];
    assert.equal(call.function.name, TOOL_CALL.name);
    assert.deepEqual(JSON.parse(call.function.arguments), TOOL_CALL.args);
    assert.ok(call.id, 'tool call without id');
  }
});

e2eTest('openai responses: function_call, stream and not', async () => {
  const body = { model: model('openai-responses'), input: TOOL_PROMPT, tools: [weatherTool('openai-responses')] };
  const r = await openai('openai-responses').responses.create(body);
  const s = await openai('openai-responses').responses.stream(body).finalResponse();
  for (const resp of [r, s]) {
    const call = resp.output.find((i) => i.type === 'function_call');
    assert.equal(call?.name, TOOL_CALL.name);
    assert.deepEqual(JSON.parse(call.arguments), TOOL_CALL.args);
    assert.ok(call.call_id, 'function_call without call_id');
  }
});

e2eTest('anthropic: tool_use, stream and not', async () => {
  const body = { model: model('anthropic'), max_tokens: 256, messages: TOOL_MSGS, tools: [weatherTool('anthropic')] };
  const m = await anthropic().messages.create(body);
  const s = await anthropic().messages.stream(body).finalMessage();
  for (const msg of [m, s]) {
    assert.equal(msg.stop_reason, 'tool_use');
    const use = msg.content.find((b) => b.type === 'tool_use');
    assert.equal(use?.name, TOOL_CALL.name);
    assert.deepEqual(use.input, TOOL_CALL.args);
    assert.match(use.id, /^toolu_/);
  }
});

e2eTest('gemini: functionCall, stream and not', async () => {
  const req = { model: model('gemini'), contents: TOOL_PROMPT, config: { tools: [weatherTool('gemini')] } };
  const r = await google().models.generateContent(req);
  const calls = [];
  for await (const chunk of await google().models.generateContentStream(req)) calls.push(...(chunk.functionCalls ?? []));
  for (const call of [r.functionCalls?.[0], calls[0]]) {
    assert.equal(call?.name, TOOL_CALL.name);
    assert.deepEqual(call.args, TOOL_CALL.args);
  }
});

// ---------------------------------------------------------------------------------------------
// What the upstream saw: channel key instead of client key, model renamed.

e2eTest('upstream saw channel keys and mapped models, never the client key', () => {
  const reqs = ctx.upstream.requests;
  assert.ok(reqs.length >= 9, `upstream got ${reqs.length} requests`);
  for (const r of reqs) {
    const blob = JSON.stringify({ url: r.url, headers: r.headers });
    assert.ok(!blob.includes(CLIENT_KEY), `client key leaked upstream in ${r.method} ${r.url}: ${blob}`);
  }
  const byFormat = (f) => reqs.filter((r) => r.format === f);
  for (const f of Object.keys(MODELS)) assert.ok(byFormat(f).length > 0, `no ${f} request reached the upstream`);
  for (const r of [...byFormat('openai-chat'), ...byFormat('openai-responses')]) {
    assert.equal(r.headers.authorization, `Bearer ${CHANNEL_KEYS[r.format]}`);
    assert.equal(r.body.model, MODELS[r.format].upstream);
  }
  for (const r of byFormat('anthropic')) {
    assert.equal(r.headers['x-api-key'], CHANNEL_KEYS.anthropic);
    assert.equal(r.body.model, MODELS.anthropic.upstream);
  }
  for (const r of byFormat('gemini')) {
    assert.equal(r.headers['x-goog-api-key'] ?? r.query.key, CHANNEL_KEYS.gemini);
    assert.equal(r.model, MODELS.gemini.upstream);
  }
}, { skip: DIRECT && 'direct mode' });

e2eTest('upstream got the anthropic-version header the SDK sent', () => {
  const reqs = ctx.upstream.requests.filter((r) => r.format === 'anthropic');
  assert.ok(reqs.length > 0);
  for (const r of reqs) assert.match(r.headers['anthropic-version'] ?? '', /^\d{4}-\d{2}-\d{2}$/);
});

// ---------------------------------------------------------------------------------------------
// A wrong client key: each SDK's authentication error, nothing sent upstream.

e2eTest('wrong client key: each SDK raises its 401 authentication error', async () => {
  const before = ctx.upstream.requests.length;
  await assert.rejects(
    openai('openai-chat', WRONG_KEY).chat.completions.create({ model: model('openai-chat'), messages: HELLO }),
    (err) => err instanceof OpenAI.AuthenticationError && err.status === 401);
  await assert.rejects(
    openai('openai-responses', WRONG_KEY).responses.create({ model: model('openai-responses'), input: 'hi', stream: true }),
    (err) => err instanceof OpenAI.AuthenticationError && err.status === 401);
  await assert.rejects(
    anthropic(WRONG_KEY).messages.create({ model: model('anthropic'), max_tokens: 16, messages: HELLO }),
    (err) => err instanceof Anthropic.AuthenticationError && err.status === 401);
  await assert.rejects(
    google(WRONG_KEY).models.generateContent({ model: model('gemini'), contents: 'hi' }),
    (err) => err instanceof GoogleApiError && err.status === 401);
  if (!DIRECT) assert.equal(ctx.upstream.requests.length, before, 'a request with a wrong client key reached the upstream');
});

// ---------------------------------------------------------------------------------------------
// Slow upstream: the relay's keep-alives run before the first upstream byte; the SDKs must not mind.

async function rawStream(pathname, headers, body) {
  const res = await fetch(`${ctx.base}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body), signal: AbortSignal.timeout(SDK_TIMEOUT_MS) });
  assert.equal(res.status, 200, `HTTP ${res.status}`);
  return res.text();
}

e2eTest('slow upstream: keep-alives precede the first event (raw bytes)', async () => {
  const slowMsg = [{ role: 'user', content: 'Say hello. [e2e:slow]' }];
  const [anth, chat] = await Promise.all([
    rawStream('/v1/messages', { 'x-api-key': keyFor('anthropic'), 'anthropic-version': '2023-06-01' },
      { model: model('anthropic'), max_tokens: 64, messages: slowMsg, stream: true }),
    rawStream('/v1/chat/completions', { authorization: `Bearer ${keyFor('openai-chat')}` },
      { model: model('openai-chat'), messages: slowMsg, stream: true }),
  ]);
  const beforeStart = anth.slice(0, anth.indexOf('event: message_start'));
  assert.match(beforeStart, /event: ping\r?\ndata: /, 'no anthropic ping before message_start');
  const beforeFirst = chat.slice(0, chat.indexOf('data: {'));
  assert.match(beforeFirst, /^:/m, 'no SSE comment keep-alive before the first chat chunk');
}, { skip: DIRECT && 'direct mode' });

e2eTest('slow upstream: every SDK still assembles the text', async () => {
  const slow = 'Say hello. [e2e:slow]';
  const msgs = [{ role: 'user', content: slow }];
  const results = await Promise.allSettled([
    openai('openai-chat').chat.completions.stream({ model: model('openai-chat'), messages: msgs }).finalContent(),
    openai('openai-responses').responses.stream({ model: model('openai-responses'), input: slow })
      .finalResponse().then((r) => r.output_text),
    anthropic().messages.stream({ model: model('anthropic'), max_tokens: 64, messages: msgs }).finalText(),
    google().models.generateContentStream({ model: model('gemini'), contents: slow }).then(async (s) => {
      let text = '';
      for await (const ch of s) text += ch.text ?? '';
      return text;
    }),
    openai('openai-chat').chat.completions.create({ model: model('openai-chat'), messages: msgs })
      .then((r) => r.choices[0].message.content),
  ]);
  const expected = [CANNED['openai-chat'].text, CANNED['openai-responses'].text, CANNED.anthropic.text,
    CANNED.gemini.text, CANNED['openai-chat'].text];
  const names = ['chat stream', 'responses stream', 'anthropic stream', 'gemini stream', 'chat non-stream'];
  const problems = [];
  results.forEach((r, i) => {
    if (r.status === 'rejected') problems.push(`${names[i]}: ${r.reason?.stack ?? r.reason}`);
    else if (r.value !== expected[i]) problems.push(`${names[i]}: got ${JSON.stringify(r.value)}`);
  });
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// Upstream failure before any output: the client gets an error in its own format.

e2eTest('upstream 500: each SDK raises an API error with a 5xx status', async () => {
  const fail = 'Say hello. [e2e:fail500]';
  const msgs = [{ role: 'user', content: fail }];
  const is5xx = (cls) => (err) => err instanceof cls && err.status >= 500 && err.status <= 599;
  await assert.rejects(openai('openai-chat').chat.completions.create({ model: model('openai-chat'), messages: msgs }),
    is5xx(OpenAI.APIError));
  await assert.rejects(openai('openai-responses').responses.create({ model: model('openai-responses'), input: fail }),
    is5xx(OpenAI.APIError));
  await assert.rejects(anthropic().messages.create({ model: model('anthropic'), max_tokens: 16, messages: msgs }),
    is5xx(Anthropic.APIError));
  await assert.rejects(google().models.generateContent({ model: model('gemini'), contents: fail }),
    is5xx(GoogleApiError));
});

// ---------------------------------------------------------------------------------------------
// Shutdown: SIGTERM ends the relay with exit code 0.

e2eTest('relay exits 0 on SIGTERM', async () => {
  ctx.relay.child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`relay still running ${SHUTDOWN_TIMEOUT_MS} ms after SIGTERM`)), SHUTDOWN_TIMEOUT_MS);
  });
  const { code, signal } = await Promise.race([ctx.relay.exit, timeout]).finally(() => clearTimeout(timer));
  assert.equal(signal, null, `relay died by signal ${signal}`);
  assert.equal(code, 0);
}, { skip: DIRECT && 'direct mode' });
