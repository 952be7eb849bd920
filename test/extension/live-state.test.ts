// The host's copy of the trace rows and active warnings: capped newest-first rows, and a real
// receiver's list, event stream, clear-all and restart reflected in it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiverClient } from '../../receiver/src/contract/client';
import type { TraceSummary } from '../../receiver/src/contract/model';
import { LiveState, TraceRows, type LiveChange } from '../../extension/src/live-state';
import { eventually, removeDir, startReceiverProcess } from '../helpers/receiver-process';
import { hexId, tracesJson } from '../helpers/otlp-payloads';

function row(traceId: string, startMs: number): TraceSummary {
  return {
    traceId, rootName: traceId, rootKnown: true, service: 's', services: ['s'],
    startTimeUnixNano: `${startMs}000000`, endTimeUnixNano: `${startMs + 1}000000`, durationMs: 1,
    spanCount: 1, errorCount: 0, hasError: false, logCount: 0, llmCallCount: 0, models: [],
    inputTokens: 0, outputTokens: 0, costUsd: 0, costUnknownCalls: 0, maxLlmLatencyMs: 0,
  };
}

function llmSpan(traceId: string, durationMs: number): unknown {
  const start = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'live-svc' } }] },
      scopeSpans: [{ scope: { name: 't' }, spans: [{
        traceId, spanId: hexId(8), name: 'chat gpt-4o-mini', kind: 3,
        startTimeUnixNano: String(start), endTimeUnixNano: String(start + BigInt(durationMs) * 1_000_000n),
        attributes: [
          { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
          { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
          { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
        ],
      }] }],
    }],
  };
}

describe('trace rows', () => {
  it('keeps the newest rows by start time, upserting by id', () => {
    const rows = new TraceRows(3);
    rows.upsert([row('a', 1), row('b', 2), row('c', 3)]);
    rows.upsert([{ ...row('a', 1), rootName: 'renamed' }, row('d', 10)]);
    assert.deepEqual(rows.sorted().map((r) => r.traceId), ['d', 'c', 'b']);
    // 10% slack before trimming: 'a' is still known until the batch trim.
    assert.equal(rows.get('a')?.rootName, 'renamed');
    rows.upsert([row('e', 0)]);
    assert.equal(rows.size, 3);
    assert.equal(rows.has('a'), false);
    rows.remove(['d']);
    assert.deepEqual(rows.sorted().map((r) => r.traceId), ['c', 'b']);
  });

  it('orders nanosecond strings of different lengths numerically', () => {
    const rows = new TraceRows();
    rows.upsert([{ ...row('old', 0), startTimeUnixNano: '999' }, { ...row('new', 0), startTimeUnixNano: '1000' }]);
    assert.deepEqual(rows.sorted().map((r) => r.traceId), ['new', 'old']);
  });
});

describe('live state against a receiver', () => {
  it('loads, follows, clears and reconnects after a restart', async () => {
    const args = ['--rule', 'callLatencyMs=500', '--rule', 'anomaly.enabled=false', '--gpu-interval-ms', '0'];
    let rx = await startReceiverProcess({ args });
    const { dataDir, httpPort, grpcPort } = rx;
    const lines: string[] = [];
    const live = new LiveState((l) => lines.push(l));
    const changes: LiveChange[] = [];
    live.onChange((c) => changes.push(c));
    const client = new ReceiverClient(rx.base);
    const post = async (body: unknown): Promise<void> => client.postOtlpJson('traces', JSON.stringify(body));
    try {
      const before = hexId(16);
      await post(tracesJson([{ traceId: before, name: 'stored before' }]));
      live.connect(client);
      await eventually(async () => changes.some((c) => c.type === 'reset'));
      assert.equal(live.connected, true);
      assert.equal(live.rows.get(before)?.rootName, 'stored before');
      assert.equal(live.traceCount, 1);

      const slow = hexId(16);
      await post(llmSpan(slow, 1200));
      await eventually(async () => live.rows.has(slow) && live.warnings.size === 1);
      assert.equal(live.traceCount, 2);
      assert.equal(live.activeWarnings()[0]?.rule, 'call-latency');
      await post(llmSpan(hexId(16), 50));
      await eventually(async () => live.warnings.size === 0);

      await client.clear();
      await eventually(async () => live.rows.size === 0);
      assert.ok(changes.some((c) => c.type === 'traces-removed' && c.traceIds.includes(before)));
      assert.equal(live.traceCount, 0);

      await rx.stop();
      await eventually(async () => !live.connected);
      const resets = changes.filter((c) => c.type === 'reset').length;
      rx = await startReceiverProcess({ dataDir, httpPort, grpcPort, args });
      await eventually(async () => changes.filter((c) => c.type === 'reset').length > resets, 15_000);
      assert.equal(live.connected, true);
      assert.match(lines.join('\n'), /event stream of .* lost/);
    } finally {
      live.disconnect();
      await rx.stop();
      await removeDir(dataDir);
    }
  });
});
