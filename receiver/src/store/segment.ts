// On-disk shapes of one segment: a data file (everything one group commit, or one compaction,
// wrote) and its index sidecar (what the trace list needs, so restart never parses spans).
// Resources and scopes are written once per segment and referenced by position from each item,
// because every span of a process repeats the same resource.
import type { LlmCallRow, LlmCallSummary, LogRecord, MetricPoint, Resource, Scope, Span } from '../contract/model';

export const FORMAT_VERSION = 1;

type Stored<T> = Omit<T, 'resource' | 'scope' | 'service'> & { r: number; s: number };
/** A span as written, with its LLM call summary (computed once, at ingest). */
export type StoredSpan = Stored<Span> & { llm?: LlmCallSummary };
/** A canonical span on its way to disk. */
export type IngestSpan = Span & { llm?: LlmCallSummary };
export type StoredLog = Stored<LogRecord>;
export type StoredMetric = Omit<MetricPoint, 'service'> & { r: number };

export interface SegmentData {
  version: number;
  id: string;
  resources: { resource: Resource; service: string }[];
  scopes: Scope[];
  spans: StoredSpan[];
  logs: StoredLog[];
  metrics: StoredMetric[];
}

/** What one segment contributes to one trace. */
export interface TracePartial {
  traceId: string;
  spans: number;
  errors: number;
  logs: number;
  /** Nanosecond strings, min start and max end of the spans here ("0" when only logs). */
  start: string;
  end: string;
  root?: { name: string; service: string };
  earliest?: { name: string; service: string };
  services: string[];
  names: string[];
  spanIds: string[];
  /** LLM and embedding calls among the spans here (absent in indexes without any). */
  calls?: LlmCallRow[];
}

export interface SegmentIndex {
  version: number;
  id: string;
  /** Commit sequence numbers covered: a compacted segment covers a range. */
  first: number;
  last: number;
  writtenAt: number;
  bytes: number;
  spans: number;
  logs: number;
  metricPoints: number;
  metricNames: string[];
  traces: TracePartial[];
}

export function segmentId(first: number, last: number): string {
  const pad = (n: number): string => String(n).padStart(10, '0');
  return first === last ? `seg-${pad(first)}` : `seg-${pad(first)}-${pad(last)}`;
}

const SEGMENT_NAME = /^seg-(\d{10})(?:-(\d{10}))?\.json$/;

export function parseSegmentFile(name: string): { id: string; first: number; last: number } | null {
  const m = SEGMENT_NAME.exec(name);
  if (!m) return null;
  const first = Number(m[1]);
  const last = m[2] ? Number(m[2]) : first;
  return { id: segmentId(first, last), first, last };
}

/** Compares nanosecond decimal strings without BigInt (no leading zeros by construction). */
export function compareNanos(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Accumulates canonical items into one segment, sharing resource and scope tables. */
export class SegmentBuilder {
  private readonly resourceIds = new Map<Resource, number>();
  private readonly resourceKeys = new Map<string, number>();
  private readonly scopeIds = new Map<Scope, number>();
  private readonly scopeKeys = new Map<string, number>();
  readonly data: SegmentData;

  constructor(id: string) {
    this.data = { version: FORMAT_VERSION, id, resources: [], scopes: [], spans: [], logs: [], metrics: [] };
  }

  private resourceRef(resource: Resource, service: string): number {
    let n = this.resourceIds.get(resource);
    if (n !== undefined) return n;
    const key = `${service}\n${JSON.stringify(resource)}`;
    n = this.resourceKeys.get(key);
    if (n === undefined) {
      n = this.data.resources.push({ resource, service }) - 1;
      this.resourceKeys.set(key, n);
    }
    this.resourceIds.set(resource, n);
    return n;
  }

  private scopeRef(scope: Scope): number {
    let n = this.scopeIds.get(scope);
    if (n !== undefined) return n;
    const key = JSON.stringify(scope);
    n = this.scopeKeys.get(key);
    if (n === undefined) {
      n = this.data.scopes.push(scope) - 1;
      this.scopeKeys.set(key, n);
    }
    this.scopeIds.set(scope, n);
    return n;
  }

  addSpan(span: IngestSpan): void {
    // Built field by field: object spread here was the costliest step of a commit.
    const stored: StoredSpan = {
      traceId: span.traceId,
      spanId: span.spanId,
      name: span.name,
      kind: span.kind,
      startTimeUnixNano: span.startTimeUnixNano,
      endTimeUnixNano: span.endTimeUnixNano,
      attributes: span.attributes,
      events: span.events,
      links: span.links,
      status: span.status,
      r: this.resourceRef(span.resource, span.service),
      s: this.scopeRef(span.scope),
    };
    if (span.parentSpanId !== undefined) stored.parentSpanId = span.parentSpanId;
    if (span.traceState !== undefined) stored.traceState = span.traceState;
    if (span.droppedAttributesCount !== undefined) stored.droppedAttributesCount = span.droppedAttributesCount;
    if (span.droppedEventsCount !== undefined) stored.droppedEventsCount = span.droppedEventsCount;
    if (span.droppedLinksCount !== undefined) stored.droppedLinksCount = span.droppedLinksCount;
    if (span.flags !== undefined) stored.flags = span.flags;
    if (span.llm !== undefined) stored.llm = span.llm;
    this.data.spans.push(stored);
  }

  addLog(log: LogRecord): void {
    const { resource, scope, service, ...rest } = log;
    this.data.logs.push({ ...rest, r: this.resourceRef(resource, service), s: this.scopeRef(scope) });
  }

  /** Metric points carry no resource of their own in the canonical form; they keep the service. */
  addMetric(point: MetricPoint): void {
    const { service, ...rest } = point;
    this.data.metrics.push({ ...rest, r: this.resourceRef({ attributes: [] }, service) });
  }

  /** Appends a whole stored segment (compaction), renumbering its table references. */
  addSegment(other: SegmentData): void {
    for (const s of other.spans) this.addSpan(s.llm ? { ...expandSpan(other, s), llm: s.llm } : expandSpan(other, s));
    for (const l of other.logs) this.addLog(expandLog(other, l));
    for (const m of other.metrics) this.addMetric(expandMetric(other, m));
  }
}

export function expandSpan(seg: SegmentData, s: StoredSpan): Span {
  const { r, s: scopeRef, llm: _llm, ...rest } = s;
  const res = seg.resources[r] ?? { resource: { attributes: [] }, service: 'unknown_service' };
  return { ...rest, resource: res.resource, scope: seg.scopes[scopeRef] ?? { name: '' }, service: res.service };
}

export function expandLog(seg: SegmentData, l: StoredLog): LogRecord {
  const { r, s: scopeRef, ...rest } = l;
  const res = seg.resources[r] ?? { resource: { attributes: [] }, service: 'unknown_service' };
  return { ...rest, resource: res.resource, scope: seg.scopes[scopeRef] ?? { name: '' }, service: res.service };
}

export function expandMetric(seg: SegmentData, m: StoredMetric): MetricPoint {
  const { r, ...rest } = m;
  return { ...rest, service: seg.resources[r]?.service ?? 'unknown_service' };
}

const MAX_NAMES = 64;

interface PartialBuilder {
  p: TracePartial;
  services: Set<string>;
  names: Set<string>;
  earliestStart: string;
}

/** Builds the index sidecar of a segment from its data. */
export function indexSegment(
  data: SegmentData,
  range: { first: number; last: number },
  bytes: number,
  writtenAt: number,
): SegmentIndex {
  const traces = new Map<string, PartialBuilder>();
  const partial = (traceId: string): PartialBuilder => {
    let b = traces.get(traceId);
    if (!b) {
      b = {
        p: { traceId, spans: 0, errors: 0, logs: 0, start: '0', end: '0', services: [], names: [], spanIds: [] },
        services: new Set(),
        names: new Set(),
        earliestStart: '',
      };
      traces.set(traceId, b);
    }
    return b;
  };
  for (const s of data.spans) {
    const b = partial(s.traceId);
    const p = b.p;
    const service = data.resources[s.r]?.service ?? 'unknown_service';
    p.spans++;
    if (s.status.code === 2) p.errors++;
    p.spanIds.push(s.spanId);
    if (p.start === '0' || compareNanos(s.startTimeUnixNano, p.start) < 0) p.start = s.startTimeUnixNano;
    if (compareNanos(s.endTimeUnixNano, p.end) > 0) p.end = s.endTimeUnixNano;
    if (!s.parentSpanId) p.root = { name: s.name, service };
    if (b.earliestStart === '' || compareNanos(s.startTimeUnixNano, b.earliestStart) < 0) {
      b.earliestStart = s.startTimeUnixNano;
      p.earliest = { name: s.name, service };
    }
    if (b.services.size < MAX_NAMES) b.services.add(service);
    if (b.names.size < MAX_NAMES) b.names.add(s.name);
    if (s.llm && (s.llm.spanClass === 'llm' || s.llm.spanClass === 'embedding')) {
      const row: LlmCallRow = {
        ...s.llm,
        traceId: s.traceId,
        spanId: s.spanId,
        name: s.name,
        service,
        startTimeUnixNano: s.startTimeUnixNano,
        hasError: s.status.code === 2,
      };
      if (s.parentSpanId) row.parentSpanId = s.parentSpanId;
      (p.calls ??= []).push(row);
    }
  }
  for (const l of data.logs) if (l.traceId) partial(l.traceId).p.logs++;
  const metricNames = [...new Set(data.metrics.map((m) => m.name))];
  return {
    version: FORMAT_VERSION,
    id: data.id,
    first: range.first,
    last: range.last,
    writtenAt,
    bytes,
    spans: data.spans.length,
    logs: data.logs.length,
    metricPoints: data.metrics.length,
    metricNames,
    traces: [...traces.values()].map((b) => {
      b.p.services = [...b.services];
      b.p.names = [...b.names];
      return b.p;
    }),
  };
}

/** Structural check of a parsed index file; a bad one is rebuilt from its segment. */
export function isSegmentIndex(v: unknown, id: string): v is SegmentIndex {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<SegmentIndex>;
  return o.version === FORMAT_VERSION && o.id === id && Array.isArray(o.traces) && typeof o.bytes === 'number';
}

export function isSegmentData(v: unknown, id: string): v is SegmentData {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<SegmentData>;
  return (
    o.version === FORMAT_VERSION &&
    o.id === id &&
    Array.isArray(o.spans) &&
    Array.isArray(o.logs) &&
    Array.isArray(o.metrics) &&
    Array.isArray(o.resources) &&
    Array.isArray(o.scopes)
  );
}
