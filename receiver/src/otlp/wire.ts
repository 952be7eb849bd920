// Both OTLP encodings into one canonical shape. protobufjs messages and parsed OTLP/JSON share
// field names (lowerCamelCase), so one walk serves both; the differences are confined to the
// scalar readers below: ids (bytes vs hex), 64-bit integers (Long vs string/number), oneofs
// (protobufjs puts defaults on the prototype and names the set member in a virtual field).
import type {
  AnyValue,
  KeyValue,
  LogRecord,
  MetricPoint,
  MetricType,
  Resource,
  Scope,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  StatusCode,
} from '../contract/model';
import { ReceiverError } from './errors';

export interface CanonicalBatch {
  spans: Span[];
  logs: LogRecord[];
  metrics: MetricPoint[];
  /** Items dropped because they were invalid (reported as partial_success). */
  rejected: number;
  /** The first few reasons, for partial_success.error_message. */
  rejectReasons: string[];
}

type Obj = Record<string, unknown>;

interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}

class ItemError extends Error {}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function isLong(v: unknown): v is LongLike {
  return isObj(v) && typeof v.low === 'number' && typeof v.high === 'number';
}

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ReceiverError('bad-data', `${where} must be an array`);
  return v;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function uint(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  if (isLong(v)) return (v.high >>> 0) * 2 ** 32 + (v.low >>> 0);
  return 0;
}

const HEX = /^[0-9a-fA-F]*$/;

/** A trace/span id as lowercase hex; undefined when empty (a root span's parent). */
function id(v: unknown, bytes: number, what: string): string | undefined {
  let hex: string;
  if (v instanceof Uint8Array) {
    if (v.length === 0) return undefined;
    if (v.length !== bytes) throw new ItemError(`${what} must be ${bytes} bytes, got ${v.length}`);
    hex = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  } else if (typeof v === 'string') {
    if (v === '') return undefined;
    if (v.length !== bytes * 2 || !HEX.test(v)) throw new ItemError(`${what} must be ${bytes * 2} hex digits`);
    hex = v.toLowerCase();
  } else if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
    // protobufjs's default for an absent bytes field is an empty array on the prototype.
    return undefined;
  } else {
    throw new ItemError(`${what} has an invalid type`);
  }
  if (/^0+$/.test(hex)) throw new ItemError(`${what} is all zeros`);
  return hex;
}

function requiredId(v: unknown, bytes: number, what: string): string {
  const out = id(v, bytes, what);
  if (out === undefined) throw new ItemError(`${what} is missing`);
  return out;
}

/** An unsigned 64-bit nanosecond time as a decimal string ("0" = unknown). */
function nanos(v: unknown): string {
  if (isLong(v)) {
    if (v.high === 0) return String(v.low >>> 0);
    return ((BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)).toString();
  }
  if (typeof v === 'string') {
    if (!/^\d+$/.test(v)) throw new ItemError(`invalid nanosecond time "${v.slice(0, 40)}"`);
    return v.replace(/^0+(?=\d)/, '');
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new ItemError(`invalid nanosecond time ${v}`);
    return BigInt(Math.trunc(v)).toString();
  }
  return '0';
}

function int64(v: unknown): string {
  if (isLong(v)) {
    const u = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
    return (v.unsigned ? u : BigInt.asIntN(64, u)).toString();
  }
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v).toString();
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v).toString();
  throw new ItemError(`invalid intValue ${JSON.stringify(v)?.slice(0, 40)}`);
}

function double(v: unknown): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    return v;
  }
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (isLong(v)) return uint(v);
  throw new ItemError(`invalid doubleValue ${JSON.stringify(v)?.slice(0, 40)}`);
}

function num(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  if (isLong(v)) {
    const u = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
    return Number(v.unsigned ? u : BigInt.asIntN(64, u));
  }
  return undefined;
}

const ANY_KEYS = [
  'stringValue',
  'boolValue',
  'intValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
] as const;
type AnyKey = (typeof ANY_KEYS)[number];

/** Which member of a oneof is set: protobufjs names it in a virtual field, JSON has one own key. */
function oneofMember<K extends string>(o: Obj, virtual: string, keys: readonly K[]): K | undefined {
  const named = o[virtual];
  if (typeof named === 'string' && (keys as readonly string[]).includes(named)) return named as K;
  for (const k of keys) if (Object.prototype.hasOwnProperty.call(o, k) && o[k] !== null && o[k] !== undefined) return k;
  return undefined;
}

function anyValue(v: unknown, depth = 0): AnyValue {
  if (!isObj(v)) return {};
  if (depth > 32) throw new ItemError('attribute value nested deeper than 32 levels');
  const k: AnyKey | undefined = oneofMember(v, 'value', ANY_KEYS);
  switch (k) {
    case 'stringValue':
      return { stringValue: str(v.stringValue) };
    case 'boolValue':
      return { boolValue: v.boolValue === true };
    case 'intValue':
      return { intValue: int64(v.intValue) };
    case 'doubleValue':
      return { doubleValue: double(v.doubleValue) };
    case 'arrayValue': {
      const a = isObj(v.arrayValue) ? v.arrayValue : {};
      return { arrayValue: { values: list(a.values, 'arrayValue.values').map((x) => anyValue(x, depth + 1)) } };
    }
    case 'kvlistValue': {
      const a = isObj(v.kvlistValue) ? v.kvlistValue : {};
      return { kvlistValue: { values: keyValues(a.values, depth + 1) } };
    }
    case 'bytesValue': {
      const b = v.bytesValue;
      if (b instanceof Uint8Array) return { bytesValue: Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64') };
      return { bytesValue: str(b) };
    }
    default:
      return {};
  }
}

function keyValues(v: unknown, depth = 0): KeyValue[] {
  const out: KeyValue[] = [];
  for (const kv of list(v, 'attributes')) {
    if (!isObj(kv)) continue;
    out.push({ key: str(kv.key), value: anyValue(kv.value, depth) });
  }
  return out;
}

function resourceOf(v: unknown): Resource {
  if (!isObj(v)) return { attributes: [] };
  const r: Resource = { attributes: keyValues(v.attributes) };
  const dropped = uint(v.droppedAttributesCount);
  if (dropped) r.droppedAttributesCount = dropped;
  return r;
}

function scopeOf(v: unknown): Scope {
  if (!isObj(v)) return { name: '' };
  const s: Scope = { name: str(v.name) };
  if (str(v.version)) s.version = str(v.version);
  const attrs = keyValues(v.attributes);
  if (attrs.length) s.attributes = attrs;
  return s;
}

export function serviceName(resource: Resource): string {
  for (const kv of resource.attributes) {
    if (kv.key === 'service.name' && 'stringValue' in kv.value) return kv.value.stringValue;
  }
  return 'unknown_service';
}

function spanKind(v: unknown): SpanKind {
  const n = uint(v);
  return (n >= 0 && n <= 5 ? n : 0) as SpanKind;
}

function statusCode(v: unknown): StatusCode {
  const n = uint(v);
  return (n === 1 || n === 2 ? n : 0) as StatusCode;
}

function eventOf(v: unknown): SpanEvent {
  const e = isObj(v) ? v : {};
  const out: SpanEvent = { timeUnixNano: nanos(e.timeUnixNano), name: str(e.name), attributes: keyValues(e.attributes) };
  const dropped = uint(e.droppedAttributesCount);
  if (dropped) out.droppedAttributesCount = dropped;
  return out;
}

function linkOf(v: unknown): SpanLink {
  const l = isObj(v) ? v : {};
  const out: SpanLink = {
    traceId: requiredId(l.traceId, 16, 'link traceId'),
    spanId: requiredId(l.spanId, 8, 'link spanId'),
    attributes: keyValues(l.attributes),
  };
  if (str(l.traceState)) out.traceState = str(l.traceState);
  const dropped = uint(l.droppedAttributesCount);
  if (dropped) out.droppedAttributesCount = dropped;
  const flags = uint(l.flags);
  if (flags) out.flags = flags;
  return out;
}

function spanOf(v: unknown, resource: Resource, scope: Scope, service: string): Span {
  if (!isObj(v)) throw new ItemError('span is not an object');
  const status = isObj(v.status) ? v.status : {};
  const span: Span = {
    traceId: requiredId(v.traceId, 16, 'traceId'),
    spanId: requiredId(v.spanId, 8, 'spanId'),
    name: str(v.name),
    kind: spanKind(v.kind),
    startTimeUnixNano: nanos(v.startTimeUnixNano),
    endTimeUnixNano: nanos(v.endTimeUnixNano),
    attributes: keyValues(v.attributes),
    events: list(v.events, 'events').map(eventOf),
    links: list(v.links, 'links').map(linkOf),
    status: { code: statusCode(status.code) },
    resource,
    scope,
    service,
  };
  const parent = id(v.parentSpanId, 8, 'parentSpanId');
  if (parent) span.parentSpanId = parent;
  if (str(v.traceState)) span.traceState = str(v.traceState);
  if (str(status.message)) span.status.message = str(status.message);
  const counts = ['droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount', 'flags'] as const;
  for (const c of counts) {
    const n = uint(v[c]);
    if (n) span[c] = n;
  }
  return span;
}

function logOf(v: unknown, resource: Resource, scope: Scope, service: string): LogRecord {
  if (!isObj(v)) throw new ItemError('log record is not an object');
  const rec: LogRecord = {
    timeUnixNano: nanos(v.timeUnixNano),
    observedTimeUnixNano: nanos(v.observedTimeUnixNano),
    severityNumber: uint(v.severityNumber),
    attributes: keyValues(v.attributes),
    resource,
    scope,
    service,
  };
  if (isObj(v.body)) rec.body = anyValue(v.body);
  if (str(v.severityText)) rec.severityText = str(v.severityText);
  if (str(v.eventName)) rec.eventName = str(v.eventName);
  const traceId = id(v.traceId, 16, 'log traceId');
  const spanId = id(v.spanId, 8, 'log spanId');
  if (traceId) rec.traceId = traceId;
  if (spanId) rec.spanId = spanId;
  const dropped = uint(v.droppedAttributesCount);
  if (dropped) rec.droppedAttributesCount = dropped;
  const flags = uint(v.flags);
  if (flags) rec.flags = flags;
  return rec;
}

const METRIC_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

function metricPoints(v: unknown, service: string, out: MetricPoint[]): void {
  if (!isObj(v)) throw new ItemError('metric is not an object');
  const type: MetricType | undefined = oneofMember(v, 'data', METRIC_KINDS);
  if (!type) return;
  const data = isObj(v[type]) ? (v[type] as Obj) : {};
  const base = { name: str(v.name), type, service } as const;
  const temporality = uint(data.aggregationTemporality);
  for (const p of list(data.dataPoints, `${type}.dataPoints`)) {
    if (!isObj(p)) continue;
    const point: MetricPoint = {
      ...base,
      startTimeUnixNano: nanos(p.startTimeUnixNano),
      timeUnixNano: nanos(p.timeUnixNano),
      attributes: keyValues(p.attributes),
    };
    if (str(v.description)) point.description = str(v.description);
    if (str(v.unit)) point.unit = str(v.unit);
    if (temporality) point.aggregationTemporality = temporality;
    if (type === 'sum') point.isMonotonic = data.isMonotonic === true;
    if (type === 'gauge' || type === 'sum') {
      const which = oneofMember(p, 'value', ['asDouble', 'asInt'] as const);
      if (which) point.value = num(p[which]);
    } else {
      point.count = num(p.count);
      for (const f of ['sum', 'min', 'max'] as const) {
        const n = num(p[f]);
        if (n !== undefined && Object.prototype.hasOwnProperty.call(p, f)) point[f] = n;
      }
      if (type === 'histogram') {
        point.bucketCounts = list(p.bucketCounts, 'bucketCounts').map((c) => num(c) ?? 0);
        point.explicitBounds = list(p.explicitBounds, 'explicitBounds').map((c) => num(c) ?? 0);
      }
      if (type === 'summary') {
        point.quantiles = list(p.quantileValues, 'quantileValues').map((q) => {
          const o = isObj(q) ? q : {};
          return { quantile: num(o.quantile) ?? 0, value: num(o.value) ?? 0 };
        });
      }
    }
    out.push(point);
  }
}

function emptyBatch(): CanonicalBatch {
  return { spans: [], logs: [], metrics: [], rejected: 0, rejectReasons: [] };
}

function reject(batch: CanonicalBatch, err: unknown, what: string): void {
  if (!(err instanceof ItemError)) throw err;
  batch.rejected++;
  if (batch.rejectReasons.length < 3) batch.rejectReasons.push(`${what}: ${err.message}`);
}

function expectRequest(v: unknown, key: string): Obj {
  if (!isObj(v)) throw new ReceiverError('bad-data', 'request body must be a JSON object');
  if (v[key] !== undefined && !Array.isArray(v[key])) throw new ReceiverError('bad-data', `${key} must be an array`);
  return v;
}

/** Groups of (resource, scope, items) under an export request, shared by all signals. */
function* scoped(
  req: Obj,
  outerKey: string,
  innerKey: string,
  itemsKey: string,
): Generator<{ resource: Resource; scope: Scope; service: string; items: unknown[] }> {
  for (const r of list(req[outerKey], outerKey)) {
    if (!isObj(r)) throw new ReceiverError('bad-data', `${outerKey} entries must be objects`);
    const resource = resourceOf(r.resource);
    const service = serviceName(resource);
    for (const s of list(r[innerKey], innerKey)) {
      if (!isObj(s)) throw new ReceiverError('bad-data', `${innerKey} entries must be objects`);
      yield { resource, scope: scopeOf(s.scope), service, items: list(s[itemsKey], itemsKey) };
    }
  }
}

export function canonicalTraces(request: unknown): CanonicalBatch {
  const req = expectRequest(request, 'resourceSpans');
  const batch = emptyBatch();
  for (const g of scoped(req, 'resourceSpans', 'scopeSpans', 'spans')) {
    for (const s of g.items) {
      try {
        batch.spans.push(spanOf(s, g.resource, g.scope, g.service));
      } catch (err) {
        reject(batch, err, 'span');
      }
    }
  }
  return batch;
}

export function canonicalLogs(request: unknown): CanonicalBatch {
  const req = expectRequest(request, 'resourceLogs');
  const batch = emptyBatch();
  for (const g of scoped(req, 'resourceLogs', 'scopeLogs', 'logRecords')) {
    for (const l of g.items) {
      try {
        batch.logs.push(logOf(l, g.resource, g.scope, g.service));
      } catch (err) {
        reject(batch, err, 'log record');
      }
    }
  }
  return batch;
}

export function canonicalMetrics(request: unknown): CanonicalBatch {
  const req = expectRequest(request, 'resourceMetrics');
  const batch = emptyBatch();
  for (const g of scoped(req, 'resourceMetrics', 'scopeMetrics', 'metrics')) {
    for (const m of g.items) {
      try {
        metricPoints(m, g.service, batch.metrics);
      } catch (err) {
        reject(batch, err, 'metric');
      }
    }
  }
  return batch;
}
