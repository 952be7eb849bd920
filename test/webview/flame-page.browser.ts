// Browser side of the flame graph tests: bundled with esbuild at test time and loaded into a
// blank page, it mounts the real graph and records what the graph reports back.
import { createFlameGraph } from '../../webview/src/flame/flame-graph';
import { BAR_HEIGHT, barTop } from '../../webview/src/flame/geometry';
import { layoutSpans } from '../../webview/src/flame/layout';
import type { FlameGraphHandle, FlameSpan } from '../../webview/src/flame/types';
import type { FlameHarness } from './flame-harness';
import { nextFrame } from '../helpers/next-frame.browser';

let handle: FlameGraphHandle | null = null;
let spans: FlameSpan[] = [];

function container(): HTMLElement {
  return document.getElementById('flame')!;
}

function canvas(): HTMLCanvasElement {
  return container().querySelector('canvas')!;
}

const harness: FlameHarness = {
  selections: [],
  viewports: [],
  mount(next) {
    handle?.dispose();
    harness.selections.length = 0;
    harness.viewports.length = 0;
    spans = next;
    handle = createFlameGraph(container(), {
      onSelect: (id) => harness.selections.push(id),
      onViewport: (s, e) => harness.viewports.push([s, e]),
    });
    handle.setSpans(next);
  },
  setSpans(next) {
    spans = next;
    handle!.setSpans(next);
  },
  select: (id) => handle!.select(id),
  setViewport: (s, e) => handle!.setViewport(s, e),
  dispose() {
    handle?.dispose();
    handle = null;
  },
  box(id) {
    const layout = layoutSpans(spans);
    const bar = layout.bars[layout.byId.get(id)!]!;
    const [v0, v1] = harness.viewports.at(-1) ?? [layout.startNs, Math.max(layout.endNs, layout.startNs + 1)];
    const width = canvas().getBoundingClientRect().width;
    const px = width / (v1 - v0);
    const top = barTop(bar.row, 0);
    return { x0: (bar.startNs - v0) * px, x1: (bar.endNs - v0) * px, top, bottom: top + BAR_HEIGHT };
  },
  pixel(x, y) {
    const c = canvas();
    const dpr = c.width / c.getBoundingClientRect().width;
    const d = c.getContext('2d')!.getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data;
    return [d[0]!, d[1]!, d[2]!, d[3]!];
  },
  canvasRect() {
    const r = canvas().getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  },
  liveText: () => container().querySelector('[aria-live]')?.textContent ?? '',
  focus: () => container().focus(),
  frame: nextFrame,
  async timeSetSpans(next) {
    spans = next;
    const t0 = performance.now();
    handle!.setSpans(next);
    await nextFrame();
    return performance.now() - t0;
  },
};

(window as unknown as { flame: FlameHarness }).flame = harness;
