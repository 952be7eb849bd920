// What a webview panel restored after a window reload is to show, read from the state its page
// last saved. That state comes back from disk and was written by page code, so it is untrusted:
// only well-formed ids get through, and anything else restores nothing.
import type { CallRef } from '../../webview/src/protocol';
import { FEATURE_PANEL, TRACE_PANEL } from './ids';

export type RestoredPanel =
  | { view: 'trace'; traceId: string }
  | { view: 'compare'; compare: 'calls'; left: CallRef; right: CallRef }
  | { view: 'compare'; compare: 'traces'; left: string; right: string }
  | { view: 'cost' }
  | { view: 'gpu' };

const TRACE_ID = /^(?!0{32}$)[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16}$)[0-9a-f]{16}$/;

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function traceId(v: unknown): string | null {
  return typeof v === 'string' && TRACE_ID.test(v) ? v : null;
}

/** "traceId/spanId", as the comparison's shell writes a call. */
function callRef(v: unknown): CallRef | null {
  if (typeof v !== 'string') return null;
  const [t, s, ...rest] = v.split('/');
  const id = traceId(t);
  return id && rest.length === 0 && s !== undefined && SPAN_ID.test(s) ? { traceId: id, spanId: s } : null;
}

export function restoredPanel(viewType: string, state: unknown): RestoredPanel | null {
  const saved = record(state);
  const shell = record(saved?.shell);
  if (viewType === FEATURE_PANEL.cost) return { view: 'cost' };
  if (viewType === FEATURE_PANEL.gpu) return { view: 'gpu' };
  if (viewType === TRACE_PANEL) {
    // A page saved before the shell was kept still has the trace view's own traceId.
    const id = traceId(shell?.traceId) ?? traceId(saved?.traceId);
    return id ? { view: 'trace', traceId: id } : null;
  }
  if (viewType === FEATURE_PANEL.compare && shell?.view === 'compare') {
    if (shell.compare === 'calls') {
      const left = callRef(shell.left);
      const right = callRef(shell.right);
      return left && right ? { view: 'compare', compare: 'calls', left, right } : null;
    }
    if (shell.compare === 'traces') {
      const left = traceId(shell.left);
      const right = traceId(shell.right);
      return left && right ? { view: 'compare', compare: 'traces', left, right } : null;
    }
  }
  return null;
}
