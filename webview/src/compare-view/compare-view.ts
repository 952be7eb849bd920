// The comparison view: whatever the host sends (two calls, two traces, or why there is nothing
// to compare), drawn again with the sides exchanged on "Swap".
import './compare.css';
import type { TraceDetailResponse } from '../../../receiver/src/contract/api';
import { clear, el } from '../dom';
import type { Host } from '../host';
import type { ComparedCall, HostToWebview } from '../protocol';
import { callsCompare } from './calls-compare';
import { tracesCompare } from './traces-compare';

type Shown = { kind: 'calls'; left: ComparedCall; right: ComparedCall } | { kind: 'traces'; left: TraceDetailResponse; right: TraceDetailResponse };

export function compareView(root: HTMLElement, host: Host): void {
  const nativeDiff = document.body.dataset.host !== 'browser';
  const message = el('div', { class: 'compare-message', attrs: { role: 'status' }, text: 'Loading the comparison…' });
  const content = el('div', { class: 'compare-content' });
  clear(root);
  root.append(message, content);
  let shown: Shown | null = null;

  const draw = (): void => {
    clear(content);
    if (!shown) return;
    message.textContent = '';
    message.hidden = true;
    const post = (m: Parameters<Host['post']>[0]): void => host.post(m);
    const onSwap = (): void => {
      if (!shown) return;
      shown = shown.kind === 'calls' ? { kind: 'calls', left: shown.right, right: shown.left } : { kind: 'traces', left: shown.right, right: shown.left };
      draw();
    };
    content.append(shown.kind === 'calls' ? callsCompare(shown.left, shown.right, { post, onSwap, nativeDiff }) : tracesCompare(shown.left, shown.right, { post, onSwap }));
  };

  host.onMessage((msg: HostToWebview) => {
    switch (msg.type) {
      case 'compare-calls':
        shown = { kind: 'calls', left: msg.left, right: msg.right };
        draw();
        return;
      case 'compare-traces':
        shown = { kind: 'traces', left: msg.left, right: msg.right };
        draw();
        return;
      case 'compare-missing':
        shown = null;
        clear(content);
        message.hidden = false;
        message.textContent = `Nothing to compare: ${msg.reason}`;
        return;
      case 'init':
      case 'receiver':
        // Without a receiver the comparison never comes: say why instead of "Loading…".
        if (!shown && msg.receiver.state === 'error') message.textContent = msg.receiver.detail ?? 'The receiver is not reachable.';
        return;
      default:
        return;
    }
  });
  host.post({ type: 'ready', view: 'compare' });
}
