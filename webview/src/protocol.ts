// The typed message protocol between a webview (or the receiver's browser page) and its host.
// The host is the extension (postMessage) or, in a plain browser page, an in-page adapter over
// the query API. Types only: imported by both sides, bundled into neither as code.
import type { HealthResponse, TraceDetailResponse } from '../../receiver/src/contract/api';
import type { TraceSummary } from '../../receiver/src/contract/model';
import type { Warning } from '../../receiver/src/contract/warnings';

/** Which view a webview document shows; one bundle renders all of them. */
export type ViewKind = 'traces' | 'trace';

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
  | { type: 'trace-missing'; traceId: string; reason: string };

export type WebviewToHost =
  /** The page's script runs and listens: the host answers with `init`. */
  | { type: 'ready'; view: ViewKind }
  | { type: 'open-trace'; traceId: string; spanId?: string }
  | { type: 'copy'; text: string; what: string }
  | { type: 'clear-all' }
  | { type: 'export-trace'; traceId: string }
  /** Run one of the extension's commands (no-op in the browser page). */
  | { type: 'command'; command: 'start-receiver' | 'restart-receiver' | 'pick-port' | 'import-file' };

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
}
