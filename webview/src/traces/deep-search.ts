// "Search prompts and responses": the filter text also goes to the receiver's full-text search,
// debounced, and only the answer to the latest question counts (each carries its `seq`).
import type { HostToWebview, WebviewToHost } from '../protocol';

/** Shorter text matches nearly every prompt: the receiver is asked from three characters on. */
export const MIN_QUERY = 3;
const DEBOUNCE_MS = 300;

export interface DeepSearchState {
  /** The text being searched for; '' when off. */
  query: string;
  /** Asked and not answered yet (or waiting out the debounce). */
  pending: boolean;
  traceIds: ReadonlySet<string>;
  error?: string;
}

type Answer = Extract<HostToWebview, { type: 'search-results' }>;

export class DeepSearch {
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  state: DeepSearchState = { query: '', pending: false, traceIds: new Set() };

  constructor(
    private readonly post: (m: WebviewToHost) => void,
    private readonly onChange: () => void,
  ) {}

  /** The filter text changed, or the search was turned on or off. */
  setQuery(text: string, enabled: boolean): void {
    const query = enabled && text.length >= MIN_QUERY ? text : '';
    if (query === this.state.query) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // An answer already on its way is for the old text.
    this.seq++;
    this.state = { query, pending: query !== '', traceIds: new Set() };
    if (query) this.timer = setTimeout(() => this.send(), DEBOUNCE_MS);
    this.onChange();
  }

  answer(msg: Answer): void {
    if (msg.seq !== this.seq || !this.state.query) return;
    this.state = { query: this.state.query, pending: false, traceIds: new Set(msg.traceIds), ...(msg.error ? { error: msg.error } : {}) };
    this.onChange();
  }

  private send(): void {
    this.timer = null;
    this.seq++;
    this.post({ type: 'search', query: this.state.query, seq: this.seq });
  }
}
