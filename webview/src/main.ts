// The one webview bundle: finds its host (VS Code or the receiver's browser page) and renders
// the view the page asks for in <body data-view="…" data-trace-id="…">.
import './styles.css';
import { browserHost } from './browser-host';
import { compareView } from './compare-view/compare-view';
import { costView } from './cost/cost-view';
import { gpuView } from './gpu/gpu-view';
import { vscodeHost } from './host';
import type { ViewKind } from './protocol';
import { traceView } from './trace/trace-view';
import { tracesView } from './traces/traces-view';

function start(): void {
  const body = document.body;
  const asked = body.dataset.view;
  const view: ViewKind = asked === 'trace' || asked === 'compare' || asked === 'cost' || asked === 'gpu' ? asked : 'traces';
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
  } else if (view === 'compare') compareView(root, host);
  else if (view === 'cost') costView(root, host);
  else if (view === 'gpu') gpuView(root, host);
  else tracesView(root, host);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
