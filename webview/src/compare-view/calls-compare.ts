// Two LLM calls side by side: who they are, what the numbers did, and every section (model,
// parameters, system instructions, messages, response, finish reasons) in two columns with the
// removed words marked on the left and the added ones on the right.
import { compareCalls, type DiffPart, type SectionComparison } from '../compare/call-compare';
import { button } from '../controls';
import { el } from '../dom';
import { formatStart } from '../format';
import type { ComparedCall, WebviewToHost } from '../protocol';
import { deltaStrip } from './deltas';
import { compareToolbar, sideCard, type Side } from './side-card';

export interface CallsCompareOptions {
  post(msg: WebviewToHost): void;
  onSwap(): void;
  /** The browser page has no native diff editor. */
  nativeDiff: boolean;
}

/** One side's text: the words the other side lacks are marked, the other side's are left out. */
function diffColumn(parts: readonly DiffPart[], side: Side, text: string | null): HTMLElement {
  const col = el('div', { class: `cmp-col cmp-${side === 'A' ? 'left' : 'right'}`, attrs: { 'data-side': side } });
  if (text === null) {
    col.append(el('div', { class: 'cmp-absent', text: `not in ${side}` }));
    return col;
  }
  const body = el('div', { class: 'cmp-text' });
  const mine = side === 'A' ? 'removed' : 'added';
  for (const p of parts) {
    if (p.kind === 'same') body.append(p.text);
    else if (p.kind === mine) body.append(el(side === 'A' ? 'del' : 'ins', { class: `diff-${p.kind}`, text: p.text }));
  }
  if (!text) body.append(el('span', { class: 'muted', text: '(empty)' }));
  col.append(body);
  return col;
}

function section(s: SectionComparison): HTMLElement {
  const cols = el('div', { class: 'cmp-cols' }, diffColumn(s.parts, 'A', s.left), diffColumn(s.parts, 'B', s.right));
  const state = s.left === null ? 'only in B' : s.right === null ? 'only in A' : s.changed ? 'changed' : 'unchanged';
  const head = el(
    'div',
    { class: 'cmp-section-head' },
    el('span', { class: 'cmp-section-title', text: s.title }),
    el('span', { class: `cmp-state cmp-state-${s.changed ? 'changed' : 'same'}`, text: state }),
  );
  const node = el('section', { class: `cmp-section ${s.changed ? 'changed' : 'unchanged'}`, attrs: { 'data-key': s.key } }, head);
  if (s.changed) {
    node.append(cols);
    return node;
  }
  // Unchanged sections take one line until asked for.
  cols.hidden = true;
  const toggle = el('button', { class: 'link-button cmp-toggle', text: 'Show', attrs: { type: 'button', 'aria-expanded': 'false' } });
  toggle.addEventListener('click', () => {
    cols.hidden = !cols.hidden;
    toggle.textContent = cols.hidden ? 'Show' : 'Hide';
    toggle.setAttribute('aria-expanded', String(!cols.hidden));
  });
  head.append(toggle);
  node.append(cols);
  return node;
}

function callCard(side: Side, c: ComparedCall, post: (m: WebviewToHost) => void): HTMLElement {
  const model = c.call.responseModel ?? c.call.requestModel ?? 'unknown model';
  return sideCard(side, c.name, [c.service, formatStart(c.startTimeUnixNano), model], 'Open trace', () =>
    post({ type: 'open-trace', traceId: c.traceId, spanId: c.spanId }),
  );
}

export function callsCompare(left: ComparedCall, right: ComparedCall, opts: CallsCompareOptions): HTMLElement {
  const c = compareCalls(left.call, right.call);
  // Sections empty on both sides (no parameters recorded, say) say nothing.
  const sections = c.sections.filter((s) => s.left || s.right);
  const actions = [button('Swap', opts.onSwap, 'Swap A and B')];
  if (opts.nativeDiff) {
    const ref = (x: ComparedCall): { traceId: string; spanId: string } => ({ traceId: x.traceId, spanId: x.spanId });
    actions.push(button('Open in VS Code diff editor', () => opts.post({ type: 'open-native-diff', left: ref(left), right: ref(right) }), 'The same two calls as text documents in the diff editor'));
  }
  const summary = c.changedSections ? `${c.changedSections} of ${sections.length} sections differ` : 'the two calls read the same';
  return el(
    'div',
    { class: 'compare compare-calls' },
    el(
      'header',
      { class: 'compare-header' },
      compareToolbar('Compare LLM calls', summary, ...actions),
      el('div', { class: 'compare-sides' }, callCard('A', left, opts.post), callCard('B', right, opts.post)),
    ),
    deltaStrip(c.deltas),
    el('div', { class: 'cmp-sections' }, ...sections.map(section)),
  );
}
