// Number and time formatting shared by the views. Unknown stays visibly unknown ("?"), never 0.
import type { TraceSummary } from '../../receiver/src/contract/model';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60000);
  return `${m} m ${Math.round((ms % 60000) / 1000)} s`;
}

export function formatTokens(n: number | undefined): string {
  if (n === undefined) return '?';
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '?';
  if (usd === 0) return '$0';
  // Single calls often cost fractions of a cent: keep two significant digits.
  if (usd < 0.000001) return '<$0.000001';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 10 ? 3 : 2)}`;
}

/** A trace's cost: the known sum, marked when some calls could not be priced. */
export function formatTraceCost(t: Pick<TraceSummary, 'costUsd' | 'costUnknownCalls' | 'llmCallCount'>): string {
  if (t.llmCallCount === 0) return '';
  if (t.costUnknownCalls >= t.llmCallCount) return '?';
  return t.costUnknownCalls > 0 ? `${formatUsd(t.costUsd)} + ?` : formatUsd(t.costUsd);
}

export function nanosToMs(nanos: string): number {
  return Number(BigInt(nanos) / 1_000_000n);
}

export function formatStart(nanos: string, now = Date.now()): string {
  const d = new Date(nanosToMs(nanos));
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

/** Orders nanosecond strings without BigInt allocations (they are unsigned decimals). */
export function compareNanos(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
