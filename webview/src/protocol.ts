// The typed message protocol between a webview (or the receiver's browser page) and its host.
// The host is the extension (postMessage) or, in a plain browser page, an in-page adapter over
// the query API. Types only: imported by both sides, bundled into neither as code.
import type { CostResponse, GpuResponse, HealthResponse, TraceDetailResponse } from '../../receiver/src/contract/api';
import type { GpuSample, GpuState } from '../../receiver/src/contract/gpu';
import type { CodeLocation, LlmCall, LlmCallRow, TraceSummary } from '../../receiver/src/contract/model';
import type { RulesConfig, Warning } from '../../receiver/src/contract/warnings';

/**
 * Which view a webview document shows; one bundle renders all of them. `compare` shows two LLM
 * calls or two traces side by side (`data-left` / `data-right` on the body: `traceId/spanId` for
 * calls, `traceId` for traces).
 */
export type ViewKind = 'traces' | 'trace' | 'compare' | 'cost' | 'gpu';

/** One LLM call with what identifies it, for the comparison view. */
export interface ComparedCall {
  traceId: string;
  spanId: string;
  name: string;
  service: string;
  startTimeUnixNano: string;
  call: LlmCall;
}

export interface CallRef {
  traceId: string;
  spanId: string;
}

/** What the sidebar list shows: one row per trace, or one per LLM call. */
export type ListMode = 'traces' | 'calls';

/** The cost dashboard's time range: this receiver run, the last hour, since midnight, everything. */
export type CostRange = 'session' | 'hour' | 'today' | 'all';

/** What the host knows about the receiver, for status lines and the empty state. */
export interface ReceiverInfo {
  state: 'starting' | 'listening' | 'attached' | 'port-busy' | 'stopped' | 'error';
  /** OTLP/HTTP endpoint to point apps at, e.g. http://127.0.0.1:4318. */
  httpEndpoint: string;
  /** OTLP/gRPC endpoint, or null when gRPC is off. */
  grpcEndpoint: string | null;
  /** A line for the user when state is port-busy, stopped or error. */
  detail?: string;
  health?: HealthResponse;
}

export type HostToWebview =
  /** Answer to `ready`: everything the view needs to draw; also sent after a reconnect. */
  | { type: 'init'; view: ViewKind; receiver: ReceiverInfo; traces: TraceSummary[]; warnings: Warning[] }
  | { type: 'receiver'; receiver: ReceiverInfo }
  /** New or updated trace rows (upsert by traceId). */
  | { type: 'traces'; traces: TraceSummary[] }
  | { type: 'traces-removed'; traceIds: string[] }
  /** Every trace was removed (clear all). */
  | { type: 'traces-cleared' }
  /** Active warnings, the whole set (small). */
  | { type: 'warnings'; warnings: Warning[] }
  /** The trace a trace view shows; `selectSpanId` preselects a span. */
  | { type: 'trace'; detail: TraceDetailResponse; selectSpanId?: string }
  | { type: 'trace-missing'; traceId: string; reason: string }
  /** GPU samples during the trace shown (per device, oldest first), for the band under the spans. */
  | { type: 'trace-gpu'; traceId: string; history: Record<string, GpuSample[]> }
  | { type: 'compare-calls'; left: ComparedCall; right: ComparedCall }
  | { type: 'compare-traces'; left: TraceDetailResponse; right: TraceDetailResponse }
  /** Nothing to compare (no previous call, a call not found): the reason, for people. */
  | { type: 'compare-missing'; reason: string }
  /** The call picked for "compare with…" (shared by every view of the host), or none. */
  | { type: 'compare-pick'; pick: (CallRef & { name: string }) | null }
  | { type: 'cost'; range: CostRange; report: CostResponse }
  /** The GPU panel's data: devices, history, processes; the calls in the window; the thresholds. */
  | { type: 'gpu'; gpu: GpuResponse; calls: LlmCallRow[]; rules: RulesConfig }
  /** Live: the newest sample of each device (append to the history), and the sampler's state. */
  | { type: 'gpu-live'; latest: GpuSample[]; state: GpuState }
  /** Live: LLM calls that arrived since the last `gpu`, to mark on the GPU time axis. */
  | { type: 'gpu-calls'; calls: LlmCallRow[] }
  /** Answer to `search`: the traces whose prompts, responses, attributes or logs hold the text. */
  | { type: 'search-results'; seq: number; traceIds: string[]; error?: string }
  /** The newest LLM calls, newest first (answer to `list-calls`, again after new traces). */
  | { type: 'calls'; calls: LlmCallRow[] };

export type WebviewToHost =
  /** The page's script runs and listens: the host answers with `init`. */
  | { type: 'ready'; view: ViewKind }
  | { type: 'open-trace'; traceId: string; spanId?: string }
  | { type: 'copy'; text: string; what: string }
  | { type: 'clear-all' }
  | { type: 'export-trace'; traceId: string }
  /** Run one of the extension's commands (no-op in the browser page). */
  | { type: 'command'; command: 'start-receiver' | 'restart-receiver' | 'pick-port' | 'import-file' }
  /** Open a comparison of two calls, or of a call and the previous call of its operation and model. */
  | { type: 'compare-calls'; left: CallRef; right: CallRef }
  | { type: 'compare-previous'; call: CallRef }
  /** Remember a call for a later "compare with picked call" from any view; null forgets it. */
  | { type: 'pick-for-compare'; pick: (CallRef & { name: string }) | null }
  | { type: 'compare-traces'; left: string; right: string }
  /** The same two calls in VS Code's own diff editor (no-op in the browser page). */
  | { type: 'open-native-diff'; left: CallRef; right: CallRef }
  /** Open the app's file at that line in the editor (no-op in the browser page). */
  | { type: 'go-to-source'; code: CodeLocation }
  | { type: 'open-view'; view: 'cost' | 'gpu' }
  | { type: 'cost-range'; range: CostRange }
  /** Save the calls of that range as CSV (one row per call). */
  | { type: 'export-cost-csv'; range: CostRange }
  /** Search the stored traces' full text; `seq` comes back with the answer, so a stale one is dropped. */
  | { type: 'search'; query: string; seq: number }
  /** Send the newest LLM calls, and keep them current while traces arrive. */
  | { type: 'list-calls'; limit?: number };

/** What a webview keeps across hide/show (vscode.setState; sessionStorage in the browser). */
export interface PersistedViewState {
  filterText?: string;
  model?: string;
  errorsOnly?: boolean;
  paused?: boolean;
  selectedSpanId?: string;
  traceId?: string;
  /** Flame graph viewport, [startNs, endNs] relative to the trace start, as numbers. */
  zoom?: [number, number];
  detailTab?: string;
  /** Trace list: the rows ticked for "compare traces" (at most two). */
  compareTraceIds?: string[];
  /** Trace list: whether it lists traces or LLM calls. */
  listMode?: ListMode;
  /** Trace list: the calls ticked for "compare calls" (at most two). */
  compareCalls?: CallRef[];
  /** Trace list: also search prompts and responses on the receiver (default on). */
  deepSearch?: boolean;
  costRange?: CostRange;
  /** GPU panel: minutes of history shown. */
  gpuMinutes?: number;
  /** The page's shell `data-*` attributes (view, traceId, compare, left, right): what a panel
   * restored after a window reload shows. Written by the VS Code host on every save. */
  shell?: Record<string, string>;
}
