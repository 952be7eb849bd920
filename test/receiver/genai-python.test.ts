// The Python GenAI instrumentations most users run, for real: each wraps the real `openai`
// client against a fake OpenAI server and exports over OTLP/gRPC (the Python default) and
// OTLP/HTTP to a receiver process. The normalised calls must say what each package emitted:
// model, messages, tool calls, finish reasons, tokens, cost and where the cost came from.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CallSitesResponse, LlmCallsResponse, SpanWithLogs, TraceDetailResponse, TraceListResponse } from '../../receiver/src/contract/api';
import type { ChatMessage, Convention, LlmCall } from '../../receiver/src/contract/model';
import { startFakeOpenAi, type FakeOpenAi, type RecordedCall } from '../helpers/fake-openai';
import { runPython } from '../helpers/python';
import { eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

type Flavor = 'openai-v2' | 'openai-v2-latest' | 'openlit' | 'traceloop' | 'openinference' | 'logfire';

/** What each package really emits for the same scenario (inspected from its spans). */
interface Emits {
  conventions: Convention[];
  /** Where the chat's system message lands: in the input messages, in systemInstructions, or both. */
  system: 'input' | 'instructions' | 'both';
  /** Reports prompt_tokens_details.cached_tokens. */
  cachedTokens: boolean;
  /** Cost attribute of its own, for models it has a price for. */
  reportedCost?: string;
  /** Time to first token on streamed calls. */
  ttft: boolean;
  /** `operation` of chat and embedding calls. */
  operations: boolean;
  /** Records the request's `stream` flag. */
  streamParam: boolean;
  /** Finish reason of the call that asks for a tool. */
  toolFinish: string;
  /** Finish reasons of the streamed call. */
  streamFinish: string[];
  /** Keeps the assistant's tool-call message in the next call's input. */
  toolCallInHistory: boolean;
  /** Embedding input text as a user message. */
  embeddingInput: boolean;
  /** Knows the streamed response's model (Logfire repeats the requested one). */
  streamResponseModel: boolean;
  /** Content in linked log records rather than on the span. */
  contentInLogs: boolean;
}

const EMITS: Record<Flavor, Emits> = {
  'openai-v2': {
    conventions: ['otel-genai', 'otel-genai-legacy'],
    system: 'input',
    cachedTokens: false,
    ttft: false,
    operations: true,
    streamParam: false,
    toolFinish: 'tool_calls',
    streamFinish: ['stop'],
    toolCallInHistory: true,
    embeddingInput: false,
    streamResponseModel: true,
    contentInLogs: true,
  },
  'openai-v2-latest': {
    conventions: ['otel-genai'],
    system: 'input',
    cachedTokens: false,
    ttft: false,
    operations: true,
    streamParam: false,
    toolFinish: 'tool_calls',
    streamFinish: ['stop'],
    toolCallInHistory: true,
    embeddingInput: false,
    streamResponseModel: true,
    contentInLogs: false,
  },
  openlit: {
    conventions: ['otel-genai', 'openlit'],
    system: 'both',
    cachedTokens: true,
    reportedCost: 'gen_ai.usage.cost',
    ttft: true,
    operations: true,
    streamParam: true,
    toolFinish: 'tool_calls',
    streamFinish: ['stop'],
    toolCallInHistory: false,
    embeddingInput: true,
    streamResponseModel: true,
    contentInLogs: false,
  },
  traceloop: {
    conventions: ['otel-genai', 'openllmetry'],
    system: 'input',
    cachedTokens: true,
    ttft: true,
    operations: true,
    streamParam: true,
    toolFinish: 'tool_call',
    streamFinish: ['stop'],
    toolCallInHistory: true,
    embeddingInput: true,
    streamResponseModel: true,
    contentInLogs: false,
  },
  openinference: {
    conventions: ['openinference'],
    system: 'input',
    cachedTokens: true,
    ttft: true,
    operations: false,
    streamParam: true,
    toolFinish: 'tool_calls',
    streamFinish: ['stop'],
    toolCallInHistory: true,
    embeddingInput: false,
    streamResponseModel: true,
    contentInLogs: false,
  },
  logfire: {
    conventions: ['otel-genai', 'logfire', 'otel-genai-legacy'],
    system: 'input',
    cachedTokens: true,
    ttft: false,
    operations: true,
    streamParam: true,
    toolFinish: 'tool_calls',
    streamFinish: [],
    toolCallInHistory: true,
    embeddingInput: false,
    streamResponseModel: false,
    contentInLogs: false,
  },
};

/** Every flavour over gRPC and over HTTP. */
const RUNS: { flavor: Flavor; protocol: 'grpc' | 'http' }[] = (Object.keys(EMITS) as Flavor[]).flatMap((flavor) => [
  { flavor, protocol: 'grpc' as const },
  { flavor, protocol: 'http' as const },
]);

// USD per million tokens in the bundled genai-prices table (OpenAI's list prices).
const PRICES: Record<string, { input: number; cached: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, cached: 0.075, output: 0.6 },
  'text-embedding-3-small': { input: 0.02, cached: 0.02, output: 0 },
};

function priceOf(model: string, input: number, output: number, cached: number): number {
  const p = PRICES[model]!;
  return ((input - cached) * p.input + cached * p.cached + output * p.output) / 1e6;
}

function approx(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
}

function texts(m: ChatMessage): string[] {
  return m.parts.map((p) => (p.type === 'text' ? p.content : `<${p.type}>`));
}

function roles(ms: ChatMessage[]): string[] {
  return ms.map((m) => m.role);
}

interface Sent {
  trace_id: string;
  service: string;
  answers: {
    chat: string;
    stream: string;
    tool_call: { id: string; name: string; arguments: string };
    tool_result: string;
    embedding_dims: number;
  };
}

describe('Python GenAI instrumentations → receiver', { concurrency: 2 }, () => {
  let rx: ReceiverProcess;
  let fake: FakeOpenAi;
  before(async () => {
    [rx, fake] = await Promise.all([startReceiverProcess(), startFakeOpenAi()]);
  });
  after(async () => {
    await Promise.all([rx?.stop(), fake?.stop()]);
    if (rx) await removeDir(rx.dataDir);
  });

  for (const { flavor, protocol } of RUNS) {
    const emits = EMITS[flavor];
    it(`${flavor} over ${protocol}`, async () => {
      const endpoint = protocol === 'grpc' ? `http://127.0.0.1:${rx.grpcPort}` : rx.base;
      const stdout = await runPython('instrumented_openai.py', [flavor, protocol, endpoint, fake.baseUrl]);
      // Traceloop prints banners on stdout; the JSON is the last line.
      const sent = JSON.parse(stdout.trim().split('\n').pop()!) as Sent;
      assert.equal(sent.service, `py-${flavor}-${protocol}`);

      // What the fake server was asked and answered, in order: chat, stream, tool, tool result, embedding.
      const asked = fake.calls.filter((c) => c.run === sent.service);
      assert.deepEqual(
        asked.map((c) => `${c.path} ${c.answer.stream ? 'stream' : ''}`.trim()),
        ['/v1/chat/completions', '/v1/chat/completions stream', '/v1/chat/completions', '/v1/chat/completions', '/v1/embeddings'],
      );
      const [aChat, aStream, aTool, aToolResult, aEmbed] = asked.map((c) => c.answer) as RecordedCall['answer'][];
      assert.equal(sent.answers.chat, aChat!.content);
      assert.equal(sent.answers.stream, aStream!.content);
      assert.equal(sent.answers.tool_result, aToolResult!.content);

      const isCall = (s: SpanWithLogs): boolean => s.llm?.spanClass === 'llm' || s.llm?.spanClass === 'embedding';
      // Spans and log records come in separate exports: wait until every call has its content.
      const detail = await eventually(async () => {
        const d = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${sent.trace_id}`);
        const calls = d.spans.filter(isCall);
        const complete =
          calls.length === 5 &&
          d.summary.llmCallCount === 5 &&
          calls.filter((s) => s.llm!.spanClass === 'llm').every((s) => s.llm!.outputMessages.length > 0);
        return complete ? d : undefined;
      });
      const spans = detail.spans.filter(isCall);
      const [chat, stream, tool, toolResult, embed] = spans.map((s) => s.llm!) as LlmCall[];
      const root = detail.spans.find((s) => s.parentSpanId === undefined)!;
      assert.equal(detail.summary.rootKnown, true);
      assert.equal(detail.summary.service, sent.service);

      // Nothing but the calls is a call: not the root (OpenLIT emits a streamed call's log record
      // under it), not the HTTP client spans OpenLIT adds, not Logfire's stream-opening span.
      if (flavor === 'traceloop') assert.equal(root.llm?.spanClass, 'chain');
      else assert.equal(root.llm, undefined, 'the root span is no LLM call');
      for (const s of detail.spans) {
        if (isCall(s) || s === root) continue;
        if (flavor === 'logfire' && s.llm) {
          assert.equal(s.llm.spanClass, 'other', 'Logfire: the span that opens a stream is part of the call');
          assert.equal(s.llm.requestModel, 'gpt-4o-mini');
        } else assert.equal(s.llm, undefined, `${s.name} is no LLM call`);
      }

      if (flavor === 'logfire') {
        // Logfire records where the app made each call: "Go to source" and CodeLens use it.
        for (const s of spans) {
          assert.equal(s.code?.from, 'attributes');
          assert.equal(path.basename(s.code!.filepath), 'instrumented_openai.py');
          assert.ok((s.code!.lineno ?? 0) > 0);
        }
        const sites = await getJson<CallSitesResponse>(`${rx.base}/api/call-sites?file=test/python/instrumented_openai.py`);
        const mine = sites.sites.flatMap((site) => site.latest).filter((r) => r.traceId === sent.trace_id);
        assert.equal(mine.length, 5, 'every call of the run is at a call site of the script');
      }

      for (const call of [chat, stream, tool, toolResult, embed]) {
        assert.equal(call!.provider, 'openai');
        assert.deepEqual(call!.conventions, emits.conventions);
        assert.ok(call!.durationMs > 0);
        assert.notEqual(call!.cost.source, 'local', 'a fake server on 127.0.0.1 is no local runtime');
      }

      // ---- chat: system + user ----
      assert.equal(chat!.spanClass, 'llm');
      if (emits.operations) assert.equal(chat!.operation, 'chat');
      assert.equal(chat!.requestModel, 'gpt-4o-mini');
      assert.equal(chat!.responseModel, 'gpt-4o-mini-2024-07-18');
      const systemText = 'You are a terse assistant.';
      const userText = 'What is the capital of France?';
      if (emits.system === 'instructions') {
        assert.deepEqual(chat!.systemInstructions, [{ type: 'text', content: systemText }]);
        assert.deepEqual(roles(chat!.inputMessages), ['user']);
      } else {
        assert.deepEqual(roles(chat!.inputMessages), ['system', 'user']);
        assert.deepEqual(texts(chat!.inputMessages[0]!), [systemText]);
        assert.deepEqual(chat!.systemInstructions, emits.system === 'both' ? [{ type: 'text', content: systemText }] : []);
      }
      assert.deepEqual(texts(chat!.inputMessages.at(-1)!), [userText]);
      assert.deepEqual(roles(chat!.outputMessages), ['assistant']);
      assert.deepEqual(texts(chat!.outputMessages[0]!), [`Echo: ${userText}`]);
      assert.deepEqual(chat!.finishReasons, ['stop']);
      assert.equal(chat!.params.temperature, 0.2);
      assert.equal(chat!.params.maxTokens, 50);
      const cached = emits.cachedTokens ? aChat!.usage.prompt_tokens_details!.cached_tokens : undefined;
      assert.equal(aChat!.usage.prompt_tokens_details!.cached_tokens, 8);
      assert.deepEqual(
        { input: chat!.tokens.input, output: chat!.tokens.output, total: chat!.tokens.total, cachedInput: chat!.tokens.cachedInput },
        { input: aChat!.usage.prompt_tokens, output: aChat!.usage.completion_tokens, total: aChat!.usage.total_tokens, cachedInput: cached },
      );
      assert.equal(chat!.ttftMs, undefined, 'no time to first token without streaming');

      // ---- streamed chat, usage in the last chunk ----
      assert.equal(stream!.spanClass, 'llm');
      assert.equal(stream!.requestModel, 'gpt-4o-mini');
      assert.equal(stream!.responseModel, emits.streamResponseModel ? 'gpt-4o-mini-2024-07-18' : 'gpt-4o-mini');
      assert.deepEqual(roles(stream!.inputMessages), ['user']);
      assert.deepEqual(texts(stream!.inputMessages[0]!), ['Count to three, please.']);
      assert.deepEqual(texts(stream!.outputMessages[0]!), [aStream!.content]);
      assert.deepEqual(stream!.finishReasons, emits.streamFinish);
      assert.equal(stream!.tokens.input, aStream!.usage.prompt_tokens);
      assert.equal(stream!.tokens.output, aStream!.usage.completion_tokens);
      assert.equal(stream!.tokens.total, aStream!.usage.total_tokens);
      if (emits.streamParam) assert.equal(stream!.params.stream, true);
      if (emits.ttft) {
        assert.ok(stream!.ttftMs !== undefined && stream!.ttftMs > 0, `${flavor} records a time to first token`);
        assert.ok(stream!.ttftMs < stream!.durationMs, `ttft ${stream!.ttftMs} < duration ${stream!.durationMs}`);
      } else assert.equal(stream!.ttftMs, undefined);
      // The fake server sends the stream over about 10 chunks, 15 ms apart.
      assert.ok(stream!.durationMs >= 60, `the streamed call lasts as long as its stream (${stream!.durationMs} ms)`);

      // ---- tool call, then the tool's result ----
      assert.deepEqual(sent.answers.tool_call, { id: aTool!.toolCalls![0]!.id, name: 'get_weather', arguments: '{"city":"Paris"}' });
      assert.deepEqual(texts(tool!.inputMessages[0]!), ['What is the weather in Paris?']);
      assert.equal(tool!.outputMessages.length, 1);
      const [toolCall] = tool!.outputMessages[0]!.parts;
      assert.equal(toolCall?.type, 'tool_call');
      if (toolCall?.type === 'tool_call') {
        assert.equal(toolCall.name, 'get_weather');
        assert.deepEqual(JSON.parse(toolCall.arguments), { city: 'Paris' });
        assert.equal(toolCall.id, sent.answers.tool_call.id);
      }
      assert.deepEqual(tool!.finishReasons, [emits.toolFinish]);
      assert.equal(tool!.tokens.input, aTool!.usage.prompt_tokens);
      assert.equal(tool!.tokens.output, aTool!.usage.completion_tokens);

      assert.deepEqual(roles(toolResult!.inputMessages), emits.toolCallInHistory ? ['user', 'assistant', 'tool'] : ['user', 'tool']);
      if (emits.toolCallInHistory) {
        const [historyCall] = toolResult!.inputMessages[1]!.parts;
        assert.equal(historyCall?.type === 'tool_call' && historyCall.name, 'get_weather');
      }
      assert.deepEqual(toolResult!.inputMessages.at(-1)!.parts, [
        { type: 'tool_call_response', id: sent.answers.tool_call.id, response: '22 C and sunny' },
      ]);
      assert.deepEqual(texts(toolResult!.outputMessages[0]!), ['The tool said: 22 C and sunny']);
      assert.deepEqual(toolResult!.finishReasons, ['stop']);

      // ---- embeddings ----
      assert.equal(embed!.spanClass, 'embedding');
      if (emits.operations) assert.equal(embed!.operation, 'embeddings');
      assert.equal(embed!.requestModel, 'text-embedding-3-small');
      assert.equal(embed!.responseModel, 'text-embedding-3-small');
      assert.equal(embed!.tokens.input, aEmbed!.usage.prompt_tokens);
      assert.equal(embed!.tokens.output, undefined);
      assert.deepEqual(embed!.outputMessages, []);
      if (emits.embeddingInput) assert.deepEqual(embed!.inputMessages.map(texts), [['hello embeddings world']]);
      else assert.deepEqual(embed!.inputMessages, []);
      assert.equal(sent.answers.embedding_dims, 8);

      // ---- cost: the package's own where it has a price, else the bundled table ----
      const chats = [
        [chat!, aChat!],
        [stream!, aStream!],
        [tool!, aTool!],
        [toolResult!, aToolResult!],
      ] as const;
      for (const [call, answer] of chats) {
        const input = answer.usage.prompt_tokens;
        const output = answer.usage.completion_tokens;
        if (emits.reportedCost) {
          // OpenLIT prices from its pricing.json, which has no cached-input price.
          assert.deepEqual({ source: call.cost.source, detail: call.cost.detail }, { source: 'reported', detail: emits.reportedCost });
          approx(call.cost.usd, priceOf('gpt-4o-mini', input, output, 0), `${flavor} reported cost`);
        } else {
          assert.equal(call.cost.source, 'computed');
          assert.match(call.cost.detail, /^genai-prices .*: openai\/gpt-4o-mini$/);
          approx(call.cost.usd, priceOf('gpt-4o-mini', input, output, call.tokens.cachedInput ?? 0), `${flavor} computed cost`);
        }
      }
      // OpenLIT has no price for the embedding model in the test's price list and reports 0: the
      // receiver prices it instead of believing it was free.
      assert.equal(embed!.cost.source, 'computed');
      assert.match(embed!.cost.detail, /genai-prices .*: openai\/text-embedding-3-small$/);
      approx(embed!.cost.usd, priceOf('text-embedding-3-small', aEmbed!.usage.prompt_tokens, 0, 0), 'embedding cost');

      // ---- where the content came from ----
      const chatSpan = spans[0]!;
      const attrKeys = new Set(chatSpan.attributes.map((a) => a.key));
      if (emits.contentInLogs) {
        assert.deepEqual(
          chatSpan.logs.map((l) => l.eventName ?? l.attributes.find((a) => a.key === 'event.name')?.value),
          ['gen_ai.system.message', 'gen_ai.user.message', 'gen_ai.choice'],
        );
        assert.ok(![...attrKeys].some((k) => k.startsWith('gen_ai.input') || k.startsWith('gen_ai.prompt')), 'no content on the span');
      } else if (flavor === 'openai-v2-latest') {
        assert.ok(attrKeys.has('gen_ai.input.messages') && attrKeys.has('gen_ai.output.messages'));
        assert.equal(chatSpan.logs.length, 0);
      }

      // ---- the trace list and the call list ----
      const calls = [chat!, stream!, tool!, toolResult!, embed!];
      const list = await getJson<TraceListResponse>(`${rx.base}/api/traces?service=${sent.service}`);
      assert.equal(list.traces.length, 1);
      const summary = list.traces[0]!;
      assert.equal(summary.traceId, sent.trace_id);
      assert.equal(summary.llmCallCount, 5);
      assert.deepEqual(
        [...summary.models].sort(),
        [...new Set(['gpt-4o-mini-2024-07-18', 'text-embedding-3-small', ...(emits.streamResponseModel ? [] : ['gpt-4o-mini'])])].sort(),
      );
      const sum = (f: (a: RecordedCall['answer']) => number): number => asked.reduce((n, c) => n + f(c.answer), 0);
      assert.equal(summary.inputTokens, sum((a) => a.usage.prompt_tokens));
      assert.equal(summary.outputTokens, sum((a) => a.usage.completion_tokens));
      assert.equal(summary.costUnknownCalls, 0);
      approx(summary.costUsd, calls.reduce((n, c) => n + c.cost.usd!, 0), 'trace cost');
      assert.ok(summary.maxLlmLatencyMs >= stream!.durationMs - 0.001);

      const rows = (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?service=${sent.service}`)).calls;
      assert.equal(rows.length, 5);
      for (const [i, s] of spans.entries()) {
        const row = rows.find((r) => r.spanId === s.spanId);
        assert.ok(row, `${s.name} is listed`);
        const call = calls[i]!;
        assert.equal(row.traceId, sent.trace_id);
        assert.equal(row.spanClass, call.spanClass);
        assert.equal(row.provider, 'openai');
        assert.equal(row.model, call.responseModel ?? call.requestModel);
        assert.equal(row.inputTokens, call.tokens.input);
        assert.equal(row.outputTokens, call.tokens.output);
        assert.equal(row.costSource, call.cost.source);
        approx(row.costUsd, call.cost.usd!, 'row cost');
        assert.equal(row.ttftMs, call.ttftMs);
        assert.deepEqual(row.conventions, emits.conventions);
      }
      const found = (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?service=${sent.service}&text=capital%20of%20france`)).calls;
      assert.deepEqual(
        found.map((r) => r.spanId),
        [spans[0]!.spanId],
      );
    });
  }
});
