// What the browser-side flame graph test page (flame-page.browser.ts) puts on `window.flame`;
// DOM-free, so the Node side of the tests can name it.
import type { FlameSpan } from '../../webview/src/flame/types';

export interface BarBox {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

export interface FlameHarness {
  /** Disposes any previous graph and mounts a new one on #flame with these spans. */
  mount(spans: FlameSpan[]): void;
  setSpans(spans: FlameSpan[]): void;
  select(id: string | null): void;
  setViewport(startNs: number, endNs: number): void;
  dispose(): void;
  selections: (string | null)[];
  viewports: [number, number][];
  /** Where a bar is drawn, in CSS pixels relative to the canvas, for the latest reported viewport. */
  box(id: string): BarBox;
  /** RGBA of the canvas at a CSS pixel. */
  pixel(x: number, y: number): [number, number, number, number];
  canvasRect(): { left: number; top: number; width: number; height: number };
  /** What the graph's aria-live region says. */
  liveText(): string;
  focus(): void;
  /** Resolves once a frame has been drawn. */
  frame(): Promise<void>;
  /** ms from setSpans to the end of the first frame drawn. */
  timeSetSpans(spans: FlameSpan[]): Promise<number>;
}

/** `globalThis` inside page.evaluate callbacks (they run in the page: only types may be shared). */
export interface FlameWindow {
  flame: FlameHarness;
}
