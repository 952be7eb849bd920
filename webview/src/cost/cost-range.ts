// The cost dashboard's ranges as query bounds. DOM-free: the browser page and the extension host
// turn a CostRange into the same /api/cost query.
import type { CostQuery } from '../../../receiver/src/contract/api';
import type { CostRange } from '../protocol';

export const COST_RANGES: readonly { range: CostRange; label: string }[] = [
  { range: 'session', label: 'This session' },
  { range: 'hour', label: 'Last hour' },
  { range: 'today', label: 'Today' },
  { range: 'all', label: 'All time' },
];

export function isCostRange(v: unknown): v is CostRange {
  return v === 'session' || v === 'hour' || v === 'today' || v === 'all';
}

/** Local midnight of `now`'s day, in epoch ms. */
export function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * The bounds of a range at `now`. `sessionStartMs` is when the receiver started (the `session`
 * of a previous /api/cost answer, or /api/health's startedAt).
 */
export function costRangeQuery(range: CostRange, now: number, sessionStartMs: number): CostQuery {
  switch (range) {
    case 'session':
      return { from: sessionStartMs, to: now };
    case 'hour':
      return { from: now - 3_600_000, to: now };
    case 'today':
      return { from: localMidnight(now), to: now };
    case 'all':
      return {};
  }
}
