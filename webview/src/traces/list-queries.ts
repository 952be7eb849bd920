// The host side of the list's two receiver queries, shared by the extension and the browser page:
// the full-text search and the LLM calls, kept current while traces arrive. DOM-free.
import type { LlmCallsQuery, LlmCallsResponse, TraceListQuery, TraceListResponse } from '../../../receiver/src/contract/api';
import type { HostToWebview } from '../protocol';

/** What the receiver's search returns at most: the list shows only ids, so this stays cheap. */
export const SEARCH_LIMIT = 500;
/** The most calls one `/api/llm-calls` page returns, and what the calls mode lists. */
export const CALLS_LIMIT = 1000;
/** Traces arrive in bursts; one reload per second of them is enough for a list. */
const CALLS_REFRESH_MS = 1000;

export interface ListQueryClient {
  traces(q: TraceListQuery): Promise<TraceListResponse>;
  llmCalls(q: LlmCallsQuery): Promise<LlmCallsResponse>;
}

/** The answer to one `search`; a failure is an answer too, so the page stops its spinner. */
export async function searchAnswer(client: ListQueryClient, query: string, seq: number): Promise<HostToWebview> {
  try {
    const res = await client.traces({ text: query, limit: SEARCH_LIMIT });
    return { type: 'search-results', seq, traceIds: res.traces.map((t) => t.traceId) };
  } catch (err) {
    return { type: 'search-results', seq, traceIds: [], error: err instanceof Error ? err.message : String(err) };
  }
}

/** Posts the newest calls once a view asked for them, and again (debounced) after each change. */
export class CallsFeed {
  private limit: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: () => ListQueryClient,
    private readonly post: (m: HostToWebview) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** A `list-calls`: answer now; from then on follow changes. */
  request(limit: number | undefined): void {
    this.limit = Math.min(limit ?? CALLS_LIMIT, CALLS_LIMIT);
    void this.load();
  }

  /** Traces arrived, were removed or the store was reset. */
  changed(): void {
    if (this.limit === null || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load();
    }, CALLS_REFRESH_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.limit = null;
  }

  private async load(): Promise<void> {
    if (this.limit === null) return;
    try {
      const res = await this.client().llmCalls({ limit: this.limit });
      this.post({ type: 'calls', calls: res.calls });
    } catch (err) {
      // The list keeps the calls it has; the next change tries again.
      this.log(`LLM calls not loaded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
