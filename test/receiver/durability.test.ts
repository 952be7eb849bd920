// "A 200 means on disk": a receiver killed with SIGKILL while exports are in flight must, after
// restart, hold every span it acknowledged, and open without quarantining anything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HealthResponse, TraceDetailResponse } from '../../receiver/src/contract/api';
import { getJson, removeDir, startReceiverProcess, tempDir } from '../helpers/receiver-process';
import { hexId, tracesProto } from '../helpers/otlp-payloads';

const PROTO = { 'content-type': 'application/x-protobuf' };

/** Sends exports from `workers` concurrent loops until stopped; returns acknowledged trace ids. */
function loadUntilStopped(base: string, workers: number): { stop: () => Promise<string[]> } {
  const acked: string[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const traceId = hexId(16);
      const spans = Array.from({ length: 5 }, (_, i) => ({
        traceId,
        name: `step ${i}`,
        attributes: { 'gen_ai.prompt': `prompt ${traceId} `.repeat(40) },
      }));
      try {
        const res = await fetch(`${base}/v1/traces`, { method: 'POST', headers: PROTO, body: tracesProto(spans), signal: AbortSignal.timeout(10000) });
        await res.arrayBuffer();
        if (res.status === 200) acked.push(traceId);
      } catch {
        // The receiver died mid-request: this one was not acknowledged.
        return;
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return acked;
    },
  };
}

describe('durability', () => {
  it('keeps every acknowledged span across repeated kill -9', async () => {
    const dataDir = await tempDir();
    const allAcked: string[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const rx = await startReceiverProcess({ dataDir });
        const h = await getJson<HealthResponse>(`${rx.base}/api/health`);
        assert.deepEqual(h.store.quarantined, [], 'opens cleanly after the previous kill');
        // Killed between commit and response, a batch is stored without being acknowledged.
        assert.ok(h.store.traces >= allAcked.length, `${h.store.traces} stored, ${allAcked.length} acknowledged`);
        const load = loadUntilStopped(rx.base, 4);
        await new Promise((r) => setTimeout(r, 400 + round * 300));
        rx.child.kill('SIGKILL');
        await rx.exited;
        const acked = await load.stop();
        assert.ok(acked.length > 0, 'some exports were acknowledged before the kill');
        allAcked.push(...acked);
      }
      const rx = await startReceiverProcess({ dataDir });
      try {
        const h = await getJson<HealthResponse>(`${rx.base}/api/health`);
        assert.deepEqual(h.store.quarantined, []);
        for (const id of allAcked) {
          const t = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${id}`);
          assert.equal(t.spans.length, 5, `trace ${id} complete`);
        }
      } finally {
        await rx.stop();
      }
    } finally {
      await removeDir(dataDir);
    }
  });

  it('flushes in-flight exports on SIGTERM and exits 0', async () => {
    const dataDir = await tempDir();
    try {
      const rx = await startReceiverProcess({ dataDir });
      const load = loadUntilStopped(rx.base, 4);
      await new Promise((r) => setTimeout(r, 300));
      const exit = await rx.stop('SIGTERM');
      const acked = await load.stop();
      assert.equal(exit.code, 0);
      assert.match(rx.output(), /flushing and stopping/);
      const again = await startReceiverProcess({ dataDir });
      try {
        for (const id of acked) await getJson<TraceDetailResponse>(`${again.base}/api/traces/${id}`);
        // A commit whose client was cut off is stored but unacknowledged: at least what was acked.
        const h = await getJson<HealthResponse>(`${again.base}/api/health`);
        assert.ok(h.store.traces >= acked.length);
      } finally {
        await again.stop();
      }
    } finally {
      await removeDir(dataDir);
    }
  });
});
