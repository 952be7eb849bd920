// Long prompts stay readable: text keeps its line breaks, and anything long starts folded.
import { el } from '../dom';

const FOLD_CHARS = 1500;
const FOLD_LINES = 24;

export function textBlock(text: string, className = 'msg-text'): HTMLElement {
  const lines = text.split('\n').length;
  const body = el('div', { class: className, text });
  if (text.length <= FOLD_CHARS && lines <= FOLD_LINES) return body;
  body.classList.add('folded');
  const toggle = el('button', { class: 'fold-toggle', text: `Show all (${lines} lines, ${text.length} chars)`, attrs: { type: 'button', 'aria-expanded': 'false' } });
  toggle.addEventListener('click', () => {
    const folded = body.classList.toggle('folded');
    toggle.textContent = folded ? `Show all (${lines} lines, ${text.length} chars)` : 'Show less';
    toggle.setAttribute('aria-expanded', String(!folded));
  });
  return el('div', { class: 'foldable' }, body, toggle);
}
