// The list's filter and order: pure functions over TraceSummary rows.
import type { TraceSummary } from '../../../receiver/src/contract/model';
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
