// Two traces of the same workflow, span against span. Ids differ between runs, so spans are
// matched by their position in the tree: the names on the path from the root, and the
// occurrence among same-named siblings in start order ("agent/chat#2" is the second chat under
// agent). What one run did and the other did not shows as a one-sided row.
import type { Span, TraceSummary } from '../../../receiver/src/contract/model';
import { delta, type Delta } from './call-compare';

export interface SpanSide {
  spanId: string;
  durationMs: number;
  error: boolean;
}

export interface SpanMatch {
  key: string;
  name: string;
  depth: number;
  left: SpanSide | null;
  right: SpanSide | null;
  /** right − left duration, ms; null for a one-sided row. */
  deltaMs: number | null;
}

function durationMs(s: Span): number {
  return Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6;
}

/** Each span's positional key, in tree order (parents before children, siblings by start). */
export function positionalKeys(spans: readonly Span[]): { key: string; name: string; depth: number; span: Span }[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | undefined, Span[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : undefined;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(s);
  }
  const out: { key: string; name: string; depth: number; span: Span }[] = [];
  const visit = (parent: string | undefined, prefix: string, depth: number): void => {
    const list = (children.get(parent) ?? []).slice().sort((x, y) => {
      const d = BigInt(x.startTimeUnixNano) - BigInt(y.startTimeUnixNano);
      return d < 0n ? -1 : d > 0n ? 1 : x.name.localeCompare(y.name);
    });
    const seen = new Map<string, number>();
    for (const s of list) {
      const n = (seen.get(s.name) ?? 0) + 1;
      seen.set(s.name, n);
      const key = `${prefix}${prefix ? '/' : ''}${s.name}#${n}`;
      out.push({ key, name: s.name, depth, span: s });
      visit(s.spanId, key, depth + 1);
    }
  };
  visit(undefined, '', 0);
  return out;
}

function side(s: Span): SpanSide {
  return { spanId: s.spanId, durationMs: durationMs(s), error: s.status.code === 2 };
}

export function compareTraces(left: readonly Span[], right: readonly Span[]): SpanMatch[] {
  const l = positionalKeys(left);
  const r = new Map(positionalKeys(right).map((x) => [x.key, x]));
  const out: SpanMatch[] = [];
  const used = new Set<string>();
  for (const x of l) {
    const y = r.get(x.key);
    if (y) used.add(x.key);
    const ls = side(x.span);
    const rs = y ? side(y.span) : null;
    out.push({ key: x.key, name: x.name, depth: x.depth, left: ls, right: rs, deltaMs: rs ? rs.durationMs - ls.durationMs : null });
  }
  // Spans only the right run has go after the row of their nearest matched ancestor.
  for (const [key, y] of r) {
    if (used.has(key)) continue;
    const parentKey = key.slice(0, Math.max(0, key.lastIndexOf('/')));
    let at = out.length;
    if (parentKey) {
      const p = out.findIndex((m) => m.key === parentKey);
      if (p >= 0) {
        at = p + 1;
        while (at < out.length && out[at]!.key.startsWith(`${parentKey}/`)) at++;
      }
    }
    out.splice(at, 0, { key, name: y.name, depth: y.depth, left: null, right: side(y.span), deltaMs: null });
  }
  return out;
}

/** A trace's known cost, or null when some of its calls could not be priced. */
function traceCost(t: TraceSummary): number | null {
  return t.costUnknownCalls > 0 ? null : t.costUsd;
}

/** The whole-trace numbers of two runs: duration, spans, LLM calls, tokens, cost. */
export function compareTraceTotals(left: TraceSummary, right: TraceSummary): Delta[] {
  return [
    delta('Duration', 'ms', left.durationMs, right.durationMs),
    delta('Spans', 'count', left.spanCount, right.spanCount),
    delta('LLM calls', 'count', left.llmCallCount, right.llmCallCount),
    delta('Input tokens', 'tokens', left.inputTokens, right.inputTokens),
    delta('Output tokens', 'tokens', left.outputTokens, right.outputTokens),
    delta('Cost', 'USD', traceCost(left), traceCost(right)),
  ];
}
