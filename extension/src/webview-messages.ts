// Checks what a webview posts before the host acts on it: the page renders hostile prompt text,
// so its messages are treated as untrusted input. Pure.
import type { CodeLocation } from '../../receiver/src/contract/model';
import { isCostRange } from '../../webview/src/cost/cost-range';
import type { CallRef, ViewKind, WebviewToHost } from '../../webview/src/protocol';
import { CALLS_LIMIT } from '../../webview/src/traces/list-queries';

type Command = Extract<WebviewToHost, { type: 'command' }>['command'];

const VIEWS: readonly ViewKind[] = ['traces', 'trace', 'compare', 'cost', 'gpu'];
const COMMANDS: readonly Command[] = ['start-receiver', 'restart-receiver', 'pick-port', 'import-file'];
const ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const MAX_COPY = 10 * 1024 * 1024;
const MAX_PATH = 4096;
/** A search box's text; anything longer is not a search someone typed. */
const MAX_QUERY = 1000;

type Fields = Record<string, unknown>;

function traceId(v: unknown): v is string {
  return typeof v === 'string' && ID.test(v);
}

/** A `{ traceId, spanId }` with well-formed ids (also what commands accept as an argument). */
export function callRef(v: unknown): CallRef | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Fields;
  return traceId(o.traceId) && typeof o.spanId === 'string' && SPAN_ID.test(o.spanId) ? { traceId: o.traceId, spanId: o.spanId } : null;
}

function count(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 10_000_000;
}

export function codeLocation(v: unknown): CodeLocation | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Fields;
  if (typeof o.filepath !== 'string' || !o.filepath.trim() || o.filepath.length > MAX_PATH || o.filepath.includes('\0')) return null;
  if (o.from !== 'attributes' && o.from !== 'stacktrace') return null;
  if (o.lineno !== undefined && !count(o.lineno, 1)) return null;
  if (o.column !== undefined && !count(o.column, 0)) return null;
  if (o.function !== undefined && typeof o.function !== 'string') return null;
  const code: CodeLocation = { filepath: o.filepath, from: o.from };
  if (o.lineno !== undefined) code.lineno = o.lineno as number;
  if (o.column !== undefined) code.column = o.column as number;
  if (typeof o.function === 'string') code.function = o.function.slice(0, 500);
  return code;
}

export function parseWebviewMessage(raw: unknown): WebviewToHost | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Fields;
  switch (m.type) {
    case 'ready':
      return VIEWS.includes(m.view as ViewKind) ? { type: 'ready', view: m.view as ViewKind } : null;
    case 'open-trace':
      if (!traceId(m.traceId)) return null;
      if (m.spanId !== undefined && (typeof m.spanId !== 'string' || !SPAN_ID.test(m.spanId))) return null;
      return typeof m.spanId === 'string' ? { type: 'open-trace', traceId: m.traceId, spanId: m.spanId } : { type: 'open-trace', traceId: m.traceId };
    case 'copy':
      if (typeof m.text !== 'string' || m.text.length > MAX_COPY || typeof m.what !== 'string') return null;
      return { type: 'copy', text: m.text, what: m.what.slice(0, 100) };
    case 'clear-all':
      return { type: 'clear-all' };
    case 'export-trace':
      return traceId(m.traceId) ? { type: 'export-trace', traceId: m.traceId } : null;
    case 'command':
      return COMMANDS.includes(m.command as Command) ? { type: 'command', command: m.command as Command } : null;
    case 'compare-calls':
    case 'open-native-diff': {
      const left = callRef(m.left);
      const right = callRef(m.right);
      return left && right ? { type: m.type, left, right } : null;
    }
    case 'compare-previous': {
      const call = callRef(m.call);
      return call ? { type: 'compare-previous', call } : null;
    }
    case 'pick-for-compare': {
      if (m.pick === null) return { type: 'pick-for-compare', pick: null };
      const ref = callRef(m.pick);
      const name = (m.pick as Fields | undefined)?.name;
      return ref && typeof name === 'string' ? { type: 'pick-for-compare', pick: { ...ref, name: name.slice(0, 200) } } : null;
    }
    case 'compare-traces':
      return traceId(m.left) && traceId(m.right) ? { type: 'compare-traces', left: m.left, right: m.right } : null;
    case 'go-to-source': {
      const code = codeLocation(m.code);
      return code ? { type: 'go-to-source', code } : null;
    }
    case 'open-view':
      return m.view === 'cost' || m.view === 'gpu' ? { type: 'open-view', view: m.view } : null;
    case 'cost-range':
    case 'export-cost-csv':
      return isCostRange(m.range) ? { type: m.type, range: m.range } : null;
    case 'search':
      if (typeof m.query !== 'string' || !m.query.trim() || m.query.length > MAX_QUERY || !count(m.seq, 0)) return null;
      return { type: 'search', query: m.query, seq: m.seq };
    case 'list-calls':
      if (m.limit === undefined) return { type: 'list-calls' };
      return count(m.limit, 1) && m.limit <= CALLS_LIMIT ? { type: 'list-calls', limit: m.limit } : null;
    default:
      return null;
  }
}
