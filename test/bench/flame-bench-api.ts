// What the benchmark page (flame-bench-page.browser.ts) puts on `window.flameBench`; DOM-free,
// so the Node side can name it.
import type { FlameSpan } from '../../webview/src/flame/types';

export interface BenchRun {
  /** setSpans (or chart()) to the end of the first frame drawn. */
  ms: number;
  /** d3-flame-graph only: flat spans to its hierarchy, not included in ms. */
  convertMs?: number;
  /** The result was checked to be on screen. */
  drawn: boolean;
  /** DOM elements the renderer created. */
  elements: number;
  /** d3-flame-graph only: SVG frames (rects) drawn. */
  frames?: number;
}

export interface FlameBenchPage {
  ours(spans: FlameSpan[], width: number, height: number): Promise<BenchRun>;
  d3FlameGraph(spans: FlameSpan[], width: number): Promise<BenchRun>;
}

export interface FlameBenchWindow {
  flameBench: FlameBenchPage;
}
