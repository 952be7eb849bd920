// The flame graph's input and handle, as the trace view uses it. The graph knows nothing of
// OTLP: the trace view maps spans to these rows.
import type { SpanClass } from '../../../receiver/src/contract/model';

export interface FlameSpan {
  id: string;
  /** Absent, or not among the spans: drawn as a root. */
  parentId?: string;
  name: string;
  service: string;
  /** Nanoseconds since the trace's first span started (numbers: a trace spans < 2^53 ns). */
  startNs: number;
  endNs: number;
  spanClass: SpanClass;
  error: boolean;
  /** Short extra text for the bar and tooltip (model, tokens, cost). */
  detail?: string;
}

export interface FlameGraphOptions {
  /** A bar was selected by click or keyboard (null: selection cleared). */
  onSelect(spanId: string | null): void;
  /** The visible window changed (zoom or pan), in ns since the trace start. */
  onViewport?(startNs: number, endNs: number): void;
}

export interface FlameGraphHandle {
  setSpans(spans: FlameSpan[]): void;
  /** Height that shows every row of the current spans without scrolling, px. */
  contentHeight(): number;
  select(spanId: string | null): void;
  /** Zooms to [startNs, endNs]; used to restore state after hide/show. */
  setViewport(startNs: number, endNs: number): void;
  dispose(): void;
}
