// In-memory index of traces, merged from the per-segment partials. It answers the trace list
// without touching disk, and knows which segments hold each trace.
import type { LlmCallRow, TraceSummary } from '../contract/model';
import { compareNanos, type SegmentIndex, type TracePartial } from './segment';

interface Entry {
  traceId: string;
  parts: Map<string, TracePartial>;
  summary: TraceSummary;
  /** Span id → the segment holding it (retried spans are stored once). */
  spanIds: Map<string, string>;
}

const NO_SPAN_IDS: string[] = [];

function nanosToMs(ns: string): number {
  return Number(BigInt(ns) / 1000n) / 1000;
}

/**
 * The calls of a trace that are calls: a span wrapping another LLM span (ai.generateText around
 * ai.generateText.doGenerate, a framework span around the SDK span) is not counted again.
 */
export function leafCalls(rows: LlmCallRow[]): LlmCallRow[] {
  if (rows.length < 2) return rows;
  const parents = new Set(rows.map((r) => r.parentSpanId).filter((p): p is string => p !== undefined));
  return rows.filter((r) => !parents.has(r.spanId));
}

function summarise(traceId: string, parts: Iterable<TracePartial>): TraceSummary {
  let spans = 0;
  let errors = 0;
  let logs = 0;
  let start = '0';
  let end = '0';
  let root: TracePartial['root'];
  let earliest: TracePartial['earliest'];
  let earliestStart = '';
  const services: string[] = [];
  const rows: LlmCallRow[] = [];
  for (const p of parts) {
    if (p.calls) rows.push(...p.calls);
    spans += p.spans;
    errors += p.errors;
    logs += p.logs;
    if (p.spans > 0) {
      if (start === '0' || compareNanos(p.start, start) < 0) start = p.start;
      if (compareNanos(p.end, end) > 0) end = p.end;
      if (earliestStart === '' || compareNanos(p.start, earliestStart) < 0) {
        earliestStart = p.start;
        earliest = p.earliest;
      }
    }
    root ??= p.root;
    for (const s of p.services) if (!services.includes(s)) services.push(s);
  }
  const head = root ?? earliest;
  const durationNs = compareNanos(end, start) > 0 ? BigInt(end) - BigInt(start) : 0n;
  const calls = leafCalls(rows);
  const models: string[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  let costUnknownCalls = 0;
  let maxLlmLatencyMs = 0;
  for (const c of calls) {
    if (c.model && !models.includes(c.model)) models.push(c.model);
    inputTokens += c.inputTokens ?? 0;
    outputTokens += c.outputTokens ?? 0;
    if (c.costUsd === null) costUnknownCalls++;
    else costUsd += c.costUsd;
    if (c.spanClass === 'llm') maxLlmLatencyMs = Math.max(maxLlmLatencyMs, c.durationMs);
  }
  return {
    traceId,
    rootName: head?.name ?? '',
    rootKnown: root !== undefined,
    service: head?.service ?? services[0] ?? 'unknown_service',
    services,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: Number(durationNs / 1000n) / 1000,
    spanCount: spans,
    errorCount: errors,
    hasError: errors > 0,
    logCount: logs,
    llmCallCount: calls.length,
    models,
    inputTokens,
    outputTokens,
    costUsd,
    costUnknownCalls,
    maxLlmLatencyMs,
  };
}

/** Sort key: start time, then trace id, so equal starts still have a total order. */
function before(a: TraceSummary, b: TraceSummary): boolean {
  const c = compareNanos(a.startTimeUnixNano, b.startTimeUnixNano);
  return c !== 0 ? c < 0 : a.traceId < b.traceId;
}

export interface ListFilter {
  service?: string;
  errorsOnly?: boolean;
  fromMs?: number;
  toMs?: number;
}

export class TraceIndex {
  private readonly entries = new Map<string, Entry>();
  /** Entries with at least one span, oldest first. */
  private readonly ordered: Entry[] = [];

  get size(): number {
    return this.ordered.length;
  }

  get(traceId: string): TraceSummary | undefined {
    const e = this.entries.get(traceId);
    return e && e.summary.spanCount + e.summary.logCount > 0 ? e.summary : undefined;
  }

  segmentsOf(traceId: string): string[] {
    return [...(this.entries.get(traceId)?.parts.keys() ?? [])];
  }

  hasSpan(traceId: string, spanId: string): boolean {
    return this.entries.get(traceId)?.spanIds.has(spanId) ?? false;
  }

  /**
   * Adds a segment's partials; returns the ids of traces whose summary changed. Takes ownership
   * of `idx`: its partials' span id lists are moved into the index.
   */
  addSegment(idx: SegmentIndex): string[] {
    const changed: string[] = [];
    for (const p of idx.traces) {
      let e = this.entries.get(p.traceId);
      if (!e) {
        e = { traceId: p.traceId, parts: new Map(), summary: summarise(p.traceId, []), spanIds: new Map() };
        this.entries.set(p.traceId, e);
      }
      e.parts.set(idx.id, p);
      for (const s of p.spanIds) e.spanIds.set(s, idx.id);
      // The ids now live in the map; the partial keeps one copy on disk only.
      p.spanIds = NO_SPAN_IDS;
      this.resummarise(e);
      changed.push(p.traceId);
    }
    return changed;
  }

  /** Removes a segment; returns traces that changed and traces now gone entirely. */
  removeSegment(idx: SegmentIndex): { changed: string[]; removed: string[] } {
    const changed: string[] = [];
    const removed: string[] = [];
    for (const p of idx.traces) {
      const e = this.entries.get(p.traceId);
      if (!e || !e.parts.delete(idx.id)) continue;
      if (e.parts.size === 0) {
        this.unlink(e);
        this.entries.delete(p.traceId);
        removed.push(p.traceId);
        continue;
      }
      for (const [span, seg] of e.spanIds) if (seg === idx.id) e.spanIds.delete(span);
      this.resummarise(e);
      changed.push(p.traceId);
    }
    return { changed, removed };
  }

  clear(): void {
    this.entries.clear();
    this.ordered.length = 0;
  }

  /** Newest first, starting after `cursor` (a trace id of the previous page). */
  *newestFirst(filter: ListFilter, cursor?: string): Generator<TraceSummary> {
    let i = this.ordered.length - 1;
    if (cursor) {
      const at = this.entries.get(cursor);
      i = at ? this.position(at) - 1 : -1;
    }
    for (; i >= 0; i--) {
      const s = this.ordered[i]!.summary;
      if (filter.service && !s.services.includes(filter.service)) continue;
      if (filter.errorsOnly && !s.hasError) continue;
      const startMs = filter.fromMs !== undefined || filter.toMs !== undefined ? nanosToMs(s.startTimeUnixNano) : 0;
      if (filter.fromMs !== undefined && startMs < filter.fromMs) break;
      if (filter.toMs !== undefined && startMs > filter.toMs) continue;
      yield s;
    }
  }

  /** The counted LLM calls of every trace (see leafCalls), in no particular order. */
  *calls(): Generator<LlmCallRow> {
    for (const e of this.ordered) {
      const rows = [...e.parts.values()].flatMap((p) => p.calls ?? []);
      if (rows.length) yield* leafCalls(rows);
    }
  }

  /**
   * The calls a just-added segment brought that count as calls, given everything known of their
   * traces: a span that is the parent of another call is a wrapper, not a second call.
   */
  newCalls(idx: SegmentIndex): LlmCallRow[] {
    const out: LlmCallRow[] = [];
    for (const p of idx.traces) {
      if (!p.calls?.length) continue;
      const e = this.entries.get(p.traceId);
      const parents = new Set(
        [...(e?.parts.values() ?? [])].flatMap((x) => x.calls ?? []).map((c) => c.parentSpanId).filter((x) => x !== undefined),
      );
      for (const c of p.calls) if (!parents.has(c.spanId)) out.push(c);
    }
    return out;
  }

  /** Span names of a trace known from the index (bounded), for cheap text matching. */
  names(traceId: string): string[] {
    const e = this.entries.get(traceId);
    return e ? [...e.parts.values()].flatMap((p) => p.names) : [];
  }

  private resummarise(e: Entry): void {
    const wasListed = e.summary.spanCount > 0;
    if (wasListed) this.unlink(e);
    e.summary = summarise(e.traceId, e.parts.values());
    if (e.summary.spanCount > 0) this.insert(e);
  }

  private position(e: Entry): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.ordered[mid]!.summary, e.summary)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(e: Entry): void {
    // Most traces are the newest: appending is the common case and needs no search.
    const last = this.ordered[this.ordered.length - 1];
    if (!last || before(last.summary, e.summary)) this.ordered.push(e);
    else this.ordered.splice(this.position(e), 0, e);
  }

  private unlink(e: Entry): void {
    const i = this.position(e);
    if (this.ordered[i] === e) this.ordered.splice(i, 1);
  }
}
