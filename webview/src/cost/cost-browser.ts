// The /ui/cost page's side of the cost protocol, over the query API: the report for a range,
// refreshed (debounced) while traces arrive, and the CSV export as a download.
import type { ReceiverClient } from '../../../receiver/src/contract/client';
import type { LlmCallRow } from '../../../receiver/src/contract/model';
import type { CostRange, HostToWebview } from '../protocol';
import { costRangeQuery } from './cost-range';
import { costCsv, isCostedCall } from './csv';

const REFRESH_MS = 1000;
const PAGE = 1000;

export interface CostFeed {
  /** The view asked for a range (also its first request). */
  load(range: CostRange): Promise<void>;
  /** Traces arrived or were removed: recompute, at most once a second. */
  changed(): void;
  exportCsv(range: CostRange): Promise<void>;
}

export function costFeed(client: ReceiverClient, emit: (msg: HostToWebview) => void): CostFeed {
  let range: CostRange | null = null;
  let sessionStartMs: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const sessionStart = async (): Promise<number> => (sessionStartMs ??= Date.parse((await client.health()).startedAt));

  const load = async (r: CostRange): Promise<void> => {
    range = r;
    const report = await client.cost(costRangeQuery(r, Date.now(), await sessionStart()));
    // A newer range may have been asked for meanwhile; the view drops the stale one too.
    if (range === r) emit({ type: 'cost', range: r, report });
  };

  return {
    load,
    changed() {
      if (range === null || timer) return;
      timer = setTimeout(() => {
        timer = null;
        if (range) load(range).catch((err: unknown) => console.warn('llm-trace-lens: cost refresh failed', err));
      }, REFRESH_MS);
    },
    async exportCsv(r) {
      const q = costRangeQuery(r, Date.now(), await sessionStart());
      const rows: LlmCallRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.llmCalls({ ...q, limit: PAGE, ...(cursor ? { cursor } : {}) });
        rows.push(...page.calls.filter(isCostedCall));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const url = URL.createObjectURL(new Blob([costCsv(rows)], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `llm-costs-${r}-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  };
}
