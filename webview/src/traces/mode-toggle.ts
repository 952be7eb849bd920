// The segmented "Traces | LLM calls" switch at the top of the list.
import { el } from '../dom';
import type { ListMode } from '../protocol';

const MODES: { mode: ListMode; label: string }[] = [
  { mode: 'traces', label: 'Traces' },
  { mode: 'calls', label: 'LLM calls' },
];

export interface ModeToggle {
  element: HTMLElement;
  set(mode: ListMode): void;
}

export function modeToggle(onPick: (mode: ListMode) => void): ModeToggle {
  const buttons = MODES.map(({ mode, label }) => {
    const b = el('button', { class: 'mode-button', text: label, attrs: { type: 'button', 'data-mode': mode } });
    b.addEventListener('click', () => onPick(mode));
    return b;
  });
  return {
    element: el('div', { class: 'mode-toggle', attrs: { role: 'group', 'aria-label': 'List' } }, ...buttons),
    set: (mode) => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
    },
  };
}
