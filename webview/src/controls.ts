// The one button style of the views: a secondary VS Code button (the views have no main action).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { el } from './dom';

export function button(label: string, onClick: () => void, title?: string): HTMLElement {
  const b = el('vscode-button', { text: label, ...(title ? { title } : {}) });
  b.secondary = true;
  b.addEventListener('click', onClick);
  return b;
}
