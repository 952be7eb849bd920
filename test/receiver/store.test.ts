// The store on a real temp directory: restart, corruption, retention, compaction, dedupe, lock.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodeRequest } from '../../receiver/src/otlp/decode';
import { TraceStore, type StoreOptions } from '../../receiver/src/store/store';
import { hexId, tracesJson, type SpanSpec } from '../helpers/otlp-payloads';
import { removeDir, tempDir } from '../helpers/receiver-process';

const NO_LIMITS = { maxTraces: 0, maxDiskBytes: 0, maxAgeMs: 0 };

async function open(dataDir: string, extra: Partial<StoreOptions> = {}): Promise<TraceStore> {
  return TraceStore.open({ dataDir, retention: NO_LIMITS, maxPendingBytes: 64 << 20, ...extra });
}

function batch(spans: SpanSpec[]) {
  return decodeRequest('traces', 'json', Buffer.from(JSON.stringify(tracesJson(spans))));
}

async function appendTraces(store: TraceStore, n: number, attrs: Record<string, string> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const traceId = hexId(16);
    ids.push(traceId);
    await store.append(batch([{ traceId, name: `trace ${i}`, attributes: attrs }]), 100);
  }
  return ids;
}

async function segmentFiles(dir: string): Promise<string[]> {
  return (await fs.readdir(path.join(dir, 'segments'))).filter((f) => /^seg-[\d-]+\.json$/.test(f)).sort();
}

describe('trace store', () => {
  it('reopens with every trace, answering the list from the index alone', async () => {
    const dir = await tempDir();
    try {
      let store = await open(dir);
      const ids = await appendTraces(store, 5);
      await store.close();
      // Replace every span with garbage of the same size: the list still comes from the index,
      // which proves restart does not parse segments.
      const files = await segmentFiles(dir);
      const originals = new Map<string, Buffer>();
      for (const f of files) {
        const p = path.join(dir, 'segments', f);
        const buf = await fs.readFile(p);
        originals.set(p, buf);
        await fs.writeFile(p, Buffer.alloc(buf.length, 0x20));
      }
      store = await open(dir);
      const list = await store.listTraces({}, 100, undefined);
      assert.deepEqual(new Set(list.traces.map((t) => t.traceId)), new Set(ids));
      assert.equal(store.stats().quarantined.length, 0);
      await store.close();
      for (const [p, buf] of originals) await fs.writeFile(p, buf);
      store = await open(dir);
      for (const id of ids) assert.equal((await store.getTrace(id))?.spans.length, 1);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('quarantines a truncated segment at start and loads the rest', async () => {
    const dir = await tempDir();
    try {
      let store = await open(dir);
      const ids = await appendTraces(store, 3);
      await store.close();
      const files = await segmentFiles(dir);
      const victim = path.join(dir, 'segments', files[1]!);
      const text = await fs.readFile(victim, 'utf8');
      await fs.writeFile(victim, text.slice(0, Math.floor(text.length / 2)));
      store = await open(dir);
      const stats = store.stats();
      assert.equal(stats.quarantined.length, 1);
      assert.match(stats.quarantined[0]!.reason, /truncated or edited/);
      assert.ok((await fs.readdir(path.join(dir, 'quarantine'))).length === 1);
      assert.ok(await store.getTrace(ids[0]!));
      assert.equal(await store.getTrace(ids[1]!), null);
      assert.ok(await store.getTrace(ids[2]!));
      // New writes after a quarantine still work and survive a restart.
      const [later] = await appendTraces(store, 1);
      await store.close();
      store = await open(dir);
      assert.ok(await store.getTrace(later!));
      assert.equal(store.stats().quarantined.length, 0);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('quarantines a same-size corrupt segment when first read', async () => {
    const dir = await tempDir();
    try {
      let store = await open(dir);
      const [id] = await appendTraces(store, 1);
      await store.close();
      const [file] = await segmentFiles(dir);
      const p = path.join(dir, 'segments', file!);
      const size = (await fs.stat(p)).size;
      await fs.writeFile(p, '{' + ' '.repeat(size - 1));
      store = await open(dir);
      await assert.rejects(store.getTrace(id!));
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(store.stats().quarantined.length, 1);
      assert.equal(store.summary(id!), undefined);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('rebuilds a missing or corrupt index from its segment, and removes temp leftovers', async () => {
    const dir = await tempDir();
    try {
      let store = await open(dir);
      const ids = await appendTraces(store, 2);
      await store.close();
      const idx = (await fs.readdir(path.join(dir, 'segments'))).filter((f) => f.endsWith('.idx.json')).sort();
      await fs.rm(path.join(dir, 'segments', idx[0]!));
      await fs.writeFile(path.join(dir, 'segments', idx[1]!), '{"version": 1, "trunc');
      await fs.writeFile(path.join(dir, 'segments', '.seg-0000000009.json.123.tmp'), 'partial write');
      store = await open(dir);
      for (const id of ids) assert.equal((await store.getTrace(id))?.spans[0]?.name.startsWith('trace'), true);
      assert.equal(store.stats().quarantined.length, 0);
      const after = await fs.readdir(path.join(dir, 'segments'));
      assert.ok(!after.some((f) => f.endsWith('.tmp')));
      assert.equal(after.filter((f) => f.endsWith('.idx.json')).length, 2);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('stores a retried span once', async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir);
      const traceId = hexId(16);
      const spanId = hexId(8);
      const b = batch([{ traceId, spanId, name: 'retried' }]);
      await store.append(b, 10);
      await store.append(batch([{ traceId, spanId, name: 'retried' }]), 10);
      await Promise.all([store.append(batch([{ traceId, name: 'child', parentSpanId: spanId }]), 10), store.append(b, 10)]);
      const trace = await store.getTrace(traceId);
      assert.equal(trace?.spans.length, 2);
      assert.equal(trace?.summary.spanCount, 2);
      assert.equal(store.stats().spans, 2);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('groups concurrent appends into few commits', async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir);
      await appendTraces(store, 1);
      const before = store.stats().segments;
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(batch([{ name: `c${i}` }]), 10)));
      // The first two appends each start a commit (two overlap); the other 18 wait and share one.
      assert.ok(store.stats().segments - before <= 3, `${store.stats().segments - before} commits for 20 appends`);
      assert.equal(store.stats().traces, 21);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('caps traces, oldest first, without rewriting what stays', async () => {
    const dir = await tempDir();
    try {
      // Compaction off: this checks that retention alone never rewrites a kept segment.
      const store = await open(dir, { retention: { ...NO_LIMITS, maxTraces: 5 }, compactBelowBytes: 1 });
      const ids = await appendTraces(store, 12);
      const mtimes = new Map<string, number>();
      for (const f of await segmentFiles(dir)) mtimes.set(f, (await fs.stat(path.join(dir, 'segments', f))).mtimeMs);
      const removed: string[] = [];
      store.on('removed', (r) => removed.push(...r));
      await appendTraces(store, 1);
      await store.sweep();
      assert.ok(store.stats().traces <= 5);
      for (const id of ids.slice(-4)) assert.ok(store.summary(id), 'newest kept');
      assert.equal(store.summary(ids[0]!), undefined, 'oldest dropped');
      assert.ok(removed.length >= 1);
      for (const f of await segmentFiles(dir)) {
        const before = mtimes.get(f);
        if (before !== undefined) assert.equal((await fs.stat(path.join(dir, 'segments', f))).mtimeMs, before, `${f} untouched`);
      }
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('caps disk bytes and age', async () => {
    const dir = await tempDir();
    try {
      let clock = 1_000_000;
      let store = await open(dir, { retention: { ...NO_LIMITS, maxDiskBytes: 20_000 }, now: () => clock });
      await appendTraces(store, 10, { blob: 'z'.repeat(3000) });
      assert.ok(store.stats().diskBytes <= 20_000 + 5000, `disk ${store.stats().diskBytes}`);
      assert.ok(store.stats().traces < 10);
      await store.close();
      store = await open(dir, { retention: { ...NO_LIMITS, maxAgeMs: 60_000 }, now: () => clock });
      const before = store.stats().traces;
      clock += 120_000;
      const [fresh] = await appendTraces(store, 1);
      await store.sweep();
      assert.equal(store.stats().traces, 1, `had ${before}, only the fresh one stays`);
      assert.ok(store.summary(fresh!));
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('merges runs of small segments and survives a crash in the middle of a merge', async () => {
    const dir = await tempDir();
    try {
      let store = await open(dir);
      const ids = await appendTraces(store, 12);
      const files = await segmentFiles(dir);
      assert.ok(files.length < 12, `compacted into ${files.length} files`);
      assert.ok(files.some((f) => /^seg-\d{10}-\d{10}\.json$/.test(f)));
      for (const id of ids) assert.ok(await store.getTrace(id));
      await store.close();
      // Simulate a crash after the merged file was written but before its sources were deleted:
      // put copies of "sources" back that the merged range covers.
      const merged = files.find((f) => f.includes('-', 4))!;
      const first = Number(/^seg-(\d{10})/.exec(merged)![1]);
      const copy = path.join(dir, 'segments', `seg-${String(first).padStart(10, '0')}.json`);
      await fs.writeFile(copy, '{"stale": true}');
      store = await open(dir);
      assert.equal(store.stats().quarantined.length, 0);
      await assert.rejects(fs.stat(copy), 'covered source deleted at start');
      for (const id of ids) assert.equal((await store.getTrace(id))?.spans.length, 1);
      assert.equal(store.stats().traces, 12);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('announces each new LLM call once, leaving out a wrapper around a known call', async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir);
      const announced: string[] = [];
      store.on('calls', (rows) => announced.push(...rows.map((r) => r.name)));
      const traceId = hexId(16);
      const wrapper = hexId(8);
      const llm = { spanClass: 'llm' as const, costUsd: 0.01, costSource: 'computed' as const, durationMs: 5, conventions: ['vercel-ai' as const] };
      // Children end, and are exported, before their parents.
      const inner = batch([{ traceId, parentSpanId: wrapper, name: 'ai.generateText.doGenerate' }]);
      await store.append({ ...inner, spans: inner.spans.map((s) => ({ ...s, llm })) }, 10);
      const outer = batch([{ traceId, spanId: wrapper, name: 'ai.generateText' }]);
      await store.append({ ...outer, spans: outer.spans.map((s) => ({ ...s, llm })) }, 10);
      assert.deepEqual(announced, ['ai.generateText.doGenerate']);
      assert.equal(store.summary(traceId)?.llmCallCount, 1);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('refuses a data directory another live process holds', async () => {
    const dir = await tempDir();
    try {
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, 'receiver.lock'), String(process.ppid));
      await assert.rejects(open(dir), (err: Error) => TraceStore.isLockedError(err) && /in use by process/.test(err.message));
      // A stale lock (dead pid) is taken over.
      await fs.writeFile(path.join(dir, 'receiver.lock'), '999999999');
      const store = await open(dir);
      await store.close();
    } finally {
      await removeDir(dir);
    }
  });
});
