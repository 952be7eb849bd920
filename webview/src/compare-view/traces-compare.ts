// Two runs of a workflow span against span (matched by position, see compare/trace-compare.ts):
// the span tree with each side's duration, the change as a number and as a bar, the spans only
// one run has, and errors; a duration opens that span in its trace.
import type { TraceDetailResponse } from '../../../receiver/src/contract/api';
import { compareTraceTotals, compareTraces, type SpanMatch, type SpanSide } from '../compare/trace-compare';
import { button } from '../controls';
import { el } from '../dom';
import { formatDuration, formatStart } from '../format';
import type { WebviewToHost } from '../protocol';
import { deltaStrip, formatSigned } from './deltas';
import { compareToolbar, sideCard, type Side } from './side-card';

export interface TracesCompareOptions {
  post(msg: WebviewToHost): void;
  onSwap(): void;
}

const INDENT_PX = 14;

function sideCell(s: SpanSide | null, side: Side, traceId: string, post: (m: WebviewToHost) => void): HTMLElement {
  const td = el('td', { class: `span-dur span-dur-${side.toLowerCase()}`, attrs: { 'data-side': side } });
  if (!s) {
    td.append(el('span', { class: 'muted', text: '—' }));
    return td;
  }
  const open = el('button', { class: 'link-button', text: formatDuration(s.durationMs), title: `Open this span of ${side}`, attrs: { type: 'button' } });
  open.addEventListener('click', () => post({ type: 'open-trace', traceId, spanId: s.spanId }));
  td.append(open);
  if (s.error) td.append(el('span', { class: 'badge badge-error', text: 'error' }));
  return td;
}

/** A bar from the middle: right and warning-coloured when B is slower, left when faster. */
function deltaBar(m: SpanMatch, maxAbs: number): HTMLElement {
  const track = el('div', { class: 'delta-bar-track', attrs: { 'aria-hidden': 'true' } });
  if (m.deltaMs !== null && m.deltaMs !== 0 && maxAbs > 0) {
    const bar = el('div', { class: `delta-bar ${m.deltaMs > 0 ? 'slower' : 'faster'}` });
    bar.style.width = `${Math.max(1, (Math.abs(m.deltaMs) / maxAbs) * 50)}%`;
    track.append(bar);
  }
  return track;
}

function row(m: SpanMatch, left: TraceDetailResponse, right: TraceDetailResponse, maxAbs: number, post: (msg: WebviewToHost) => void): HTMLElement {
  const only = m.left === null ? 'only in B' : m.right === null ? 'only in A' : '';
  const name = el(
    'td',
    { class: 'span-name-cell' },
    el('div', { class: 'span-name-wrap' }, el('span', { class: 'span-name-text', text: m.name, title: m.key }), only && el('span', { class: 'badge badge-only', text: only })),
  );
  name.style.paddingLeft = `${8 + m.depth * INDENT_PX}px`;
  const change = m.deltaMs === null ? '' : formatSigned('ms', m.deltaMs);
  const dir = m.deltaMs === null || m.deltaMs === 0 ? '' : m.deltaMs > 0 ? ' slower' : ' faster';
  return el(
    'tr',
    { class: `span-match${only ? ' one-sided' : ''}`, attrs: { 'data-key': m.key, ...(only ? { 'data-only': only.slice(-1) } : {}) } },
    name,
    sideCell(m.left, 'A', left.summary.traceId, post),
    sideCell(m.right, 'B', right.summary.traceId, post),
    el('td', { class: `span-delta${dir}`, text: change }),
    el('td', { class: 'span-bar' }, deltaBar(m, maxAbs)),
  );
}

function traceCard(side: Side, d: TraceDetailResponse, post: (m: WebviewToHost) => void): HTMLElement {
  const t = d.summary;
  return sideCard(side, t.rootName, [t.service, formatStart(t.startTimeUnixNano), formatDuration(t.durationMs), `${t.spanCount} spans`], 'Open trace', () =>
    post({ type: 'open-trace', traceId: t.traceId }),
  );
}

export function tracesCompare(left: TraceDetailResponse, right: TraceDetailResponse, opts: TracesCompareOptions): HTMLElement {
  const matches = compareTraces(left.spans, right.spans);
  const maxAbs = Math.max(0, ...matches.map((m) => Math.abs(m.deltaMs ?? 0)));
  const onlyA = matches.filter((m) => m.right === null).length;
  const onlyB = matches.filter((m) => m.left === null).length;
  const summary = `${matches.length - onlyA - onlyB} spans matched · ${onlyA} only in A · ${onlyB} only in B`;
  const table = el(
    'table',
    { class: 'span-compare' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { text: 'Span' }),
        el('th', { class: 'num-head', text: 'A' }),
        el('th', { class: 'num-head', text: 'B' }),
        el('th', { class: 'num-head', text: 'Δ (B − A)' }),
        el('th', { class: 'span-bar-head', text: 'faster ← → slower' }),
      ),
    ),
    el('tbody', {}, ...matches.map((m) => row(m, left, right, maxAbs, opts.post))),
  );
  return el(
    'div',
    { class: 'compare compare-traces' },
    el(
      'header',
      { class: 'compare-header' },
      compareToolbar('Compare traces', summary, button('Swap', opts.onSwap, 'Swap A and B')),
      el('div', { class: 'compare-sides' }, traceCard('A', left, opts.post), traceCard('B', right, opts.post)),
    ),
    // Workflows without LLM calls have no tokens or cost: their 0 → 0 cards would be noise.
    deltaStrip(compareTraceTotals(left.summary, right.summary).filter((d) => d.label === 'Duration' || d.label === 'Spans' || d.left !== 0 || d.right !== 0)),
    el('div', { class: 'span-compare-box' }, table),
  );
}
