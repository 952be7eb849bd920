// Canonical telemetry shapes shared by receiver, extension and webview. Types only.
// Attribute values keep OTLP/JSON's AnyValue encoding so that types survive (an int is never
// confused with a double) and export back to OTLP/JSON is lossless. 64-bit integers and
// nanosecond timestamps are decimal strings: they exceed 2^53.
import type { GpuCallStats } from './gpu';

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
  /** LLM and embedding calls, each counted once (a wrapper span around a call is not a call). */
  llmCallCount: number;
  models: string[];
  inputTokens: number;
  outputTokens: number;
  /** Sum of the calls whose cost is known; `costUnknownCalls` says how many were not. */
  costUsd: number;
  costUnknownCalls: number;
  /** Longest LLM call, ms; 0 without calls. */
  maxLlmLatencyMs: number;
  /** Ids of the warnings this trace's calls raised (query API only; see GET /api/warnings). */
  warnings?: string[];
}

// ---- LLM calls (normalised from every GenAI convention) -----------------------------------

/** What a span is, for colouring and for counting calls once. */
export type SpanClass = 'llm' | 'embedding' | 'tool' | 'retrieval' | 'agent' | 'chain' | 'other';

/** Where a field was read from. */
export type Convention =
  | 'otel-genai'
  | 'otel-genai-legacy'
  | 'openllmetry'
  | 'openinference'
  | 'openlit'
  | 'vercel-ai'
  | 'logfire'
  | 'langsmith';

export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments: string }
  | { type: 'tool_call_response'; id?: string; response: string }
  | { type: 'media'; modality?: string; mimeType?: string; uri?: string; content?: string }
  | { type: 'other'; raw: string };

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
  finishReason?: string;
}

export interface LlmParams {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stopSequences?: string[];
  stream?: boolean;
}

export interface LlmTokens {
  /** All input tokens, cached ones included (the OpenTelemetry definition). */
  input?: number;
  /** All output tokens, reasoning included. */
  output?: number;
  cachedInput?: number;
  cacheCreation?: number;
  reasoning?: number;
  total?: number;
}

/**
 * reported: an attribute of the span; computed: from the price table (detail names its
 * version); override: a user price; local: a local runtime, free unless priced;
 * unknown-model: tokens but no price; no-usage: no token counts to price.
 */
export type CostSource = 'reported' | 'computed' | 'override' | 'local' | 'unknown-model' | 'no-usage';

export interface LlmCost {
  usd: number | null;
  source: CostSource;
  detail: string;
}

export type LlmField =
  | 'spanClass'
  | 'operation'
  | 'provider'
  | 'requestModel'
  | 'responseModel'
  | 'systemInstructions'
  | 'inputMessages'
  | 'outputMessages'
  | 'finishReasons'
  | 'params'
  | 'tokens'
  | 'cost'
  | 'ttftMs'
  | 'tool';

export interface LlmCall {
  spanClass: SpanClass;
  operation?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  systemInstructions: MessagePart[];
  inputMessages: ChatMessage[];
  outputMessages: ChatMessage[];
  finishReasons: string[];
  params: LlmParams;
  tokens: LlmTokens;
  cost: LlmCost;
  durationMs: number;
  ttftMs?: number;
  tool?: { name?: string; callId?: string; arguments?: string; result?: string };
  /** Every convention found on the span, most specific first. */
  conventions: Convention[];
  /** For fields more than one convention gave: the one that won. */
  sources: Partial<Record<LlmField, Convention>>;
  /** Content that was not valid message JSON, kept as text. */
  rawInput?: string;
  rawOutput?: string;
  /** GPU activity during the call: kept with it once a sample after its end arrived, live before. */
  gpu?: GpuCallStats;
}

/** Where in the app's code a span happened (for "Go to source" and CodeLens). */
export interface CodeLocation {
  /** As the app reported it: absolute, or relative to its working directory. */
  filepath: string;
  lineno?: number;
  column?: number;
  function?: string;
  /** `code.*` span attributes, or the innermost app frame of an exception's stack trace. */
  from: 'attributes' | 'stacktrace';
}

/** The part of an LlmCall kept in the index: enough for lists, totals and filters. */
export interface LlmCallSummary {
  spanClass: SpanClass;
  operation?: string;
  provider?: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  costUsd: number | null;
  costSource: CostSource;
  durationMs: number;
  ttftMs?: number;
  conventions: Convention[];
  /** The call site, when the span says where it is. */
  code?: CodeLocation;
}

/** One row of `GET /api/llm-calls`. */
export interface LlmCallRow extends LlmCallSummary {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  startTimeUnixNano: string;
  hasError: boolean;
  /** Ids of the warnings this call raised (query API only). */
  warnings?: string[];
  /** GPU activity during the call: kept with it once a sample after its end arrived, live before. */
  gpu?: GpuCallStats;
}
