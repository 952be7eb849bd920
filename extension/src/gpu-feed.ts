// The GPU panel's data: devices, history and processes, the LLM calls in the same window and the
// thresholds; then live samples from the event stream and the calls that arrive.
import type { ReceiverClient } from '../../receiver/src/contract/client';
import type { LlmCallRow } from '../../receiver/src/contract/model';
import { nanosToMs } from '../../webview/src/format';
import type { HostToWebview } from '../../webview/src/protocol';
import type { LiveChange } from './live-state';
import type { ViewFeed } from './webview-connection';

const CALLS_MS = 1000;
const PAGE = 1000;
const MAX_CALLS = 5000;

export interface GpuFeedDeps {
  client(): ReceiverClient;
  /** Minutes of history the panel opens with (the receiver keeps llmTraceLens.gpu.historyMinutes). */
  historyMinutes(): number;
  log(line: string): void;
}

export class GpuFeed implements ViewFeed {
  private timer: NodeJS.Timeout | null = null;
  /** Calls already sent, and the newest start among them: the next query starts there. */
  private readonly sent = new Set<string>();
  private newestMs = 0;
  private loaded = false;

  constructor(
    private readonly deps: GpuFeedDeps,
    private readonly post: (m: HostToWebview) => void,
  ) {}

  start(): void {
    void this.load();
  }

  onLive(c: LiveChange): void {
    if (c.type === 'gpu') {
      if (this.loaded) this.post({ type: 'gpu-live', latest: c.latest, state: c.state });
      return;
    }
    if (c.type !== 'traces' || !this.loaded || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sendNewCalls();
    }, CALLS_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private async load(): Promise<void> {
    const since = Date.now() - this.deps.historyMinutes() * 60_000;
    try {
      const client = this.deps.client();
      const [gpu, calls, rules] = await Promise.all([client.gpu(since), this.callsSince(since), client.rules()]);
      this.sent.clear();
      this.remember(calls);
      this.loaded = true;
      this.post({ type: 'gpu', gpu, calls, rules });
    } catch (err) {
      this.deps.log(`GPU panel data not loaded: ${(err as Error).message}`);
    }
  }

  private async sendNewCalls(): Promise<void> {
    try {
      // A minute back: a span exported late can start before the newest one already sent.
      const calls = (await this.callsSince(this.newestMs - 60_000)).filter((c) => !this.sent.has(c.spanId));
      this.remember(calls);
      if (calls.length) this.post({ type: 'gpu-calls', calls });
    } catch (err) {
      this.deps.log(`new calls for the GPU panel not loaded: ${(err as Error).message}`);
    }
  }

  private remember(calls: LlmCallRow[]): void {
    for (const c of calls) {
      this.sent.add(c.spanId);
      this.newestMs = Math.max(this.newestMs, nanosToMs(c.startTimeUnixNano));
    }
  }

  private async callsSince(fromMs: number): Promise<LlmCallRow[]> {
    const out: LlmCallRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.client().llmCalls({ from: fromMs, limit: PAGE, ...(cursor ? { cursor } : {}) });
      out.push(...page.calls.filter((c) => c.spanClass === 'llm' || c.spanClass === 'embedding'));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < MAX_CALLS);
    // Oldest first, for a time axis.
    return out.reverse();
  }
}
