// The one webview bundle: finds its host (VS Code or the receiver's browser page) and renders
// the view the page asks for in <body data-view="…" data-trace-id="…">.
import './styles.css';
import { browserHost } from './browser-host';
import { vscodeHost } from './host';
import { traceView } from './trace/trace-view';
import { tracesView } from './traces/traces-view';

function start(): void {
  const body = document.body;
  const view = body.dataset.view === 'trace' ? 'trace' : 'traces';
  const traceId = body.dataset.traceId;
  const host = vscodeHost() ?? browserHost(view, traceId);
  const root = document.getElementById('app') ?? body.appendChild(document.createElement('div'));
  root.classList.add('app', `view-${view}`);
  if (view === 'trace') {
    if (!traceId) {
      root.textContent = 'No trace id given.';
      return;
    }
    traceView(root, host, traceId);
  } else tracesView(root, host);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
