// Canonical telemetry shapes shared by receiver, extension and webview. Types only.
// Attribute values keep OTLP/JSON's AnyValue encoding so that types survive (an int is never
// confused with a double) and export back to OTLP/JSON is lossless. 64-bit integers and
// nanosecond timestamps are decimal strings: they exceed 2^53.

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | 'NaN' | 'Infinity' | '-Infinity' }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  | { bytesValue: string }
  | Record<string, never>;

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount?: number;
}

export interface Scope {
  name: string;
  version?: string;
  attributes?: KeyValue[];
}

/** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type SpanKind = 0 | 1 | 2 | 3 | 4 | 5;

/** OTLP status code: 0 unset, 1 ok, 2 error. */
export type StatusCode = 0 | 1 | 2;

export interface SpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: KeyValue[];
  droppedAttributesCount?: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface SpanStatus {
  code: StatusCode;
  message?: string;
}

/** A span as the query API returns it: ids are lowercase hex, times nanosecond strings. */
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  droppedAttributesCount?: number;
  events: SpanEvent[];
  droppedEventsCount?: number;
  links: SpanLink[];
  droppedLinksCount?: number;
  status: SpanStatus;
  flags?: number;
  resource: Resource;
  scope: Scope;
  /** resource attribute service.name, or "unknown_service". */
  service: string;
}

export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText?: string;
  body?: AnyValue;
  attributes: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
  resource: Resource;
  scope: Scope;
  service: string;
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/** One data point of one metric; histogram points carry their buckets, number points a value. */
export interface MetricPoint {
  name: string;
  description?: string;
  unit?: string;
  type: MetricType;
  startTimeUnixNano: string;
  timeUnixNano: string;
  attributes: KeyValue[];
  value?: number;
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
  quantiles?: { quantile: number; value: number }[];
  isMonotonic?: boolean;
  aggregationTemporality?: number;
  service: string;
}

/** One row of the trace list. */
export interface TraceSummary {
  traceId: string;
  /** Root span name; when the root has not arrived yet, the earliest span's name. */
  rootName: string;
  /** False while the root span is missing (children are exported before parents). */
  rootKnown: boolean;
  service: string;
  services: string[];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  hasError: boolean;
  logCount: number;
}
