// "What was the GPU doing during this call", kept with the call: once the GPU history covers a
// call's whole window (a sample after its end has arrived), its statistics are written to
// gpu-calls.json in the data directory, so they survive a restart and outlive the in-memory
// history. Reads fall back to the live history for calls not settled yet.
import path from 'node:path';
import { Low } from 'lowdb';
import type { GpuCallStats } from '../contract/gpu';
import type { LlmCallRow } from '../contract/model';
import { DurableJsonFile } from '../store/durable-file';

interface CallGpuFile {
  version: 1;
  /** Keyed `traceId/spanId`, in settling order (oldest first), which is also the pruning order. */
  calls: Record<string, GpuCallStats>;
}

interface PendingCall {
  key: string;
  traceId: string;
  startMs: number;
  endMs: number;
}

export interface CallGpuStoreOptions {
  dataDir: string;
  /** Statistics over a window; undefined when no sample covers it. */
  window: (fromMs: number, toMs: number) => GpuCallStats | undefined;
  /** How long after a call's end a sample may still arrive that belongs to it. */
  settleMs: number;
  /**
   * How long a call with no samples yet keeps waiting: the app's own OTLP GPU gauges arrive
   * with its metric export interval (60 s by default in the SDKs).
   */
  giveUpMs?: number;
  log: (message: string) => void;
  maxEntries?: number;
  now?: () => number;
}

const FLUSH_DELAY_MS = 1000;
const MAX_PENDING = 10_000;

export const CALL_GPU_FILE = 'gpu-calls.json';

export class CallGpuStore {
  private readonly pending: PendingCall[] = [];
  private dirty = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly maxEntries: number;
  private readonly giveUpMs: number;

  private constructor(
    private readonly db: Low<CallGpuFile>,
    private readonly opts: CallGpuStoreOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 100_000;
    this.giveUpMs = Math.max(opts.giveUpMs ?? 120_000, opts.settleMs);
  }

  static async open(opts: CallGpuStoreOptions): Promise<CallGpuStore> {
    const db = new Low<CallGpuFile>(new DurableJsonFile(path.join(opts.dataDir, CALL_GPU_FILE)), { version: 1, calls: {} });
    try {
      await db.read();
    } catch (err) {
      // Derived data: a damaged file costs the per-call GPU history, never the receiver's start.
      opts.log(`GPU: ${CALL_GPU_FILE} unreadable (${(err as Error).message}); starting it afresh`);
      db.data = { version: 1, calls: {} };
    }
    if (db.data?.version !== 1 || typeof db.data.calls !== 'object' || db.data.calls === null) {
      db.data = { version: 1, calls: {} };
    }
    return new CallGpuStore(db, opts);
  }

  get size(): number {
    return Object.keys(this.db.data.calls).length;
  }

  /** Persisted statistics of one call, if it has settled with GPU samples in its window. */
  get(traceId: string, spanId: string): GpuCallStats | undefined {
    return this.db.data.calls[`${traceId}/${spanId}`];
  }

  /** New calls just committed: LLM and embedding calls wait for their window to be covered. */
  observeCalls(rows: readonly LlmCallRow[]): void {
    for (const r of rows) {
      if (r.spanClass !== 'llm' && r.spanClass !== 'embedding') continue;
      const key = `${r.traceId}/${r.spanId}`;
      if (key in this.db.data.calls) continue;
      const startMs = Number(BigInt(r.startTimeUnixNano) / 1_000_000n);
      this.pending.push({ key, traceId: r.traceId, startMs, endMs: startMs + Math.max(0, r.durationMs) });
    }
    // A flood of calls with no GPU activity must not grow memory: the oldest give up first.
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    this.settle();
  }

  /** Settles every pending call whose window is complete; called after each GPU update too. */
  settle(): void {
    if (!this.pending.length) return;
    const now = this.now();
    let kept = 0;
    for (const p of this.pending) {
      if (now < p.endMs + this.opts.settleMs) {
        this.pending[kept++] = p;
        continue;
      }
      const stats = this.opts.window(p.startMs, p.endMs);
      if (stats) {
        this.db.data.calls[p.key] = stats;
        this.dirty = true;
      } else if (now < p.endMs + this.giveUpMs) {
        this.pending[kept++] = p;
      }
    }
    this.pending.length = kept;
    if (this.dirty) this.scheduleFlush();
  }

  /** Traces removed (retention, clear): their calls' statistics go with them. */
  forgetTraces(traceIds: readonly string[]): void {
    if (!traceIds.length) return;
    const gone = new Set(traceIds);
    const calls = this.db.data.calls;
    for (const key of Object.keys(calls)) {
      if (gone.has(key.slice(0, key.indexOf('/')))) {
        delete calls[key];
        this.dirty = true;
      }
    }
    for (let i = this.pending.length - 1; i >= 0; i--) if (gone.has(this.pending[i]!.traceId)) this.pending.splice(i, 1);
    if (this.dirty) this.scheduleFlush();
  }

  /** Writes what has settled; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      this.prune();
      try {
        await this.db.write();
      } catch (err) {
        this.dirty = true;
        this.opts.log(`GPU: writing ${CALL_GPU_FILE} failed: ${(err as Error).message}`);
      }
    });
    return this.writing;
  }

  /** The pending calls still waiting for their window, for tests and health. */
  get pendingCount(): number {
    return this.pending.length;
  }

  private prune(): void {
    const keys = Object.keys(this.db.data.calls);
    const excess = keys.length - this.maxEntries;
    for (let i = 0; i < excess; i++) delete this.db.data.calls[keys[i]!];
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
    this.flushTimer.unref();
  }
}
