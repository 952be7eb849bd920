// The JavaScript GenAI instrumentations, for real: @opentelemetry/instrumentation-openai,
// @traceloop/instrumentation-openai, @arizeai/openinference-instrumentation-openai around the
// real `openai` client, and the Vercel AI SDK (`ai` 7 + @ai-sdk/otel, both of its span formats),
// against a fake OpenAI server, exporting OTLP over HTTP/protobuf or gRPC to a receiver process.
// They run on the Node 22 of test/js-clients (scripts/setup-js-clients.sh). The normalised calls
// must say what each package emitted: model, messages, tool calls, finish reasons, tokens, TTFT,
// cost and where the cost came from.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calcPrice } from '@pydantic/genai-prices';
import type { LlmCallsResponse, SpanWithLogs, TraceDetailResponse } from '../../receiver/src/contract/api';
import type { ChatMessage, Convention, LlmCall, LlmCallRow, MessagePart } from '../../receiver/src/contract/model';
import { startFakeOpenAi, type FakeOpenAi, type RecordedCall } from '../helpers/fake-openai';
import { runJsClient, type OtlpProtocol } from '../helpers/js-clients';
import { eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

const CHAT_MODEL = 'gpt-4o-mini';
const CHAT_RESPONSE_MODEL = 'gpt-4o-mini-2024-07-18';
const EMBED_MODEL = 'text-embedding-3-small';
const SYSTEM = 'You are terse.';
const CHAT_PROMPT = 'Say hello to the trace lens';
const STREAM_PROMPT = 'Stream a short greeting';
const TOOL_PROMPT = 'What is the weather in Paris?';
/** What the clients' get_weather tool answers (test/js-clients/otel.cjs). */
const TOOL_RESULT = JSON.stringify({ city: 'Paris', temperature_c: 21, sky: 'clear' });

let rx: ReceiverProcess;
let fake: FakeOpenAi;

before(async () => {
  rx = await startReceiverProcess();
  fake = await startFakeOpenAi();
});
after(async () => {
  await fake?.stop();
  await rx?.stop();
  if (rx) await removeDir(rx.dataDir);
});

interface Run {
  traces: Record<string, TraceDetailResponse>;
  /** The fake server's answers during this run, in request order. */
  served: RecordedCall[];
  /** GET /api/llm-calls rows of this client's service. */
  rows: LlmCallRow[];
}

/** Runs one client and reads back what the receiver made of it. */
async function runClient(
  script: string,
  protocol: OtlpProtocol,
  service: string,
  spanCounts: Record<string, number>,
  extraArgs: string[] = [],
  logCounts: Record<string, number> = {},
): Promise<Run> {
  const first = fake.calls.length;
  const endpoint = protocol === 'grpc' ? `http://127.0.0.1:${rx.grpcPort}` : rx.base;
  const ids = await runJsClient(script, protocol, endpoint, fake.baseUrl, extraArgs);
  const served = fake.calls.slice(first);
  const traces: Record<string, TraceDetailResponse> = {};
  for (const [scenario, id] of Object.entries(ids)) {
    traces[scenario] = await eventually(async () => {
      const d = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${id}`);
      const logs = logCounts[scenario];
      return d.summary.spanCount === spanCounts[scenario] && (logs === undefined || d.summary.logCount === logs) ? d : undefined;
    });
  }
  const rows = (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?service=${service}&limit=1000`)).calls;
  return { traces, served, rows };
}

/** LLM and embedding calls of a trace, in start order; wrapper spans included. */
function callSpans(detail: TraceDetailResponse): (SpanWithLogs & { llm: LlmCall })[] {
  return detail.spans
    .filter((s): s is SpanWithLogs & { llm: LlmCall } => s.llm?.spanClass === 'llm' || s.llm?.spanClass === 'embedding')
    .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
}

function span(detail: TraceDetailResponse, name: string): SpanWithLogs & { llm: LlmCall } {
  const found = detail.spans.filter((s) => s.name === name);
  assert.equal(found.length, 1, `one span named ${name} in ${detail.spans.map((s) => s.name).join(', ')}`);
  assert.ok(found[0]!.llm, `${name} carries a call`);
  return found[0] as SpanWithLogs & { llm: LlmCall };
}

function attr(s: SpanWithLogs, key: string): unknown {
  const v = s.attributes.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  if ('doubleValue' in v) return v.doubleValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('stringValue' in v) return v.stringValue;
  return v;
}

const text = (content: string): MessagePart => ({ type: 'text', content });
const user = (content: string): ChatMessage => ({ role: 'user', parts: [text(content)] });
const assistant = (parts: MessagePart[], finishReason?: string): ChatMessage => ({
  role: 'assistant',
  parts,
  ...(finishReason ? { finishReason } : {}),
});

/** The tool call the fake model made, as a message part. */
function servedToolCall(served: RecordedCall): MessagePart {
  const c = served.answer.toolCalls![0]!;
  return { type: 'tool_call', id: c.id, name: c.name, arguments: c.arguments };
}

/** Cost computed from the bundled price table for what the fake server answered. */
function assertComputedCost(call: LlmCall, served: RecordedCall, opts: { cached: boolean; output?: boolean }): void {
  const u = served.answer.usage;
  const cached = opts.cached ? (u.prompt_tokens_details?.cached_tokens ?? 0) : 0;
  const model = call.responseModel ?? call.requestModel!;
  const price = calcPrice(
    {
      input_tokens: u.prompt_tokens,
      output_tokens: opts.output === false ? 0 : u.completion_tokens,
      ...(cached ? { cache_read_tokens: cached } : {}),
    },
    model,
    { providerId: 'openai' },
  );
  assert.ok(price, `${model} is in the price table`);
  assert.equal(call.cost.source, 'computed', `computed, not local: the fake server is 127.0.0.1:${fake.port} (${call.cost.detail})`);
  assert.match(call.cost.detail, /^genai-prices \S+: openai\//);
  assert.ok(Math.abs(call.cost.usd! - price.total_price) < 1e-12, `cost ${call.cost.usd} = ${price.total_price}`);
}

function assertTokens(call: LlmCall, served: RecordedCall, extra: Partial<LlmCall['tokens']> = {}): void {
  const u = served.answer.usage;
  assert.deepEqual(call.tokens, { input: u.prompt_tokens, output: u.completion_tokens, total: u.total_tokens, ...extra });
}

function assertNoUsage(call: LlmCall): void {
  assert.deepEqual(call.tokens, {});
  assert.deepEqual(call.cost, { usd: null, source: 'no-usage', detail: 'no token counts on the call' });
}

/** Summary totals and /api/llm-calls rows agree with the leaf calls of the trace. */
function assertCountedOnce(run: Run, scenario: string, leaves: (SpanWithLogs & { llm: LlmCall })[]): void {
  const d = run.traces[scenario]!;
  assert.equal(d.summary.llmCallCount, leaves.length, `${scenario}: llmCallCount`);
  const rows = run.rows.filter((r) => r.traceId === d.summary.traceId);
  assert.deepEqual(rows.map((r) => r.spanId).sort(), leaves.map((s) => s.spanId).sort(), `${scenario}: /api/llm-calls rows`);
  assert.equal(d.summary.inputTokens, leaves.reduce((n, s) => n + (s.llm.tokens.input ?? 0), 0));
  assert.equal(d.summary.outputTokens, leaves.reduce((n, s) => n + (s.llm.tokens.output ?? 0), 0));
  const known = leaves.filter((s) => s.llm.cost.usd !== null);
  assert.equal(d.summary.costUnknownCalls, leaves.length - known.length);
  assert.ok(Math.abs(d.summary.costUsd - known.reduce((n, s) => n + s.llm.cost.usd!, 0)) < 1e-12);
  for (const r of rows) assert.equal(r.provider, 'openai');
}

// ---- The three instrumentations of the `openai` package ---------------------------------------

/** What each package really emits for the same scenarios (inspected from its spans). */
interface Emits {
  script: string;
  protocol: OtlpProtocol;
  service: string;
  scope: string;
  chatSpan: string;
  embedSpan?: string;
  /** OTLP span kind of its LLM spans. */
  kind: number;
  conventions: Convention[];
  /** Sets an operation name (chat, embeddings). */
  operations: boolean;
  /** Reports prompt_tokens_details.cached_tokens. */
  cachedTokens: boolean;
  /** Reads the usage chunk of a streamed call (stream_options.include_usage). */
  streamUsage: boolean;
  /** Knows the streamed response's model. */
  streamResponseModel: boolean;
  /** Records the request's `stream` flag. */
  streamParam: boolean;
  /** Finish reason of the call that asks for a tool. */
  toolFinish: string;
  /** The output message carries its finish reason (not only the span). */
  messageFinish: boolean;
  /** Embeddings: traced, and with their token count. */
  embeddings: 'with-usage' | 'without-usage' | 'not-traced';
  /** Content arrives as linked log records (v1.36 events), the count per scenario. */
  logs?: Record<string, number>;
}

const OPENAI_CLIENTS: Record<string, Emits> = {
  '@opentelemetry/instrumentation-openai': {
    script: 'otel-genai.cjs',
    protocol: 'http/protobuf',
    service: 'js-otel-openai',
    scope: '@opentelemetry/instrumentation-openai',
    chatSpan: 'chat gpt-4o-mini',
    embedSpan: 'embeddings text-embedding-3-small',
    kind: 3,
    conventions: ['otel-genai', 'otel-genai-legacy'],
    operations: true,
    cachedTokens: false,
    streamUsage: true,
    streamResponseModel: true,
    streamParam: false,
    toolFinish: 'tool_calls',
    messageFinish: true,
    embeddings: 'with-usage',
    // system + user + choice; user + choice; then user + choice, and user + assistant + tool + choice.
    logs: { chat: 3, stream: 2, tools: 6 },
  },
  '@traceloop/instrumentation-openai': {
    script: 'openllmetry.cjs',
    protocol: 'grpc',
    service: 'js-traceloop-openai',
    scope: '@traceloop/instrumentation-openai',
    chatSpan: 'chat gpt-4o-mini',
    kind: 3,
    // 0.27 writes the current OTel attributes (gen_ai.input/output.messages), no traceloop.* keys.
    conventions: ['otel-genai'],
    operations: true,
    cachedTokens: false,
    streamUsage: false,
    streamResponseModel: true,
    streamParam: false,
    toolFinish: 'tool_call',
    messageFinish: true,
    embeddings: 'not-traced',
  },
  '@arizeai/openinference-instrumentation-openai': {
    script: 'openinference.cjs',
    protocol: 'http/protobuf',
    service: 'js-openinference-openai',
    scope: '@arizeai/openinference-instrumentation-openai',
    chatSpan: 'OpenAI Chat Completions',
    embedSpan: 'OpenAI Embeddings',
    kind: 1,
    conventions: ['openinference'],
    operations: false,
    cachedTokens: true,
    streamUsage: false,
    streamResponseModel: false,
    streamParam: true,
    toolFinish: 'tool_calls',
    messageFinish: false,
    embeddings: 'without-usage',
  },
};

for (const [pkg, e] of Object.entries(OPENAI_CLIENTS)) {
  describe(`${pkg} → receiver over ${e.protocol}`, () => {
    let run: Run;
    before(async () => {
      run = await runClient(
        e.script,
        e.protocol,
        e.service,
        {
          chat: 2,
          stream: 2,
          tools: 3,
          embed: e.embeddings === 'not-traced' ? 1 : 2,
        },
        [],
        e.logs,
      );
      assert.deepEqual(run.served.map((c) => c.path), [
        '/v1/chat/completions',
        '/v1/chat/completions',
        '/v1/chat/completions',
        '/v1/chat/completions',
        '/v1/embeddings',
      ]);
    });

    const finish = (reason: string): string | undefined => (e.messageFinish ? reason : undefined);

    it('chat: system and user messages, answer, params, tokens and computed cost', () => {
      const d = run.traces.chat!;
      const [s, ...more] = callSpans(d);
      assert.equal(more.length, 0);
      assert.equal(s!.name, e.chatSpan);
      assert.equal(s!.kind, e.kind);
      assert.equal(s!.scope.name, e.scope);
      assert.equal(s!.service, e.service);
      const call = s!.llm;
      assert.equal(call.spanClass, 'llm');
      assert.equal(call.operation, e.operations ? 'chat' : undefined);
      assert.equal(call.provider, 'openai');
      assert.equal(call.requestModel, CHAT_MODEL);
      assert.equal(call.responseModel, CHAT_RESPONSE_MODEL);
      assert.deepEqual(call.conventions, e.conventions);
      // Chat Completions has no separate instructions: the system message stays in the history.
      assert.deepEqual(call.systemInstructions, []);
      assert.deepEqual(call.inputMessages, [{ role: 'system', parts: [text(SYSTEM)] }, user(CHAT_PROMPT)]);
      assert.deepEqual(call.outputMessages, [assistant([text(run.served[0]!.answer.content!)], finish('stop'))]);
      assert.equal(run.served[0]!.answer.content, `Echo: ${CHAT_PROMPT}`);
      assert.deepEqual(call.finishReasons, ['stop']);
      assert.equal(call.params.temperature, 0.2);
      assert.equal(call.params.maxTokens, 64);
      const cached = run.served[0]!.answer.usage.prompt_tokens_details!.cached_tokens;
      assert.ok(cached > 0, 'the fake server reports cached tokens for a system prompt');
      assertTokens(call, run.served[0]!, e.cachedTokens ? { cachedInput: cached } : {});
      assertComputedCost(call, run.served[0]!, { cached: e.cachedTokens });
      assert.equal(call.ttftMs, undefined);
      if (e.logs) {
        assert.equal(s!.logs.length, e.logs.chat);
        const names = s!.logs.map((l) => l.attributes.find((a) => a.key === 'event.name')?.value);
        assert.deepEqual(
          names.map((n) => (n && 'stringValue' in n ? n.stringValue : '')).sort(),
          ['gen_ai.choice', 'gen_ai.system.message', 'gen_ai.user.message'],
        );
      } else {
        assert.equal(s!.logs.length, 0);
      }
      assert.deepEqual(d.summary.models, [CHAT_RESPONSE_MODEL]);
      assertCountedOnce(run, 'chat', [s!]);
    });

    it('streamed chat: the assembled answer; usage where the package reads it', () => {
      const d = run.traces.stream!;
      const [s, ...more] = callSpans(d);
      assert.equal(more.length, 0);
      const call = s!.llm;
      const served = run.served[1]!;
      assert.equal(served.answer.stream, true);
      assert.equal(call.spanClass, 'llm');
      assert.equal(call.provider, 'openai');
      assert.equal(call.requestModel, CHAT_MODEL);
      assert.equal(call.responseModel, e.streamResponseModel ? CHAT_RESPONSE_MODEL : CHAT_MODEL);
      assert.deepEqual(call.inputMessages, [user(STREAM_PROMPT)]);
      assert.deepEqual(call.outputMessages, [assistant([text(`Echo: ${STREAM_PROMPT}`)], finish('stop'))]);
      assert.deepEqual(call.finishReasons, ['stop']);
      assert.equal(call.params.stream, e.streamParam ? true : undefined);
      if (e.streamUsage) {
        assertTokens(call, served);
        assertComputedCost(call, served, { cached: false });
      } else {
        // The package drops the usage chunk of the stream: nothing to price, and it says so.
        assertNoUsage(call);
      }
      // None of the three records a time to first token.
      assert.equal(call.ttftMs, undefined);
      if (e.logs) assert.equal(s!.logs.length, e.logs.stream);
      assertCountedOnce(run, 'stream', [s!]);
    });

    it('tool call round trip: the call with name and arguments, then the result in the next input', () => {
      const d = run.traces.tools!;
      const calls = callSpans(d);
      assert.equal(calls.length, 2);
      const [ask, answer] = calls.map((s) => s.llm);
      const toolCall = servedToolCall(run.served[2]!);
      assert.deepEqual(toolCall, { type: 'tool_call', id: 'call_fake_1', name: 'get_weather', arguments: '{"city":"Paris"}' });
      assert.deepEqual(ask!.inputMessages, [user(TOOL_PROMPT)]);
      assert.deepEqual(ask!.outputMessages, [assistant([toolCall], finish(e.toolFinish))]);
      assert.deepEqual(ask!.finishReasons, [e.toolFinish]);
      assertTokens(ask!, run.served[2]!, e.cachedTokens ? { cachedInput: 0 } : {});
      assertComputedCost(ask!, run.served[2]!, { cached: false });
      assert.deepEqual(answer!.inputMessages, [
        user(TOOL_PROMPT),
        { role: 'assistant', parts: [toolCall] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_fake_1', response: TOOL_RESULT }] },
      ]);
      assert.deepEqual(answer!.outputMessages, [assistant([text(`The tool said: ${TOOL_RESULT}`)], finish('stop'))]);
      assert.deepEqual(answer!.finishReasons, ['stop']);
      assertComputedCost(answer!, run.served[3]!, { cached: false });
      if (e.logs) assert.equal(calls[0]!.logs.length + calls[1]!.logs.length, e.logs.tools);
      assertCountedOnce(run, 'tools', calls);
    });

    it('embeddings: an embedding call, tokens and cost where reported', () => {
      const d = run.traces.embed!;
      const calls = callSpans(d);
      if (e.embeddings === 'not-traced') {
        assert.equal(calls.length, 0, 'this package does not wrap embeddings.create');
        assert.deepEqual(d.spans.map((s) => s.name), ['scenario embed']);
        assert.equal(d.summary.llmCallCount, 0);
        return;
      }
      assert.equal(calls.length, 1);
      const s = calls[0]!;
      assert.equal(s.name, e.embedSpan);
      const call = s.llm;
      assert.equal(call.spanClass, 'embedding');
      assert.equal(call.operation, e.operations ? 'embeddings' : undefined);
      assert.equal(call.provider, 'openai');
      assert.equal(call.requestModel, EMBED_MODEL);
      assert.deepEqual(call.inputMessages, []);
      assert.deepEqual(call.outputMessages, []);
      const served = run.served[4]!;
      if (e.embeddings === 'with-usage') {
        assert.equal(call.responseModel, EMBED_MODEL);
        assert.deepEqual(call.tokens, { input: served.answer.usage.prompt_tokens, total: served.answer.usage.prompt_tokens });
        assertComputedCost(call, served, { cached: false, output: false });
        assert.match(call.cost.detail, /openai\/text-embedding-3-small$/);
      } else {
        // OpenInference records the texts (embedding.embeddings.N.embedding.text) but no usage.
        assert.equal(call.rawInput, JSON.stringify(served.body.input));
        assertNoUsage(call);
      }
      assert.deepEqual(d.summary.models, [EMBED_MODEL]);
      assertCountedOnce(run, 'embed', [s]);
    });

    it('lists every call once in /api/llm-calls, with provider, model and cost source', () => {
      const expected = e.embeddings === 'not-traced' ? 4 : 5;
      assert.equal(run.rows.length, expected);
      for (const r of run.rows) {
        assert.equal(r.provider, 'openai');
        assert.ok(r.model === CHAT_MODEL || r.model === CHAT_RESPONSE_MODEL || r.model === EMBED_MODEL, r.model);
        assert.ok(r.costSource === 'computed' || r.costSource === 'no-usage', r.costSource);
        assert.deepEqual(r.conventions, e.conventions);
      }
    });
  });
}

// ---- The Vercel AI SDK ------------------------------------------------------------------------

describe('Vercel AI SDK (ai 7, @ai-sdk/otel LegacyOpenTelemetry) → receiver over grpc', () => {
  let run: Run;
  before(async () => {
    run = await runClient('vercel-ai.mjs', 'grpc', 'js-vercel-ai-legacy', { generate: 3, stream: 3, tools: 5, embed: 3 }, ['legacy']);
  });

  it('generateText: the ai.generateText wrapper and its doGenerate call, counted once', () => {
    const d = run.traces.generate!;
    const wrapper = span(d, 'ai.generateText');
    const inner = span(d, 'ai.generateText.doGenerate');
    assert.equal(inner.parentSpanId, wrapper.spanId);
    assert.equal(inner.scope.name, 'ai');
    const served = run.served[0]!;
    for (const call of [wrapper.llm, inner.llm]) {
      assert.equal(call.spanClass, 'llm');
      assert.equal(call.provider, 'openai', 'ai.model.provider openai.chat');
      assert.equal(call.requestModel, CHAT_MODEL);
      // ai.prompt {system, messages} on the wrapper; ai.prompt.messages with the system message inside.
      assert.deepEqual(call.systemInstructions, [text(SYSTEM)]);
      assert.deepEqual(call.inputMessages, [user(CHAT_PROMPT)]);
      assert.deepEqual(call.outputMessages, [assistant([text(`Echo: ${CHAT_PROMPT}`)], 'stop')]);
      assert.deepEqual(call.finishReasons, ['stop']);
      assert.deepEqual(call.params, { temperature: 0.2, maxTokens: 64 });
      const cached = served.answer.usage.prompt_tokens_details!.cached_tokens;
      assertTokens(call, served, { cachedInput: cached, reasoning: 0 });
      assertComputedCost(call, served, { cached: true });
    }
    assert.equal(wrapper.llm.operation, 'ai.generateText');
    assert.equal(wrapper.llm.responseModel, undefined);
    assert.deepEqual(wrapper.llm.conventions, ['vercel-ai']);
    assert.equal(inner.llm.operation, 'ai.generateText.doGenerate');
    assert.equal(inner.llm.responseModel, CHAT_RESPONSE_MODEL);
    assert.deepEqual(inner.llm.conventions, ['vercel-ai', 'otel-genai-legacy']);
    assertCountedOnce(run, 'generate', [inner]);
  });

  it('streamText: doStream carries msToFirstChunk as the TTFT', () => {
    const d = run.traces.stream!;
    const wrapper = span(d, 'ai.streamText');
    const inner = span(d, 'ai.streamText.doStream');
    assert.equal(inner.parentSpanId, wrapper.spanId);
    const served = run.served[1]!;
    assert.equal(served.answer.stream, true);
    assert.equal(served.body.stream_options && (served.body.stream_options as { include_usage?: boolean }).include_usage, true);
    const call = inner.llm;
    assert.equal(call.spanClass, 'llm');
    assert.equal(call.provider, 'openai');
    assert.equal(call.responseModel, CHAT_RESPONSE_MODEL);
    assert.deepEqual(call.inputMessages, [user(STREAM_PROMPT)]);
    assert.deepEqual(call.outputMessages, [assistant([text(`Echo: ${STREAM_PROMPT}`)], 'stop')]);
    assert.equal(call.params.stream, true);
    assertTokens(call, served, { cachedInput: 0, reasoning: 0 });
    assertComputedCost(call, served, { cached: false });
    const ms = attr(inner, 'ai.response.msToFirstChunk');
    assert.equal(typeof ms, 'number');
    assert.equal(call.ttftMs, ms);
    assert.ok(call.ttftMs! > 0 && call.ttftMs! < call.durationMs, `ttft ${call.ttftMs} ms of ${call.durationMs} ms`);
    assert.ok(inner.events.some((ev) => ev.name === 'ai.stream.firstChunk'));
    assert.equal(wrapper.llm.ttftMs, undefined);
    assert.equal(wrapper.llm.params.stream, true);
    assertCountedOnce(run, 'stream', [inner]);
  });

  it('tool loop: two doGenerate calls and an ai.toolCall span; the tool result read from tool-result parts', () => {
    const d = run.traces.tools!;
    const wrapper = span(d, 'ai.generateText');
    const steps = callSpans(d).filter((s) => s.name === 'ai.generateText.doGenerate');
    assert.equal(steps.length, 2);
    for (const s of steps) assert.equal(s.parentSpanId, wrapper.spanId);
    const toolCall = servedToolCall(run.served[2]!);
    const [ask, answer] = steps.map((s) => s.llm);
    assert.deepEqual(ask!.inputMessages, [user(TOOL_PROMPT)]);
    assert.deepEqual(ask!.outputMessages, [assistant([toolCall], 'tool-calls')]);
    assert.deepEqual(ask!.finishReasons, ['tool-calls']);
    assertComputedCost(ask!, run.served[2]!, { cached: false });
    assert.deepEqual(answer!.inputMessages, [
      user(TOOL_PROMPT),
      { role: 'assistant', parts: [toolCall] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_fake_1', response: TOOL_RESULT }] },
    ]);
    assert.deepEqual(answer!.outputMessages, [assistant([text(`The tool said: ${TOOL_RESULT}`)], 'stop')]);
    assertComputedCost(answer!, run.served[3]!, { cached: false });
    const tool = span(d, 'ai.toolCall');
    assert.equal(tool.llm.spanClass, 'tool');
    assert.deepEqual(tool.llm.tool, { name: 'get_weather', callId: 'call_fake_1', arguments: '{"city":"Paris"}', result: TOOL_RESULT });
    // The wrapper sums both steps; only the steps are calls.
    assert.equal(wrapper.llm.tokens.input, run.served[2]!.answer.usage.prompt_tokens + run.served[3]!.answer.usage.prompt_tokens);
    assertCountedOnce(run, 'tools', steps);
  });

  it('embed: ai.embed around ai.embed.doEmbed, one embedding call with ai.usage.tokens', () => {
    const d = run.traces.embed!;
    const wrapper = span(d, 'ai.embed');
    const inner = span(d, 'ai.embed.doEmbed');
    assert.equal(inner.parentSpanId, wrapper.spanId);
    const served = run.served[4]!;
    assert.equal(served.path, '/v1/embeddings');
    for (const call of [wrapper.llm, inner.llm]) {
      assert.equal(call.spanClass, 'embedding');
      assert.equal(call.provider, 'openai', 'ai.model.provider openai.embedding');
      assert.equal(call.requestModel, EMBED_MODEL);
      assert.deepEqual(call.tokens, { input: served.answer.usage.prompt_tokens, total: served.answer.usage.prompt_tokens });
      assertComputedCost(call, served, { cached: false, output: false });
    }
    assertCountedOnce(run, 'embed', [inner]);
  });
});

describe('Vercel AI SDK (ai 7, @ai-sdk/otel OpenTelemetry: GenAI conventions) → receiver over http/protobuf', () => {
  let run: Run;
  before(async () => {
    run = await runClient('vercel-ai.mjs', 'http/protobuf', 'js-vercel-ai-genai', { generate: 4, stream: 4, tools: 7, embed: 3 }, ['genai']);
  });

  it('generateText: invoke_agent → step → chat; the chat span is the call', () => {
    const d = run.traces.generate!;
    const agent = span(d, 'invoke_agent gpt-4o-mini');
    const chat = span(d, 'chat gpt-4o-mini');
    assert.equal(agent.llm.spanClass, 'agent');
    assert.equal(agent.llm.operation, 'invoke_agent');
    assert.equal(attr(agent, 'gen_ai.agent.name'), 'greeter');
    assert.equal(d.spans.find((s) => s.name === 'step 1')?.parentSpanId, agent.spanId);
    assert.equal(chat.kind, 3);
    const served = run.served[0]!;
    const call = chat.llm;
    assert.equal(call.spanClass, 'llm');
    assert.equal(call.operation, 'chat');
    assert.equal(call.provider, 'openai');
    assert.equal(call.requestModel, CHAT_MODEL);
    assert.equal(call.responseModel, CHAT_RESPONSE_MODEL);
    assert.deepEqual(call.conventions, ['otel-genai']);
    assert.deepEqual(call.systemInstructions, [text(SYSTEM)], 'gen_ai.system_instructions');
    assert.deepEqual(call.inputMessages, [user(CHAT_PROMPT)]);
    assert.deepEqual(call.outputMessages, [assistant([text(`Echo: ${CHAT_PROMPT}`)], 'stop')]);
    assert.deepEqual(call.finishReasons, ['stop']);
    assert.deepEqual(call.params, { temperature: 0.2, maxTokens: 64 });
    const cached = served.answer.usage.prompt_tokens_details!.cached_tokens;
    assertTokens(call, served, { cachedInput: cached });
    assertComputedCost(call, served, { cached: true });
    assert.equal(attr(chat, 'server.port'), fake.port);
    assertCountedOnce(run, 'generate', [chat]);
  });

  it('streamText: time_to_first_chunk (seconds) as the TTFT', () => {
    const d = run.traces.stream!;
    const chat = span(d, 'chat gpt-4o-mini');
    const served = run.served[1]!;
    const call = chat.llm;
    assert.deepEqual(call.inputMessages, [user(STREAM_PROMPT)]);
    assert.deepEqual(call.outputMessages, [assistant([text(`Echo: ${STREAM_PROMPT}`)], 'stop')]);
    assertTokens(call, served, { cachedInput: 0 });
    assertComputedCost(call, served, { cached: false });
    const s = attr(chat, 'gen_ai.client.operation.time_to_first_chunk');
    assert.equal(typeof s, 'number');
    assert.ok(Math.abs(call.ttftMs! - (s as number) * 1000) < 1e-6);
    assert.ok(call.ttftMs! > 0 && call.ttftMs! < call.durationMs, `ttft ${call.ttftMs} ms of ${call.durationMs} ms`);
    assert.equal(span(d, 'invoke_agent gpt-4o-mini').llm.spanClass, 'agent');
    assertCountedOnce(run, 'stream', [chat]);
  });

  it('tool loop: two chat calls and an execute_tool span', () => {
    const d = run.traces.tools!;
    const chats = callSpans(d);
    assert.deepEqual(chats.map((s) => s.name), ['chat gpt-4o-mini', 'chat gpt-4o-mini']);
    const toolCall = servedToolCall(run.served[2]!);
    const [ask, answer] = chats.map((s) => s.llm);
    assert.deepEqual(ask!.outputMessages, [assistant([toolCall], 'tool_call')]);
    assert.deepEqual(ask!.finishReasons, ['tool-calls'], 'the span keeps the SDK spelling; the message uses the schema one');
    assert.deepEqual(answer!.inputMessages, [
      user(TOOL_PROMPT),
      { role: 'assistant', parts: [toolCall] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_fake_1', response: TOOL_RESULT }] },
    ]);
    assert.deepEqual(answer!.outputMessages, [assistant([text(`The tool said: ${TOOL_RESULT}`)], 'stop')]);
    assertComputedCost(ask!, run.served[2]!, { cached: false });
    assertComputedCost(answer!, run.served[3]!, { cached: false });
    const tool = span(d, 'execute_tool get_weather');
    assert.equal(tool.llm.spanClass, 'tool');
    assert.deepEqual(tool.llm.tool, { name: 'get_weather', callId: 'call_fake_1', arguments: '{"city":"Paris"}', result: TOOL_RESULT });
    assertCountedOnce(run, 'tools', chats);
  });

  it('embed: the inner embeddings span holds the usage and is the one call', () => {
    const d = run.traces.embed!;
    const spans = callSpans(d);
    assert.deepEqual(spans.map((s) => s.name), ['embeddings text-embedding-3-small', 'embeddings text-embedding-3-small']);
    const inner = spans.find((s) => spans.some((o) => o.spanId === s.parentSpanId));
    const outer = spans.find((s) => s !== inner);
    assert.ok(inner && outer, 'one embeddings span inside the other');
    assertNoUsage(outer!.llm);
    const served = run.served[4]!;
    assert.equal(inner!.llm.spanClass, 'embedding');
    assert.equal(inner!.llm.operation, 'embeddings');
    assert.deepEqual(inner!.llm.tokens, { input: served.answer.usage.prompt_tokens, total: served.answer.usage.prompt_tokens });
    assertComputedCost(inner!.llm, served, { cached: false, output: false });
    assertCountedOnce(run, 'embed', [inner!]);
  });
});
