// The host's copy of what the views show: the newest trace rows and the active warnings, loaded
// from the query API on every (re)connect and kept current from the event stream. Plain Node.
import type { StreamEvent } from '../../receiver/src/contract/api';
import type { ReceiverClient } from '../../receiver/src/contract/client';
import type { TraceSummary } from '../../receiver/src/contract/model';
import type { GpuSample, GpuState } from '../../receiver/src/contract/gpu';
import type { Warning, WarningChange } from '../../receiver/src/contract/warnings';

export const MAX_ROWS = 5000;

/** Newest trace rows by start time, capped. */
export class TraceRows {
  private readonly rows = new Map<string, TraceSummary>();

  constructor(private readonly cap = MAX_ROWS) {}

  get size(): number {
    return this.rows.size;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  get(id: string): TraceSummary | undefined {
    return this.rows.get(id);
  }

  upsert(traces: TraceSummary[]): void {
    for (const t of traces) this.rows.set(t.traceId, t);
    // Trim in batches so a steady stream does not sort on every event.
    if (this.rows.size > this.cap + Math.ceil(this.cap / 10)) {
      for (const t of this.all().slice(this.cap)) this.rows.delete(t.traceId);
    }
  }

  remove(ids: string[]): void {
    for (const id of ids) this.rows.delete(id);
  }

  clear(): void {
    this.rows.clear();
  }

  /** Newest first, at most `cap`. */
  sorted(): TraceSummary[] {
    return this.all().slice(0, this.cap);
  }

  private all(): TraceSummary[] {
    return [...this.rows.values()].sort((a, b) => compareNano(b.startTimeUnixNano, a.startTimeUnixNano) || (a.traceId < b.traceId ? -1 : 1));
  }
}

function compareNano(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Applies the event stream's warning changes to the active set. */
export function applyWarningChanges(active: Map<string, Warning>, changes: WarningChange[]): void {
  for (const c of changes) {
    if (c.change === 'cleared' || !c.warning.active) active.delete(c.warning.id);
    else active.set(c.warning.id, c.warning);
  }
}

export type LiveChange =
  | { type: 'reset' }
  | { type: 'traces'; traces: TraceSummary[] }
  | { type: 'traces-removed'; traceIds: string[] }
  /** The changes as the receiver announced them (raised ones are what notifications are for). */
  | { type: 'warnings'; changes: WarningChange[] }
  | { type: 'gpu'; latest: GpuSample[]; state: GpuState }
  | { type: 'connection'; connected: boolean; error?: string };

export class LiveState {
  readonly rows: TraceRows;
  readonly warnings = new Map<string, Warning>();
  /** Traces in the store (from health, then counted from events). */
  traceCount = 0;
  connected = false;
  private abort: AbortController | null = null;
  private readonly listeners = new Set<(c: LiveChange) => void>();
  private generation = 0;

  constructor(
    private readonly log: (line: string) => void,
    cap = MAX_ROWS,
  ) {
    this.rows = new TraceRows(cap);
  }

  onChange(listener: (c: LiveChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  activeWarnings(): Warning[] {
    return [...this.warnings.values()].sort((a, b) => b.lastMs - a.lastMs);
  }

  /** Follows this receiver's events (dropping any previous one) until disconnect(). */
  connect(client: ReceiverClient): void {
    this.disconnect();
    const abort = new AbortController();
    this.abort = abort;
    const generation = ++this.generation;
    // Events that arrive while the lists load are applied after them, so a stale page never wins.
    let queue: StreamEvent[] | null = null;
    const apply = (e: StreamEvent): void => {
      if (generation !== this.generation) return;
      if (queue) {
        queue.push(e);
        return;
      }
      if (e.type === 'hello') {
        queue = [];
        this.traceCount = e.health.store.traces;
        void this.load(client).then(
          () => {
            const pending = queue ?? [];
            queue = null;
            if (generation !== this.generation) return;
            this.emit({ type: 'reset' });
            pending.forEach(apply);
          },
          (err: Error) => {
            queue = null;
            this.log(`loading traces failed: ${err.message}`);
          },
        );
        return;
      }
      this.applyEvent(e);
    };
    void client.follow(apply, abort.signal, (connected, error) => {
      if (generation !== this.generation || connected === this.connected) return;
      this.connected = connected;
      this.log(connected ? `following events of ${client.base}` : `event stream of ${client.base} lost${error ? `: ${error}` : ''}`);
      this.emit(error !== undefined ? { type: 'connection', connected, error } : { type: 'connection', connected });
    });
  }

  disconnect(): void {
    this.abort?.abort();
    this.abort = null;
    this.generation++;
    if (this.connected) {
      this.connected = false;
      this.emit({ type: 'connection', connected: false });
    }
  }

  /** After clear-all: the receiver also announces the removals, but the views want one reset. */
  cleared(): void {
    this.rows.clear();
    this.traceCount = 0;
  }

  private applyEvent(e: StreamEvent): void {
    switch (e.type) {
      case 'traces': {
        for (const t of e.traces) if (!this.rows.has(t.traceId)) this.traceCount++;
        this.rows.upsert(e.traces);
        this.emit({ type: 'traces', traces: e.traces });
        return;
      }
      case 'traces-removed': {
        this.traceCount = Math.max(0, this.traceCount - e.traceIds.length);
        this.rows.remove(e.traceIds);
        this.emit({ type: 'traces-removed', traceIds: e.traceIds });
        return;
      }
      case 'warnings':
        applyWarningChanges(this.warnings, e.changes);
        this.emit({ type: 'warnings', changes: e.changes });
        return;
      case 'gpu':
        this.emit({ type: 'gpu', latest: e.latest, state: e.state });
        return;
      default:
        return;
    }
  }

  private async load(client: ReceiverClient): Promise<void> {
    const rows = await client.recentTraces(MAX_ROWS);
    const { active } = await client.warnings();
    this.rows.clear();
    this.rows.upsert(rows);
    this.warnings.clear();
    for (const w of active) this.warnings.set(w.id, w);
  }

  private emit(c: LiveChange): void {
    for (const l of this.listeners) l(c);
  }
}
