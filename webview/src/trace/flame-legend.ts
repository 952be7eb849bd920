// The colour key under the flame graph: only the span classes this trace has, with their counts,
// and a mark for errors when there are any.
import type { SpanClass } from '../../../receiver/src/contract/model';
import { clear, el } from '../dom';
import { CLASS_COLORS, CLASS_LABELS } from '../flame/colors';
import type { FlameSpan } from '../flame/types';

export function renderFlameLegend(target: HTMLElement, spans: readonly FlameSpan[]): void {
  clear(target);
  const counts = new Map<SpanClass, number>();
  let errors = 0;
  for (const s of spans) {
    counts.set(s.spanClass, (counts.get(s.spanClass) ?? 0) + 1);
    if (s.error) errors++;
  }
  for (const cls of Object.keys(CLASS_LABELS) as SpanClass[]) {
    const n = counts.get(cls);
    if (!n) continue;
    const swatch = el('span', { class: 'legend-swatch' });
    swatch.style.background = CLASS_COLORS[cls];
    target.append(el('span', { class: 'legend-item' }, swatch, `${CLASS_LABELS[cls]} ${n}`));
  }
  if (errors) target.append(el('span', { class: 'legend-item legend-error' }, el('span', { class: 'legend-swatch legend-swatch-error' }), `error ${errors}`));
}
