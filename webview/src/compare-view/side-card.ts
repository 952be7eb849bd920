// The header of one side of a comparison: A or B, what it is, and a way to open it.
import { el } from '../dom';

export type Side = 'A' | 'B';

export function sideCard(side: Side, title: string, meta: readonly string[], openLabel: string, onOpen: () => void): HTMLElement {
  const open = el('button', { class: 'link-button side-open', text: openLabel, attrs: { type: 'button' } });
  open.addEventListener('click', onOpen);
  return el(
    'div',
    { class: `side-card side-${side.toLowerCase()}`, attrs: { 'data-side': side } },
    el('span', { class: 'side-tag', text: side, attrs: { 'aria-label': `side ${side}` } }),
    el(
      'div',
      { class: 'side-body' },
      el('div', { class: 'side-title', text: title, title }),
      el('div', { class: 'side-meta', text: meta.filter(Boolean).join(' · ') }),
    ),
    open,
  );
}

export function compareToolbar(title: string, summary: string, ...actions: HTMLElement[]): HTMLElement {
  return el(
    'div',
    { class: 'compare-title-row' },
    el('h1', { class: 'compare-title', text: title }),
    el('span', { class: 'compare-summary muted', text: summary }),
    el('div', { class: 'compare-actions' }, ...actions),
  );
}
