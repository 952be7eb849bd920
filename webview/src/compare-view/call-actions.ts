// The comparison entry points of an LLM call in the trace panel: against the previous call of
// the same operation and model, or against a call picked earlier (in this or another view).
import './compare.css';
import { button } from '../controls';
import { el } from '../dom';
import type { CallRef, WebviewToHost } from '../protocol';

export type ComparePick = (CallRef & { name: string }) | null;

export interface CompareContext {
  pick: ComparePick;
  /** Why the last "compare with previous" found nothing, for this span. */
  note?: string;
  post(msg: WebviewToHost): void;
}

export function callActions(call: CallRef & { name: string }, ctx: CompareContext): HTMLElement {
  const ref: CallRef = { traceId: call.traceId, spanId: call.spanId };
  const pick = ctx.pick;
  const isPicked = pick !== null && pick.traceId === call.traceId && pick.spanId === call.spanId;
  const bar = el('div', { class: 'compare-bar', attrs: { role: 'group', 'aria-label': 'Compare this call' } });
  const previous = button('Compare with previous call', () => ctx.post({ type: 'compare-previous', call: ref }), 'The previous call of the same operation, model and service');
  previous.classList.add('compare-previous');
  bar.append(previous);
  if (pick && !isPicked) {
    const withPick = button(`Compare with ${pick.name}`, () => ctx.post({ type: 'compare-calls', left: { traceId: pick.traceId, spanId: pick.spanId }, right: ref }), `A: the picked call (trace ${pick.traceId}), B: this call`);
    withPick.classList.add('compare-with-pick');
    const instead = button('Pick this instead', () => ctx.post({ type: 'pick-for-compare', pick: { ...ref, name: call.name } }));
    instead.classList.add('compare-pick');
    bar.append(withPick, instead);
  } else if (isPicked) {
    const unpick = button('Unpick', () => ctx.post({ type: 'pick-for-compare', pick: null }), 'Forget the picked call');
    unpick.classList.add('compare-unpick');
    bar.append(el('span', { class: 'compare-picked', text: '✓ Picked for compare: open another call and choose "Compare with…"' }), unpick);
  } else {
    const pickButton = button('Pick for compare', () => ctx.post({ type: 'pick-for-compare', pick: { ...ref, name: call.name } }), 'Remember this call, then compare it with another one');
    pickButton.classList.add('compare-pick');
    bar.append(pickButton);
  }
  if (ctx.note) bar.append(el('span', { class: 'compare-note', text: ctx.note, attrs: { role: 'status' } }));
  return bar;
}
