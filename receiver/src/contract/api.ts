// The query API and its event stream, as both the extension and the webview consume them.
import type { CodeLocation, CostSource, LlmCall, LlmCallRow, LogRecord, MetricPoint, Span, TraceSummary } from './model';
import type { Warning, WarningChange } from './warnings';
import type { GpuDevice, GpuProcess, GpuSample, GpuState } from './gpu';

export const RECEIVER_NAME = 'llm-trace-lens';

export interface HealthResponse {
  name: typeof RECEIVER_NAME;
  version: string;
  pid: number;
  host: string;
  ports: { http: number; grpc: number | null };
  dataDir: string;
  startedAt: string;
  store: StoreStats;
  forward: ForwardStats | null;
}

export interface StoreStats {
  traces: number;
  spans: number;
  logs: number;
  metricPoints: number;
  segments: number;
  diskBytes: number;
  pendingBytes: number;
  /** Files moved aside at start because they could not be read, with the reason. */
  quarantined: { file: string; reason: string }[];
}

export interface ForwardStats {
  url: string;
  sent: number;
  failed: number;
  dropped: number;
  queuedBytes: number;
  lastError: string | null;
}

export interface TraceListQuery {
  text?: string;
  service?: string;
  status?: 'error';
  /** Inclusive bounds on trace start, epoch milliseconds. */
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
}

export interface TraceListResponse {
  traces: TraceSummary[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface SpanWithLogs extends Span {
  logs: LogRecord[];
  /** The normalised LLM call (also for tool, retrieval, agent and chain spans); absent otherwise. */
  llm?: LlmCall;
  /** Ids of the warnings this span raised. */
  warnings?: string[];
  /** Where in the app's code the span happened, when it says. */
  code?: CodeLocation;
}

export interface TraceDetailResponse {
  summary: TraceSummary;
  spans: SpanWithLogs[];
  /** Log records of the trace that name no span (or a span not received). */
  logs: LogRecord[];
}

export interface LlmCallsQuery {
  model?: string;
  operation?: string;
  provider?: string;
  service?: string;
  /** Searched in system instructions, prompts and responses. */
  text?: string;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
}

export interface LlmCallsResponse {
  calls: LlmCallRow[];
  nextCursor: string | null;
}

export interface MetricsResponse {
  points: MetricPoint[];
}

export interface ApiError {
  error: string;
}

/** Payloads of `GET /api/events` (Server-Sent Events; the SSE event name is `type`). */
export type StreamEvent =
  | { type: 'hello'; health: HealthResponse }
  | { type: 'traces'; traces: TraceSummary[] }
  | { type: 'traces-removed'; traceIds: string[] }
  | { type: 'metrics'; names: string[] }
  | { type: 'warnings'; changes: WarningChange[] }
  /** After every sampler run (and OTLP GPU points): the newest sample of each device. */
  | { type: 'gpu'; latest: GpuSample[]; state: GpuState };

export interface WarningsResponse {
  active: Warning[];
  /** Cleared warnings, newest first. */
  recent: Warning[];
}

export interface GpuResponse {
  state: GpuState;
  /** Every device seen, from the sampler and from OTLP, each labelled by source. */
  devices: GpuDevice[];
  /** The newest sample of each device. */
  latest: GpuSample[];
  /** Per device id, oldest first: samples since `since` (default: the last 10 minutes). */
  history: Record<string, GpuSample[]>;
  processes: GpuProcess[];
}

/** Sums over a set of LLM calls. Cost sums only the calls whose cost is known. */
export interface CostTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Calls with tokens but no price (unknown model), or no token counts at all. */
  unknownCostCalls: number;
}

export interface CostQuery {
  /** Epoch ms bounds on call start; default: everything stored. */
  from?: number;
  to?: number;
  /** Width of the time series buckets; default: chosen for about 60 buckets. */
  bucketMs?: number;
  service?: string;
}

/** `GET /api/cost`: the token cost dashboard's numbers. */
export interface CostResponse {
  from: number | null;
  to: number | null;
  totals: CostTotals;
  byModel: (CostTotals & { model: string; provider?: string })[];
  byService: (CostTotals & { service: string })[];
  /** How each call's cost was found (see LlmCost.source). */
  bySource: Partial<Record<CostSource, { calls: number; costUsd: number }>>;
  /** Oldest first; empty buckets included so a chart's x axis is honest. */
  series: { bucketMs: number; points: ({ startMs: number } & CostTotals)[] };
  /**
   * Per model (keyed like byModel, same order): cost and tokens (input + output) in each bucket of
   * `series`, index for index, for "cost over time" stacked by model.
   */
  seriesByModel: { model: string; provider?: string; costUsd: number[]; tokens: number[] }[];
  /** The most expensive calls, dearest first. */
  top: LlmCallRow[];
  /** This receiver run's spend against the session budget rule (sessionBudgetUsd). */
  session: { startedMs: number; costUsd: number; budgetUsd: number | null };
}

/** One place in the app's code that made LLM calls. */
export interface CallSite {
  filepath: string;
  lineno?: number;
  function?: string;
  count: number;
  /** Newest first, at most `limit` (default 5). */
  latest: LlmCallRow[];
}

/** `GET /api/call-sites?file=`: call sites in files whose path ends with `file` (all without). */
export interface CallSitesResponse {
  sites: CallSite[];
}
