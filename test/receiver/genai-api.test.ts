// LLM calls through the running receiver: trace summaries gain LLM totals, /api/llm-calls lists
// and filters calls, each span carries its normalised call, and secrets never reach the disk.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LlmCallsResponse, TraceDetailResponse, TraceListResponse } from '../../receiver/src/contract/api';
import { getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';
import { hexId, tracesJson } from '../helpers/otlp-payloads';

const SECRET = 'sk-proj-Zyxwvutsrqponmlk9876543210';

/** An agent trace: root → ai.generateText (wrapper) → ai.generateText.doGenerate, plus an embedding. */
function agentTrace(traceId: string, model: string, prompt: string) {
  const root = hexId(8);
  const wrapper = hexId(8);
  const usage = (input: number, output: number) => ({ 'ai.usage.promptTokens': input, 'ai.usage.completionTokens': output });
  return tracesJson(
    [
      { traceId, spanId: root, name: 'agent run' },
      {
        traceId,
        spanId: wrapper,
        parentSpanId: root,
        name: 'ai.generateText',
        attributes: { 'ai.operationId': 'ai.generateText', 'ai.model.id': model, 'ai.model.provider': 'openai.chat', ...usage(100, 20) },
      },
      {
        traceId,
        parentSpanId: wrapper,
        name: 'ai.generateText.doGenerate',
        attributes: {
          'ai.operationId': 'ai.generateText.doGenerate',
          'ai.model.id': model,
          'ai.model.provider': 'openai.chat',
          'ai.prompt.messages': JSON.stringify([{ role: 'user', content: prompt }]),
          'ai.response.text': `answer to ${prompt}`,
          ...usage(100, 20),
        },
      },
      {
        traceId,
        parentSpanId: root,
        name: 'embeddings text-embedding-3-small',
        attributes: {
          'gen_ai.operation.name': 'embeddings',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'text-embedding-3-small',
          'gen_ai.usage.input_tokens': 8,
        },
      },
    ],
    'agent-svc',
  );
}

async function post(base: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

describe('LLM calls in the query API', () => {
  let rx: ReceiverProcess;
  const t1 = hexId(16);
  const t2 = hexId(16);
  before(async () => {
    rx = await startReceiverProcess({ args: ['--price', 'gpt-4o-mini=1,2'] });
    await post(rx.base, agentTrace(t1, 'gpt-4o-mini', `Summarise the report, key ${SECRET}`));
    await post(rx.base, agentTrace(t2, 'gpt-4o', 'Translate hello to French'));
  });
  after(async () => {
    await rx.stop();
    await removeDir(rx.dataDir);
  });

  it('adds LLM totals to trace summaries, counting a wrapped call once', async () => {
    const list = await getJson<TraceListResponse>(`${rx.base}/api/traces`);
    const s1 = list.traces.find((t) => t.traceId === t1)!;
    assert.equal(s1.llmCallCount, 2, 'doGenerate and the embedding; not the ai.generateText wrapper');
    assert.deepEqual(s1.models.sort(), ['gpt-4o-mini', 'text-embedding-3-small']);
    assert.equal(s1.inputTokens, 108);
    assert.equal(s1.outputTokens, 20);
    // --price gpt-4o-mini=1,2 (USD per million): 100 × 1 + 20 × 2, plus the embedding from the table.
    const s2 = list.traces.find((t) => t.traceId === t2)!;
    assert.ok(s1.costUsd > 140e-6 && s1.costUsd < 141e-6, `cost ${s1.costUsd}`);
    assert.equal(s1.costUnknownCalls, 0);
    assert.ok(s2.costUsd > s1.costUsd, 'gpt-4o from the table costs more than the override');
    assert.ok(s1.maxLlmLatencyMs >= 0);
  });

  it('carries the normalised call on each span of a trace', async () => {
    const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${t1}`);
    const inner = detail.spans.find((s) => s.name === 'ai.generateText.doGenerate')!;
    assert.equal(inner.llm?.spanClass, 'llm');
    assert.equal(inner.llm?.requestModel, 'gpt-4o-mini');
    assert.equal(inner.llm?.provider, 'openai');
    assert.deepEqual(inner.llm?.cost, { usd: 140e-6, source: 'override', detail: 'override gpt-4o-mini' });
    assert.deepEqual(inner.llm?.outputMessages[0]?.parts[0], { type: 'text', content: `answer to Summarise the report, key sk-[REDACTED]` });
    const root = detail.spans.find((s) => s.name === 'agent run')!;
    assert.equal(root.llm, undefined, 'a span without GenAI attributes has no call');
    const embed = detail.spans.find((s) => s.name.startsWith('embeddings'))!;
    assert.equal(embed.llm?.spanClass, 'embedding');
    assert.equal(embed.llm?.cost.source, 'computed');
  });

  it('lists calls newest first with filters, text search and paging', async () => {
    const all = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`);
    assert.equal(all.calls.length, 4);
    const starts = all.calls.map((c) => BigInt(c.startTimeUnixNano));
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i - 1]! >= starts[i]!);
    const byModel = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?model=gpt-4o`);
    assert.deepEqual(byModel.calls.map((c) => c.traceId), [t2]);
    const byProvider = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?provider=openai&service=agent-svc`);
    assert.equal(byProvider.calls.length, 4);
    const text = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?text=${encodeURIComponent('hello to french')}`);
    assert.deepEqual(text.calls.map((c) => c.name), ['ai.generateText.doGenerate']);
    assert.equal(text.calls[0]!.traceId, t2);
    const page1 = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?limit=3`);
    assert.equal(page1.calls.length, 3);
    assert.ok(page1.nextCursor);
    const page2 = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?limit=3&cursor=${page1.nextCursor}`);
    assert.equal(page2.calls.length, 1);
    assert.equal(page2.nextCursor, null);
    const ids = new Set([...page1.calls, ...page2.calls].map((c) => c.spanId));
    assert.equal(ids.size, 4);
    // Trace search covers prompt content too.
    const traces = await getJson<TraceListResponse>(`${rx.base}/api/traces?text=summarise%20the%20report`);
    assert.deepEqual(traces.traces.map((t) => t.traceId), [t1]);
  });

  it('masks the leaked key before it is written', async () => {
    const dir = path.join(rx.dataDir, 'segments');
    for (const f of await fs.readdir(dir)) {
      const text = await fs.readFile(path.join(dir, f), 'utf8');
      assert.ok(!text.includes(SECRET), `${f} holds no secret`);
    }
    const search = await getJson<TraceListResponse>(`${rx.base}/api/traces?text=Zyxwvutsrq`);
    assert.equal(search.traces.length, 0);
  });
});

describe('masking can be turned off', () => {
  it('keeps secrets with --no-redact', async () => {
    const rx = await startReceiverProcess({ args: ['--no-redact'] });
    try {
      const id = hexId(16);
      await post(rx.base, agentTrace(id, 'gpt-4o-mini', `key ${SECRET}`));
      const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${id}`);
      const inner = detail.spans.find((s) => s.name === 'ai.generateText.doGenerate')!;
      assert.match(JSON.stringify(inner.attributes), new RegExp(SECRET));
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
    }
  });
});
