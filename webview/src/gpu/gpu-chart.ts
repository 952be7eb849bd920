// One GPU metric over the panel's time window: the line (filled for utilisation and memory),
// the warning threshold as a dashed line, and the LLM calls of the window as markers on the same
// time axis (click opens the call, hover says what it was).
import { area, axisBottom, axisLeft, curveMonotoneX, line, max, pointer, scaleLinear, scaleTime, select } from 'd3';
import type { GpuSample } from '../../../receiver/src/contract/gpu';
import type { LlmCallRow } from '../../../receiver/src/contract/model';
import { el } from '../dom';
import { formatDuration, formatTokens, formatUsd, nanosToMs } from '../format';
import { tooltip } from '../cost/chart-frame';

export interface Threshold {
  value: number;
  label: string;
  /** A warning rule (drawn in the warning colour) or a device limit (muted). */
  kind: 'warning' | 'limit';
}

export interface MetricChart {
  key: string;
  title: string;
  samples: readonly GpuSample[];
  value(s: GpuSample): number | undefined;
  /** The y axis top when known (100 %, the memory size); else from the data. */
  yMax?: number;
  threshold?: Threshold;
  format(v: number): string;
  filled: boolean;
  color: string;
  /** Shown when no sample carries the metric. */
  missing: string;
}

export interface ChartWindow {
  fromMs: number;
  toMs: number;
  calls: readonly LlmCallRow[];
  onCall(call: LlmCallRow): void;
}

const HEIGHT = 132;
const M = { top: 10, right: 14, bottom: 22, left: 46 };
const MARKER_H = 7;
let clipIds = 0;

export function callLines(c: LlmCallRow): string[] {
  const lines = [c.name, `${c.model ?? 'unknown model'} · ${formatDuration(c.durationMs)}${c.hasError ? ' · error' : ''}`];
  if (c.inputTokens !== undefined || c.outputTokens !== undefined) lines.push(`${formatTokens(c.inputTokens)} → ${formatTokens(c.outputTokens)} tokens · ${formatUsd(c.costUsd)}`);
  lines.push(`${c.service} · ${new Date(nanosToMs(c.startTimeUnixNano)).toLocaleTimeString()}`);
  return lines;
}

/** Draws into `box` at `width`; called again on resize and on every new sample. */
export function drawMetricChart(box: HTMLElement, width: number, m: MetricChart, w: ChartWindow): void {
  const tip = tooltip();
  const x = scaleTime().domain([w.fromMs, w.toMs]).range([M.left, width - M.right]).clamp(false);
  const values = m.samples.map((s) => m.value(s));
  const known = values.filter((v): v is number => v !== undefined);
  const top = Math.max(m.yMax ?? 0, max(known) ?? 0, m.threshold ? m.threshold.value * 1.05 : 0, 1);
  const y = scaleLinear()
    .domain([0, top])
    .nice(4)
    .range([HEIGHT - M.bottom, M.top]);
  const plotBottom = HEIGHT - M.bottom;

  const svg = select(box).selectAll<SVGSVGElement, null>('svg').data([null]).join('svg').attr('width', width).attr('height', HEIGHT);
  svg.selectAll('*').remove();
  const clipId = `gpu-clip-${++clipIds}`;
  svg.append('defs').append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', 0).attr('width', Math.max(0, width - M.left - M.right)).attr('height', HEIGHT);
  svg
    .append('g')
    .attr('class', 'axis axis-y')
    .attr('transform', `translate(${M.left},0)`)
    .call(
      axisLeft(y)
        .ticks(4)
        .tickSize(-(width - M.left - M.right))
        // No scale to read when nothing was measured: grid lines only.
        .tickFormat((v) => (known.length ? m.format(Number(v)) : '')),
    );
  svg
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${plotBottom})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 100))).tickSizeOuter(0));

  const plot = svg.append('g').attr('clip-path', `url(#${clipId})`);
  // Calls first, under the line: a faint range over the plot and a marker on the time axis.
  const calls = w.calls.filter((c) => {
    const s = nanosToMs(c.startTimeUnixNano);
    return s <= w.toMs && s + c.durationMs >= w.fromMs;
  });
  for (const c of calls) {
    const s = nanosToMs(c.startTimeUnixNano);
    const x0 = x(s);
    const wpx = Math.max(3, x(s + c.durationMs) - x0);
    plot.append('rect').attr('class', 'call-range').attr('x', x0).attr('width', wpx).attr('y', M.top).attr('height', plotBottom - M.top);
  }

  const pts = m.samples.map((s, i) => ({ t: s.timeMs, v: values[i] }));
  if (m.filled)
    plot
      .append('path')
      .attr('class', 'metric-area')
      .attr('fill', m.color)
      .attr(
        'd',
        area<{ t: number; v: number | undefined }>()
          .defined((p) => p.v !== undefined)
          .curve(curveMonotoneX)
          .x((p) => x(p.t))
          .y0(plotBottom)
          .y1((p) => y(p.v!))(pts) ?? '',
      );
  plot
    .append('path')
    .attr('class', 'metric-line')
    .attr('stroke', m.color)
    .attr(
      'd',
      line<{ t: number; v: number | undefined }>()
        .defined((p) => p.v !== undefined)
        .curve(curveMonotoneX)
        .x((p) => x(p.t))
        .y((p) => y(p.v!))(pts) ?? '',
    );

  if (m.threshold) {
    const ty = y(m.threshold.value);
    const g = svg.append('g').attr('class', `threshold threshold-${m.threshold.kind}`).attr('data-value', String(m.threshold.value));
    g.append('line').attr('x1', M.left).attr('x2', width - M.right).attr('y1', ty).attr('y2', ty);
    g.append('text')
      .attr('x', width - M.right - 4)
      .attr('y', ty - 4)
      .attr('text-anchor', 'end')
      .text(m.threshold.label);
  }

  if (known.length === 0)
    svg
      .append('text')
      .attr('class', 'chart-missing')
      .attr('x', (M.left + width - M.right) / 2)
      .attr('y', (M.top + plotBottom) / 2)
      .attr('text-anchor', 'middle')
      .text(m.missing);

  // Markers on top, so they stay clickable over the line.
  const markers = svg.append('g').attr('class', 'call-markers');
  for (const c of calls) {
    const s = nanosToMs(c.startTimeUnixNano);
    const x0 = Math.max(M.left, x(s));
    const wpx = Math.max(4, Math.min(width - M.right, x(s + c.durationMs)) - x0);
    markers
      .append('rect')
      .attr('class', `call-marker${c.hasError ? ' call-error' : ''}`)
      .attr('data-trace-id', c.traceId)
      .attr('data-span-id', c.spanId)
      .attr('x', x0)
      .attr('width', wpx)
      .attr('y', plotBottom - MARKER_H)
      .attr('height', MARKER_H)
      .attr('rx', 1.5)
      .attr('tabindex', '0')
      .attr('role', 'button')
      .attr('aria-label', `${c.name}, ${c.model ?? 'unknown model'}, ${formatDuration(c.durationMs)}`)
      .on('mousemove', (ev: MouseEvent) => tip.show(ev, callLines(c)))
      .on('mouseleave', () => tip.hide())
      .on('click', () => {
        tip.hide();
        w.onCall(c);
      })
      .on('keydown', (ev: KeyboardEvent) => {
        if (ev.key === 'Enter') w.onCall(c);
      });
  }

  // The value under the pointer, for reading the line.
  svg
    .insert('rect', '.call-markers')
    .attr('class', 'hover-plot')
    .attr('x', M.left)
    .attr('y', M.top)
    .attr('width', Math.max(0, width - M.left - M.right))
    .attr('height', plotBottom - M.top - MARKER_H)
    .on('mousemove', (ev: MouseEvent) => {
      const t = x.invert(pointer(ev, svg.node())[0]).getTime();
      let best: { t: number; v: number } | null = null;
      for (const p of pts) if (p.v !== undefined && (!best || Math.abs(p.t - t) < Math.abs(best.t - t))) best = { t: p.t, v: p.v };
      if (best) tip.show(ev, [m.title, `${m.format(best.v)} at ${new Date(best.t).toLocaleTimeString()}`]);
    })
    .on('mouseleave', () => tip.hide());
}

/** A titled chart box (title, current value) whose chart is drawn by drawMetricChart. */
export function metricBox(m: Pick<MetricChart, 'key' | 'title'>): { root: HTMLElement; chart: HTMLElement } {
  const chart = el('div', { class: 'chart gpu-chart' });
  const root = el(
    'div',
    { class: 'metric', attrs: { 'data-metric': m.key } },
    el('div', { class: 'metric-head' }, el('span', { class: 'metric-title', text: m.title }), el('span', { class: 'metric-now' })),
    chart,
  );
  return { root, chart };
}
