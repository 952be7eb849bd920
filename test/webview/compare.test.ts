// The comparison models behind the prompt/response diff and the trace comparison, on their own
// (DOM-free): sections paired and diffed by word, the deltas, the text the native diff editor
// shows, and spans of two runs matched by position.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LlmCall, Span } from '../../receiver/src/contract/model';
import { compareCalls, wordDiff } from '../../webview/src/compare/call-compare';
import { callDocument, callSections } from '../../webview/src/compare/call-text';
import { compareTraces } from '../../webview/src/compare/trace-compare';

function call(over: Partial<LlmCall>): LlmCall {
  return {
    spanClass: 'llm',
    operation: 'chat',
    provider: 'openai',
    requestModel: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini-2024-07-18',
    systemInstructions: [{ type: 'text', content: 'You are a terse assistant.' }],
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'What is the capital of France?' }] }],
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Paris.' }], finishReason: 'stop' }],
    finishReasons: ['stop'],
    params: { temperature: 0.2, maxTokens: 50 },
    tokens: { input: 20, output: 3 },
    cost: { usd: 0.00001, source: 'computed', detail: 'genai-prices' },
    durationMs: 400,
    conventions: ['otel-genai'],
    sources: {},
    ...over,
  };
}

describe('LLM call comparison', () => {
  it('pairs sections by key, marks word-level changes and one-sided sections, and computes deltas', () => {
    const left = call({});
    const right = call({
      systemInstructions: [{ type: 'text', content: 'You are a verbose assistant.' }],
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'What is the capital of France?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'lookup', arguments: '{"city":"Paris"}' }] },
      ],
      params: { temperature: 0.7, maxTokens: 50 },
      tokens: { input: 40, output: 30 },
      cost: { usd: null, source: 'unknown-model', detail: '' },
      durationMs: 1200,
    });
    const c = compareCalls(left, right);
    const system = c.sections.find((s) => s.key === 'system')!;
    assert.equal(system.changed, true);
    assert.deepEqual(
      system.parts.filter((p) => p.kind !== 'same').map((p) => [p.kind, p.text]),
      [['removed', 'terse'], ['added', 'verbose']],
    );
    assert.equal(c.sections.find((s) => s.key === 'input 1')!.changed, false);
    const tool = c.sections.find((s) => s.key === 'input 2')!;
    assert.equal(tool.left, null);
    assert.match(tool.right!, /→ tool call lookup \(c1\): \{\n  "city": "Paris"\n\}/);
    assert.equal(c.sections.find((s) => s.key === 'params')!.changed, true);
    assert.equal(c.changedSections, 3);

    const byLabel = Object.fromEntries(c.deltas.map((d) => [d.label, d]));
    assert.deepEqual([byLabel['Input tokens']!.delta, byLabel['Input tokens']!.ratio], [20, 1]);
    assert.equal(byLabel['Latency']!.delta, 800);
    assert.equal(byLabel['Cost']!.delta, null, 'an unknown cost gives no delta, not a fake one');
    assert.equal(byLabel['Time to first token']!.left, null);
  });

  it('diffs hostile text as text, and keeps whitespace', () => {
    const parts = wordDiff('say <b>hi</b>\n', 'say <img src=x onerror=alert(1)>\n');
    assert.equal(parts.map((p) => (p.kind === 'removed' ? '' : p.text)).join(''), 'say <img src=x onerror=alert(1)>\n');
  });

  it('renders a call as a document for the native diff editor, raw content included', () => {
    const raw = call({ inputMessages: [], outputMessages: [], rawInput: 'not json {', rawOutput: 'plain answer', finishReasons: [] });
    assert.deepEqual(callSections(raw).map((s) => s.key), ['model', 'params', 'system', 'input 1', 'output 1']);
    const doc = callDocument(call({ ttftMs: 120 }), 'chat gpt-4o-mini · 9f3a');
    assert.match(doc, /^# chat gpt-4o-mini · 9f3a\n/);
    assert.match(doc, /## Input 1 · user\nWhat is the capital of France\?/);
    assert.match(doc, /cost: \$0\.000010 \(computed\)/);
    assert.match(doc, /time to first token: 120 ms/);
  });
});

function span(id: string, name: string, parent: string | undefined, startMs: number, endMs: number, error = false): Span {
  return {
    traceId: 't'.repeat(32),
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: `${BigInt(startMs) * 1_000_000n}`,
    endTimeUnixNano: `${BigInt(endMs) * 1_000_000n}`,
    attributes: [],
    events: [],
    links: [],
    status: { code: error ? 2 : 0 },
    resource: { attributes: [] },
    scope: { name: 'x' },
    service: 'svc',
  };
}

describe('trace comparison', () => {
  it('matches spans by path and occurrence, with duration deltas, and places one-sided spans under their parent', () => {
    const left = [
      span('a', 'agent', undefined, 0, 1000),
      span('b', 'chat', 'a', 10, 300),
      span('c', 'tool search', 'a', 300, 400),
      span('d', 'chat', 'a', 400, 900),
    ];
    const right = [
      span('A', 'agent', undefined, 0, 1500),
      span('B', 'chat', 'A', 10, 200),
      span('C', 'tool search', 'A', 200, 350, true),
      span('E', 'tool fetch', 'A', 350, 600),
      span('D', 'chat', 'A', 600, 1400),
      span('F', 'retry', 'D', 700, 800),
    ];
    const rows = compareTraces(left, right);
    assert.deepEqual(
      rows.map((r) => [r.key, r.left?.spanId ?? null, r.right?.spanId ?? null, r.deltaMs]),
      [
        ['agent#1', 'a', 'A', 500],
        ['agent#1/chat#1', 'b', 'B', -100],
        ['agent#1/tool search#1', 'c', 'C', 50],
        ['agent#1/chat#2', 'd', 'D', 300],
        ['agent#1/chat#2/retry#1', null, 'F', null],
        ['agent#1/tool fetch#1', null, 'E', null],
      ],
    );
    assert.equal(rows[2]!.right!.error, true);
    assert.deepEqual(rows.map((r) => r.depth), [0, 1, 1, 1, 2, 1]);
  });
});
