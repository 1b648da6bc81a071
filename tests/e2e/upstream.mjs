// Scripted upstream for the end-to-end tests: one node:http server that answers the four
// provider formats (OpenAI Chat Completions, OpenAI Responses, Anthropic Messages, Gemini)
// with canned, realistic bodies, streamed and not, and records every request it gets so the
// tests can check what the relay forwarded (model renamed, channel key instead of client key).
//
// Run standalone for manual poking:  node upstream.mjs [port]
//
// Markers a test can put anywhere in the request body (the relay forwards or translates them):
//   [e2e:slow]       wait SLOW_FIRST_BYTE_MS before the first byte (lets the relay's keep-alives run)
//   [e2e:fail500]    answer HTTP 500 with the format's own error body
//   [e2e:tool]       answer with TOOL_TURN (a text preamble and a call to TOOL_CALL.name) in the
//                    format's own tool-call shape, unless the request already carries a tool result:
//                    then the format's canned text, so a two-turn tool round trip needs no script
// A test that needs a conversation (the CLI tests) sets `upstream.script = (record) => reply`:
// reply is { thinking: { text, signature }, text, toolCalls: [{ id, name, args }] } (answered in the
// request's format, streamed or not as asked; thinking is an Anthropic thinking block or a Responses
// reasoning item whose encrypted_content is the signature; chat and Gemini leave it out),
// or { status, body } verbatim, or undefined for the canned answer.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SLOW_FIRST_BYTE_MS = 2500;

// The keys the relay's channels hold; the upstream accepts nothing else.
export const CHANNEL_KEYS = {
  'openai-chat': 'sk-upstream-chat-0123456789abcdef',
  'openai-responses': 'sk-upstream-responses-0123456789abcdef',
  anthropic: 'sk-ant-upstream-0123456789abcdef',
  gemini: 'AIzaUpstreamGemini0123456789abcdef',
};

// Texts carry multi-byte UTF-8 (and one astral-plane character) so that a relay which cuts
// or re-encodes bytes badly is caught; each format has its own so cross-wiring is caught too.
export const CANNED = {
  'openai-chat': {
    text: 'Hello from the scripted chat upstream. Ünïcødé ✓ 你好, 🚀 world!',
    usage: {
      prompt_tokens: 19, completion_tokens: 11, total_tokens: 30,
      prompt_tokens_details: { cached_tokens: 3, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0,
        accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
  },
  'openai-responses': {
    text: 'Responses upstream says hi — «ça marche» ✓ 🚀 über alles.',
    reasoning: 'The user greets me; answer briefly.',
    usage: {
      input_tokens: 21, input_tokens_details: { cached_tokens: 4 },
      output_tokens: 13, output_tokens_details: { reasoning_tokens: 5 },
      total_tokens: 34,
    },
  },
  anthropic: {
    text: 'Claude-shaped upstream here: ¡hola! ✓ こんにちは 🚀 done.',
    thinking: 'Short greeting requested; keep it friendly.',
    signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
    usage: { input_tokens: 17, cache_creation_input_tokens: 0, cache_read_input_tokens: 6, output_tokens: 12 },
  },
  gemini: {
    text: 'Gemini upstream reporting: grüß dich ✓ 안녕 🚀 end.',
    thought: 'Plan: greet the user.',
    usage: { promptTokenCount: 15, candidatesTokenCount: 10, thoughtsTokenCount: 4, totalTokenCount: 29,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 15 }] },
  },
};

// The tool call the [e2e:tool] marker answers with; arguments carry non-ASCII and nesting so a
// relay that re-encodes argument JSON badly is caught.
export const TOOL_CALL = {
  name: 'get_weather',
  args: { city: 'Zürich', days: 3, units: 'metric', tags: ['föhn', '☀'], detail: { hourly: true } },
};
export const TOOL_TURN = { text: 'Let me check the weather.', toolCalls: [{ id: 'call_e2eWeather0001', ...TOOL_CALL }] };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Splits into pieces of a few code points (never inside a surrogate pair) to make deltas.
export function pieces(text, size = 6) {
  const cps = Array.from(text);
  const out = [];
  for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
  return out;
}

function now() { return Math.floor(Date.now() / 1000); }
function hexId(n = 24) { return randomUUID().replace(/-/g, '').slice(0, n); }

// ---------------------------------------------------------------------------------------------
// Error bodies in each format's own shape.

function errorBody(format, status, message) {
  if (format === 'anthropic') {
    const type = status === 401 ? 'authentication_error' : status === 404 ? 'not_found_error'
      : status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    return { type: 'error', error: { type, message } };
  }
  if (format === 'gemini') {
    const statusName = status === 401 ? 'UNAUTHENTICATED' : status === 404 ? 'NOT_FOUND'
      : status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
    return { error: { code: status, message, status: statusName } };
  }
  const type = status === 401 ? 'invalid_request_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code = status === 401 ? 'invalid_api_key' : status === 404 ? 'model_not_found' : null;
  return { error: { message, type, param: null, code } };
}

// ---------------------------------------------------------------------------------------------
// Event scripts: each returns the list of SSE frames (strings) for one streamed answer.

function sse(data, event) {
  return (event ? `event: ${event}\n` : '') + `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

function chatFrames(model, includeUsage) {
  const c = CANNED['openai-chat'];
  const id = `chatcmpl-${hexId(29)}`;
  const created = now();
  const base = { id, object: 'chat.completion.chunk', created, model, service_tier: 'default',
    system_fingerprint: 'fp_e2e0000001' };
  const chunk = (delta, finish, extra = {}) => ({ ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra,
    ...(includeUsage ? { usage: null } : {}) });
  const frames = [sse(chunk({ role: 'assistant', content: '', refusal: null }, null))];
  frames.push(': OPENROUTER PROCESSING\n\n'); // SSE comment, as some upstreams send
  for (const p of pieces(c.text)) frames.push(sse(chunk({ content: p }, null)));
  frames.push(sse(chunk({}, 'stop')));
  if (includeUsage) frames.push(sse({ ...base, choices: [], usage: c.usage }));
  frames.push(sse('[DONE]'));
  return frames;
}

function chatJson(model) {
  const c = CANNED['openai-chat'];
  return {
    id: `chatcmpl-${hexId(29)}`, object: 'chat.completion', created: now(), model,
    choices: [{ index: 0, message: { role: 'assistant', content: c.text, refusal: null, annotations: [] },
      logprobs: null, finish_reason: 'stop' }],
    usage: c.usage, service_tier: 'default', system_fingerprint: 'fp_e2e0000001',
  };
}

function responseObject(id, model, status, output, usage) {
  return {
    id, object: 'response', created_at: now(), status, background: false, error: null,
    incomplete_details: null, instructions: null, max_output_tokens: null, max_tool_calls: null,
    model, output, parallel_tool_calls: true, previous_response_id: null,
    reasoning: { effort: 'low', summary: 'auto' }, service_tier: 'default', store: false,
    temperature: 1, text: { format: { type: 'text' }, verbosity: 'medium' }, tool_choice: 'auto',
    tools: [], top_logprobs: 0, top_p: 1, truncation: 'disabled', usage, user: null, metadata: {},
  };
}

function responsesItems() {
  const c = CANNED['openai-responses'];
  const reasoning = { id: `rs_${hexId(40)}`, type: 'reasoning', status: 'completed',
    summary: [{ type: 'summary_text', text: c.reasoning }] };
  const message = { id: `msg_${hexId(40)}`, type: 'message', status: 'completed', role: 'assistant',
    content: [{ type: 'output_text', text: c.text, annotations: [], logprobs: [] }] };
  return { reasoning, message };
}

function responsesFrames(model) {
  const c = CANNED['openai-responses'];
  const id = `resp_${hexId(40)}`;
  const { reasoning, message } = responsesItems();
  let seq = 0;
  const ev = (type, body) => sse({ type, sequence_number: seq++, ...body }, type);
  const frames = [
    ev('response.created', { response: responseObject(id, model, 'in_progress', [], null) }),
    ev('response.in_progress', { response: responseObject(id, model, 'in_progress', [], null) }),
    ev('response.output_item.added', { output_index: 0,
      item: { id: reasoning.id, type: 'reasoning', status: 'in_progress', summary: [] } }),
    ev('response.reasoning_summary_part.added', { item_id: reasoning.id, output_index: 0, summary_index: 0,
      part: { type: 'summary_text', text: '' } }),
  ];
  for (const p of pieces(c.reasoning, 9)) {
    frames.push(ev('response.reasoning_summary_text.delta', { item_id: reasoning.id, output_index: 0,
      summary_index: 0, delta: p, obfuscation: 'x1y2' }));
  }
  frames.push(
    ev('response.reasoning_summary_text.done', { item_id: reasoning.id, output_index: 0, summary_index: 0,
      text: c.reasoning }),
    ev('response.reasoning_summary_part.done', { item_id: reasoning.id, output_index: 0, summary_index: 0,
      part: { type: 'summary_text', text: c.reasoning } }),
    ev('response.output_item.done', { output_index: 0, item: reasoning }),
    ev('response.output_item.added', { output_index: 1,
      item: { id: message.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }),
    ev('response.content_part.added', { item_id: message.id, output_index: 1, content_index: 0,
      part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }),
  );
  for (const p of pieces(c.text)) {
    frames.push(ev('response.output_text.delta', { item_id: message.id, output_index: 1, content_index: 0,
      delta: p, logprobs: [], obfuscation: 'ab12' }));
  }
  frames.push(
    ev('response.output_text.done', { item_id: message.id, output_index: 1, content_index: 0,
      text: c.text, logprobs: [] }),
    ev('response.content_part.done', { item_id: message.id, output_index: 1, content_index: 0,
      part: message.content[0] }),
    ev('response.output_item.done', { output_index: 1, item: message }),
    ev('response.completed', { response: responseObject(id, model, 'completed', [reasoning, message], c.usage) }),
  );
  return frames;
}

function responsesJson(model) {
  const { reasoning, message } = responsesItems();
  return responseObject(`resp_${hexId(40)}`, model, 'completed', [reasoning, message],
    CANNED['openai-responses'].usage);
}

function anthropicFrames(model) {
  const c = CANNED.anthropic;
  const ev = (type, body) => sse({ type, ...body }, type);
  const frames = [
    ev('message_start', { message: { id: `msg_01${hexId(22)}`, type: 'message', role: 'assistant', model,
      content: [], stop_reason: null, stop_sequence: null,
      usage: { ...c.usage, output_tokens: 1, service_tier: 'standard' } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    'event: ping\ndata: {"type": "ping"}\n\n',
  ];
  for (const p of pieces(c.thinking, 10)) {
    frames.push(ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: p } }));
  }
  frames.push(
    ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: c.signature } }),
    ev('content_block_stop', { index: 0 }),
    ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
  );
  for (const p of pieces(c.text)) {
    frames.push(ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: p } }));
  }
  frames.push(
    ev('content_block_stop', { index: 1 }),
    ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: c.usage.output_tokens } }),
    ev('message_stop', {}),
  );
  return frames;
}

function anthropicJson(model) {
  const c = CANNED.anthropic;
  return {
    id: `msg_01${hexId(22)}`, type: 'message', role: 'assistant', model,
    content: [{ type: 'thinking', thinking: c.thinking, signature: c.signature }, { type: 'text', text: c.text }],
    stop_reason: 'end_turn', stop_sequence: null, usage: { ...c.usage, service_tier: 'standard' },
  };
}

function geminiChunk(model, responseId, parts, finishReason, usage) {
  const candidate = { content: { parts, role: 'model' }, index: 0 };
  if (finishReason) candidate.finishReason = finishReason;
  return { candidates: [candidate], usageMetadata: usage, modelVersion: model, responseId };
}

// Google's endpoint separates SSE events with CRLF CRLF; the relay has to cope with that.
function geminiFrames(model) {
  const c = CANNED.gemini;
  const rid = hexId(22);
  const partial = { promptTokenCount: c.usage.promptTokenCount, totalTokenCount: c.usage.promptTokenCount,
    promptTokensDetails: c.usage.promptTokensDetails };
  const frame = (obj) => `data: ${JSON.stringify(obj)}\r\n\r\n`;
  const frames = [frame(geminiChunk(model, rid, [{ text: c.thought, thought: true }], null, partial))];
  const ps = pieces(c.text, 8);
  ps.forEach((p, i) => {
    const last = i === ps.length - 1;
    frames.push(frame(geminiChunk(model, rid, [{ text: p }], last ? 'STOP' : null, last ? c.usage : partial)));
  });
  return frames;
}

function geminiJson(model) {
  const c = CANNED.gemini;
  return geminiChunk(model, hexId(22), [{ text: c.thought, thought: true }, { text: c.text }], 'STOP', c.usage);
}

// ---------------------------------------------------------------------------------------------
// Scripted answers: { thinking, text, toolCalls: [{ id, name, args }] } in each format, streamed or not.
// Tool-call ids are the scripted one in the format's own spelling (call_/toolu_/fc_ prefixes).

const SCRIPTED_USAGE = { input: 42, output: 17, cached: 0 };

function argsJson(call) { return JSON.stringify(call.args ?? {}); }
function idSuffix(call) { return String(call.id).replace(/^(call_|toolu_|fc_)/, ''); }

function chatScriptedFrames(model, reply, includeUsage) {
  const id = `chatcmpl-${hexId(29)}`;
  const base = { id, object: 'chat.completion.chunk', created: now(), model, system_fingerprint: 'fp_e2e0000001' };
  const chunk = (delta, finish) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const frames = [sse(chunk({ role: 'assistant', content: '' }, null))];
  for (const p of pieces(reply.text ?? '')) frames.push(sse(chunk({ content: p }, null)));
  (reply.toolCalls ?? []).forEach((call, index) => {
    frames.push(sse(chunk({ tool_calls: [{ index, id: `call_${idSuffix(call)}`, type: 'function',
      function: { name: call.name, arguments: '' } }] }, null)));
    for (const p of pieces(argsJson(call), 7)) {
      frames.push(sse(chunk({ tool_calls: [{ index, function: { arguments: p } }] }, null)));
    }
  });
  frames.push(sse(chunk({}, reply.toolCalls?.length ? 'tool_calls' : 'stop')));
  if (includeUsage) {
    frames.push(sse({ ...base, choices: [], usage: { prompt_tokens: SCRIPTED_USAGE.input,
      completion_tokens: SCRIPTED_USAGE.output, total_tokens: SCRIPTED_USAGE.input + SCRIPTED_USAGE.output } }));
  }
  frames.push(sse('[DONE]'));
  return frames;
}

function chatScriptedJson(model, reply) {
  const calls = (reply.toolCalls ?? []).map((call) => ({ id: `call_${idSuffix(call)}`, type: 'function',
    function: { name: call.name, arguments: argsJson(call) } }));
  const message = { role: 'assistant', content: reply.text || null, refusal: null };
  if (calls.length) message.tool_calls = calls;
  return { id: `chatcmpl-${hexId(29)}`, object: 'chat.completion', created: now(), model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: calls.length ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: SCRIPTED_USAGE.input, completion_tokens: SCRIPTED_USAGE.output,
      total_tokens: SCRIPTED_USAGE.input + SCRIPTED_USAGE.output } };
}

function responsesScriptedItems(reply) {
  const items = [];
  if (reply.thinking) {
    items.push({ id: `rs_${hexId(40)}`, type: 'reasoning', status: 'completed',
      summary: [{ type: 'summary_text', text: reply.thinking.text }], encrypted_content: reply.thinking.signature });
  }
  if (reply.text) {
    items.push({ id: `msg_${hexId(40)}`, type: 'message', status: 'completed', role: 'assistant',
      content: [{ type: 'output_text', text: reply.text, annotations: [], logprobs: [] }] });
  }
  for (const call of reply.toolCalls ?? []) {
    items.push({ id: `fc_${hexId(40)}`, type: 'function_call', status: 'completed',
      call_id: `call_${idSuffix(call)}`, name: call.name, arguments: argsJson(call) });
  }
  return items;
}

const RESPONSES_SCRIPTED_USAGE = { input_tokens: SCRIPTED_USAGE.input, input_tokens_details: { cached_tokens: 0 },
  output_tokens: SCRIPTED_USAGE.output, output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: SCRIPTED_USAGE.input + SCRIPTED_USAGE.output };

function responsesScriptedFrames(model, reply) {
  const id = `resp_${hexId(40)}`;
  const items = responsesScriptedItems(reply);
  let seq = 0;
  const ev = (type, body) => sse({ type, sequence_number: seq++, ...body }, type);
  const frames = [
    ev('response.created', { response: responseObject(id, model, 'in_progress', [], null) }),
    ev('response.in_progress', { response: responseObject(id, model, 'in_progress', [], null) }),
  ];
  items.forEach((item, output_index) => {
    if (item.type === 'reasoning') {
      const text = item.summary[0].text;
      frames.push(ev('response.output_item.added', { output_index,
        item: { id: item.id, type: 'reasoning', status: 'in_progress', summary: [] } }),
      ev('response.reasoning_summary_part.added', { item_id: item.id, output_index, summary_index: 0,
        part: { type: 'summary_text', text: '' } }));
      for (const p of pieces(text, 9)) {
        frames.push(ev('response.reasoning_summary_text.delta', { item_id: item.id, output_index, summary_index: 0,
          delta: p }));
      }
      frames.push(ev('response.reasoning_summary_text.done', { item_id: item.id, output_index, summary_index: 0, text }),
        ev('response.reasoning_summary_part.done', { item_id: item.id, output_index, summary_index: 0,
          part: item.summary[0] }));
    } else if (item.type === 'message') {
      const text = item.content[0].text;
      frames.push(ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } }),
        ev('response.content_part.added', { item_id: item.id, output_index, content_index: 0,
          part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }));
      for (const p of pieces(text)) {
        frames.push(ev('response.output_text.delta', { item_id: item.id, output_index, content_index: 0,
          delta: p, logprobs: [] }));
      }
      frames.push(ev('response.output_text.done', { item_id: item.id, output_index, content_index: 0, text, logprobs: [] }),
        ev('response.content_part.done', { item_id: item.id, output_index, content_index: 0, part: item.content[0] }));
    } else {
      frames.push(ev('response.output_item.added', { output_index,
        item: { ...item, status: 'in_progress', arguments: '' } }));
      for (const p of pieces(item.arguments, 7)) {
        frames.push(ev('response.function_call_arguments.delta', { item_id: item.id, output_index, delta: p }));
      }
      frames.push(ev('response.function_call_arguments.done', { item_id: item.id, output_index,
        arguments: item.arguments }));
    }
    frames.push(ev('response.output_item.done', { output_index, item }));
  });
  frames.push(ev('response.completed', { response: responseObject(id, model, 'completed', items,
    RESPONSES_SCRIPTED_USAGE) }));
  return frames;
}

function responsesScriptedJson(model, reply) {
  return responseObject(`resp_${hexId(40)}`, model, 'completed', responsesScriptedItems(reply),
    RESPONSES_SCRIPTED_USAGE);
}

function anthropicScriptedBlocks(reply) {
  const blocks = [];
  if (reply.thinking) blocks.push({ type: 'thinking', thinking: reply.thinking.text, signature: reply.thinking.signature });
  if (reply.text) blocks.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls ?? []) {
    blocks.push({ type: 'tool_use', id: `toolu_${idSuffix(call)}`, name: call.name, input: call.args ?? {} });
  }
  return blocks;
}

function anthropicScriptedFrames(model, reply) {
  const ev = (type, body) => sse({ type, ...body }, type);
  const blocks = anthropicScriptedBlocks(reply);
  const frames = [ev('message_start', { message: { id: `msg_01${hexId(22)}`, type: 'message', role: 'assistant',
    model, content: [], stop_reason: null, stop_sequence: null,
    usage: { input_tokens: SCRIPTED_USAGE.input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0,
      output_tokens: 1 } } })];
  blocks.forEach((block, index) => {
    if (block.type === 'thinking') {
      frames.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const p of pieces(block.thinking, 10)) {
        frames.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: p } }));
      }
      frames.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } }));
    } else if (block.type === 'text') {
      frames.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      for (const p of pieces(block.text)) {
        frames.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: p } }));
      }
    } else {
      frames.push(ev('content_block_start', { index, content_block: { ...block, input: {} } }));
      for (const p of pieces(JSON.stringify(block.input), 7)) {
        frames.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: p } }));
      }
    }
    frames.push(ev('content_block_stop', { index }));
  });
  const tool = blocks.some((b) => b.type === 'tool_use');
  frames.push(ev('message_delta', { delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: SCRIPTED_USAGE.output } }), ev('message_stop', {}));
  return frames;
}

function anthropicScriptedJson(model, reply) {
  const content = anthropicScriptedBlocks(reply);
  return { id: `msg_01${hexId(22)}`, type: 'message', role: 'assistant', model, content,
    stop_reason: content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn', stop_sequence: null,
    usage: { input_tokens: SCRIPTED_USAGE.input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0,
      output_tokens: SCRIPTED_USAGE.output } };
}

// Gemini has no tool-call ids on the wire: the function call is identified by name.
function geminiScriptedParts(reply) {
  const parts = reply.text ? [{ text: reply.text }] : [];
  for (const call of reply.toolCalls ?? []) parts.push({ functionCall: { name: call.name, args: call.args ?? {} } });
  return parts;
}

const GEMINI_SCRIPTED_USAGE = { promptTokenCount: SCRIPTED_USAGE.input, candidatesTokenCount: SCRIPTED_USAGE.output,
  totalTokenCount: SCRIPTED_USAGE.input + SCRIPTED_USAGE.output };

function geminiScriptedFrames(model, reply) {
  const rid = hexId(22);
  const frame = (obj) => `data: ${JSON.stringify(obj)}\r\n\r\n`;
  const partial = { promptTokenCount: SCRIPTED_USAGE.input, totalTokenCount: SCRIPTED_USAGE.input };
  const frames = pieces(reply.text ?? '', 8).map((p) => frame(geminiChunk(model, rid, [{ text: p }], null, partial)));
  const calls = geminiScriptedParts({ toolCalls: reply.toolCalls });
  frames.push(frame(geminiChunk(model, rid, calls.length ? calls : [{ text: '' }], 'STOP', GEMINI_SCRIPTED_USAGE)));
  return frames;
}

function geminiScriptedJson(model, reply) {
  return geminiChunk(model, hexId(22), geminiScriptedParts(reply), 'STOP', GEMINI_SCRIPTED_USAGE);
}

// Whether a request (in its own format) already carries the result of a tool call.
export function hasToolResult(format, body) {
  const json = JSON.stringify(body ?? {});
  if (format === 'openai-chat') return (body?.messages ?? []).some((m) => m.role === 'tool');
  if (format === 'openai-responses') return Array.isArray(body?.input) && body.input.some((i) => i.type === 'function_call_output');
  if (format === 'anthropic') return json.includes('"type":"tool_result"');
  return json.includes('"functionResponse"');
}

function scriptedAnswer(format, model, streaming, reply, body, res, reqId) {
  if (!streaming) {
    const json = { 'openai-chat': chatScriptedJson, 'openai-responses': responsesScriptedJson,
      anthropic: anthropicScriptedJson, gemini: geminiScriptedJson }[format](model, reply);
    return sendJson(res, 200, json, reqId);
  }
  const frames = format === 'openai-chat' ? chatScriptedFrames(model, reply, body.stream_options?.include_usage === true)
    : { 'openai-responses': responsesScriptedFrames, anthropic: anthropicScriptedFrames,
      gemini: geminiScriptedFrames }[format](model, reply);
  return sendStream(res, frames, reqId);
}

// ---------------------------------------------------------------------------------------------
// Request handling.

function classify(method, url) {
  if (method !== 'POST') return null;
  if (url.pathname === '/v1/chat/completions') return { format: 'openai-chat' };
  if (url.pathname === '/v1/responses') return { format: 'openai-responses' };
  if (url.pathname === '/v1/messages') return { format: 'anthropic' };
  const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
  if (m) return { format: 'gemini', model: decodeURIComponent(m[1]), stream: m[2] === 'streamGenerateContent' };
  return null;
}

function presentedKey(format, req, url) {
  if (format === 'anthropic') return req.headers['x-api-key'] ?? bearer(req);
  if (format === 'gemini') return req.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? bearer(req);
  return bearer(req);
}

function bearer(req) {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1].trim() : undefined;
}

function sendJson(res, status, body, extraHeaders = {}) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length, ...extraHeaders });
  res.end(bytes);
}

// Writes frames with small pauses, splitting some frames at an odd byte offset (possibly inside a
// multi-byte character) so the relay's SSE reassembly is exercised the way real networks do it.
async function sendStream(res, frames, headers) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache',
    Connection: 'keep-alive', ...headers });
  res.flushHeaders();
  let i = 0;
  for (const f of frames) {
    if (res.destroyed) return;
    const bytes = Buffer.from(f);
    if (i++ % 3 === 1 && bytes.length > 8) {
      const cut = Math.floor(bytes.length / 2) + 1;
      res.write(bytes.subarray(0, cut));
      await sleep(3);
      res.write(bytes.subarray(cut));
    } else {
      res.write(bytes);
    }
    await sleep(2);
  }
  res.end();
}

function answer(format, info, body, res, reply) {
  const model = format === 'gemini' ? info.model : body.model;
  const streaming = format === 'gemini' ? info.stream : body.stream === true;
  const reqId = { 'x-request-id': `req_${hexId()}` };
  if (reply) return scriptedAnswer(format, model, streaming, reply, body, res, reqId);
  if (!streaming) {
    const json = { 'openai-chat': chatJson, 'openai-responses': responsesJson, anthropic: anthropicJson,
      gemini: geminiJson }[format](model);
    return sendJson(res, 200, json, reqId);
  }
  let frames;
  if (format === 'openai-chat') frames = chatFrames(model, body.stream_options?.include_usage === true);
  else if (format === 'openai-responses') frames = responsesFrames(model);
  else if (format === 'anthropic') frames = anthropicFrames(model);
  else frames = geminiFrames(model);
  return sendStream(res, frames, reqId);
}

// E2E_DUMP_DIR=dir: every request the upstream receives lands in dir/<n>-<format>.json, to see
// exactly what the relay sent (translated requests above all).
function dumpRequest(dir, n, record) {
  fs.mkdirSync(dir, { recursive: true });
  const { method, url, headers, raw } = record;
  const name = `${String(n).padStart(3, '0')}-${record.format ?? 'unknown'}.json`;
  fs.writeFileSync(path.join(dir, name), JSON.stringify({ method, url, headers, body: record.body ?? raw }, null, 2));
}

async function handle(req, res, state) {
  const url = new URL(req.url, 'http://upstream.invalid');
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const raw = Buffer.concat(chunks).toString('utf8');
  let body = null;
  try { body = raw ? JSON.parse(raw) : null; } catch { body = null; }
  const info = classify(req.method, url);
  const record = { method: req.method, url: req.url, path: url.pathname, query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers }, raw, body, format: info?.format ?? null, model: info?.model ?? body?.model ?? null,
    at: Date.now() };
  state.requests.push(record);
  if (process.env.E2E_DUMP_DIR) dumpRequest(process.env.E2E_DUMP_DIR, state.requests.length, record);
  if (!info) return sendJson(res, 404, { error: { message: `no route ${req.method} ${url.pathname}`, type: 'invalid_request_error' } });
  const { format } = info;
  if (presentedKey(format, req, url) !== CHANNEL_KEYS[format]) {
    return sendJson(res, 401, errorBody(format, 401, 'Incorrect API key provided to the scripted upstream.'));
  }
  if (body === null || typeof body !== 'object') {
    return sendJson(res, 400, errorBody(format, 400, 'Request body is not valid JSON.'));
  }
  if (raw.includes('[e2e:slow]')) await sleep(SLOW_FIRST_BYTE_MS);
  if (raw.includes('[e2e:fail500]')) {
    return sendJson(res, 500, errorBody(format, 500, 'The scripted upstream failed on purpose.'));
  }
  let reply = state.script ? await state.script(record) : undefined;
  if (reply?.status) return sendJson(res, reply.status, reply.body ?? {});
  if (!reply && raw.includes('[e2e:tool]') && !hasToolResult(format, body)) reply = TOOL_TURN;
  return answer(format, info, body, res, reply);
}

// Starts the upstream on host:port (0 = any free port). Returns { port, url, requests, script, close() }.
export async function startUpstream({ host = '127.0.0.1', port = 0 } = {}) {
  const state = { requests: [], script: null };
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    handle(req, res, state).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'server_error' } });
      else res.destroy();
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    port: actual,
    url: `http://${host}:${actual}`,
    requests: state.requests,
    get script() { return state.script; },
    set script(fn) { state.script = fn; },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const up = await startUpstream({ port: Number(process.argv[2] ?? 0) });
  process.stderr.write(`scripted upstream listening on ${up.url}\n`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => up.close().then(() => process.exit(0)));
}
