// The cost dashboard's charts: stacked bars over time (one colour per model) and ranked
// horizontal bars (by model, by service).
import { axisBottom, axisLeft, max, scaleLinear, scaleTime, select } from 'd3';
import { el } from '../dom';
import { onWidth, tooltip } from './chart-frame';

export interface StackSeries {
  label: string;
  color: string;
  /** One value per bucket. */
  values: readonly number[];
}

export interface StackedBarsData {
  /** Bucket starts, epoch ms, oldest first. */
  starts: readonly number[];
  bucketMs: number;
  series: readonly StackSeries[];
  format(v: number): string;
}

const HEIGHT = 220;
const M = { top: 10, right: 12, bottom: 24, left: 56 };

function bucketLabel(start: number, bucketMs: number): string {
  const a = new Date(start);
  const b = new Date(start + bucketMs);
  const day = bucketMs >= 86_400_000;
  return day ? a.toLocaleDateString() : `${a.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} – ${b.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** Cost (or tokens) per time bucket, stacked by model; hover a column for its numbers. */
export function stackedBars(data: StackedBarsData): HTMLElement {
  const box = el('div', { class: 'chart chart-stacked' });
  const tip = tooltip();
  onWidth(box, (width) => {
    const n = data.starts.length;
    const first = data.starts[0] ?? 0;
    const x = scaleTime()
      .domain([first, (data.starts[n - 1] ?? first) + data.bucketMs])
      .range([M.left, width - M.right]);
    const totals = data.starts.map((_, i) => data.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
    const y = scaleLinear()
      .domain([0, Math.max(max(totals) ?? 0, Number.MIN_VALUE)])
      .nice()
      .range([HEIGHT - M.bottom, M.top]);
    const barW = Math.max(1, x(first + data.bucketMs) - x(first) - (n > 40 ? 1 : 2));

    const svg = select(box).selectAll<SVGSVGElement, null>('svg').data([null]).join('svg').attr('width', width).attr('height', HEIGHT);
    svg.selectAll('*').remove();
    svg
      .append('g')
      .attr('class', 'axis axis-y')
      .attr('transform', `translate(${M.left},0)`)
      .call(axisLeft(y).ticks(5).tickSize(-(width - M.left - M.right)).tickFormat((v) => data.format(Number(v))));
    svg
      .append('g')
      .attr('class', 'axis axis-x')
      .attr('transform', `translate(0,${HEIGHT - M.bottom})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));

    const bars = svg.append('g').attr('class', 'bars');
    data.starts.forEach((start, i) => {
      let base = 0;
      for (const s of data.series) {
        const v = s.values[i] ?? 0;
        if (v <= 0) continue;
        bars
          .append('rect')
          .attr('class', 'bar')
          .attr('data-series', s.label)
          .attr('x', x(start) + 1)
          .attr('width', barW)
          .attr('y', y(base + v))
          .attr('height', Math.max(0.5, y(base) - y(base + v)))
          .attr('fill', s.color);
        base += v;
      }
    });
    // Whole-height hover targets: a thin bar is hard to hit.
    const hover = svg.append('g').attr('class', 'hover-cols');
    data.starts.forEach((start, i) => {
      const lines = [bucketLabel(start, data.bucketMs), `Total ${data.format(totals[i] ?? 0)}`];
      for (const s of data.series) if ((s.values[i] ?? 0) > 0) lines.push(`${s.label}: ${data.format(s.values[i]!)}`);
      hover
        .append('rect')
        .attr('class', 'hover-col')
        .attr('x', x(start))
        .attr('width', barW + 2)
        .attr('y', M.top)
        .attr('height', HEIGHT - M.top - M.bottom)
        .on('mousemove', (ev: MouseEvent) => tip.show(ev, lines))
        .on('mouseleave', () => tip.hide());
    });
  });
  return box;
}

export interface RankedRow {
  label: string;
  sublabel?: string;
  value: number;
  valueText: string;
  detail?: string;
  color: string;
}

/** Bars sized against the largest value, label left, value right. */
export function rankedBars(rows: readonly RankedRow[], empty: string): HTMLElement {
  const list = el('div', { class: 'ranked' });
  if (rows.length === 0) {
    list.append(el('div', { class: 'muted', text: empty }));
    return list;
  }
  const w = scaleLinear()
    .domain([0, Math.max(max(rows, (r) => r.value) ?? 0, Number.MIN_VALUE)])
    .range([0, 100]);
  for (const r of rows) {
    const fill = el('div', { class: 'ranked-fill' });
    fill.style.width = `${Math.max(r.value > 0 ? 0.8 : 0, w(r.value))}%`;
    fill.style.background = r.color;
    list.append(
      el(
        'div',
        { class: 'ranked-row', attrs: { 'data-label': r.label } },
        el('div', { class: 'ranked-label', title: r.sublabel ? `${r.label} (${r.sublabel})` : r.label }, el('span', { text: r.label }), r.sublabel ? el('span', { class: 'muted', text: ` ${r.sublabel}` }) : null),
        el('div', { class: 'ranked-track' }, fill),
        el('div', { class: 'ranked-value', text: r.valueText }),
        r.detail ? el('div', { class: 'ranked-detail muted', text: r.detail }) : null,
      ),
    );
  }
  return list;
}
