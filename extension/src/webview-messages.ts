// Checks what a webview posts before the host acts on it: the page renders hostile prompt text,
// so its messages are treated as untrusted input. Pure.
import type { ViewKind, WebviewToHost } from '../../webview/src/protocol';

type Command = Extract<WebviewToHost, { type: 'command' }>['command'];

const VIEWS: readonly ViewKind[] = ['traces', 'trace'];
const COMMANDS: readonly Command[] = ['start-receiver', 'restart-receiver', 'pick-port', 'import-file'];
const ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const MAX_COPY = 10 * 1024 * 1024;

export function parseWebviewMessage(raw: unknown): WebviewToHost | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return VIEWS.includes(m.view as ViewKind) ? { type: 'ready', view: m.view as ViewKind } : null;
    case 'open-trace':
      if (typeof m.traceId !== 'string' || !ID.test(m.traceId)) return null;
      if (m.spanId !== undefined && (typeof m.spanId !== 'string' || !SPAN_ID.test(m.spanId))) return null;
      return typeof m.spanId === 'string' ? { type: 'open-trace', traceId: m.traceId, spanId: m.spanId } : { type: 'open-trace', traceId: m.traceId };
    case 'copy':
      if (typeof m.text !== 'string' || m.text.length > MAX_COPY || typeof m.what !== 'string') return null;
      return { type: 'copy', text: m.text, what: m.what.slice(0, 100) };
    case 'clear-all':
      return { type: 'clear-all' };
    case 'export-trace':
      return typeof m.traceId === 'string' && ID.test(m.traceId) ? { type: 'export-trace', traceId: m.traceId } : null;
    case 'command':
      return COMMANDS.includes(m.command as Command) ? { type: 'command', command: m.command as Command } : null;
    default:
      return null;
  }
}
