// A slim band under the flame graph: GPU utilisation during the trace, one row per device that
// reports it (busiest first), on the flame graph's time axis (it follows the graph's viewport).
import { area, curveStepAfter, max, pointer, scaleLinear, select } from 'd3';
import type { GpuSample } from '../../../receiver/src/contract/gpu';
import { onWidth, tooltip } from '../cost/chart-frame';
import { el } from '../dom';
import { meanUtilization } from '../gpu/gpu-history';
import '../gpu/gpu.css';

const ROW_H = 24;
const MAX_ROWS = 4;

export interface GpuBand {
  element: HTMLElement;
  /** The trace's start (ns since epoch) and length: the flame graph's time origin. */
  setTrace(startNs: bigint, durationNs: number): void;
  /** The flame graph's visible window, in ns since the trace start. */
  setViewport(startNs: number, endNs: number): void;
  setHistory(history: Record<string, GpuSample[]>): void;
}

interface Row {
  device: string;
  label: string;
  samples: GpuSample[];
}

export function createGpuBand(): GpuBand {
  const element = el('div', { class: 'gpu-band', attrs: { 'aria-label': 'GPU utilisation during the trace' } });
  element.hidden = true;
  const tip = tooltip();
  let startMs = 0;
  let viewport: [number, number] | null = null;
  let durationNs = 1;
  let rows: Row[] = [];
  let width = 0;
  let stop: (() => void) | null = null;

  const draw = (): void => {
    element.hidden = rows.length === 0;
    element.dataset.devices = String(rows.length);
    if (rows.length === 0 || width <= 0) return;
    const [v0, v1] = viewport ?? [0, durationNs];
    // Sample times (ms) on the flame graph's axis (ns since the trace start).
    const x = scaleLinear()
      .domain([v0, Math.max(v1, v0 + 1)])
      .range([0, width]);
    const rel = (ms: number): number => (ms - startMs) * 1e6;
    const height = rows.length * ROW_H;
    const svg = select(element).selectAll<SVGSVGElement, null>('svg').data([null]).join('svg').attr('width', width).attr('height', height);
    svg.selectAll('*').remove();
    select(element).selectAll('.gpu-band-label').remove();
    rows.forEach((r, i) => {
      const top = i * ROW_H;
      const y = scaleLinear()
        .domain([0, 100])
        .range([top + ROW_H - 1, top + 2]);
      const pts = r.samples.filter((s) => s.utilizationPct !== undefined);
      const g = svg.append('g').attr('class', 'band-row').attr('data-device', r.device);
      g.append('rect').attr('class', 'band-row-bg').attr('x', 0).attr('y', top + 1).attr('width', width).attr('height', ROW_H - 2);
      const shape = area<GpuSample>()
        .curve(curveStepAfter)
        .x((s) => x(rel(s.timeMs)))
        .y0(top + ROW_H - 1)
        .y1((s) => y(s.utilizationPct!));
      g.append('path').attr('class', 'band-area').attr('d', shape(pts) ?? '');
      g.append('rect')
        .attr('x', 0)
        .attr('y', top)
        .attr('width', width)
        .attr('height', ROW_H)
        .attr('fill', 'transparent')
        .on('mousemove', (ev: MouseEvent) => {
          const t = startMs + x.invert(pointer(ev, svg.node())[0]) / 1e6;
          let at: GpuSample | undefined;
          for (const s of pts) if (s.timeMs <= t) at = s;
          at ??= pts[0];
          if (at) tip.show(ev, [r.label, `${Math.round(at.utilizationPct!)} % at ${new Date(at.timeMs).toLocaleTimeString()}`]);
        })
        .on('mouseleave', () => tip.hide());
      const peak = max(pts, (s) => s.utilizationPct) ?? 0;
      const label = el('div', { class: 'gpu-band-label', text: `${r.label} · peak ${Math.round(peak)} %` });
      label.style.top = `${top + 3}px`;
      element.append(label);
    });
  };

  return {
    element,
    setTrace(startNs, dur) {
      startMs = Number(startNs) / 1e6;
      durationNs = Math.max(1, dur);
      draw();
    },
    setViewport(s, e) {
      viewport = [s, e];
      draw();
    },
    setHistory(history) {
      rows = Object.entries(history)
        .map(([device, samples]) => ({ device, samples, mean: meanUtilization(samples) }))
        .filter((r) => r.mean !== undefined)
        .sort((a, b) => b.mean! - a.mean!)
        .slice(0, MAX_ROWS)
        .map((r) => ({ device: r.device, label: `GPU ${r.samples[0]?.index ?? '?'} util`, samples: r.samples }));
      stop ??= onWidth(element, (w) => {
        width = w;
        draw();
      });
      draw();
    },
  };
}
