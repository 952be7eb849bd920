// The cost dashboard's numbers: one pass over the counted LLM calls (embedding calls included:
// they cost money too), grouped by model, service, cost source and time bucket.
import type { CostQuery, CostResponse, CostTotals } from '../contract/api';
import type { CostSource, LlmCallRow } from '../contract/model';

const TOP = 10;
const TARGET_BUCKETS = 60;
const MAX_BUCKETS = 2000;
const NICE_BUCKETS_MS = [1, 5, 15, 30].map((s) => s * 1000).concat([1, 5, 15, 30].map((m) => m * 60_000), [1, 3, 6, 12, 24].map((h) => h * 3_600_000));

function emptyTotals(): CostTotals {
  return { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unknownCostCalls: 0 };
}

function add(t: CostTotals, r: LlmCallRow): void {
  t.calls++;
  t.inputTokens += r.inputTokens ?? 0;
  t.outputTokens += r.outputTokens ?? 0;
  if (r.costUsd === null) t.unknownCostCalls++;
  else t.costUsd += r.costUsd;
}

function startMs(r: LlmCallRow): number {
  return Number(BigInt(r.startTimeUnixNano) / 1_000_000n);
}

/** A round bucket width giving about TARGET_BUCKETS buckets over the span. */
export function bucketFor(spanMs: number): number {
  const want = spanMs / TARGET_BUCKETS;
  return NICE_BUCKETS_MS.find((b) => b >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
}

export function costReport(
  rows: Iterable<LlmCallRow>,
  q: CostQuery,
  session: CostResponse['session'],
): CostResponse {
  const calls: LlmCallRow[] = [];
  for (const r of rows) {
    if (r.spanClass !== 'llm' && r.spanClass !== 'embedding') continue;
    if (q.service && r.service !== q.service) continue;
    const t = startMs(r);
    if ((q.from !== undefined && t < q.from) || (q.to !== undefined && t > q.to)) continue;
    calls.push(r);
  }
  const totals = emptyTotals();
  const byModel = new Map<string, CostTotals & { model: string; provider?: string }>();
  const byService = new Map<string, CostTotals & { service: string }>();
  const bySource: CostResponse['bySource'] = {};
  let minMs = Infinity;
  let maxMs = -Infinity;
  for (const r of calls) {
    add(totals, r);
    const model = r.model ?? 'unknown model';
    const mkey = `${r.provider ?? ''}\u0000${model}`;
    let m = byModel.get(mkey);
    if (!m) byModel.set(mkey, (m = { model, ...(r.provider ? { provider: r.provider } : {}), ...emptyTotals() }));
    add(m, r);
    let s = byService.get(r.service);
    if (!s) byService.set(r.service, (s = { service: r.service, ...emptyTotals() }));
    add(s, r);
    const src = (bySource[r.costSource as CostSource] ??= { calls: 0, costUsd: 0 });
    src.calls++;
    src.costUsd += r.costUsd ?? 0;
    const t = startMs(r);
    if (t < minMs) minMs = t;
    if (t > maxMs) maxMs = t;
  }
  const from = q.from ?? (calls.length ? minMs : null);
  const to = q.to ?? (calls.length ? maxMs : null);
  const series: CostResponse['series'] = { bucketMs: q.bucketMs ?? 60_000, points: [] };
  if (from !== null && to !== null) {
    let bucketMs = q.bucketMs ?? bucketFor(Math.max(1, to - from));
    // A tiny bucket over a long range would build millions of points.
    if ((to - from) / bucketMs > MAX_BUCKETS) bucketMs = Math.ceil((to - from) / MAX_BUCKETS);
    const first = Math.floor(from / bucketMs) * bucketMs;
    const n = Math.floor((to - first) / bucketMs) + 1;
    const points = Array.from({ length: n }, (_, i) => ({ startMs: first + i * bucketMs, ...emptyTotals() }));
    for (const r of calls) add(points[Math.min(n - 1, Math.floor((startMs(r) - first) / bucketMs))]!, r);
    series.bucketMs = bucketMs;
    series.points = points;
  }
  const dearest = (a: CostTotals, b: CostTotals): number => b.costUsd - a.costUsd || b.calls - a.calls;
  const top = calls
    .filter((r) => r.costUsd !== null && r.costUsd > 0)
    .sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0))
    .slice(0, TOP);
  return {
    from,
    to,
    totals,
    byModel: [...byModel.values()].sort(dearest),
    byService: [...byService.values()].sort(dearest),
    bySource,
    series,
    top,
    session,
  };
}
