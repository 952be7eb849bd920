// The durable trace store. Every group commit writes one new segment file and its index sidecar
// through lowdb (atomic, fsynced) and only then resolves the appends it holds, so an
// acknowledged export is on disk. Closed segments are never rewritten: retention deletes whole
// segments, oldest first, and compaction merges runs of small ones into one new file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { Low } from 'lowdb';
import type { StoreStats } from '../contract/api';
import type { LlmCallRow, LogRecord, MetricPoint, Span, TraceSummary } from '../contract/model';
import { ReceiverError } from '../otlp/errors';
import { DurableJsonFile, syncDir, writeFileDurably } from './durable-file';
import { pickSegmentsToDrop, type RetentionLimits } from './retention';
import {
  SegmentBuilder,
  compareNanos,
  expandLog,
  expandMetric,
  expandSpan,
  indexSegment,
  isSegmentData,
  isSegmentIndex,
  parseSegmentFile,
  segmentId,
  type IngestSpan,
  type SegmentData,
  type SegmentIndex,
} from './segment';
import { TraceIndex, type ListFilter } from './trace-index';

export interface StoreOptions {
  dataDir: string;
  retention: RetentionLimits;
  /** Bytes of received-but-unwritten data beyond which appends are refused (backpressure). */
  maxPendingBytes: number;
  /** Segments smaller than this are merged once enough of them are adjacent. */
  compactBelowBytes?: number;
  /** Most recent metric points kept in memory for queries. */
  metricPointsInMemory?: number;
  log?: (message: string) => void;
  /** Wait this long for another process holding the directory to exit (an editor restarting). */
  lockWaitMs?: number;
  /** Wall clock for retention by age (injectable for tests). */
  now?: () => number;
}

export interface AppendItems {
  spans: IngestSpan[];
  logs: LogRecord[];
  metrics: MetricPoint[];
}

interface Pending {
  items: AppendItems;
  bytes: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface StoredTrace {
  summary: TraceSummary;
  spans: Span[];
  logs: LogRecord[];
}

export interface StoreEvents {
  /** Traces whose summaries changed because new data was committed. */
  committed: [traceIds: string[], metricNames: string[]];
  /** LLM calls just made durable, each counted once (wrappers around a known call left out). */
  calls: [calls: LlmCallRow[]];
  /** Metric points just made durable (GPU gauges feed the GPU view). */
  metrics: [points: MetricPoint[]];
  removed: [traceIds: string[]];
}

const MAX_CONCURRENT_COMMITS = 2;
const COMPACT_MIN_RUN = 8;
const COMPACT_MAX_BYTES = 8 * 1024 * 1024;
const SEGMENT_CACHE = 16;

class DataDirLockedError extends Error {}

export class TraceStore extends EventEmitter<StoreEvents> {
  readonly segmentsDir: string;
  readonly quarantineDir: string;
  private readonly lockFile: string;
  private readonly index = new TraceIndex();
  /** Segment indexes in commit order. */
  private readonly segments = new Map<string, SegmentIndex>();
  private readonly cache = new Map<string, Promise<SegmentData>>();
  private readonly queue: Pending[] = [];
  private pendingBytes = 0;
  private writing = 0;
  private maintenance: Promise<void> | null = null;
  private exclusive: Promise<void> | null = null;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly inFlightSpans = new Set<string>();
  private nextSeq = 1;
  private closed = false;
  private recentMetrics: MetricPoint[] = [];
  private readonly quarantined: StoreStats['quarantined'] = [];
  private readonly log: (message: string) => void;

  private constructor(readonly options: StoreOptions) {
    super();
    this.segmentsDir = path.join(options.dataDir, 'segments');
    this.quarantineDir = path.join(options.dataDir, 'quarantine');
    this.lockFile = path.join(options.dataDir, 'receiver.lock');
    this.log = options.log ?? (() => undefined);
  }

  static async open(options: StoreOptions): Promise<TraceStore> {
    const store = new TraceStore(options);
    await store.load();
    return store;
  }

  static isLockedError(err: unknown): boolean {
    return err instanceof DataDirLockedError;
  }

  // ---- opening -------------------------------------------------------------------------------

  private async load(): Promise<void> {
    await fs.mkdir(this.segmentsDir, { recursive: true });
    await this.lock();
    const names = await fs.readdir(this.segmentsDir);
    const found = names
      .map((n) => parseSegmentFile(n))
      .filter((x): x is NonNullable<typeof x> => x !== null)
      .sort((a, b) => a.first - b.first || b.last - a.last);
    // Leftovers of an interrupted write or compaction: temp files, and segments already merged
    // into a range file (the merge was durable before its sources were deleted).
    for (const n of names) if (n.endsWith('.tmp')) await fs.rm(path.join(this.segmentsDir, n), { force: true });
    let coveredUpTo = 0;
    for (const seg of found) {
      if (seg.last <= coveredUpTo) {
        await this.deleteSegmentFiles(seg.id);
        continue;
      }
      coveredUpTo = seg.last;
      this.nextSeq = Math.max(this.nextSeq, seg.last + 1);
      const idx = await this.loadIndex(seg);
      if (idx && (await this.sizeMatches(idx))) {
        this.segments.set(seg.id, idx);
        this.index.addSegment(idx);
      }
    }
    for (const n of names) {
      const m = /^(seg-[\d-]+)\.idx\.json$/.exec(n);
      if (m && !this.segments.has(m[1]!) && !found.some((f) => f.id === m[1])) {
        await fs.rm(path.join(this.segmentsDir, n), { force: true });
      }
    }
    await this.loadRecentMetrics();
    await this.applyRetention();
  }

  private async lock(): Promise<void> {
    const deadline = Date.now() + (this.options.lockWaitMs ?? 0);
    for (;;) {
      const pid = Number((await fs.readFile(this.lockFile, 'utf8').catch(() => '')).trim());
      if (!pid || pid === process.pid || !processAlive(pid)) break;
      if (Date.now() >= deadline) {
        throw new DataDirLockedError(`data directory ${this.options.dataDir} is in use by process ${pid}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await fs.writeFile(this.lockFile, String(process.pid));
  }

  private async loadIndex(seg: { id: string; first: number; last: number }): Promise<SegmentIndex | null> {
    const idxFile = this.indexPath(seg.id);
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(idxFile, 'utf8'));
      if (isSegmentIndex(parsed, seg.id)) return parsed;
      this.log(`index ${path.basename(idxFile)} is not valid; rebuilding it from its segment`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log(`index ${path.basename(idxFile)} unreadable (${(err as Error).message}); rebuilding it`);
      }
    }
    // The index is missing or bad: the segment is the truth, rebuild from it.
    let data: SegmentData;
    try {
      data = await this.readSegmentFile(seg.id);
    } catch (err) {
      await this.quarantine(seg.id, (err as Error).message);
      return null;
    }
    const stat = await fs.stat(this.segmentPath(seg.id));
    const idx = indexSegment(data, seg, stat.size, stat.mtimeMs);
    await writeFileDurably(idxFile, JSON.stringify(idx));
    return idx;
  }

  /**
   * A truncated or edited segment is caught at start by its size (recorded in the index) without
   * parsing it; same-size damage is caught when the segment is first read.
   */
  private async sizeMatches(idx: SegmentIndex): Promise<boolean> {
    const size = (await fs.stat(this.segmentPath(idx.id))).size;
    if (size === idx.bytes) return true;
    await this.quarantine(idx.id, `size ${size} bytes differs from the ${idx.bytes} bytes written (truncated or edited)`);
    return false;
  }

  /** A segment that fails to parse while serving a query: set aside, like at start. */
  private async unreadable(id: string, err: Error): Promise<void> {
    const idx = this.segments.get(id);
    if (!idx) return;
    this.segments.delete(id);
    this.cache.delete(id);
    const { changed, removed } = this.index.removeSegment(idx);
    await this.quarantine(id, err.message).catch((e: Error) => this.log(`could not quarantine ${id}: ${e.message}`));
    if (removed.length) this.emit('removed', removed);
    if (changed.length) this.emit('committed', changed, []);
  }

  private async quarantine(id: string, reason: string): Promise<void> {
    await fs.mkdir(this.quarantineDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = path.join(this.quarantineDir, `${id}.json.${stamp}`);
    await fs.rename(this.segmentPath(id), target);
    await fs.rm(this.indexPath(id), { force: true });
    this.quarantined.push({ file: target, reason });
    this.log(`quarantined unreadable segment ${id}.json to ${target}: ${reason}`);
  }

  private async loadRecentMetrics(): Promise<void> {
    const cap = this.options.metricPointsInMemory ?? 20000;
    const withMetrics = [...this.segments.values()].filter((s) => s.metricPoints > 0).reverse();
    const chunks: MetricPoint[][] = [];
    let count = 0;
    for (const s of withMetrics) {
      if (count >= cap) break;
      const data = await this.segmentData(s.id);
      const points = data.metrics.map((m) => expandMetric(data, m));
      chunks.unshift(points);
      count += points.length;
    }
    this.recentMetrics = chunks.flat().slice(-cap);
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Resolves once the items are durable on disk. Throws `saturated` when the queue is full. */
  append(items: AppendItems, bytes: number): Promise<void> {
    if (this.closed) return Promise.reject(new ReceiverError('saturated', 'receiver is shutting down', 1));
    if (this.pendingBytes > 0 && this.pendingBytes + bytes > this.options.maxPendingBytes) {
      return Promise.reject(
        new ReceiverError('saturated', `store is saturated (${this.pendingBytes} bytes waiting for disk)`, 1),
      );
    }
    this.pendingBytes += bytes;
    return new Promise((resolve, reject) => {
      this.queue.push({ items, bytes, resolve, reject });
      this.kick();
    });
  }

  /**
   * Starts commits while fewer than MAX_CONCURRENT_COMMITS are writing. Each takes everything
   * queued, so under load commits grow (group commit) and several overlap their fsyncs.
   */
  private kick(): void {
    while (!this.exclusive && this.writing < MAX_CONCURRENT_COMMITS && this.queue.length) {
      const group = this.queue.splice(0, this.queue.length);
      this.writing++;
      void this.runCommit(group).finally(() => {
        this.writing--;
        this.kick();
        this.scheduleMaintenance();
        this.settle();
      });
    }
  }

  private async runCommit(group: Pending[]): Promise<void> {
    const bytes = group.reduce((n, p) => n + p.bytes, 0);
    try {
      await this.commit(group.map((p) => p.items));
      for (const p of group) p.resolve();
    } catch (err) {
      const reason = (err as Error).message;
      this.log(`commit failed: ${reason}`);
      const failure = new ReceiverError('saturated', `could not write to disk: ${reason}`, 5);
      for (const p of group) p.reject(failure);
    } finally {
      this.pendingBytes -= bytes;
    }
  }

  private async commit(groups: AppendItems[]): Promise<void> {
    const seq = this.nextSeq;
    const id = segmentId(seq, seq);
    const builder = new SegmentBuilder(id);
    // Retried exports repeat spans: keep the first copy of each (trace id, span id), whether it
    // is stored already or in a commit still being written.
    const claimed: string[] = [];
    for (const g of groups) {
      for (const s of g.spans) {
        const key = s.traceId + s.spanId;
        if (this.inFlightSpans.has(key) || this.index.hasSpan(s.traceId, s.spanId)) continue;
        this.inFlightSpans.add(key);
        claimed.push(key);
        builder.addSpan(s);
      }
      for (const l of g.logs) builder.addLog(l);
      for (const m of g.metrics) builder.addMetric(m);
    }
    const data = builder.data;
    if (data.spans.length + data.logs.length + data.metrics.length === 0) return;
    this.nextSeq++;
    try {
      const idx = await this.writeSegment(data, { first: seq, last: seq });
      this.segments.set(id, idx);
      const changed = this.index.addSegment(idx);
      const points = data.metrics.map((m) => expandMetric(data, m));
      if (points.length) this.remember(points);
      this.emit('committed', changed, idx.metricNames);
      if (points.length) this.emit('metrics', points);
      const calls = this.index.newCalls(idx);
      if (calls.length) this.emit('calls', calls);
    } finally {
      for (const key of claimed) this.inFlightSpans.delete(key);
    }
  }

  /** Compaction and retention, one pass at a time, beside commits (they touch other files). */
  private scheduleMaintenance(): void {
    if (this.maintenance || this.exclusive || this.closed) return;
    this.maintenance = this.maintain().finally(() => {
      this.maintenance = null;
      this.settle();
    });
  }

  /** Wakes everyone waiting for the writer's state to change; each re-checks its condition. */
  private settle(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private async waitUntil(done: () => boolean): Promise<void> {
    while (!done()) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async writeSegment(data: SegmentData, range: { first: number; last: number }): Promise<SegmentIndex> {
    const adapter = new DurableJsonFile<SegmentData>(this.segmentPath(data.id));
    const db = new Low<SegmentData>(adapter, data);
    await db.write();
    const stat = await fs.stat(adapter.file);
    const idx = indexSegment(data, range, stat.size, (this.options.now ?? Date.now)());
    await writeFileDurably(this.indexPath(data.id), JSON.stringify(idx));
    await syncDir(this.segmentsDir);
    this.cache.set(data.id, Promise.resolve(data));
    this.trimCache();
    return idx;
  }

  private remember(points: MetricPoint[]): void {
    const cap = this.options.metricPointsInMemory ?? 20000;
    this.recentMetrics.push(...points);
    if (this.recentMetrics.length > cap * 1.25) this.recentMetrics = this.recentMetrics.slice(-cap);
  }

  /** Whether any cap is exceeded, without sorting segments (this runs after every commit). */
  private overRetention(): boolean {
    const r = this.options.retention;
    if (r.maxTraces > 0 && this.index.size > r.maxTraces) return true;
    let bytes = 0;
    let oldest = Infinity;
    for (const s of this.segments.values()) {
      bytes += s.bytes;
      if (s.writtenAt < oldest) oldest = s.writtenAt;
    }
    if (r.maxDiskBytes > 0 && bytes > r.maxDiskBytes) return true;
    return r.maxAgeMs > 0 && (this.options.now ?? Date.now)() - oldest > r.maxAgeMs;
  }

  /** Concurrent commits can finish out of order; retention and compaction need commit order. */
  private oldestFirst(): SegmentIndex[] {
    return [...this.segments.values()].sort((a, b) => a.first - b.first);
  }

  private async maintain(): Promise<void> {
    try {
      await this.compact();
      await this.applyRetention();
    } catch (err) {
      this.log(`maintenance failed: ${(err as Error).message}`);
    }
  }

  /** Merges the oldest run of adjacent small segments into one (bounding the file count). */
  private async compact(): Promise<void> {
    const small = this.options.compactBelowBytes ?? 64 * 1024;
    // Cheap test first: under load every segment is large and there is nothing to merge.
    let smallCount = 0;
    for (const s of this.segments.values()) if (s.bytes < small) smallCount++;
    if (smallCount < COMPACT_MIN_RUN) return;
    const all = this.oldestFirst();
    let run: SegmentIndex[] = [];
    let bytes = 0;
    for (const s of all) {
      // A gap in sequence numbers may be a commit still being written: a range file must never
      // cover it, or the next start would take it for a merged leftover.
      const contiguous = run.length === 0 || s.first === run[run.length - 1]!.last + 1;
      if (s.bytes < small && bytes + s.bytes <= COMPACT_MAX_BYTES && contiguous) {
        run.push(s);
        bytes += s.bytes;
        continue;
      }
      if (run.length >= COMPACT_MIN_RUN) break;
      run = s.bytes < small ? [s] : [];
      bytes = s.bytes < small ? s.bytes : 0;
    }
    if (run.length < COMPACT_MIN_RUN) return;
    const first = run[0]!.first;
    const last = run[run.length - 1]!.last;
    const builder = new SegmentBuilder(segmentId(first, last));
    for (const s of run) builder.addSegment(await this.segmentData(s.id));
    const merged = await this.writeSegment(builder.data, { first, last });
    merged.writtenAt = Math.max(...run.map((s) => s.writtenAt));
    await writeFileDurably(this.indexPath(merged.id), JSON.stringify(merged));
    // Swap in memory without yielding, so no query ever sees the merged data and its sources
    // together; the files of the sources go afterwards.
    this.segments.set(merged.id, merged);
    this.index.addSegment(merged);
    for (const r of run) {
      this.segments.delete(r.id);
      this.index.removeSegment(r);
      this.cache.delete(r.id);
    }
    for (const r of run) await this.deleteSegmentFiles(r.id);
  }

  private async applyRetention(): Promise<void> {
    if (!this.overRetention()) return;
    const drop = pickSegmentsToDrop(
      this.oldestFirst(),
      { traces: this.index.size, now: (this.options.now ?? Date.now)() },
      this.options.retention,
    );
    if (!drop.length) return;
    const removed = new Set<string>();
    const changed = new Set<string>();
    // The index forgets them at once (queries never see half a removal); then the files go.
    for (const s of drop) {
      this.segments.delete(s.id);
      this.cache.delete(s.id);
      const r = this.index.removeSegment(s);
      r.removed.forEach((t) => removed.add(t));
      r.changed.forEach((t) => changed.add(t));
    }
    for (const s of drop) await this.deleteSegmentFiles(s.id);
    await syncDir(this.segmentsDir);
    this.log(`retention dropped ${drop.length} segment(s), ${removed.size} trace(s)`);
    if (removed.size) this.emit('removed', [...removed]);
    if (changed.size) this.emit('committed', [...changed], []);
  }

  /** Runs retention now (age limits advance with the clock, not only with writes). */
  async sweep(): Promise<void> {
    await this.serialised(() => this.applyRetention());
  }

  /** Deletes everything stored. */
  async clear(): Promise<number> {
    return this.serialised(async () => {
      const ids = [...this.segments.keys()];
      const traces = this.index.size;
      const removed = [...this.segments.values()].flatMap((s) => s.traces.map((t) => t.traceId));
      for (const id of ids) await this.deleteSegmentFiles(id);
      await syncDir(this.segmentsDir);
      this.segments.clear();
      this.cache.clear();
      this.index.clear();
      this.recentMetrics = [];
      if (removed.length) this.emit('removed', [...new Set(removed)]);
      return traces;
    });
  }

  /** Runs `fn` with no commit or maintenance in flight, holding new commits back meanwhile. */
  private async serialised<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive.catch(() => undefined);
    let release!: () => void;
    this.exclusive = new Promise<void>((resolve) => (release = resolve));
    try {
      await this.waitUntil(() => !this.writing && !this.maintenance);
      return await fn();
    } finally {
      this.exclusive = null;
      release();
      this.kick();
    }
  }

  /** Waits for queued appends to be written, then releases the data directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.kick();
    await this.waitUntil(() => !this.writing && !this.queue.length && !this.maintenance && !this.exclusive);
    this.closed = true;
    await fs.rm(this.lockFile, { force: true });
  }

  // ---- reading -------------------------------------------------------------------------------

  private segmentPath(id: string): string {
    return path.join(this.segmentsDir, `${id}.json`);
  }

  private indexPath(id: string): string {
    return path.join(this.segmentsDir, `${id}.idx.json`);
  }

  private async deleteSegmentFiles(id: string): Promise<void> {
    await fs.rm(this.segmentPath(id), { force: true });
    await fs.rm(this.indexPath(id), { force: true });
  }

  private async readSegmentFile(id: string): Promise<SegmentData> {
    const db = new Low<SegmentData | null>(new DurableJsonFile<SegmentData | null>(this.segmentPath(id)), null);
    await db.read();
    if (!isSegmentData(db.data, id)) throw new Error(`segment ${id} has an unexpected structure`);
    return db.data;
  }

  private segmentData(id: string): Promise<SegmentData> {
    let p = this.cache.get(id);
    if (p) {
      // Refresh recency.
      this.cache.delete(id);
      this.cache.set(id, p);
      return p;
    }
    p = this.readSegmentFile(id);
    p.catch((err: NodeJS.ErrnoException) => {
      this.cache.delete(id);
      if (err.code !== 'ENOENT') void this.unreadable(id, err);
    });
    this.cache.set(id, p);
    this.trimCache();
    return p;
  }

  private trimCache(): void {
    while (this.cache.size > SEGMENT_CACHE) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Every counted LLM call (see TraceIndex.calls). */
  llmCalls(): Iterable<LlmCallRow> {
    return this.index.calls();
  }

  summary(traceId: string): TraceSummary | undefined {
    return this.index.get(traceId);
  }

  async getTrace(traceId: string): Promise<StoredTrace | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.readTrace(traceId);
      } catch (err) {
        // A compaction or retention pass may delete a segment between lookup and read.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 2) throw err;
      }
    }
  }

  private async readTrace(traceId: string): Promise<StoredTrace | null> {
    const summary = this.index.get(traceId);
    if (!summary) return null;
    const spans = new Map<string, Span>();
    const logs: LogRecord[] = [];
    // Commit order, so that records with equal timestamps keep the order they arrived in.
    const ids = this.index
      .segmentsOf(traceId)
      .map((id) => this.segments.get(id))
      .filter((s): s is SegmentIndex => s !== undefined)
      .sort((a, b) => a.first - b.first)
      .map((s) => s.id);
    for (const id of ids) {
      const data = await this.segmentData(id);
      for (const s of data.spans) {
        if (s.traceId === traceId && !spans.has(s.spanId)) spans.set(s.spanId, expandSpan(data, s));
      }
      for (const l of data.logs) if (l.traceId === traceId) logs.push(expandLog(data, l));
    }
    // Stable sort: by time, then arrival.
    const time = (l: LogRecord): string => (l.timeUnixNano !== '0' ? l.timeUnixNano : l.observedTimeUnixNano);
    logs.sort((a, b) => compareNanos(time(a), time(b)));
    return { summary, spans: [...spans.values()], logs };
  }

  /**
   * Newest-first trace summaries. `match`, when given, decides on the full trace (text search
   * reads segments); the index alone answers the other filters.
   */
  async listTraces(
    filter: ListFilter,
    limit: number,
    cursor: string | undefined,
    match?: (summary: TraceSummary, names: string[], load: () => Promise<StoredTrace | null>) => Promise<boolean>,
  ): Promise<{ traces: TraceSummary[]; nextCursor: string | null }> {
    const out: TraceSummary[] = [];
    let more = false;
    for (const s of this.index.newestFirst(filter, cursor)) {
      if (out.length === limit) {
        more = true;
        break;
      }
      if (match && !(await match(s, this.index.names(s.traceId), () => this.getTrace(s.traceId)))) continue;
      out.push(s);
    }
    return { traces: out, nextCursor: more ? out[out.length - 1]!.traceId : null };
  }

  /** Recent metric points; `name` may end in `*` to match a prefix (`gpu.*`). */
  metrics(filter: { name?: string; sinceMs?: number; service?: string }): MetricPoint[] {
    const since = filter.sinceMs !== undefined ? BigInt(Math.floor(filter.sinceMs)) * 1_000_000n : undefined;
    const name = filter.name;
    const nameMatches = (n: string): boolean =>
      !name || (name.endsWith('*') ? n.startsWith(name.slice(0, -1)) : n === name);
    return this.recentMetrics.filter(
      (p) =>
        nameMatches(p.name) &&
        (!filter.service || p.service === filter.service) &&
        (since === undefined || BigInt(p.timeUnixNano) >= since),
    );
  }

  stats(): StoreStats {
    let spans = 0;
    let logs = 0;
    let metricPoints = 0;
    let diskBytes = 0;
    for (const s of this.segments.values()) {
      spans += s.spans;
      logs += s.logs;
      metricPoints += s.metricPoints;
      diskBytes += s.bytes;
    }
    return {
      traces: this.index.size,
      spans,
      logs,
      metricPoints,
      segments: this.segments.size,
      diskBytes,
      pendingBytes: this.pendingBytes,
      quarantined: [...this.quarantined],
    };
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
