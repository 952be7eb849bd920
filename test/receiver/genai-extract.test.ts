// Hand-written spans from each convention's specification (test/fixtures/genai/, one file per
// shape), for what no package here emits; plus cost sources, wrapper spans and masking.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { calcPrice } from '@pydantic/genai-prices';
import type { AnyValue, KeyValue, LlmCall, LlmCallRow, LogRecord, Span } from '../../receiver/src/contract/model';
import { callInput, extractLlmCall } from '../../receiver/src/genai/extract';
import { PriceTable, parsePriceOverride } from '../../receiver/src/genai/price-table';
import { redactAttributes, redactText } from '../../receiver/src/genai/redact';
import { leafCalls } from '../../receiver/src/store/trace-index';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/genai');
const START = 1_700_000_000_000_000_000n;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function anyValue(v: Json): AnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (v === null) return {};
  return { kvlistValue: { values: kvs(v) } };
}

function kvs(o: { [k: string]: Json }): KeyValue[] {
  return Object.entries(o).map(([key, value]) => ({ key, value: anyValue(value) }));
}

interface Fixture {
  about: string;
  span: {
    name: string;
    durationMs: number;
    attributes: { [k: string]: Json };
    events?: { name: string; offsetMs: number; attributes: { [k: string]: Json } }[];
  };
  logs?: { eventName?: string; attributes?: { [k: string]: Json }; body?: Json }[];
  expect: { [k: string]: Json };
}

const ns = (ms: number): string => String(START + BigInt(Math.round(ms * 1e6)));

function build(f: Fixture): { span: Span; logs: LogRecord[] } {
  const resource = { attributes: kvs({ 'service.name': 'fixture' }) };
  const span: Span = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    name: f.span.name,
    kind: 3,
    startTimeUnixNano: ns(0),
    endTimeUnixNano: ns(f.span.durationMs),
    attributes: kvs(f.span.attributes),
    events: (f.span.events ?? []).map((e) => ({ name: e.name, timeUnixNano: ns(e.offsetMs), attributes: kvs(e.attributes) })),
    links: [],
    status: { code: 0 },
    resource,
    scope: { name: 'fixture' },
    service: 'fixture',
  };
  const logs: LogRecord[] = (f.logs ?? []).map((l, i) => ({
    timeUnixNano: ns(i),
    observedTimeUnixNano: ns(i),
    severityNumber: 9,
    attributes: kvs(l.attributes ?? {}),
    ...(l.eventName ? { eventName: l.eventName } : {}),
    ...(l.body !== undefined ? { body: anyValue(l.body) } : {}),
    traceId: span.traceId,
    spanId: span.spanId,
    resource,
    scope: { name: 'fixture' },
    service: 'fixture',
  }));
  return { span, logs };
}

function extract(f: Fixture, prices = new PriceTable()): LlmCall {
  const { span, logs } = build(f);
  const call = extractLlmCall(callInput(span, logs), prices);
  assert.ok(call, 'an LLM call is recognised');
  return call;
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, fixture: JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Fixture }));

describe('GenAI conventions from hand-written fixtures', () => {
  for (const { file, fixture } of fixtures) {
    it(`${file}: ${fixture.about}`, () => {
      const call = extract(fixture);
      for (const [key, want] of Object.entries(fixture.expect)) {
        switch (key) {
          case 'costSource':
            assert.equal(call.cost.source, want, 'cost source');
            if (want === 'computed') {
              assert.ok(call.cost.usd !== null && call.cost.usd > 0, 'a computed cost is positive');
              assert.match(call.cost.detail, /^genai-prices /);
            }
            break;
          case 'inputRoles':
            assert.deepEqual(call.inputMessages.map((m) => m.role), want);
            break;
          case 'inputPartTypes':
            assert.deepEqual(call.inputMessages.map((m) => m.parts.map((p) => p.type)), want);
            break;
          default:
            assert.deepEqual((call as unknown as Record<string, unknown>)[key], want, key);
        }
      }
      assert.equal(call.durationMs, fixture.span.durationMs);
    });
  }

  it('prices cached input tokens from the table', () => {
    const f = fixtures.find((x) => x.file === 'otel-current-structured-anthropic.json')!.fixture;
    const call = extract(f);
    const expected = calcPrice(
      { input_tokens: 1000, output_tokens: 100, cache_read_tokens: 200 },
      'claude-3-5-sonnet-latest',
      { providerId: 'anthropic' },
    );
    assert.ok(expected);
    assert.equal(call.cost.usd, expected.total_price);
    const uncached = calcPrice({ input_tokens: 1000, output_tokens: 100 }, 'claude-3-5-sonnet-latest', { providerId: 'anthropic' });
    assert.ok(uncached && uncached.total_price > call.cost.usd!, 'cache reads are cheaper');
  });

  it('says which convention won when two give the same field', () => {
    const f = fixtures.find((x) => x.file === 'vercel-ai-v4-generate-text.json')!.fixture;
    const call = extract(f);
    assert.equal(call.sources.tokens, 'vercel-ai');
    assert.equal(call.sources.requestModel, 'vercel-ai');
    assert.equal(call.sources.provider, 'vercel-ai');
  });
});

describe('cost sources', () => {
  const base: Fixture = {
    about: 'priced call',
    span: {
      name: 'chat',
      durationMs: 10,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'my-finetune-2026',
        'gen_ai.usage.input_tokens': 2_000_000,
        'gen_ai.usage.output_tokens': 1_000_000,
        'gen_ai.usage.cache_read.input_tokens': 1_000_000,
      },
    },
    expect: {},
  };

  it('reports an unknown model as unknown, never as a silent 0', () => {
    const call = extract(base);
    assert.deepEqual(call.cost, { usd: null, source: 'unknown-model', detail: `my-finetune-2026 is not in ${call.cost.detail.split(' is not in ')[1]}` });
    assert.match(call.cost.detail, /genai-prices/);
  });

  it('applies a user override by model pattern, with a cached-input price', () => {
    const prices = new PriceTable([parsePriceOverride('my-finetune-*=2,8,0.5'), parsePriceOverride('*=100,100')]);
    const call = extract(base, prices);
    // 1M uncached × $2 + 1M cached × $0.5 + 1M output × $8.
    assert.deepEqual(call.cost, { usd: 10.5, source: 'override', detail: 'override my-finetune-*' });
  });

  it('prices a local runtime when the user configured it', () => {
    const f = fixtures.find((x) => x.file === 'ollama-local-runtime.json')!.fixture;
    const call = extract(f, new PriceTable([parsePriceOverride('ollama/llama3*=0.1,0.2')]));
    assert.equal(call.cost.source, 'override');
    assert.equal(call.cost.usd, (500 * 0.1 + 200 * 0.2) / 1e6);
  });

  it('says when there is nothing to price', () => {
    const call = extract({ ...base, span: { ...base.span, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } } });
    assert.equal(call.cost.source, 'no-usage');
    assert.equal(call.cost.usd, null);
  });

  it('prices repeated calls of a model exactly as the table does, tiers included', () => {
    const prices = new PriceTable();
    const cases: [string, string, string][] = [
      ['openai', 'openai', 'gpt-4o-mini'],
      ['anthropic', 'anthropic', 'claude-3-5-sonnet-latest'],
      ['gcp.gemini', 'google', 'gemini-1.5-pro'],
    ];
    for (const [provider, providerId, model] of cases) {
      // Two sizes: a long-context tier applies above 128k input tokens for some models.
      for (const input of [1000, 250_000, 1000]) {
        const tokens = { input, output: 500, cachedInput: 100 };
        const direct = calcPrice({ input_tokens: input, output_tokens: 500, cache_read_tokens: 100 }, model, { providerId });
        assert.ok(direct, `${model} is in the table`);
        const cost = prices.cost({ provider, model, tokens });
        assert.equal(cost.usd, direct.total_price, `${model} with ${input} input tokens`);
        assert.equal(cost.source, 'computed');
      }
    }
    assert.equal(prices.cost({ provider: 'openai', model: 'nope-1', tokens: { input: 1, output: 1 } }).source, 'unknown-model');
    assert.equal(prices.cost({ provider: 'openai', model: 'nope-1', tokens: { input: 1, output: 1 } }).source, 'unknown-model');
  });

  it('rejects malformed price flags with a clear message', () => {
    assert.throws(() => parsePriceOverride('gpt-4o'), /MODEL_PATTERN=INPUT,OUTPUT/);
    assert.throws(() => parsePriceOverride('gpt-4o=1'), /two or three non-negative numbers/);
    assert.throws(() => parsePriceOverride('gpt-4o=1,-2'), /two or three non-negative numbers/);
  });

  it('ignores spans that carry no GenAI convention', () => {
    const { span } = build({ about: '', span: { name: 'GET /health', durationMs: 1, attributes: { 'http.method': 'GET' } }, expect: {} });
    assert.equal(extractLlmCall(callInput(span, []), new PriceTable()), null);
  });
});

describe('counting calls once', () => {
  const row = (spanId: string, parentSpanId?: string): LlmCallRow => ({
    traceId: 't',
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: spanId,
    service: 's',
    startTimeUnixNano: '1',
    hasError: false,
    spanClass: 'llm',
    costUsd: 0.001,
    costSource: 'computed',
    durationMs: 5,
    conventions: ['vercel-ai'],
  });

  it('counts ai.generateText.doGenerate, not the ai.generateText around it', () => {
    const calls = leafCalls([row('outer'), row('inner', 'outer'), row('other')]);
    assert.deepEqual(calls.map((c) => c.spanId).sort(), ['inner', 'other']);
  });
});

describe('secret masking', () => {
  it('masks API keys and bearer tokens and keeps JSON valid', () => {
    const text = JSON.stringify({
      messages: [{ role: 'user', content: 'my key is sk-proj-Abcdefghijklmnop1234567890 ok' }],
      headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature' },
      aws: 'AKIAIOSFODNN7EXAMPLE',
    });
    const masked = redactText(text);
    assert.doesNotMatch(masked, /Abcdefghijklmnop/);
    assert.doesNotMatch(masked, /eyJhbGci/);
    assert.doesNotMatch(masked, /IOSFODNN7EXAMPLE/);
    const parsed = JSON.parse(masked) as { messages: { content: string }[]; headers: { Authorization: string } };
    assert.equal(parsed.messages[0]!.content, 'my key is sk-[REDACTED] ok');
    assert.equal(parsed.headers.Authorization, 'Bearer [REDACTED]');
  });

  it('masks inside nested attribute values and leaves clean ones untouched', () => {
    const attrs = kvs({ clean: 'nothing secret', nested: { deep: ['x', 'token sk-ant-api03-abcdefghijklmnopqrstuv'] } });
    const out = redactAttributes(attrs);
    assert.equal(out[0], attrs[0], 'unchanged values keep their identity');
    assert.match(JSON.stringify(out[1]), /sk-\[REDACTED\]/);
    assert.doesNotMatch(JSON.stringify(out[1]), /abcdefghijklmnopqrstuv/);
  });
});
