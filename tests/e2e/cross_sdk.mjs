// Cross-format end-to-end: each real SDK is served by a channel of ANOTHER format, so every
// request and answer goes through the relay's translation (decode -> canonical -> encode).
//
//   OpenAI SDK (chat)            -> gemini channel
//   Google SDK (@google/genai)   -> openai-chat channel
//   Anthropic SDK (messages)     -> openai-responses channel
//
// Each SDK must assemble the upstream's canned text, see the upstream's tool call in its own
// shape, and its tool result must reach the upstream in the upstream's shape, paired with the call.
//
//   RELAYDESK_BINARY=/path/to/relaydesk node --test cross_sdk.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, ApiError as GoogleApiError } from '@google/genai';
import { CANNED, CHANNEL_KEYS, TOOL_CALL } from './upstream.mjs';
import { CLIENT_KEY, channel, upstreamSummary, weatherTool } from './harness.mjs';
import { useRelaySession } from './session.mjs';

const SDK_TIMEOUT_MS = 20000;
const TEST_TIMEOUT_MS = 45000;

// Client-visible model -> channel type and the model name the upstream gets.
const ROUTES = {
  openai: { model: 'x-gemini-for-openai', channel: 'gemini', upstream: 'upstream-gemini-model' },
  google: { model: 'x-chat-for-google', channel: 'openai-chat', upstream: 'upstream-chat-model' },
  anthropic: { model: 'x-responses-for-claude', channel: 'openai-responses', upstream: 'upstream-responses-model' },
};

const TOOL_PROMPT = 'What is the weather in Zürich? [e2e:tool]';
const TOOL_RESULT = { temp_c: 21, sky: 'sonnig ☀', wind: 'Föhn 12 km/h' };

const ctx = useRelaySession({
  channels: (upstream) => Object.values(ROUTES).map((r) => channel({ name: `e2e-${r.channel}`, type: r.channel,
    upstreamUrl: upstream.url, models: [r.model], modelMap: { [r.model]: r.upstream } })),
});

function e2eTest(name, fn) {
  test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
    const from = ctx.upstream.requests.length;
    try {
      await fn(() => ctx.upstream.requests.slice(from));
    } catch (err) {
      ctx.failed = true;
      err.message += `\nupstream requests of this test:\n${upstreamSummary(ctx.upstream.requests.slice(from))}`;
      throw err;
    }
  });
}

const openai = () => new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${ctx.relay.base}/v1`, maxRetries: 0, timeout: SDK_TIMEOUT_MS });
const anthropic = () => new Anthropic({ apiKey: CLIENT_KEY, baseURL: ctx.relay.base, maxRetries: 0, timeout: SDK_TIMEOUT_MS });
const google = () => new GoogleGenAI({ apiKey: CLIENT_KEY, vertexai: false,
  httpOptions: { baseUrl: ctx.relay.base, timeout: SDK_TIMEOUT_MS } });

// Every request of a test reached the upstream in the channel's format, with the channel's key
// and the mapped model; returns them.
function upstreamRequests(requests, route) {
  assert.ok(requests.length > 0, 'nothing reached the upstream');
  for (const r of requests) {
    assert.equal(r.format, route.channel, `upstream got ${r.method} ${r.url}, not a ${route.channel} request`);
    assert.equal(r.model, route.upstream);
    assert.ok(!JSON.stringify(r.headers).includes(CLIENT_KEY), 'client key leaked upstream');
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------
// OpenAI SDK (Chat Completions) served by a gemini channel.

e2eTest('openai chat via gemini: non-stream text, finish_reason, usage, model echoed', async (seen) => {
  const c = CANNED.gemini;
  const r = await openai().chat.completions.create({ model: ROUTES.openai.model,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello.' }] });
  assert.equal(r.choices[0].message.content, c.text);
  assert.equal(r.choices[0].finish_reason, 'stop');
  assert.equal(r.model, ROUTES.openai.model);
  assert.equal(r.usage.prompt_tokens, c.usage.promptTokenCount);
  // Gemini counts thoughts apart from candidates; OpenAI's completion_tokens include reasoning.
  assert.equal(r.usage.completion_tokens, c.usage.candidatesTokenCount + c.usage.thoughtsTokenCount);
  assert.equal(r.usage.total_tokens, c.usage.totalTokenCount);
  const [up] = upstreamRequests(seen(), ROUTES.openai);
  assert.deepEqual(up.body.contents, [{ role: 'user', parts: [{ text: 'Say hello.' }] }]);
  assert.match(JSON.stringify(up.body.systemInstruction ?? up.body.system_instruction), /Be brief\./);
});

e2eTest('openai chat via gemini: stream chunks, role first, usage chunk last', async (seen) => {
  const c = CANNED.gemini;
  const stream = await openai().chat.completions.create({ model: ROUTES.openai.model,
    messages: [{ role: 'user', content: 'Say hello.' }], stream: true, stream_options: { include_usage: true } });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.equal(chunks[0].choices[0]?.delta?.role, 'assistant');
  assert.equal(chunks.map((ch) => ch.choices[0]?.delta?.content ?? '').join(''), c.text);
  assert.ok(chunks.some((ch) => ch.choices[0]?.finish_reason === 'stop'), 'no finish_reason=stop chunk');
  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.equal(last.usage?.prompt_tokens, c.usage.promptTokenCount);
  assert.equal(last.usage?.total_tokens, c.usage.totalTokenCount);
  upstreamRequests(seen(), ROUTES.openai);
});

e2eTest('openai chat via gemini: tool call round trip, stream and not', async (seen) => {
  const body = { model: ROUTES.openai.model, messages: [{ role: 'user', content: TOOL_PROMPT }],
    tools: [weatherTool('openai-chat')] };
  const plain = await openai().chat.completions.create(body);
  const streamed = await openai().chat.completions.stream(body).finalChatCompletion();
  for (const c of [plain, streamed]) {
    assert.equal(c.choices[0].finish_reason, 'tool_calls');
    const call = c.choices[0].message.tool_calls?.[0];
    assert.equal(call?.function.name, TOOL_CALL.name);
    assert.deepEqual(JSON.parse(call.function.arguments), TOOL_CALL.args);
    assert.ok(call.id, 'tool call without id');
  }
  const first = upstreamRequests(seen(), ROUTES.openai)[0];
  const decl = first.body.tools?.flatMap((t) => t.functionDeclarations ?? [])[0];
  assert.equal(decl?.name, TOOL_CALL.name);
  assert.ok(JSON.stringify(decl).includes('"city"'), `tool schema lost: ${JSON.stringify(decl)}`);

  const assistant = streamed.choices[0].message;
  const turn2 = await openai().chat.completions.create({ model: ROUTES.openai.model, tools: body.tools, messages: [
    ...body.messages,
    { role: 'assistant', content: assistant.content, tool_calls: assistant.tool_calls },
    { role: 'tool', tool_call_id: assistant.tool_calls[0].id, content: JSON.stringify(TOOL_RESULT) },
  ] });
  assert.equal(turn2.choices[0].message.content, CANNED.gemini.text);
  const parts = seen().at(-1).body.contents.flatMap((ct) => ct.parts ?? []);
  const fc = parts.find((p) => p.functionCall)?.functionCall;
  const fr = parts.find((p) => p.functionResponse)?.functionResponse;
  assert.equal(fc?.name, TOOL_CALL.name);
  assert.deepEqual(fc.args, TOOL_CALL.args);
  assert.equal(fr?.name, TOOL_CALL.name, `functionResponse not named for its call: ${JSON.stringify(fr)}`);
  assert.ok(JSON.stringify(fr.response).includes('sonnig ☀'), `tool result lost: ${JSON.stringify(fr)}`);
});

// ---------------------------------------------------------------------------------------------
// Google SDK (@google/genai) served by an openai-chat channel.

e2eTest('google generateContentStream via openai-chat: text, finishReason, usageMetadata', async (seen) => {
  const c = CANNED['openai-chat'];
  const stream = await google().models.generateContentStream({ model: ROUTES.google.model, contents: 'Say hello.',
    config: { systemInstruction: 'Be brief.', temperature: 0.2, maxOutputTokens: 300 } });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.equal(chunks.map((ch) => ch.text ?? '').join(''), c.text);
  const last = chunks.at(-1);
  assert.equal(last.candidates?.[0]?.finishReason, 'STOP');
  assert.equal(last.usageMetadata?.promptTokenCount, c.usage.prompt_tokens);
  assert.equal(last.usageMetadata?.candidatesTokenCount, c.usage.completion_tokens);
  assert.equal(last.usageMetadata?.totalTokenCount, c.usage.total_tokens);
  assert.equal(last.usageMetadata?.cachedContentTokenCount, c.usage.prompt_tokens_details.cached_tokens);
  const [up] = upstreamRequests(seen(), ROUTES.google);
  assert.equal(up.body.stream, true);
  assert.deepEqual(up.body.messages.at(-1), { role: 'user', content: 'Say hello.' });
  assert.match(up.body.messages[0].role, /^(system|developer)$/);
  assert.match(JSON.stringify(up.body.messages[0].content), /Be brief\./);
  assert.equal(up.body.temperature, 0.2);
  assert.equal(up.body.max_tokens ?? up.body.max_completion_tokens, 300);
});

e2eTest('google generateContent via openai-chat: text, finishReason, usageMetadata', async (seen) => {
  const c = CANNED['openai-chat'];
  const r = await google().models.generateContent({ model: ROUTES.google.model, contents: 'Say hello.' });
  assert.equal(r.text, c.text);
  assert.equal(r.candidates?.[0]?.finishReason, 'STOP');
  assert.equal(r.usageMetadata?.promptTokenCount, c.usage.prompt_tokens);
  assert.equal(r.usageMetadata?.candidatesTokenCount, c.usage.completion_tokens);
  assert.equal(r.usageMetadata?.totalTokenCount, c.usage.total_tokens);
  upstreamRequests(seen(), ROUTES.google);
});

e2eTest('google via openai-chat: functionCall round trip, stream and not', async (seen) => {
  const req = { model: ROUTES.google.model, contents: TOOL_PROMPT, config: { tools: [weatherTool('gemini')] } };
  const plain = await google().models.generateContent(req);
  let streamedContent = null;
  const streamedCalls = [];
  for await (const chunk of await google().models.generateContentStream(req)) {
    streamedCalls.push(...(chunk.functionCalls ?? []));
    if (chunk.functionCalls?.length) streamedContent = chunk.candidates[0].content;
  }
  for (const call of [plain.functionCalls?.[0], streamedCalls[0]]) {
    assert.equal(call?.name, TOOL_CALL.name);
    assert.deepEqual(call.args, TOOL_CALL.args);
  }
  assert.equal(streamedCalls.length, 1, `expected one function call, got ${JSON.stringify(streamedCalls)}`);
  const first = upstreamRequests(seen(), ROUTES.google)[0];
  const fn = first.body.tools?.[0]?.function;
  assert.equal(fn?.name, TOOL_CALL.name);
  assert.equal(fn.parameters?.properties?.city?.type, 'string', `Gemini schema not converted: ${JSON.stringify(fn)}`);

  const turn2 = await google().models.generateContent({ model: ROUTES.google.model,
    config: { tools: [weatherTool('gemini')] }, contents: [
      { role: 'user', parts: [{ text: TOOL_PROMPT }] },
      plain.candidates[0].content,
      { role: 'user', parts: [{ functionResponse: { name: TOOL_CALL.name, response: TOOL_RESULT } }] },
    ] });
  assert.equal(turn2.text, CANNED['openai-chat'].text);
  assert.ok(streamedContent, 'no streamed chunk carried the function call');
  // Gemini has no call ids: the relay must invent one and use it on both sides of the pair.
  const msgs = seen().at(-1).body.messages;
  const call = msgs.find((m) => m.role === 'assistant')?.tool_calls?.[0];
  const result = msgs.find((m) => m.role === 'tool');
  assert.equal(call?.function?.name, TOOL_CALL.name);
  assert.deepEqual(JSON.parse(call.function.arguments), TOOL_CALL.args);
  assert.ok(call.id, 'assistant tool call without id');
  assert.equal(result?.tool_call_id, call.id, 'tool result not paired with its call');
  assert.ok(JSON.stringify(result.content).includes('sonnig ☀'), `tool result lost: ${JSON.stringify(result)}`);
});

// ---------------------------------------------------------------------------------------------
// Anthropic SDK (Messages) served by an openai-responses channel.

e2eTest('anthropic messages.stream via openai-responses: text, stop_reason, usage, events', async (seen) => {
  const c = CANNED['openai-responses'];
  const stream = anthropic().messages.stream({ model: ROUTES.anthropic.model, max_tokens: 512,
    system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello.' }] });
  const types = [];
  stream.on('streamEvent', (ev) => types.push(ev.type));
  assert.equal(await stream.finalText(), c.text);
  const msg = await stream.finalMessage();
  assert.equal(msg.stop_reason, 'end_turn');
  assert.equal(msg.model, ROUTES.anthropic.model);
  assert.equal(types[0], 'message_start');
  assert.equal(types.at(-1), 'message_stop');
  // Anthropic's input_tokens exclude cache reads; Responses' input_tokens include them.
  const cached = c.usage.input_tokens_details.cached_tokens;
  assert.equal(msg.usage.cache_read_input_tokens, cached);
  assert.equal(msg.usage.input_tokens, c.usage.input_tokens - cached);
  assert.equal(msg.usage.output_tokens, c.usage.output_tokens);
  const [up] = upstreamRequests(seen(), ROUTES.anthropic);
  assert.equal(up.body.stream, true);
  assert.match(JSON.stringify(up.body.instructions ?? up.body.input), /Be brief\./);
  assert.equal(up.body.max_output_tokens, 512);
});

e2eTest('anthropic messages.create via openai-responses: text, stop_reason, usage', async (seen) => {
  const c = CANNED['openai-responses'];
  const m = await anthropic().messages.create({ model: ROUTES.anthropic.model, max_tokens: 256,
    messages: [{ role: 'user', content: 'Say hello.' }] });
  assert.equal(m.content.filter((b) => b.type === 'text').map((b) => b.text).join(''), c.text);
  assert.equal(m.stop_reason, 'end_turn');
  assert.equal(m.usage.output_tokens, c.usage.output_tokens);
  upstreamRequests(seen(), ROUTES.anthropic);
});

e2eTest('anthropic via openai-responses: tool_use round trip, stream and not', async (seen) => {
  const body = { model: ROUTES.anthropic.model, max_tokens: 512, tools: [weatherTool('anthropic')],
    messages: [{ role: 'user', content: TOOL_PROMPT }] };
  const plain = await anthropic().messages.create(body);
  const streamed = await anthropic().messages.stream(body).finalMessage();
  for (const m of [plain, streamed]) {
    assert.equal(m.stop_reason, 'tool_use');
    const use = m.content.find((b) => b.type === 'tool_use');
    assert.equal(use?.name, TOOL_CALL.name);
    assert.deepEqual(use.input, TOOL_CALL.args);
    assert.ok(use.id, 'tool_use without id');
  }
  const first = upstreamRequests(seen(), ROUTES.anthropic)[0];
  const tool = first.body.tools?.[0];
  assert.equal(tool?.type, 'function');
  assert.equal(tool.name, TOOL_CALL.name);
  assert.equal(tool.parameters?.properties?.city?.type, 'string');

  const use = streamed.content.find((b) => b.type === 'tool_use');
  const turn2 = await anthropic().messages.create({ ...body, messages: [
    ...body.messages,
    { role: 'assistant', content: streamed.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: JSON.stringify(TOOL_RESULT) }] },
  ] });
  assert.equal(turn2.content.filter((b) => b.type === 'text').map((b) => b.text).join(''), CANNED['openai-responses'].text);
  const input = seen().at(-1).body.input;
  assert.ok(Array.isArray(input), 'Responses input is not an item list');
  const call = input.find((i) => i.type === 'function_call');
  const output = input.find((i) => i.type === 'function_call_output');
  assert.equal(call?.name, TOOL_CALL.name);
  assert.deepEqual(JSON.parse(call.arguments), TOOL_CALL.args);
  assert.equal(output?.call_id, call.call_id, 'function_call_output not paired with its function_call');
  assert.ok(JSON.stringify(output.output).includes('sonnig ☀'), `tool result lost: ${JSON.stringify(output)}`);
});

// ---------------------------------------------------------------------------------------------
// An upstream error in the channel's format reaches each SDK as its own API error.

e2eTest('upstream 500 in the channel format: each SDK raises its own 5xx API error', async (seen) => {
  const fail = 'Say hello. [e2e:fail500]';
  const is5xx = (cls) => (err) => err instanceof cls && err.status >= 500 && err.status <= 599;
  await assert.rejects(openai().chat.completions.create({ model: ROUTES.openai.model,
    messages: [{ role: 'user', content: fail }] }), is5xx(OpenAI.APIError));
  await assert.rejects(anthropic().messages.create({ model: ROUTES.anthropic.model, max_tokens: 16,
    messages: [{ role: 'user', content: fail }] }), is5xx(Anthropic.APIError));
  await assert.rejects(google().models.generateContent({ model: ROUTES.google.model, contents: fail }),
    (err) => err instanceof GoogleApiError && err.status >= 500 && err.status <= 599);
  assert.ok(seen().length >= 3, 'the failing requests did not reach the upstream');
});

test('every upstream request carried the channel key', () => {
  for (const r of ctx.upstream.requests) {
    const key = r.headers.authorization?.replace(/^Bearer /, '') ?? r.headers['x-api-key'] ?? r.headers['x-goog-api-key'] ?? r.query.key;
    assert.equal(key, CHANNEL_KEYS[r.format], `${r.method} ${r.url}`);
  }
});
