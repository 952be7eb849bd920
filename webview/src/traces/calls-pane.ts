// The list in LLM calls mode: the newest calls (from the host), ticks for "compare calls", and
// a click that opens the call in its trace.
import type { LlmCallRow } from '../../../receiver/src/contract/model';
import { button } from '../controls';
import type { Host } from '../host';
import type { CallRef } from '../protocol';
import { callKey, callRow } from './call-row';
import { callMatches, newestCallFirst, type TraceFilter } from './trace-filter';
import { ROW_HEIGHT } from './trace-row';
import { VirtualList } from './virtual-list';

export class CallsPane {
  readonly list: VirtualList<LlmCallRow>;
  readonly compareButton: HTMLElement;
  /** null until the host's first answer. */
  calls: LlmCallRow[] | null = null;
  /** Oldest tick first; a third tick drops the oldest. */
  ticks: CallRef[];

  constructor(
    private readonly host: Host,
    ticks: CallRef[],
    private readonly changed: () => void,
  ) {
    this.ticks = ticks.slice(-2);
    this.list = new VirtualList<LlmCallRow>({
      rowHeight: ROW_HEIGHT,
      renderRow: (c) => callRow(c, this.isTicked(c)),
      key: callKey,
      label: 'LLM calls',
    });
    this.compareButton = button('Compare calls', () => this.compare(), 'Tick two calls in the list, then compare them side by side');
    this.compareButton.classList.add('compare-calls-button');
    const el = this.list.element;
    el.addEventListener('click', (e) => this.open(e));
    el.addEventListener('keydown', (e) => {
      // Space on the checkbox ticks it; it does not open the call.
      if ((e.target as HTMLElement).closest('.row-check')) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.open(e);
      }
    });
    el.addEventListener('change', (e) => {
      const box = e.target as HTMLInputElement;
      const ref = this.refOf(box);
      if (!box.classList.contains('row-check') || !ref) return;
      this.ticks = this.ticks.filter((t) => callKey(t) !== callKey(ref));
      if (box.checked) this.ticks = [...this.ticks, ref].slice(-2);
      this.changed();
    });
  }

  setCalls(calls: LlmCallRow[]): void {
    this.calls = calls;
    // Ticks of calls no longer listed (removed, cleared, older than the newest page) are dropped.
    const keys = new Set(calls.map(callKey));
    this.ticks = this.ticks.filter((t) => keys.has(callKey(t)));
  }

  clear(): void {
    this.setCalls([]);
  }

  models(): string[] {
    return (this.calls ?? []).flatMap((c) => (c.model ? [c.model] : []));
  }

  /** Filters, orders and shows; returns what is shown. */
  show(filter: TraceFilter): LlmCallRow[] {
    const pairReady = this.ticks.length === 2;
    this.compareButton.toggleAttribute('disabled', !pairReady);
    this.compareButton.textContent = pairReady ? 'Compare calls' : `Compare calls (${this.ticks.length}/2)`;
    const shown = (this.calls ?? []).filter((c) => callMatches(c, filter)).sort(newestCallFirst);
    this.list.setItems(shown);
    return shown;
  }

  private isTicked(c: LlmCallRow): boolean {
    const key = callKey(c);
    return this.ticks.some((t) => callKey(t) === key);
  }

  private refOf(target: HTMLElement): CallRef | null {
    const row = target.closest<HTMLElement>('.call-row');
    const { traceId, spanId } = row?.dataset ?? {};
    return traceId && spanId ? { traceId, spanId } : null;
  }

  private open(e: Event): void {
    if ((e.target as HTMLElement).closest('.row-check')) return;
    const ref = this.refOf(e.target as HTMLElement);
    if (ref) this.host.post({ type: 'open-trace', ...ref });
  }

  /** The older call is A, the baseline; the newer is B. */
  private compare(): void {
    if (this.ticks.length !== 2) return;
    const byKey = new Map((this.calls ?? []).map((c) => [callKey(c), c]));
    const [a, b] = [...this.ticks].sort((x, y) => {
      const cx = byKey.get(callKey(x));
      const cy = byKey.get(callKey(y));
      return cx && cy ? -newestCallFirst(cx, cy) : 0;
    });
    this.host.post({ type: 'compare-calls', left: { traceId: a!.traceId, spanId: a!.spanId }, right: { traceId: b!.traceId, spanId: b!.spanId } });
  }
}
