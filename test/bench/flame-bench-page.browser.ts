// Browser side of the flame graph benchmark: renders the same spans with our canvas timeline and
// with d3-flame-graph (SVG), each into a fresh container, and times setSpans / chart() to the end
// of the first frame drawn.
import { select } from 'd3';
import flamegraph, { type FlameNode } from 'd3-flame-graph';
import { createFlameGraph } from '../../webview/src/flame/flame-graph';
import { BAR_HEIGHT, barTop } from '../../webview/src/flame/geometry';
import type { FlameSpan } from '../../webview/src/flame/types';
import type { BenchRun, FlameBenchPage } from './flame-bench-api';
import { nextFrame } from '../helpers/next-frame.browser';

function freshContainer(width: number, height: number): HTMLElement {
  const el = document.createElement('div');
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
  document.body.replaceChildren(el);
  return el;
}

/** d3-flame-graph's input: a tree of {name, value, children}, value = duration. */
function toHierarchy(spans: FlameSpan[]): FlameNode {
  const nodes = new Map<string, FlameNode>();
  for (const s of spans) nodes.set(s.id, { name: s.name, value: Math.max(0, s.endNs - s.startNs), children: [] });
  const roots: FlameNode[] = [];
  for (const s of spans) {
    const node = nodes.get(s.id)!;
    const parent = s.parentId === undefined ? undefined : nodes.get(s.parentId);
    if (parent) parent.children!.push(node);
    else roots.push(node);
  }
  if (roots.length === 1) return roots[0]!;
  return { name: 'trace', value: roots.reduce((n, r) => n + r.value, 0), children: roots };
}

const page: FlameBenchPage = {
  async ours(spans, width, height): Promise<BenchRun> {
    const el = freshContainer(width, height);
    const graph = createFlameGraph(el, { onSelect: () => undefined });
    await nextFrame();
    const t0 = performance.now();
    graph.setSpans(spans);
    await nextFrame();
    const ms = performance.now() - t0;
    // The root bar must be on the canvas, not the background.
    const canvas = el.querySelector('canvas')!;
    const dpr = canvas.width / width;
    const y = Math.floor((barTop(0, 0) + BAR_HEIGHT / 2) * dpr);
    const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.floor(canvas.width / 2), y, 1, 1).data;
    const bg = canvas.getContext('2d')!.getImageData(Math.floor(canvas.width / 2), canvas.height - 1, 1, 1).data;
    const drawn = r !== bg[0] || g !== bg[1] || b !== bg[2];
    graph.dispose();
    return { ms, drawn, elements: 1 };
  },
  async d3FlameGraph(spans, width): Promise<BenchRun> {
    const el = freshContainer(width, 10);
    const c0 = performance.now();
    const tree = toHierarchy(spans);
    const convertMs = performance.now() - c0;
    const chart = flamegraph().width(width).cellHeight(BAR_HEIGHT + 3).transitionDuration(0).minFrameSize(0).sort(false);
    await nextFrame();
    const t0 = performance.now();
    select<HTMLElement, FlameNode>(el).datum(tree).call(chart);
    await nextFrame();
    const ms = performance.now() - t0;
    const rects = el.querySelectorAll('rect');
    const drawn = rects.length > 0 && Number(rects[0]!.getAttribute('width')) > 0;
    const elements = el.querySelectorAll('*').length;
    chart.destroy();
    return { ms, convertMs, drawn, elements, frames: rects.length };
  },
};

(window as unknown as { flameBench: FlameBenchPage }).flameBench = page;
