// The numbers strip of a comparison: each metric as A → B and the change with its sign and
// percentage. Unknown stays "?" (never 0); dearer or slower is drawn in the warning colour.
import type { Delta } from '../compare/call-compare';
import { el } from '../dom';
import { formatDuration, formatTokens, formatUsd } from '../format';

export function formatValue(unit: Delta['unit'], v: number | null): string {
  if (v === null) return '?';
  switch (unit) {
    case 'USD':
      return formatUsd(v);
    case 'ms':
      return formatDuration(v);
    case 'tokens':
      return formatTokens(v);
    case 'count':
      return String(v);
  }
}

/** "+4", "−120 ms", "+$0.0012", "±0"; "?" when either side is unknown. */
export function formatSigned(unit: Delta['unit'], delta: number | null): string {
  if (delta === null) return '?';
  if (delta === 0) return '±0';
  const sign = delta > 0 ? '+' : '−';
  const abs = Math.abs(delta);
  // Token deltas are exact counts: "1.2k" would hide a change of a few tokens.
  return `${sign}${unit === 'tokens' ? String(abs) : formatValue(unit, abs)}`;
}

/** "+25%", "−3.5%"; empty when there is no base to divide by. */
export function formatRatio(d: Delta): string {
  if (d.ratio === null || d.delta === 0) return '';
  const pct = Math.abs(d.ratio * 100);
  return `${d.ratio > 0 ? '+' : '−'}${pct < 10 ? pct.toFixed(1) : pct.toFixed(0)}%`;
}

/** Whether the change is bad news: more money or more waiting. Token counts are neutral. */
export function direction(d: Delta): 'worse' | 'better' | 'same' | 'neutral' | 'unknown' {
  if (d.delta === null) return 'unknown';
  if (d.delta === 0) return 'same';
  if (d.unit !== 'USD' && d.unit !== 'ms') return 'neutral';
  return d.delta > 0 ? 'worse' : 'better';
}

export function deltaStrip(deltas: readonly Delta[]): HTMLElement {
  return el(
    'section',
    // A few cards keep their width instead of stretching over the page.
    { class: `delta-strip${deltas.length < 4 ? ' delta-strip-few' : ''}`, attrs: { 'aria-label': 'Differences in numbers, A to B' } },
    ...deltas.map((d) => {
      const ratio = formatRatio(d);
      return el(
        'div',
        { class: `delta-card delta-${direction(d)}`, attrs: { 'data-delta': d.label } },
        el('div', { class: 'delta-label', text: d.label }),
        el(
          'div',
          { class: 'delta-values' },
          el('span', { class: 'delta-left', text: formatValue(d.unit, d.left), title: 'A' }),
          el('span', { class: 'delta-arrow', text: '→', attrs: { 'aria-hidden': 'true' } }),
          el('span', { class: 'delta-right', text: formatValue(d.unit, d.right), title: 'B' }),
        ),
        el('div', { class: 'delta-change' }, el('span', { class: 'delta-abs', text: formatSigned(d.unit, d.delta) }), ratio && el('span', { class: 'delta-ratio', text: ratio })),
      );
    }),
  );
}
