// The list's filter and order: pure functions over trace rows and LLM call rows.
import type { LlmCallRow, TraceSummary } from '../../../receiver/src/contract/model';
import { compareNanos } from '../format';

export interface TraceFilter {
  text: string;
  model: string;
  errorsOnly: boolean;
}

export function matches(t: TraceSummary, f: TraceFilter): boolean {
  if (f.errorsOnly && !t.hasError) return false;
  if (f.model && !t.models.includes(f.model)) return false;
  if (!f.text) return true;
  const needle = f.text.toLowerCase();
  return (
    t.rootName.toLowerCase().includes(needle) ||
    t.traceId.includes(needle) ||
    t.services.some((s) => s.toLowerCase().includes(needle)) ||
    t.service.toLowerCase().includes(needle) ||
    t.models.some((m) => m.toLowerCase().includes(needle))
  );
}

export function newestFirst(a: TraceSummary, b: TraceSummary): number {
  return compareNanos(b.startTimeUnixNano, a.startTimeUnixNano) || (a.traceId < b.traceId ? -1 : 1);
}

/** Calls mode: the same box over the call's name, model and service. */
export function callMatches(c: LlmCallRow, f: TraceFilter): boolean {
  if (f.errorsOnly && !c.hasError) return false;
  if (f.model && c.model !== f.model) return false;
  if (!f.text) return true;
  const needle = f.text.toLowerCase();
  return c.name.toLowerCase().includes(needle) || (c.model ?? '').toLowerCase().includes(needle) || c.service.toLowerCase().includes(needle);
}

export function newestCallFirst(a: LlmCallRow, b: LlmCallRow): number {
  return compareNanos(b.startTimeUnixNano, a.startTimeUnixNano) || (a.spanId < b.spanId ? -1 : 1);
}
