// The one-line receiver status under the list, with the action that fixes a stopped receiver.
import { clear, el } from '../dom';
import type { ReceiverInfo, WebviewToHost } from '../protocol';
import { button } from '../controls';

const LABEL: Record<ReceiverInfo['state'], string> = {
  starting: 'Receiver starting…',
  listening: 'Receiver listening',
  attached: 'Receiver attached',
  'port-busy': 'Receiver port busy',
  stopped: 'Receiver stopped',
  error: 'Receiver error',
};

export function renderReceiverStatus(target: HTMLElement, r: ReceiverInfo, post: (m: WebviewToHost) => void): void {
  clear(target);
  target.dataset.state = r.state;
  const ok = r.state === 'listening' || r.state === 'attached';
  target.append(
    el('span', { class: `status-dot ${ok ? 'ok' : r.state === 'starting' ? 'pending' : 'bad'}`, attrs: { 'aria-hidden': 'true' } }),
    el('span', { class: 'status-text', text: `${LABEL[r.state]} · ${r.httpEndpoint}` }),
  );
  if (r.detail) target.append(el('span', { class: 'status-detail', text: r.detail }));
  if (r.state === 'port-busy') {
    target.append(button('Pick port…', () => post({ type: 'command', command: 'pick-port' })));
    target.append(button('Retry', () => post({ type: 'command', command: 'start-receiver' })));
  }
  if (r.state === 'stopped') target.append(button('Start receiver', () => post({ type: 'command', command: 'start-receiver' })));
}
