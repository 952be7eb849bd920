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

const UNKNOWN_MODEL = 'unknown model';

function modelKey(r: LlmCallRow): string {
  return `${r.provider ?? ''}\u0000${r.model ?? UNKNOWN_MODEL}`;
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
    const model = r.model ?? UNKNOWN_MODEL;
    const mkey = modelKey(r);
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
  const perModel = new Map<string, { costUsd: number[]; tokens: number[] }>();
  if (from !== null && to !== null) {
    let bucketMs = q.bucketMs ?? bucketFor(Math.max(1, to - from));
    // A tiny bucket over a long range would build millions of points.
    if ((to - from) / bucketMs > MAX_BUCKETS) bucketMs = Math.ceil((to - from) / MAX_BUCKETS);
    const first = Math.floor(from / bucketMs) * bucketMs;
    const n = Math.floor((to - first) / bucketMs) + 1;
    const points = Array.from({ length: n }, (_, i) => ({ startMs: first + i * bucketMs, ...emptyTotals() }));
    for (const r of calls) {
      const i = Math.min(n - 1, Math.floor((startMs(r) - first) / bucketMs));
      add(points[i]!, r);
      const key = modelKey(r);
      let m = perModel.get(key);
      if (!m) perModel.set(key, (m = { costUsd: new Array<number>(n).fill(0), tokens: new Array<number>(n).fill(0) }));
      m.costUsd[i]! += r.costUsd ?? 0;
      m.tokens[i]! += (r.inputTokens ?? 0) + (r.outputTokens ?? 0);
    }
    series.bucketMs = bucketMs;
    series.points = points;
  }
  const dearest = (a: CostTotals, b: CostTotals): number => b.costUsd - a.costUsd || b.calls - a.calls;
  const top = calls
    .filter((r) => r.costUsd !== null && r.costUsd > 0)
    .sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0))
    .slice(0, TOP);
  const models = [...byModel.entries()].sort(([, a], [, b]) => dearest(a, b));
  const none = (): number[] => new Array<number>(series.points.length).fill(0);
  return {
    from,
    to,
    totals,
    byModel: models.map(([, m]) => m),
    byService: [...byService.values()].sort(dearest),
    bySource,
    series,
    seriesByModel: models.map(([key, m]) => {
      const pts = perModel.get(key);
      return { model: m.model, ...(m.provider ? { provider: m.provider } : {}), costUsd: pts?.costUsd ?? none(), tokens: pts?.tokens ?? none() };
    }),
    top,
    session,
  };
}
